import ClinicPostgres
import ClinicSupport
import Foundation

/// The background jobs the server runs: purges, settings refresh, backups, reminders and notification delivery.
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

    /// The scheduled backup (`CLINIC_BACKUP_EVERY`): every ten minutes (or its interval, if shorter) it looks at
    /// the newest backup in the directory and takes one when that is as old as the interval, so a server that was
    /// off catches up within minutes of starting, and several server processes take one backup, not several.
    static func backup(_ configuration: ServerConfiguration) -> Job? {
        guard let directory = configuration.backupDirectory, let every = configuration.backupEverySeconds else {
            return nil
        }
        let backups = Backups(directory: directory)
        return Job(name: "backup", every: .seconds(min(every, 600))) { _ in
            if let newest = backups.list().last, Date().timeIntervalSince(newest.finishedAt) < Double(every) {
                return
            }
            let source = try Backups.Source(configuration)
            let taken = try await backups.take(from: source, keep: configuration.backupKeep)
            Log.info("backup taken", ["backup": taken.name, "directory": directory.path])
        }
    }

    /// Reads the clinic's settings again every 5 s in each server process: a change made through another process
    /// (or in SQL) reaches this one within that time; one made through this process applies at once.
    static func refreshSettings(_ services: ClinicServices) -> Job {
        Job(name: "refresh-settings", every: .seconds(5), inEveryProcess: true) { db in
            services.clinics.replace(try await ClinicSettingsStore.all(on: db))
        }
    }

    /// Notification delivery (`CLINIC_NOTIFY_URL`): every 5 s it sends what is due. It runs in every server process
    /// at once, not under the job lock: the processes share the work through the rows (each notice is claimed with
    /// `FOR UPDATE SKIP LOCKED` and a lease), so one slow gateway call holds up no other process.
    static func delivery(_ services: ClinicServices) -> Job? {
        guard let delivery = NotificationDelivery(services) else { return nil }
        return Job(name: "deliver-notifications", every: .seconds(5), inEveryProcess: true) { db in
            let round = try await delivery.run(on: db)
            if round != NotificationDelivery.Round() {
                Log.info(
                    "notifications delivered",
                    [
                        "sent": String(round.sent), "retried": String(round.retried), "failed": String(round.failed),
                        "held": String(round.held),
                    ])
            }
        }
    }

    /// The day-before reminders (`CLINIC_REMINDER_TIME`): every 5 minutes, in one process at a time, it writes those
    /// whose moment has come (`NotificationStore.writeReminders`); a run repeated or missed changes nothing, and
    /// a server back from downtime catches up on the bookings that have not started.
    static func reminders(_ configuration: ServerConfiguration) -> Job {
        let time = configuration.reminderTime
        return Job(name: "notification-reminders", every: .seconds(300)) { db in
            let written = try await NotificationStore.writeReminders(at: Date(), time: time, on: db)
            if written > 0 { Log.info("reminders written", ["notifications": String(written)]) }
        }
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
