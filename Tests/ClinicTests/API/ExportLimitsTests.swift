import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP

/// A register-wide CSV export holds a database connection while its client reads: slow or stalled downloads must
/// not starve the server, and the access must be on record before the data leaves.
@Suite struct ExportLimitsTests {
    static let grid = "bulk"

    /// A server allowing two exports at once, cutting a response that makes no progress for two seconds, over
    /// a register large enough (about 4 MB of CSV: more than the kernel buffers on both ends of a loopback
    /// connection and the server's own queue take in) that a client which does not read holds its download back.
    static func app() async throws -> TestApp {
        var limits = HTTPLimits()
        limits.writeTimeout = .seconds(2)
        let app = try await TestApp.fresh(limits: limits, environment: ["CLINIC_MAX_EXPORTS": "2"])
        try await app.pool.query(
            """
            INSERT INTO residents (clinic_id, name_latin, name_zh, sex, birth_date, grid, household, phone)
            SELECT (SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Bulk Resident Number ' || i, '批量居民' || i, 'female', DATE '1950-01-01', \(grid),
                   'Household ' || i || repeat('-', 1000), '1390000' || lpad(i::text, 4, '0')
            FROM generate_series(1, 4000) AS i
            """)
        return app
    }

    /// Sends an export request on a connection with a tiny receive window and reads nothing.
    static func stalledDownload(_ app: TestApp, token: String) throws -> RawHTTPClient {
        let client = try RawHTTPClient(port: app.server.port, receiveTimeout: 30, receiveBufferBytes: 2048)
        try client.send(
            "GET /v1/exports/health-files.csv?grid=\(grid) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n")
        return client
    }

    static func count(_ app: TestApp, action: String) async throws -> Int {
        try await app.pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE resource_type = 'healthFilesCSV' AND action = \(action)"
        ).first!.decode(Int.self, "n")
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test func stalledDownloadsAreCappedAuditedFirstAndCut() async throws {
        let app = try await Self.app()
        let staff = try await app.signIn(.staff)
        let token = try #require(staff.client.token)
        let exports = app.application.services.exports

        let stalled = try [Self.stalledDownload(app, token: token), Self.stalledDownload(app, token: token)]
        // Both downloads hold their places, and both accesses are on record while their data is on its way.
        #expect(
            try await Self.eventually(10) {
                let audited = try await Self.count(app, action: "export")
                return exports.active == 2 && audited == 2
            })
        #expect(try await Self.count(app, action: "exportEnded") == 0)

        // A third is refused at once, before any data is read or audited; other requests are served.
        let refused = try await staff.client.get("/v1/exports/health-files.csv?grid=\(Self.grid)")
        #expect(refused.status == 429 && refused.isProblem)
        #expect(refused.headers["retry-after"].flatMap(Int.init).map { $0 > 0 } == true)
        #expect(try await Self.count(app, action: "export") == 2)
        #expect(try await staff.client.get("/v1/me").status == 200)

        // Stalled downloads are cut once they make no progress: their places and connections come back. Alone this
        // takes a few seconds; under the whole suite's load (a failover pair and browsers beside it) a CI run once
        // needed just over 15 (both ended moments later), hence 30.
        #expect(try await Self.eventually(30) { exports.active == 0 }, "stalled downloads are ended")
        #expect(try await Self.eventually(5) { try await Self.count(app, action: "exportEnded") == 2 })
        let ended = try await app.pool.query(
            "SELECT detail FROM audit_log WHERE action = 'exportEnded'"
        ).map { try $0.decodeJSON([String: AuditValue].self, "detail") }
        #expect(ended.allSatisfy { $0["completed"] == .bool(false) })
        for client in stalled {
            // What arrived is a broken chunked body: the last chunk (0 CRLF CRLF) never comes.
            let received = try await offPool { try client.readToEnd() }
            let text = String(decoding: received, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(!text.hasSuffix("\r\n0\r\n\r\n"))
        }

        let whole = try await staff.client.get("/v1/exports/health-files.csv?grid=\(Self.grid)")
        #expect(whole.status == 200)
        #expect(try CSVParser.parse(whole.text).count == 4001)
        #expect(try await Self.eventually(5) { try await Self.count(app, action: "exportEnded") == 3 })
        #expect(exports.active == 0)
    }
}
