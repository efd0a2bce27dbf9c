import ClinicDomain
import ClinicPostgres
import Foundation

/// The notifications outbox: rows written by `appointment_notice()` in the transaction of each change to a booking
/// (and by the reminder job), read by staff, retried, and claimed by delivery (NotificationStore+Delivery).
/// Row-level security keeps each caller to its clinics' rows.
enum NotificationStore {
    /// The columns a `NotificationRecord` reads, over `notifications n` joined to its resident, clinic and doctor.
    static let select: PostgresQuery = """
        SELECT n.id, n.clinic_id, n.resident_id, n.appointment_id, n.kind, n.language, n.recipient_name,
               n.recipient_phone, n.recipient_relation, n.starts_at, n.ends_at, n.previous_starts_at, n.mode,
               n.status, n.reason, n.attempts, n.created_at, n.created_at::text AS created_key, n.sent_at,
               d.name AS doctor_name, c.name AS clinic_name, c.time_zone,
               \(residentName("n.language")) AS resident_name, r.name_bo, r.name_zh, r.name_latin
        FROM notifications n
        JOIN residents r ON r.id = n.resident_id
        JOIN clinics c ON c.id = n.clinic_id
        LEFT JOIN doctors d ON d.id = n.doctor_id
        """

    /// The resident's name in the script of `language` (an SQL expression), as `appointment_notice()` picks it.
    static func residentName(_ language: String) -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: """
                CASE \(language) WHEN 'bo' THEN coalesce(r.name_bo, r.name_zh, r.name_latin)
                                 WHEN 'zh' THEN coalesce(r.name_zh, r.name_bo, r.name_latin)
                                 ELSE coalesce(r.name_latin, r.name_zh, r.name_bo) END
                """)
    }

    /// One page of the list: records, not yet rendered.
    struct Listing: Sendable {
        var items: [NotificationRecord]
        var nextCursor: String?
    }

    struct Filter: Sendable {
        var status: NotificationStatus?
        var residentId: UUID?
        var clinicId: UUID?
        var limit = 50
        var cursor: String?
    }

    /// A page of notices, newest first.
    ///
    /// - Throws: `ValidationError` on `cursor` for a cursor this list did not give.
    static func list(_ filter: Filter, on db: PostgresConnection) async throws -> Listing {
        let limit = try ListLimit.checked(filter.limit)
        var query = select
        query.append(" WHERE true")
        if let status = filter.status { query.append(" AND n.status = \(status.rawValue)") }
        if let residentId = filter.residentId { query.append(" AND n.resident_id = \(residentId)") }
        if let clinicId = filter.clinicId { query.append(" AND n.clinic_id = \(clinicId)") }
        if let cursor = filter.cursor {
            guard let key = KeysetCursor.decodeKey(cursor), let at = PostgresTimestamp.parse(key.sort) else {
                throw ValidationError.badCursor
            }
            query.append(" AND (n.created_at, n.id) < (\(at), \(key.id))")
        }
        query.append(" ORDER BY n.created_at DESC, n.id DESC LIMIT \(limit + 1)")
        let rows = try await db.query(query)
        var items: [NotificationRecord] = []
        var nextCursor: String?
        for (index, row) in rows.enumerated() {
            if index == limit {
                // The instant as the database printed it, to the microsecond, so the next page starts exactly here.
                let last = rows[index - 1]
                nextCursor = KeysetCursor.encode(
                    KeysetKey(sort: try last.decode(String.self, "created_key"), id: try last.decode(UUID.self, "id")))
                break
            }
            items.append(try record(row))
        }
        return Listing(items: items, nextCursor: nextCursor)
    }

    /// The notices of `ids`, in no particular order.
    static func records(_ ids: [UUID], on db: PostgresConnection) async throws -> [NotificationRecord] {
        guard !ids.isEmpty else { return [] }
        var query = select
        query.append(" WHERE n.id = ANY(\(ids)::uuid[])")
        return try await db.query(query).map(record)
    }

    static func get(_ id: UUID, on db: PostgresConnection) async throws -> NotificationRecord? {
        try await records([id], on: db).first
    }

    static func record(_ row: PostgresRow) throws -> NotificationRecord {
        NotificationRecord(
            id: try row.decode(UUID.self, "id"), clinicId: try row.decode(UUID.self, "clinic_id"),
            residentId: try row.decode(UUID.self, "resident_id"),
            appointmentId: try row.decode(UUID?.self, "appointment_id"),
            kind: NoticeKind(rawValue: try row.decode(String.self, "kind")) ?? .booked,
            language: Language(rawValue: try row.decode(String.self, "language")) ?? .zh,
            recipientName: try row.decode(String?.self, "recipient_name"),
            recipientPhone: try row.decode(String?.self, "recipient_phone"),
            recipientRelation: try row.decode(String?.self, "recipient_relation"),
            startsAt: try row.decode(Date?.self, "starts_at"), endsAt: try row.decode(Date?.self, "ends_at"),
            previousStartsAt: try row.decode(Date?.self, "previous_starts_at"),
            doctorName: try row.decode(String?.self, "doctor_name"),
            mode: try row.decode(String?.self, "mode").flatMap(ConsultationMode.init(rawValue:)),
            status: NotificationStatus(rawValue: try row.decode(String.self, "status")) ?? .pending,
            reason: try row.decode(String?.self, "reason"), attempts: try row.decode(Int.self, "attempts"),
            createdAt: try row.decode(Date.self, "created_at"), sentAt: try row.decode(Date?.self, "sent_at"),
            residentName: try row.decode(String?.self, "resident_name"),
            residentNames: ResidentNames(
                bo: try row.decode(String?.self, "name_bo"), zh: try row.decode(String?.self, "name_zh"),
                latin: try row.decode(String?.self, "name_latin")),
            clinicName: try row.decode(String.self, "clinic_name"), timeZone: try row.decode(String.self, "time_zone"))
    }
}
