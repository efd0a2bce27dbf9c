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
                    "--header", "Authorization: Bearer \(admin.client.token!)",
                    "--phases", "examples,coverage,fuzzing,stateful",
                    "--checks",
                    "not_a_server_error,status_code_conformance,content_type_conformance,"
                        + "response_headers_conformance,response_schema_conformance",
                    "--exclude-path", "/v1/auth/logout", "--max-examples", "20", "--seed", "1", "--workers", "2",
                    "--request-timeout", "30", "--no-color", "--suppress-health-check", "all",
                    "--generation-database", "none",
                    "--report", "junit", "--report-junit-path", junitPath,
                ])
        }
        let output = status.text
        let report = (try? String(contentsOfFile: junitPath, encoding: .utf8)) ?? ""
        // Failures are the server's (5xx, a response the contract does not allow); errors are schemathesis's own
        // crashes while generating data, which say nothing about the server.
        let failures = Self.attribute("failures", in: report)
        #expect(!report.isEmpty, "schemathesis wrote no report: \(output.suffix(3000))")
        #expect(failures == 0, "schemathesis found \(failures ?? -1) failures:\n\(output.suffix(6000))")
    }

    /// `GET /v1/doctors/{id}/unavailability?to=` before the default `from` made PostgreSQL refuse a backwards
    /// range: a 500. It is the caller's mistake: 422.
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
