import ClinicDomain
import ClinicPostgres
import Foundation

/// Why a notice cannot be retried.
enum NotificationRetryError: Error, Equatable {
    case notFound
    /// It went out already.
    case alreadySent
    /// The resident has no phone, nor an emergency contact with one.
    case noRecipient
    /// The resident asked for no notices, or has died.
    case notNotified
}

extension NotificationStore {
    /// Puts a failed notice back in the queue, due now, with a fresh count of attempts; its recipient is found
    /// again from the register (the front desk may have added a phone since). A pending notice is left as it is
    /// (its next attempt may be held by quiet hours, a backoff or a delivery under way); a sent one is refused.
    /// Call inside a transaction.
    static func retry(_ id: UUID, on db: PostgresConnection) async throws -> NotificationRecord {
        let rows = try await db.query(
            """
            SELECT n.status, r.notify AND r.inactive_reason IS DISTINCT FROM 'deceased' AS notified,
                   nullif(btrim(r.phone), '') IS NOT NULL
                       OR nullif(btrim(r.emergency_contact ->> 'phone'), '') IS NOT NULL AS reachable
            FROM notifications n JOIN residents r ON r.id = n.resident_id
            WHERE n.id = \(id)
            FOR UPDATE OF n
            """)
        guard let row = rows.first else { throw NotificationRetryError.notFound }
        switch NotificationStatus(rawValue: try row.decode(String.self, "status")) {
        case .sent: throw NotificationRetryError.alreadySent
        case .failed:
            guard try row.decode(Bool.self, "notified") else { throw NotificationRetryError.notNotified }
            guard try row.decode(Bool.self, "reachable") else { throw NotificationRetryError.noRecipient }
            try await db.query(
                """
                UPDATE notifications n
                SET status = 'pending', reason = NULL, attempts = 0, next_attempt_at = now(),
                    recipient_name = CASE WHEN nullif(btrim(r.phone), '') IS NOT NULL
                                          THEN \(residentName("n.language"))
                                          ELSE nullif(btrim(r.emergency_contact ->> 'name'), '') END,
                    recipient_phone = coalesce(nullif(btrim(r.phone), ''), btrim(r.emergency_contact ->> 'phone')),
                    recipient_relation = CASE WHEN nullif(btrim(r.phone), '') IS NOT NULL THEN 'self'
                                              ELSE 'emergencyContact' END
                FROM residents r
                WHERE n.id = \(id) AND r.id = n.resident_id
                """)
        case .pending, nil: break
        }
        guard let record = try await get(id, on: db) else { throw NotificationRetryError.notFound }
        return record
    }
}
