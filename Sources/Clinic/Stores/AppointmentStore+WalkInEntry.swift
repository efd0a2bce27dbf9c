import ClinicDomain
import ClinicPostgres
import Foundation

extension AppointmentStore {
    /// One walk-in queue entry by id; its position is among those of its day who still wait (or would, had it left).
    static func walkInQueueEntry(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws
        -> WalkInQueueEntry?
    {
        let rows = try await db.query(
            """
            SELECT q.id, q.clinic_id, q.resident_id, q.date, q.mode, q.reason, q.created_at,
                (SELECT count(*) FROM walk_in_queue w
                 WHERE w.clinic_id = q.clinic_id AND w.date = q.date AND w.status = 'waiting' AND (w.created_at, w.id) < (q.created_at, q.id))::int
                    + 1 AS position
            FROM walk_in_queue q WHERE q.id = \(id)
            """)
        return try rows.first.map { try walkInQueueEntry($0, zone: zone) }
    }

    /// A queue entry from a row with the columns of `walk_in_queue` and its `position`.
    static func walkInQueueEntry(_ row: PostgresRow, zone: TimeZone) throws -> WalkInQueueEntry {
        WalkInQueueEntry(
            id: try row.decode(UUID.self, "id"), residentId: try row.decode(UUID.self, "resident_id"),
            date: try row.decode(LocalDate.self, "date"),
            mode: ConsultationMode(rawValue: try row.decode(String.self, "mode")) ?? .onsite,
            reason: try row.decode(String?.self, "reason"), position: try row.decode(Int.self, "position"),
            createdAt: ZonedInstant(try row.decode(Date.self, "created_at"), in: zone),
            clinicId: try row.decode(UUID.self, "clinic_id"))
    }
}
