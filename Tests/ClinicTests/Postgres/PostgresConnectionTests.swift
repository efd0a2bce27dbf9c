import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres
@testable import ClinicSupport

@Suite struct PostgresConnectionTests {
    @Test func valuesRoundTrip() async throws {
        let db = try await TestDatabase.forSuite()
        let id = UUID()
        let instant = Date(timeIntervalSince1970: 1_795_000_000.654321)
        let day = LocalDate("2026-12-01")!
        let bytes = Data([0, 1, 2, 254, 255])
        let text = "བཀྲ་ཤིས་བདེ་ལེགས 扎西 Tashi, \"quoted\" \\ back"
        let rows = try await db.pool.query(
            """
            SELECT \(text)::text AS t, \(42)::int8 AS i, \(Int64.max) AS big, \(3.25) AS d, \(true) AS b,
                   \(id) AS u, \(instant) AS ts, \(day) AS day, \(bytes) AS raw, \(Optional<String>.none)::text AS n,
                   \(["x", "y,z", "NULL"]) AS arr, \(try PostgresJSON(["k": "v"])) AS j
            """)
        let row = try #require(rows.first)
        #expect(try row.decode(String.self, "t") == text)
        #expect(try row.decode(Int.self, "i") == 42)
        #expect(try row.decode(Int64.self, "big") == Int64.max)
        #expect(try row.decode(Double.self, "d") == 3.25)
        #expect(try row.decode(Bool.self, "b") == true)
        #expect(try row.decode(UUID.self, "u") == id)
        let back = try row.decode(Date.self, "ts")
        #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode(LocalDate.self, "day") == day)
        #expect(try row.decode(Data.self, "raw") == bytes)
        #expect(try row.decode(String?.self, "n") == nil)
        #expect(try row.decodeArray(String.self, "arr") == ["x", "y,z", "NULL"])
        #expect(try row.decodeJSON([String: String].self, "j") == ["k": "v"])
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "n") }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "nosuchcolumn") }
    }

    /// Every cell of a result lives in one byte buffer: each row reads its own cells, NULL stays apart from the
    /// empty string, and a value that does not parse is an error, not another cell's bytes.
    @Test func cellsOfManyRowsAreReadFromOneBuffer() async throws {
        let db = try await TestDatabase.forSuite()
        let rows = try await db.pool.query(
            """
            SELECT n, CASE WHEN n % 2 = 0 THEN NULL ELSE repeat('é', n) END AS text,
                   CASE WHEN n = 3 THEN '' END AS blank, md5(n::text)::uuid AS id, date '2026-12-01' + n AS day,
                   timestamptz '2026-12-01 08:00:00.25+00' + make_interval(mins => n) AS at, 'not a uuid' AS bad
            FROM generate_series(1, 4) n ORDER BY n
            """)
        #expect(rows.count == 4)
        for (index, row) in rows.enumerated() {
            let n = index + 1
            #expect(try row.decode(Int.self, "n") == n)
            #expect(try row.decode(String?.self, "text") == (n % 2 == 0 ? nil : String(repeating: "é", count: n)))
            #expect(try row.decode(String?.self, "blank") == (n == 3 ? "" : nil))
            #expect(try row.text("blank") == (n == 3 ? "" : nil))
            #expect(try row.decode(LocalDate.self, "day") == LocalDate("2026-12-0\(1 + n)"))
            #expect(try row.decode(Date.self, "at") == Date(timeIntervalSince1970: 1_796_112_000.25 + Double(n * 60)))
            #expect(try row.decode(UUID?.self, "id") != nil)
            #expect(throws: PostgresError.self) { try row.decode(UUID.self, "bad") }
            #expect(throws: PostgresError.self) { try row.decode(UUID?.self, "bad") }
        }
        let ids = try rows.map { try $0.decode(UUID.self, "id") }
        #expect(Set(ids).count == 4)
    }

    @Test func sessionSettingsArePinned() async throws {
        let db = try await TestDatabase.forSuite()
        let row = try #require(
            try await db.pool.query(
                "SELECT current_setting('TimeZone') AS tz, current_setting('client_encoding') AS enc, current_setting('application_name') AS app"
            ).first)
        #expect(try row.decode(String.self, "tz") == "UTC")
        #expect(try row.decode(String.self, "enc") == "UTF8")
        #expect(try row.decode(String.self, "app") == "clinic-test")
    }

    @Test func errorsCarrySQLStateAndConstraint() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pg_err_test (k text PRIMARY KEY)")
        let key = UUID().uuidString
        try await db.pool.query("INSERT INTO pg_err_test VALUES (\(key))")
        do {
            try await db.pool.query("INSERT INTO pg_err_test VALUES (\(key))")
            Issue.record("a duplicate key was accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == "23505")
            #expect(error.isConflict)
            #expect(error.constraint == "pg_err_test_pkey")
            #expect(error.kind == .server)
        }
        await #expect(throws: PostgresError.self) { try await db.pool.query("SELEC 1") }
        // The connection that saw an error is still good.
        #expect(try await db.pool.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
    }

    @Test func preparedStatementsAreReused() async throws {
        let db = try await TestDatabase.fresh()
        try await db.pool.withConnection { connection in
            for value in 0..<5 {
                let row = try await connection.query("SELECT \(value)::int8 + 1 AS v", prepare: true).first
                #expect(try row?.decode(Int.self, "v") == value + 1)
            }
            let count = try await connection.query(
                "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = 'SELECT $1::int8 + 1 AS v'")
            #expect(try count.first?.decode(Int.self, "n") == 1)
        }
        db.pool.close()
    }

    @Test func transactionsCommitAndRollBack() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS tx_test (k text PRIMARY KEY)")
        let kept = UUID().uuidString, dropped = UUID().uuidString
        try await db.pool.withTransaction { try await $0.query("INSERT INTO tx_test VALUES (\(kept))") }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await db.pool.withTransaction { connection in
                try await connection.query("INSERT INTO tx_test VALUES (\(dropped))")
                throw Boom()
            }
        }
        let rows = try await db.pool.query("SELECT k FROM tx_test WHERE k IN (\(kept), \(dropped))")
        #expect(try rows.map { try $0.decode(String.self, "k") } == [kept])
    }

    @Test func serializationFailuresAreRetried() async throws {
        let db = try await TestDatabase.fresh()
        try await db.pool.query("CREATE TABLE counter (n int8 NOT NULL)")
        try await db.pool.query("INSERT INTO counter VALUES (0)")
        let attempts = LockedValue(0)
        // Serializable read-modify-write from 8 tasks at once: conflicts happen and are retried.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await db.pool.withTransaction(isolation: .serializable, maxAttempts: 50) { connection in
                        attempts.withValue { $0 += 1 }
                        let n = try await connection.query("SELECT n FROM counter").first!.decode(Int.self, "n")
                        try await Task.sleep(for: .milliseconds(5))
                        try await connection.query("UPDATE counter SET n = \(n + 1)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.pool.query("SELECT n FROM counter").first?.decode(Int.self, "n") == 8)
        #expect(attempts.value > 8, "expected at least one serialization failure to be retried")
        db.pool.close()
    }
}
