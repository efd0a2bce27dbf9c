import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

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

    /// The rules no schema can state, which `scripts/fuzz.sh` also uses (see that file).
    static let exclusions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/fuzz_exclusions.py").path

    /// The short form of `scripts/fuzz.sh`: every check, every phase, as admin, staff and doctor (each sees other
    /// operations and other answers), few examples.
    @Test(.enabled(if: schemathesis != nil, "schemathesis is not installed (pip install schemathesis)"))
    func shortFuzzRunFindsNoMismatchWithThePublishedContract() async throws {
        let app = try await TestApp.fresh()
        // Everyone signs in first: the fuzzed login's failures from this address would throttle a later sign-in.
        var signedIn: [(Role, String)] = []
        for role in [Role.admin, .staff, .doctor] { signedIn.append((role, try await app.signIn(role).client.token!)) }
        for (role, token) in signedIn {
            // Logout would revoke the token under the rest of the run.
            try await fuzz(app, role: role, token: token, ["--exclude-path", "/v1/auth/logout"])
        }
    }

    /// One schemathesis run (all checks, all phases, `examples` an operation) with `token`: no server error, no
    /// response outside the published contract, no schema-valid request refused (but for `exclusions`) and no
    /// schema-violating one accepted. Its own crashes while generating data ("errors" in the report) are not the
    /// server's.
    func fuzz(_ app: TestApp, role: Role, token: String, examples: Int = 5, _ selection: [String]) async throws {
        let reportDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reportDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: reportDirectory) }
        let junitPath = reportDirectory.appendingPathComponent("junit.xml").path
        let base = app.baseURL.absoluteString

        let status = try await offPool {
            try runProcess(
                "/usr/bin/env",
                [
                    "SCHEMATHESIS_HOOKS=\(Self.exclusions)", Self.schemathesis!,
                    "run", "\(base)/openapi.json", "--url", base,
                    "--header", "Authorization: Bearer \(token)",
                    "--phases", "examples,coverage,fuzzing,stateful", "--checks", "all",
                    "--max-examples", String(examples), "--seed", "1", "--workers", "2",
                    // Not a timing test: a reply is late only past the request's own timeout (schemathesis held
                    // replies to 10 s, which a loaded 2-core machine overran once).
                    "--request-timeout", "30", "--max-response-time", "30", "--no-color", "--suppress-health-check", "all",
                    "--generation-database", "none",
                    "--report", "junit", "--report-junit-path", junitPath,
                ] + selection)
        }
        let output = status.text
        let report = (try? String(contentsOfFile: junitPath, encoding: .utf8)) ?? ""
        let failures = Self.attribute("failures", in: report)
        let tests = Self.attribute("tests", in: report)
        #expect(!report.isEmpty, "\(role): schemathesis wrote no report: \(output.suffix(3000))")
        #expect((tests ?? 0) > 0, "\(role): schemathesis ran no operation: \(output.suffix(3000))")
        #expect(failures == 0, "\(role): schemathesis found \(failures ?? -1) failures:\n\(output.suffix(6000))")
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
