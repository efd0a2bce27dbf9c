import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres
@testable import ClinicSupport

/// A connection's libpq calls run non-blocking on its borrower's task, and the task waits for the socket in
/// `PostgresSocketWaiter`: what must still hold when statements and answers do not fit one read or one write,
/// when many connections wait at once, and when a connection closes or fails while its task waits.
@Suite struct NonBlockingConnectionTests {
    /// 8 MB out and 8 MB back: far more than a socket's buffer, so the statement goes out over many writable
    /// waits and the answer comes in over many readable ones.
    @Test func statementsAndAnswersLargerThanTheSocketBufferArriveWhole() async throws {
        let db = try await TestDatabase.forSuite()
        let unit = "བཀྲ་ཤིས་"
        let count = 8 * 1024 * 1024 / unit.utf8.count
        let big = String(repeating: unit, count: count)
        let rows = try await db.pool.query(
            """
            SELECT octet_length(\(big)) AS n, md5(\(big)) = md5(repeat(\(unit), \(count)::int)) AS whole,
                   repeat('ab', 4 * 1024 * 1024) AS back
            """)
        let row = try #require(rows.first)
        #expect(try row.decode(Int.self, "n") == big.utf8.count)
        #expect(try row.decode(Bool.self, "whole"))
        let back = try row.decode(String.self, "back")
        #expect(back.utf8.count == 8 * 1024 * 1024)
        #expect(back.hasPrefix("abab") && back.hasSuffix("abab"))
    }

