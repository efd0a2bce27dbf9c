import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

@Suite struct PostgresPoolTests {
    @Test func exhaustedPoolTimesOutThenRecovers() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(
            configuration: db.configuration, options: .init(maxConnections: 2, acquireTimeout: .milliseconds(200)))
        defer { pool.close() }
        let held = try await Self.holdEveryConnection(of: pool, count: 2)
        #expect(pool.statistics.inUse == 2)
        let started = ContinuousClock.now
        do {
            try await pool.query("SELECT 1")
            Issue.record("a third borrower got a connection from a pool of two")
        } catch let error as PostgresError {
            #expect(error.kind == .poolTimeout)
            #expect(error.isUnavailable)
        }
        #expect(ContinuousClock.now - started >= .milliseconds(180))
        try await held.release()
        #expect(pool.statistics.inUse == 0)
        #expect(try await pool.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
        #expect(pool.statistics.open <= 2)
    }

    /// A waiter is served as soon as a connection comes back (a pool whose waiters wait long, so a loaded machine
    /// cannot time the waiter out before the test gives a connection back).
    @Test func aWaiterIsServedWhenAConnectionComesBack() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(
            configuration: db.configuration, options: .init(maxConnections: 2, acquireTimeout: .seconds(60)))
        defer { pool.close() }
        let held = try await Self.holdEveryConnection(of: pool, count: 2)
        let waiter = Task { try await pool.query("SELECT 2 AS two").first?.decode(Int.self, "two") }
        let deadline = ContinuousClock.now + .seconds(10)
        while pool.statistics.waiting == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(pool.statistics.waiting == 1)
        try await held.release()
        #expect(try await waiter.value == 2)
        #expect(pool.statistics.inUse == 0)
        #expect(pool.statistics.open <= 2)
    }

    /// Borrows `count` connections and keeps them until `release()`.
    static func holdEveryConnection(of pool: PostgresPool, count: Int) async throws -> HeldConnections {
        let holding = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holders = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        try await pool.withConnection { _ in
                            holding.continuation.yield()
                            for await _ in release.stream { break }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        var held = 0
        for await _ in holding.stream {
            held += 1
            if held == count { break }
        }
        return HeldConnections(count: count, gate: release.continuation, holders: holders)
    }

    struct HeldConnections {
        let count: Int
        let gate: AsyncStream<Void>.Continuation
        let holders: Task<Void, any Error>

        func release() async throws {
            for _ in 0..<count { gate.yield() }
            gate.finish()
            try await holders.value
        }
    }

    @Test func terminatedBackendIsReplaced() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { pool.close() }
        let pid = try await pool.withConnection { $0.backendPID }
        // Kill the pooled connection's backend from another session.
        let admin = try await PostgresConnection.connect(db.configuration)
        try await admin.query("SELECT pg_terminate_backend(\(Int(pid))::int)")
        admin.close()
        try await Task.sleep(for: .milliseconds(100))
        // The dead idle connection is noticed before it is lent; the query runs on a new one.
        let newPID = try await pool.query("SELECT pg_backend_pid() AS pid").first!.decode(Int.self, "pid")
        #expect(newPID != Int(pid))
        #expect(pool.statistics.open == 1)
    }

    @Test func connectionLostMidUseIsDroppedAndReported() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1))
        defer { pool.close() }
        do {
            try await pool.withConnection { connection in
                try await connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            }
            Issue.record("terminating our own backend did not fail")
        } catch let error as PostgresError {
            #expect(error.isUnavailable)
        }
        #expect(pool.statistics.open == 0)
        #expect(try await pool.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
    }

    @Test func manyQueriesKeepMemoryFlat() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 4))
        defer { pool.close() }
        func run(_ count: Int) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            for i in 0..<(count / 4) {
                                let rows = try await connection.query(
                                    "SELECT \(i) AS i, repeat('x', 2000) AS pad, \(worker) AS w", prepare: i % 2 == 0)
                                _ = try rows.first?.decode(Int.self, "i")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await run(20_000)  // warm up allocator caches
        let before = residentMemoryKiB()
        try await run(100_000)
        let after = residentMemoryKiB()
        // A leaked PGresult per query would be >= 100,000 * ~2,100 bytes = ~200 MB. Other suites run in this process
        // at the same time and move its resident memory too (17 MB once, with the slow-reader HTTP tests that buffer
        // tens of megabytes), so the rows are large enough that the bound, half the leak, stands far above that.
        #expect(after - before < 100 * 1024, "resident memory grew from \(before) KiB to \(after) KiB")
    }

    @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "needs a cluster of its own to restart"))
    func poolRecoversFromDatabaseRestart() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let cluster = try LocalCluster(root: root)
        // pg_ctl and initdb block while they wait: run them on threads of their own, never on the cooperative pool.
        try await offPool {
            try cluster.initializeIfNeeded(durable: false)
            try cluster.start()
        }
        defer { try? cluster.stop(mode: "immediate") }
        let pool = PostgresPool(
            configuration: PostgresConfiguration(url: cluster.url(database: "postgres")),
            options: .init(maxConnections: 3))
        defer { pool.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
            try await group.waitForAll()
        }
        #expect(pool.statistics.open == 3)
        for mode in ["fast", "immediate"] {
            try await offPool { try cluster.restart(mode: mode) }
            // Every idle connection is dead now; transactions get a fresh one without failing.
            for _ in 0..<5 {
                let one = try await pool.withTransaction { try await $0.query("SELECT 1 AS one") }
                #expect(try one.first?.decode(Int.self, "one") == 1)
            }
        }
        // While the database is down, callers get an "unavailable" error quickly, not a hang.
        try await offPool { try cluster.stop(mode: "fast") }
        let started = ContinuousClock.now
        do {
            try await pool.query("SELECT 1")
            Issue.record("a query succeeded with the database down")
        } catch let error as PostgresError {
            #expect(error.isUnavailable)
        }
        #expect(ContinuousClock.now - started < .seconds(6))
        try await offPool { try cluster.start() }
        #expect(try await pool.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
    }
}

/// Resident set size of this process, from /proc.
func residentMemoryKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}
