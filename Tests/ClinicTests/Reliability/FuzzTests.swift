import Foundation
import Testing

@testable import Clinic

/// The API fuzzed from its own published contract (a short schemathesis run; `scripts/fuzz.sh` is the long one),
/// and the cases earlier fuzzing found, pinned.
@Suite struct FuzzTests {
    /// Where `schemathesis` is on PATH; nil when it is not installed (the fuzz run is then skipped).
    static let schemathesis: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/schemathesis"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    @Test(.enabled(if: schemathesis != nil, "schemathesis is not installed (pip install schemathesis)"))
    func shortFuzzRunFindsNoServerErrorAndNoSchemaViolation() async throws {
        let app = try await TestApp.fresh()
        let admin = try await app.signIn(.admin)
        // Logout would revoke the token under the rest of the run.
        try await fuzz(app, token: admin.client.token!, ["--exclude-path", "/v1/auth/logout"])
    }

    /// The consultation operations answer only a doctor: the admin's run gets 403 for every one of them.
    @Test(.enabled(if: schemathesis != nil, "schemathesis is not installed (pip install schemathesis)"))
    func shortFuzzRunOfTheDoctorsOperations() async throws {
        let app = try await TestApp.fresh()
        let doctor = try await app.signIn(.doctor)
        try await fuzz(app, token: doctor.client.token!, ["--include-path-regex", "^/v1/consultations"])
    }

    /// One schemathesis run (all phases, 20 examples an operation) with `token`: no server error, no response outside
    /// the published contract. Its own crashes while generating data ("errors" in the report) are not the server's.
    func fuzz(_ app: TestApp, token: String, _ selection: [String]) async throws {
        let reportDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reportDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: reportDirectory) }
        let junitPath = reportDirectory.appendingPathComponent("junit.xml").path
        let base = app.baseURL.absoluteString

        let status = try await offPool {
            try runProcess(
                Self.schemathesis!,
                [
                    "run", "\(base)/openapi.json", "--url", base,
                    "--header", "Authorization: Bearer \(token)",
                    "--phases", "examples,coverage,fuzzing,stateful",
                    "--checks",
                    "not_a_server_error,status_code_conformance,content_type_conformance,"
                        + "response_headers_conformance,response_schema_conformance",
                    "--max-examples", "20", "--seed", "1", "--workers", "2",
                    "--request-timeout", "30", "--no-color", "--suppress-health-check", "all",
                    "--generation-database", "none",
                    "--report", "junit", "--report-junit-path", junitPath,
                ] + selection)
        }
        let output = status.text
        let report = (try? String(contentsOfFile: junitPath, encoding: .utf8)) ?? ""
        let failures = Self.attribute("failures", in: report)
        let tests = Self.attribute("tests", in: report)
        #expect(!report.isEmpty, "schemathesis wrote no report: \(output.suffix(3000))")
        #expect((tests ?? 0) > 0, "schemathesis ran no operation: \(output.suffix(3000))")
        #expect(failures == 0, "schemathesis found \(failures ?? -1) failures:\n\(output.suffix(6000))")
    }

    @Test func backwardsUnavailabilityRangeIsTheCallersMistake() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff).client
        let doctor = try await Fixture.doctor("Dr Fuzz", pool: app.pool)
        let response = try await staff.get("/v1/doctors/\(doctor.id.uuidString)/unavailability?to=2000-01-01")
        #expect(response.status == 422)
        #expect(response.errorFields == ["to"])
    }

    static func attribute(_ name: String, in xml: String) -> Int? {
        guard let range = xml.range(of: "\(name)=\"") else { return nil }
        return Int(xml[range.upperBound...].prefix { $0.isNumber })
    }
}