    /// Sixteen connections wait on the server at once, each for a different time; every answer reaches its own
    /// task, none is lost or crossed.
    @Test func manyConnectionsWaitingAtOnceEachGetTheirOwnAnswer() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 16))
        defer { pool.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    try await pool.withConnection { connection in
                        for round in 0..<20 {
                            let sleep = Double((worker * 7 + round * 3) % 5) / 1000
                            let rows = try await connection.query(
                                "SELECT \(worker) AS w, \(round) AS r, pg_sleep(\(sleep)) IS NULL AS slept",
                                prepare: round % 2 == 0)
                            let row = try #require(rows.first)
                            #expect(try row.decode(Int.self, "w") == worker)
                            #expect(try row.decode(Int.self, "r") == round)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// `close` from another task ends a wait at once: the waiting statement fails as connection lost, it does not
    /// hang until the server answers (nor forever, as its socket leaves the epoll set).
    @Test func closingAConnectionEndsTheWaitOfItsStatement() async throws {
        let db = try await TestDatabase.forSuite()
        let connection = try await PostgresConnection.connect(db.configuration)
        #expect(!connection.waitsInsideLibpq)
        let sleeping = Task { try await connection.query("SELECT pg_sleep(30)") }
        try await Self.waitUntilSleeping(connection, in: db)
        connection.close()
        switch try await Self.outcome(of: sleeping, within: .seconds(10)) {
        case .failure(let error as PostgresError): #expect(error.isUnavailable)
        case .failure(let error): Issue.record("not a PostgresError: \(error)")
        case .success: Issue.record("the statement ran to its end on a closed connection")
        case nil: Issue.record("the statement still waits 10 s after its connection closed")
        }
        await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
    }

    /// The server ends the session while a statement waits: the statement fails as connection lost, and the
    /// connection is broken for the pool.
    @Test func aBackendEndedMidStatementFailsItsWaitAsConnectionLost() async throws {
        let db = try await TestDatabase.forSuite()
        let connection = try await PostgresConnection.connect(db.configuration)
        defer { connection.close() }
        let sleeping = Task { try await connection.query("SELECT pg_sleep(30)") }
        try await Self.waitUntilSleeping(connection, in: db)
        try await db.pool.query("SELECT pg_terminate_backend(\(Int(connection.backendPID))::int)")
        await #expect {
            _ = try await sleeping.value
        } throws: { error in
            (error as? PostgresError)?.isUnavailable == true
        }
        #expect(connection.isBroken)
    }

    /// A connection whose server went has lost its socket, and the number may be another connection's by the time it
    /// closes: closing it must not take that socket out of the epoll set while the other waits on it.
    @Test func closingAConnectionWhoseSocketNumberWasReusedLeavesTheNewOneWaiting() async throws {
        let db = try await TestDatabase.forSuite()
        // Other suites open sockets meanwhile and may take the number first: try until one is reused.
        var reused = false
        for _ in 0..<30 where !reused {
            let old = try await PostgresConnection.connect(db.configuration)
            try await old.query("SELECT 1")
            let number = old.socketDescriptor
            try await db.pool.query("SELECT pg_terminate_backend(\(Int(old.backendPID))::int)")
            await #expect(throws: PostgresError.self) { try await old.query("SELECT 1") }
            #expect(old.socketDescriptor == -1)
            let new = try await PostgresConnection.connect(db.configuration)
            defer { new.close() }
            guard new.socketDescriptor == number else {
                old.close()
                continue
            }
            reused = true
            // Long enough to be seen running while the suite loads the machine (0.3 s ended unseen once in CI).
            let sleeping = Task { try await new.query("SELECT pg_sleep(3), 7 AS n") }
            try await Self.waitUntilSleeping(new, in: db)
            old.close()
            let answer = try await Self.outcome(of: sleeping, within: .seconds(10))
            #expect(try answer?.get().first?.decode(Int.self, "n") == 7, "the new connection's wait did not end")
        }
        #expect(reused, "no socket number was reused in 30 tries: nothing was shown")
    }

    /// Over TLS, OpenSSL may hold part of an answer already decrypted while the socket is quiet, where epoll cannot
    /// see it: an encrypted connection waits inside libpq, which looks there first. Many rows of odd sizes, in
    /// answers of many sizes, end records at every offset; each query must finish. (With PostgreSQL 15 these sizes
    /// did not make the epoll wait hang either: the hang other clients met needed a server that sends differently.
    /// The test proves that encrypted connections work, and take libpq's wait.)
    @Test func encryptedConnectionsReadEveryAnswerWhole() async throws {
        let tls = try await TLSCluster.start()
        let connection = try await PostgresConnection.connect(PostgresConfiguration(url: tls.url(database: "postgres")))
        #expect(connection.waitsInsideLibpq)
        let reading = Task {
            var counts = [
                try await connection.query(
                    "SELECT ssl::int AS n FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
                ).first?.decode(Int.self, "n") ?? 0
            ]
            for round in 0..<40 {
                let rows = try await connection.query(
                    """
                    SELECT n, repeat('x', 1000 + (n * 37 + \(round)::int * 101) % 17000) AS pad
                    FROM generate_series(1, \(20 + round * 7)::int) n
                    """, prepare: true)
                counts.append(rows.count)
            }
            return counts
        }
        switch try await Self.outcome(of: reading, within: .seconds(60)) {
        case .success(let counts):
            #expect(counts.first == 1, "the connection is not encrypted")
            #expect(Array(counts.dropFirst()) == (0..<40).map { 20 + $0 * 7 })
        case .failure(let error): Issue.record("\(error)")
        case nil: Issue.record("an encrypted connection still waits for its answers after 60 s")
        }
        connection.close()
        await tls.remove()
    }

    /// The waiter refuses a second wait for one connection, and ends a wait whose arming fails, with an error:
    /// neither waits forever.
    @Test func theSocketWaiterRefusesWhatItCannotWaitFor() async throws {
        let waiter = PostgresSocketWaiter.shared
        let id = Int.max - 7
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (reading, writing) = (ends[0], ends[1])
        defer { [reading, writing].forEach { close($0) } }
        let first = Task {
            try await waiter.wait(connection: id) { waiter.arm(reading, connection: id, writable: false) }
        }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: PostgresError.self) {
            try await waiter.wait(connection: id) { waiter.arm(reading, connection: id, writable: false) }
        }
        #expect(write(writing, "x", 1) == 1)  // readable: the first wait ends
        try await first.value
        waiter.forget(reading)
        await #expect(throws: PostgresError.self) {
            try await waiter.wait(connection: id) { waiter.arm(-1, connection: id, writable: false) }
        }
    }

    /// The task's result, or nil if it has not finished within `limit`: a wait that never ends fails the test
    /// instead of hanging it (the task is left behind).
    private static func outcome<T: Sendable>(
        of task: Task<T, any Error>, within limit: Duration
    ) async throws -> Result<T, any Error>? {
        let outcome = LockedValue<Result<T, any Error>?>(nil)
        Task { outcome.value = await task.result }
        let deadline = ContinuousClock.now + limit
        while outcome.value == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return outcome.value
    }

    /// Returns once the connection's backend runs its `pg_sleep`, as another connection sees it.
    private static func waitUntilSleeping(_ connection: PostgresConnection, in db: TestDatabase) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let running = try await db.pool.query(
                """
                SELECT count(*) AS n FROM pg_stat_activity
                WHERE pid = \(Int(connection.backendPID))::int AND state = 'active' AND query LIKE '%pg_sleep%'
                """
            ).first?.decode(Int.self, "n")
            if running == 1 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the statement never started")
    }

    /// Two tasks on one connection (a misuse the pool never makes) both finish: one answer, or an error, each.
    @Test func twoTasksOnOneConnectionBothFinish() async throws {
        let db = try await TestDatabase.forSuite()
        let connection = try await PostgresConnection.connect(db.configuration)
        defer { connection.close() }
        async let first = Result(catching: { try await connection.query("SELECT pg_sleep(0.2), 1 AS n") })
        async let second = Result(catching: { try await connection.query("SELECT pg_sleep(0.2), 2 AS n") })
        let answers = await [first, second]
        let succeeded = answers.filter { if case .success = $0 { true } else { false } }
        #expect(succeeded.count >= 1)
    }
}

extension Result where Failure == any Error {
    fileprivate init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
