import ClinicPostgres
import ClinicSupport
import Foundation

/// A piece of background work run every `interval` by a `JobScheduler`: purges, reminders, notification delivery,
/// backups.
///
/// The body gets the connection that holds the job's lock (a session-level advisory lock, so no transaction stays
/// open while the job runs, and the job costs one pooled connection). It may run several transactions on it (a
/// purge in batches, a delivery per message). It runs in one server process at a time, but may run again in another
/// process right after: write bodies that are safe to repeat.
struct Job: Sendable {
    /// Names the job in logs, in `/metrics` (`job` label) and in its lock: keep it stable.
    let name: String
    let interval: Duration
    /// Runs in every server process, without the lock: for work on the process's own state (its caches), or work
    /// the processes share out through the rows themselves (notification delivery claims rows with SKIP LOCKED).
    let inEveryProcess: Bool
    let body: @Sendable (PostgresConnection) async throws -> Void

    init(
        name: String, every interval: Duration, inEveryProcess: Bool = false,
        body: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) {
        precondition(interval > .zero, "a job needs an interval")
        self.name = name
        self.interval = interval
        self.inEveryProcess = inEveryProcess
        self.body = body
    }

    /// The second key of the job's advisory lock: 32 bits of the name's SHA-256, the same in every process.
    var lockKey: Int32 {
        let digest = SHA256.hash(Array(name.utf8))
        return Int32(bitPattern: digest[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }
}
