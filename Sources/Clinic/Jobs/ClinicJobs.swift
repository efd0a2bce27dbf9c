import ClinicPostgres
import ClinicSupport
import Foundation

/// The background jobs the server runs. Later work adds its own here (reminders, notification delivery, backups).
enum ClinicJobs {
    /// The purges: each keeps a table that every request or login writes to from growing without end. Nothing
    /// depends on their timing, so they run rarely; a missed turn only leaves a few more dead rows until the next.
    static func purges(throttle: LoginThrottle.Policy) -> [Job] {
        [
            purge("purge-tokens", every: .seconds(3600), "purged tokens") { try await TokenStore.purge(on: $0) },
            purge("purge-login-throttle", every: .seconds(15 * 60), "purged login throttle counters") {
                try await LoginThrottle.purge(policy: throttle, on: $0)
            },
            purge("purge-idempotency-keys", every: .seconds(3600), "purged idempotency keys") {
                try await IdempotencyStore.purge(on: $0)
            },
        ]
    }

    /// A job that deletes dead rows and logs how many, when any.
    private static func purge(
        _ name: String, every interval: Duration, _ message: String,
        _ delete: @escaping @Sendable (PostgresConnection) async throws -> Int
    ) -> Job {
        Job(name: name, every: interval) { db in
            let purged = try await delete(db)
            if purged > 0 { Log.info(message, ["rows": String(purged)]) }
        }
    }
}
