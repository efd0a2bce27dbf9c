import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// The session settings and socket options every connection pins.
@Suite struct ConnectionSettingsTests {
    @Test func aSessionLeftIdleInATransactionIsEndedByTheServer() async throws {
        let db = try await TestDatabase.forSuite()
        let connection = try await PostgresConnection.connect(db.configuration)
        defer { connection.close() }
        let setting = try await connection.query("SHOW idle_in_transaction_session_timeout")
        #expect(try setting.first?.decode(String.self, "idle_in_transaction_session_timeout") == "1min")
    }

    /// JIT compilation costs our plans more than it saves (a room's export: 626 ms of 867): no session uses it.
    @Test func noSessionCompilesPlans() async throws {
        let db = try await TestDatabase.forSuite()
        let connection = try await PostgresConnection.connect(db.configuration.acting(as: ServerRole.name))
        defer { connection.close() }
        #expect(try await connection.query("SHOW jit").first?.decode(String.self, "jit") == "off")
    }

    @Test func aDatabaseThatStopsAnsweringIsNoticedWithinTenSeconds() throws {
        let parameters = try PostgresConfiguration(url: "postgres://db.example/clinic").connectionParameters()
        func value(_ keyword: String) -> Int? { parameters.last { $0.0 == keyword }.flatMap { Int($0.1) } }
        #expect(value("keepalives") == 1)
        // An idle connection: silence, then unanswered probes.
        let idle = try #require(value("keepalives_idle"))
        let interval = try #require(value("keepalives_interval"))
        let count = try #require(value("keepalives_count"))
        #expect(idle + interval * count <= 10)
        // A request in flight: its unacknowledged data.
        let userTimeout = try #require(value("tcp_user_timeout"))
        #expect(userTimeout > 0 && userTimeout <= 10_000)
        // The URL comes first, so these win over anything it says.
        #expect(parameters.first?.0 == "dbname")
    }

    @Test func theRoleIsPinnedInTheStartupOptionsAndMustBeAPlainName() throws {
        let base = PostgresConfiguration(url: "postgres://db.example/clinic")
        let options = try base.acting(as: "clinic_app").connectionParameters().first { $0.0 == "options" }?.1
        #expect(options?.hasSuffix(" -c role=clinic_app") == true)
        #expect(try base.connectionParameters().first { $0.0 == "options" }?.1.contains("role=") == false)
        for bad in ["", "clinic app", "x -c statement_timeout=0", "Clinic", "a\\b"] {
            #expect(throws: PostgresError.self) { try base.acting(as: bad).connectionParameters() }
        }
    }

    @Test func aReadOnlyTransactionErrorIsUnavailableAndDropsTheConnection() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { pool.close() }
        try await pool.withConnection { try await $0.execute(script: "SET default_transaction_read_only = on") }
        do {
            try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO closures (date, reason) VALUES ('2031-01-07', 'read-only')")
            }
            Issue.record("a write on a read-only session succeeded")
        } catch let error as PostgresError {
            #expect(error.sqlState == "25006")
            #expect(error.isUnavailable)
        }
        #expect(pool.statistics.open == 0)
        let after = try await pool.query("SHOW default_transaction_read_only")
        #expect(try after.first?.decode(String.self, "default_transaction_read_only") == "off")
    }
}
