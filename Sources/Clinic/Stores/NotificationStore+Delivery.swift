import ClinicDomain
import ClinicPostgres
import Foundation

/// What delivery does with the outbox. Each statement commits on its own: a claim is a lease, not an open
/// transaction, so no row stays locked while the gateway is called.
extension NotificationStore {
    /// Claims up to `limit` pending notices that are due, skipping rows another process is claiming
    /// (`FOR UPDATE SKIP LOCKED`) and the clinics in `held` (their quiet hours). The claim moves each row's next
    /// attempt `lease` ahead: until then no other process takes it, and if this one dies the row is due again then.
    static func claimDue(
        limit: Int, lease: Duration, skipping held: [UUID], on db: PostgresConnection
    ) async throws -> [NotificationRecord] {
        let leaseMilliseconds = Int(lease.components.seconds * 1000)
        let ids = try await db.query(
            """
            UPDATE notifications n SET next_attempt_at = now() + \(leaseMilliseconds) * interval '1 millisecond'
            FROM (SELECT id FROM notifications
                  WHERE status = 'pending' AND next_attempt_at <= now() AND NOT (clinic_id = ANY(\(held)::uuid[]))
                  ORDER BY next_attempt_at, id
                  LIMIT \(limit)
                  FOR UPDATE SKIP LOCKED) due
            WHERE n.id = due.id
            RETURNING n.id
            """
        ).map { try $0.decode(UUID.self, "id") }
        return try await records(ids, on: db)
    }

    /// The gateway took the notice: sent, with this attempt counted.
    static func markSent(_ id: UUID, on db: PostgresConnection) async throws {
        try await db.query(
            """
            UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = \(id) AND status = 'pending'
            """)
    }

    /// The gateway refused the notice or could not be reached: the attempt is counted and the next one set
    /// `retryAfter` ahead, or, with `attempts` the last allowed, the notice fails with reason `gateway`.
    static func markAttemptFailed(
        _ id: UUID, error: String, retryAfter: Duration, maxAttempts: Int, on db: PostgresConnection
    ) async throws {
        let delay = Int(retryAfter.components.seconds * 1000 + retryAfter.components.attoseconds / 1_000_000_000_000_000)
        try await db.query(
            """
            UPDATE notifications
            SET attempts = attempts + 1, last_error = left(\(error), 500),
                status = CASE WHEN attempts + 1 >= \(maxAttempts) THEN 'failed' ELSE 'pending' END,
                reason = CASE WHEN attempts + 1 >= \(maxAttempts) THEN 'gateway' END,
                next_attempt_at = now() + \(delay) * interval '1 millisecond'
            WHERE id = \(id) AND status = 'pending'
            """)
    }

    /// Holds a clinic's pending notices until `until` (the end of its quiet hours); how many it held.
    @discardableResult
    static func hold(clinic: UUID, until: Date, on db: PostgresConnection) async throws -> Int {
        try await db.query(
            """
            UPDATE notifications SET next_attempt_at = \(until)
            WHERE status = 'pending' AND clinic_id = \(clinic) AND next_attempt_at < \(until)
            RETURNING id
            """
        ).count
    }
}
