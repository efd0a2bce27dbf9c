import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP
@testable import ClinicPostgres
@testable import ClinicSupport

@Suite struct JobSchedulerTests {
    struct Broken: Error {}

    @Test func aStartedSchedulerRunsEachJobAgainAndAgain() async throws {
        let db = try await TestDatabase.forSuite()
        let runs = LockedValue(0)
        let scheduler = JobScheduler(
            pool: db.pool,
            jobs: [
                Job(name: "count", every: .milliseconds(30)) { _ in
                    runs.withValue { $0 += 1 }
                }
            ])
        scheduler.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while runs.value < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        await scheduler.stop()
        #expect(runs.value >= 3)
        #expect(scheduler.records["count"]?.successes == runs.value)
        #expect(scheduler.records["count"]?.lastSuccess != nil)
    }

    /// A job costs one pooled connection and holds no transaction open (a job may outlast the server's
    /// idle-in-transaction timeout), and a failed run leaves its lock free for the next.
    @Test func aJobRunsOnTheConnectionThatHoldsItsLock() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = PostgresPool(
            configuration: db.configuration, options: .init(maxConnections: 1, acquireTimeout: .seconds(2)))
        defer { pool.close() }
        let states = LockedValue<[String]>([])
        let fails = LockedValue(true)
        let job = Job(name: "one-connection", every: .seconds(3600)) { db in
            let state = try await db.query(
                "SELECT coalesce(state, '') AS state FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            states.withValue { $0.append(try! state[0].decode(String.self, "state")) }
            if fails.exchange(false) { throw Broken() }
        }
        let scheduler = JobScheduler(pool: pool, jobs: [job])
        #expect(await scheduler.run(job) == .failed)
        #expect(await scheduler.run(job) == .succeeded, "the failed run gave its lock back")
        #expect(states.value == ["active", "active"], "no transaction around the job")
        let held = try await pool.query(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = \(Int64(UInt32(bitPattern: job.lockKey)))"
        )[0].decode(Int.self, "n")
        #expect(held == 0)
    }

    @Test func aFailureIsCountedInMetrics() async throws {
        let db = try await TestDatabase.forSuite()
        let metrics = Metrics()
        let broken = Job(name: "broken", every: .seconds(3600)) { _ in throw Broken() }
        let fine = Job(name: "fine", every: .seconds(3600)) { _ in }
        let scheduler = JobScheduler(pool: db.pool, jobs: [broken, fine])
        scheduler.register(in: metrics)
        #expect(metrics.render().contains("clinic_job_failures_total{job=\"broken\"} 0.0\n"))
        #expect(await scheduler.run(broken) == .failed)
        #expect(await scheduler.run(broken) == .failed)
        #expect(await scheduler.run(fine) == .succeeded)
        let text = metrics.render()
        #expect(text.contains("# TYPE clinic_job_failures_total counter\n"))
        #expect(text.contains("clinic_job_failures_total{job=\"broken\"} 2.0\n"))
        #expect(text.contains("clinic_job_runs_total{job=\"broken\"} 0.0\n"))
        #expect(text.contains("clinic_job_last_success_timestamp_seconds{job=\"broken\"} 0.0\n"))
        #expect(text.contains("clinic_job_failures_total{job=\"fine\"} 0.0\n"))
        #expect(text.contains("clinic_job_runs_total{job=\"fine\"} 1.0\n"))
        let lastFailure = text.split(separator: "\n").first {
            $0.hasPrefix("clinic_job_last_failure_timestamp_seconds{job=\"broken\"} ")
        }.flatMap { Double($0.split(separator: " ").last!) }
        #expect(abs((lastFailure ?? 0) - Date().timeIntervalSince1970) < 60)
    }

    @Test func twoSchedulersOnOneDatabaseNeverRunAJobAtOnce() async throws {
        let db = try await TestDatabase.forSuite()
        // Two pools: as two server processes would have.
        let otherPool = PostgresPool(configuration: db.configuration, options: .init(maxConnections: 4))
        defer { otherPool.close() }
        let running = LockedValue((now: 0, most: 0, total: 0))
        let (entered, enteredContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let holdFirstRun = LockedValue(true)
        let job = Job(name: "exclusive", every: .seconds(3600)) { _ in
            running.withValue {
                $0.now += 1
                $0.most = max($0.most, $0.now)
                $0.total += 1
            }
            if holdFirstRun.exchange(false) {
                enteredContinuation.yield()
                for await _ in release { break }
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
            running.withValue { $0.now -= 1 }
        }
        let first = JobScheduler(pool: db.pool, jobs: [job])
        let second = JobScheduler(pool: otherPool, jobs: [job])

        // Deterministic: while the first holds the job, the second skips its turn; afterwards it may run.
        let held = Task { await first.run(job) }
        for await _ in entered { break }
        #expect(await second.run(job) == .skipped)
        releaseContinuation.yield()
        #expect(await held.value == .succeeded)
        #expect(await second.run(job) == .succeeded)

        // Both at full speed: some turns run, some are skipped, never two at once.
        async let a: [JobScheduler.Outcome] = (0..<25).asyncMap { _ in await first.run(job) }
        async let b: [JobScheduler.Outcome] = (0..<25).asyncMap { _ in await second.run(job) }
        let outcomes = await a + b
        #expect(!outcomes.contains(.failed))
        #expect(running.value.most == 1)
        #expect(running.value.total == 2 + outcomes.filter { $0 == .succeeded }.count)
        #expect(second.records["exclusive"]?.skipped ?? 0 >= 1)
    }

    @Test func stopReturnsPromptlyAndNothingRunsAfterIt() async throws {
        let db = try await TestDatabase.forSuite()
        let runs = LockedValue(0)
        let hourly = Job(name: "hourly", every: .seconds(3600)) { _ in runs.withValue { $0 += 1 } }
        let often = Job(name: "often", every: .milliseconds(20)) { _ in runs.withValue { $0 += 1 } }
        let scheduler = JobScheduler(pool: db.pool, jobs: [hourly, often])
        scheduler.start()
        try await Task.sleep(for: .milliseconds(100))
        let clock = ContinuousClock()
        let took = await clock.measure { await scheduler.stop() }
        // Far less than the hourly job's interval it would otherwise sleep through; seconds, for a loaded machine.
        #expect(took < .seconds(5))
        let afterStop = runs.value
        try await Task.sleep(for: .milliseconds(100))
        #expect(runs.value == afterStop)
        scheduler.start()  // stopped for good
        try await Task.sleep(for: .milliseconds(100))
        #expect(runs.value == afterStop)
    }

    @Test func stopWaitsForARunInProgress() async throws {
        let db = try await TestDatabase.forSuite()
        let progress = LockedValue((started: false, finished: false))
        let job = Job(name: "slow", every: .milliseconds(1)) { db in
            progress.withValue { $0.started = true }
            // A statement under way is not interrupted: stop must wait for it before the pool may close.
            try await db.query("SELECT pg_sleep(0.3)")
            progress.withValue { $0.finished = true }
        }
        let scheduler = JobScheduler(pool: db.pool, jobs: [job])
        scheduler.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while !progress.value.started, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        await scheduler.stop()
        #expect(progress.value.started && progress.value.finished)
        #expect(scheduler.records["slow"]?.successes ?? 0 >= 1)
    }
}

extension Sequence where Element: Sendable {
    /// Maps one element after the other, awaiting each.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
