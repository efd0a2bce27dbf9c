import ClinicSupport
import Foundation

/// The background jobs the server runs. Later work adds its own here (reminders, notification delivery, backups).
enum ClinicJobs {
    /// The purges: each keeps a table that every request or login writes to from growing without end. Nothing
    /// depends on their timing, so they run rarely; a missed turn only leaves a few more dead rows until the next.
    static func purges(throttle: LoginThrottle.Policy) -> [Job] {
        [
            Job(name: "purge-tokens", every: .seconds(3600)) { db in
                let purged = try await TokenStore.purge(on: db)
                if purged > 0 { Log.info("purged tokens", ["rows": String(purged)]) }
            },
            Job(name: "purge-login-throttle", every: .seconds(15 * 60)) { db in
                let purged = try await LoginThrottle.purge(policy: throttle, on: db)
                if purged > 0 { Log.info("purged login throttle counters", ["rows": String(purged)]) }
            },
            Job(name: "purge-idempotency-keys", every: .seconds(3600)) { db in
                let purged = try await IdempotencyStore.purge(on: db)
                if purged > 0 { Log.info("purged idempotency keys", ["rows": String(purged)]) }
            },
        ]
    }
}
