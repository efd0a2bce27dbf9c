import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres
@testable import ClinicSupport

/// Statements queued with `sendWithNextQuery` go out with the next one (pipeline mode), and transactions use
/// that for `BEGIN` and for what must be written with the `COMMIT`.
@Suite struct PostgresPipelineTests {
    private func count(_ table: String, _ key: String, on pool: PostgresPool) async throws -> Int {
        try await pool.query(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table) WHERE k = $1", binds: [
            PostgresBind(text: key)
        ])).first!.decode(Int.self, "n")
    }

    @Test func queuedStatementsWaitForTheNextQueryAndRunBeforeIt() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pipe_order (k text PRIMARY KEY, at int8 NOT NULL)")
        let key = UUID().uuidString
        let observer = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { observer.close() }
        let seen = LockedValue<Int?>(nil)
        // A pool with no scoped settings: nothing else rides along to be counted.
        let plain = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { plain.close() }
        try await plain.withConnection { connection in
            let before = connection.statementCount
            connection.sendWithNextQuery("INSERT INTO pipe_order VALUES (\(key), 1)") { rows in
                seen.value = rows.affectedRows
            }
            // Nothing was sent yet.
            #expect(try await count("pipe_order", key, on: observer) == 0)
            #expect(seen.value == nil)
            let rows = try await connection.query("SELECT count(*) AS n FROM pipe_order WHERE k = \(key)")
            #expect(try rows.first?.decode(Int.self, "n") == 1, "the queued insert ran first")
            #expect(seen.value == 1)
            #expect(connection.statementCount - before == 2)
            #expect(!connection.isBroken)
        }
        #expect(try await count("pipe_order", key, on: observer) == 1)
    }

    @Test func aFailingQueuedStatementFailsTheNextQueryWhichDoesNotRun() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pipe_fail (k text PRIMARY KEY)")
        let taken = UUID().uuidString, other = UUID().uuidString
        try await db.pool.query("INSERT INTO pipe_fail VALUES (\(taken))")
        try await db.pool.withConnection { connection in
            connection.sendWithNextQuery("INSERT INTO pipe_fail VALUES (\(taken))")
            do {
                try await connection.query("INSERT INTO pipe_fail VALUES (\(other))")
                Issue.record("a duplicate key in the queued statement did not fail")
            } catch let error as PostgresError {
                #expect(error.sqlState == "23505")
                #expect(error.constraint == "pipe_fail_pkey")
            }
            // The connection left pipeline mode cleanly and still works.
            #expect(!connection.isBroken)
            #expect(try await connection.query("SELECT 2 AS two").first?.decode(Int.self, "two") == 2)
        }
        #expect(try await count("pipe_fail", other, on: db.pool) == 0)
    }

    @Test func queuedPreparedStatementsArePreparedOnce() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        try await db.pool.withConnection { connection in
            for value in 0..<4 {
                let got = LockedValue<Int?>(nil)
                connection.sendWithNextQuery("SELECT \(value)::int8 * 10 AS v", prepare: true) { rows in
                    got.value = try? rows.first?.decode(Int.self, "v")
                }
                try await connection.query("SELECT 1", prepare: true)
                #expect(got.value == value * 10)
            }
            let prepared = try await connection.query(
                "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = 'SELECT $1::int8 * 10 AS v'")
            #expect(try prepared.first?.decode(Int.self, "n") == 1)
        }
    }

    @Test func statementsQueuedLastGoOutWithTheCommit() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pipe_commit (k text PRIMARY KEY)")
        let body = UUID().uuidString, trace = UUID().uuidString
        let observer = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { observer.close() }
        try await db.pool.withTransaction { connection in
            try await connection.query("INSERT INTO pipe_commit VALUES (\(body))")
            connection.sendWithNextQuery("INSERT INTO pipe_commit VALUES (\(trace))")
        }
        #expect(try await count("pipe_commit", body, on: observer) == 1)
        #expect(try await count("pipe_commit", trace, on: observer) == 1)

        // A queued statement that fails at COMMIT rolls the whole transaction back.
        let second = UUID().uuidString
        await #expect(throws: PostgresError.self) {
            try await db.pool.withTransaction { connection in
                try await connection.query("INSERT INTO pipe_commit VALUES (\(second))")
                connection.sendWithNextQuery("INSERT INTO pipe_commit VALUES (\(trace))")  // a duplicate
            }
        }
        #expect(try await count("pipe_commit", second, on: observer) == 0)
    }

    @Test func aBodyThatFailsBeforeItsFirstStatementLeavesNothingQueued() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { pool.close() }
        struct Invalid: Error {}
        await #expect(throws: Invalid.self) {
            try await pool.withTransaction { _ in throw Invalid() }
        }
        // The same connection, lent again: no stray BEGIN goes out with the next statement.
        try await pool.withConnection { connection in
            try await connection.query("SELECT 1")
            // SAVEPOINT works only inside a transaction block: one left open by a stray BEGIN would accept it.
            do {
                try await connection.query("SAVEPOINT probe")
                Issue.record("a transaction was left open")
            } catch let error as PostgresError {
                #expect(error.sqlState == "25P01")
            }
        }
    }

    @Test func commitWitnessesAreAskedOnAnotherConnection() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pipe_witness (k text PRIMARY KEY)")
        let written = UUID().uuidString, never = UUID().uuidString
        try await db.pool.query("INSERT INTO pipe_witness VALUES (\(written))")
        #expect(await db.pool.committed(according: "SELECT EXISTS (SELECT 1 FROM pipe_witness WHERE k = \(written))"))
        #expect(!(await db.pool.committed(according: "SELECT EXISTS (SELECT 1 FROM pipe_witness WHERE k = \(never))")))
    }

    @Test func aCommitLostWithItsBackendIsReportedAsNotCommitted() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pipe_lost (k text PRIMARY KEY)")
        let key = UUID().uuidString
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 2))
        defer { pool.close() }
        let admin = try await PostgresConnection.connect(db.configuration)
        defer { admin.close() }
        do {
            try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO pipe_lost VALUES (\(key))")
                connection.setCommitWitness("SELECT EXISTS (SELECT 1 FROM pipe_lost WHERE k = \(key))")
                // The backend dies between the body and its COMMIT.
                try await admin.query("SELECT pg_terminate_backend(\(Int(connection.backendPID))::int)")
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("a COMMIT on a terminated backend succeeded")
        } catch let error as PostgresError {
            #expect(error.kind == .connectionLost, "the witness found no row: not committed")
        }
        #expect(try await count("pipe_lost", key, on: db.pool) == 0)
    }

    /// The control flow only: a witness that says "committed" turns a lost COMMIT into success. (Here it says so
    /// without reason; the real witnesses read a row only the transaction writes, e.g. its audit row.)
    @Test func aLostCommitThatTheWitnessConfirmsReturnsTheResult() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 2))
        defer { pool.close() }
        let admin = try await PostgresConnection.connect(db.configuration)
        defer { admin.close() }
        let result = try await pool.withTransaction { connection in
            try await connection.query("SELECT 1")
            connection.setCommitWitness("SELECT true")
            try await admin.query("SELECT pg_terminate_backend(\(Int(connection.backendPID))::int)")
            try await Task.sleep(for: .milliseconds(100))
            return "answer"
        }
        #expect(result == "answer")
    }

    @Test func auditedTransactionsNameTheirAuditRowAsWitness() async throws {
        let db = try await TestDatabase.forSuite()
        let event = AuditEvent(
            userId: nil, role: nil, action: .read, residentId: nil, resourceType: "test", resourceId: nil,
            requestId: "witness", remoteAddress: nil, detail: [:])
        func witnessOf(rollingBack: Bool) async throws -> PostgresQuery {
            struct Undo: Error {}
            let witness = LockedValue<PostgresQuery?>(nil)
            do {
                try await db.pool.withTransaction { connection in
                    try await connection.query("SELECT 1")
                    try AuditStore.recordWithNextStatement(event, on: connection)
                    witness.value = connection.takeCommitWitness()
                    connection.setCommitWitness(try #require(witness.value))
                    if rollingBack {
                        try await connection.query("SELECT 2")  // sends the audit row
                        throw Undo()
                    }
                }
            } catch is Undo {}
            return try #require(witness.value)
        }
        #expect(await db.pool.committed(according: try await witnessOf(rollingBack: false)))
        #expect(!(await db.pool.committed(according: try await witnessOf(rollingBack: true))))
    }

    /// Work queued with its audit row in one round trip (migration 0026): the row is written only when its condition
    /// holds after the work; otherwise the row's INSERT fails the transaction (`workNotDoneState`), so nothing of it
    /// commits, and the queued COMMIT never runs.
    @Test func anAuditRowOnConditionFailsTheTransactionWhenTheWorkDidNothing() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.query("CREATE TABLE IF NOT EXISTS pipe_done (k text PRIMARY KEY)")
        func attempt(doing: Bool) async throws -> String {
            let key = UUID().uuidString
            let event = AuditEvent(
                userId: nil, role: nil, action: .create, residentId: nil, resourceType: "test", resourceId: key,
                requestId: "done-\(doing)", remoteAddress: nil, detail: [:])
            try await db.pool.withTransaction { connection in
                connection.sendWithNextQuery("INSERT INTO pipe_done SELECT \(key) WHERE \(doing)")
                try AuditStore.recordWithNextStatement(
                    event, done: "EXISTS (SELECT 1 FROM pipe_done WHERE k = \(key))", on: connection)
            }
            return key
        }
        let done = try await attempt(doing: true)
        let audited = try await db.pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE resource_type = 'test' AND resource_id = \(done)")
        #expect(try audited.first?.decode(Int.self, "n") == 1)
        do {
            _ = try await attempt(doing: false)
            Issue.record("an audit row whose work did nothing was written")
        } catch let error as PostgresError {
            #expect(error.sqlState == AuditStore.workNotDoneState)
        }
        let undone = try await db.pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE request_id = 'done-false'")
        #expect(try undone.first?.decode(Int.self, "n") == 0)
        // The pool's connection came back usable: the failed pipeline was rolled back.
        #expect(try await db.pool.query("SELECT 3 AS three").first?.decode(Int.self, "three") == 3)
    }
}
