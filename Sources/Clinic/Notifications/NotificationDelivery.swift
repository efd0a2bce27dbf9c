import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// Sends the outbox's due notices to the gateway, a batch at a time, until none is due.
///
/// Each notice is claimed with a lease (`NotificationStore.claimDue`), so processes running this at once never send
/// one notice at the same time; posted as the API shows it, signed; then marked sent, or tried again after a
/// backoff, or failed with reason `gateway` after `maxAttempts`. A process that dies between the post and the mark
/// leaves the row to be sent again when its lease ends: the gateway may see a notice twice, never lose one, and
/// tells the two apart by `Idempotency-Key`. Nothing goes out in a clinic's quiet hours: its notices are held to
/// the end of the window.
struct NotificationDelivery: Sendable {
    struct Settings: Sendable, Equatable {
        var maxAttempts = 8
        var quietHours: QuietHours? = .default
        var backoff = RetryBackoff(first: .seconds(30), maximum: .seconds(3600))
        var batchSize = 20
        /// Notices posted at once.
        var concurrency = 4
        /// Longer than a batch can take (`batchSize / concurrency` posts of at most twice the timeout each).
        var lease: Duration = .seconds(180)
        var timeout: Duration = .seconds(10)
    }

    /// What one run did.
    struct Round: Sendable, Equatable {
        var sent = 0
        var retried = 0
        var failed = 0
        var held = 0
    }

    let settings: Settings
    let gateway: NotifyGateway
    let renderer: NoticeRenderer
    let clinics: ClinicDirectory

    /// Delivers until no notice is due (or the task is cancelled: the server is stopping).
    @discardableResult
    func run(on db: PostgresConnection, now: Date = Date()) async throws -> Round {
        var round = Round()
        var quiet: [UUID] = []
        if let window = settings.quietHours {
            for clinic in clinics.all {
                guard let end = window.end(ofWindowAt: now, in: clinics.zone(clinic.id)) else { continue }
                quiet.append(clinic.id)
                round.held += try await NotificationStore.hold(clinic: clinic.id, until: end, on: db)
            }
        }
        while !Task.isCancelled {
            let batch = try await NotificationStore.claimDue(
                limit: settings.batchSize, lease: settings.lease, skipping: quiet, on: db)
            if batch.isEmpty { break }
            for start in stride(from: 0, to: batch.count, by: settings.concurrency) {
                let group = Array(batch[start..<min(start + settings.concurrency, batch.count)])
                let outcomes = await withTaskGroup(of: (NotificationRecord, NotifyGateway.Outcome).self) { tasks in
                    for record in group { tasks.addTask { (record, await self.post(record)) } }
                    var outcomes: [(NotificationRecord, NotifyGateway.Outcome)] = []
                    for await outcome in tasks { outcomes.append(outcome) }
                    return outcomes
                }
                for (record, outcome) in outcomes { try await self.record(outcome, of: record, in: &round, on: db) }
            }
        }
        return round
    }

    func post(_ record: NotificationRecord) async -> NotifyGateway.Outcome {
        var notice = renderer.notice(record)
        notice.residentNames = nil
        guard let body = try? JSONCoding.encode(notice, timeZone: renderer.zone(record.timeZone)) else {
            return .failed("the notice could not be written as JSON")
        }
        return await gateway.post(body, idempotencyKey: record.id.uuidString)
    }

    private func record(
        _ outcome: NotifyGateway.Outcome, of record: NotificationRecord, in round: inout Round,
        on db: PostgresConnection
    ) async throws {
        switch outcome {
        case .accepted:
            try await NotificationStore.markSent(record.id, on: db)
            round.sent += 1
        case .failed(let error):
            let attempt = record.attempts + 1
            try await NotificationStore.markAttemptFailed(
                record.id, error: error, retryAfter: settings.backoff.delay(afterAttempt: attempt),
                maxAttempts: settings.maxAttempts, on: db)
            if attempt >= settings.maxAttempts {
                round.failed += 1
                Log.warning("notification failed", ["notification": record.id.uuidString, "error": error])
            } else {
                round.retried += 1
            }
        }
    }
}

extension NotificationDelivery {
    /// Delivery as the server's configuration asks for it; nil without `CLINIC_NOTIFY_URL`.
    init?(_ services: ClinicServices) {
        let configuration = services.configuration
        guard let url = configuration.notifyURL, let secret = configuration.notifySecret else { return nil }
        var settings = Settings()
        settings.maxAttempts = configuration.notifyMaxAttempts
        settings.quietHours = configuration.quietHours
        settings.backoff.first = configuration.notifyRetryAfter
        self.init(
            settings: settings, gateway: NotifyGateway(url: url, secret: secret, timeout: settings.timeout),
            renderer: services.notices, clinics: services.clinics)
    }
}
