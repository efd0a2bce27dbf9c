import ClinicPostgres
import ClinicSupport
import Foundation

/// Runs each job every `interval` (give or take `jitter`, so processes started together drift apart), in one
/// server process at a time (or in each, for a job on the process's own state), until `stop`.
///
/// Before each run the scheduler takes the job's PostgreSQL advisory lock (`pg_try_advisory_lock`, session level)
/// on one pooled connection and runs the body on that connection: a process that finds the lock taken skips its turn
/// rather than run the job a second time. No transaction stays open meanwhile, so a job may run longer than the
/// server's idle-in-transaction timeout; the lock goes with the session, so a process that dies mid-job frees it at
/// once.
/// Successes, failures and skipped turns are kept per job for `/metrics`.
final class JobScheduler: Sendable {
    enum Outcome: Sendable, Equatable {
        case succeeded
        case failed
        /// Another process held the job's lock.
        case skipped
    }

    /// First key of every job lock ("jobs" in ASCII), which keeps them apart from the application's other advisory
    /// locks; the second is the job's own (`Job.lockKey`).
    static let lockClass: Int32 = 0x6A6F_6273

    let pool: PostgresPool
    let jobs: [Job]
    /// Each wait is `interval` times a factor drawn from `1 - jitter ... 1 + jitter`.
    let jitter: Double

    private struct State {
        var records: [String: JobRecord]
        var tasks: [Task<Void, Never>] = []
        var stopped = false
    }

    private let state: LockedValue<State>

    init(pool: PostgresPool, jobs: [Job], jitter: Double = 0.1) {
        precondition(Set(jobs.map(\.name)).count == jobs.count, "two jobs share a name (and a lock)")
        precondition((0..<1).contains(jitter), "jitter is a fraction of the interval")
        self.pool = pool
        self.jobs = jobs
        self.jitter = jitter
        state = LockedValue(State(records: Dictionary(uniqueKeysWithValues: jobs.map { ($0.name, JobRecord()) })))
    }

    /// Starts one loop per job. The first run comes within a minute (sooner for shorter intervals), so a server
    /// that restarts often still gets its purges done. Does nothing once started or stopped.
    func start() {
        state.withValue { state in
            guard state.tasks.isEmpty, !state.stopped else { return }
            state.tasks = jobs.map { job in Task { await self.loop(job) } }
        }
    }

    /// Stops the loops and waits for a run in progress to end, so the caller may close the pool afterwards. A
    /// waiting loop stops at once; a running body is asked to stop through task cancellation.
    func stop() async {
        let tasks = state.withValue { state in
            state.stopped = true
            return state.tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// What this process saw of each job, by name.
    var records: [String: JobRecord] { state.value.records }

    /// Runs `job` once now, under its lock, and records the outcome. Jobs are the county's own work: they see every
    /// clinic's rows.
    @discardableResult
    func run(_ job: Job) async -> Outcome {
        let outcome: Outcome
        do {
            let ran = try await ClinicScope.county.run { try await pool.withConnection { db in
                if job.inEveryProcess {
                    try await job.body(db)
                    return true
                }
                let rows = try await db.query(
                    "SELECT pg_try_advisory_lock(\(Self.lockClass), \(job.lockKey)) AS locked", prepare: true)
                guard try rows.first?.decode(Bool.self, "locked") == true else { return false }
                // Released here; if that fails, the connection is closed so the lock ends with its session rather
                // than go back to the pool still held.
                func unlock() async {
                    do {
                        try await db.query(
                            "SELECT pg_advisory_unlock(\(Self.lockClass), \(job.lockKey))", prepare: true)
                    } catch {
                        db.close()
                    }
                }
                do {
                    try await job.body(db)
                } catch {
                    await unlock()
                    throw error
                }
                await unlock()
                return true
            } }
            outcome = ran ? .succeeded : .skipped
        } catch {
            // Never a PostgresError's detail: it can quote stored values.
            let reason = (error as? PostgresError)?.message ?? String(describing: error)
            Log.warning("job failed", ["job": job.name, "error": reason])
            outcome = .failed
        }
        state.withValue { state in
            var record = state.records[job.name] ?? JobRecord()
            switch outcome {
            case .succeeded:
                record.successes += 1
                record.lastSuccess = Date()
            case .failed:
                record.failures += 1
                record.lastFailure = Date()
            case .skipped:
                record.skipped += 1
            }
            state.records[job.name] = record
        }
        return outcome
    }

    private func loop(_ job: Job) async {
        var delay = min(job.interval, .seconds(60)) * Double.random(in: 0...1)
        while true {
            do { try await Task.sleep(for: delay) } catch { return }  // cancelled: stop() was called
            await run(job)
            delay = job.interval * Double.random(in: (1 - jitter)...(1 + jitter))
        }
    }
}
