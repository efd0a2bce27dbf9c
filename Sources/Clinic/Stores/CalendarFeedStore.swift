import ClinicDomain
import ClinicPostgres
import Foundation

/// Doctors' secret calendar feeds (`calendar_feeds`, one per doctor) and what a feed shows: the doctor's sessions in
/// every clinic. The sessions are read across clinics, so the caller runs them in the county scope.
enum CalendarFeedStore {
    /// Makes `secretHash` the doctor's feed, replacing any earlier one (whose URL stops working), and returns when it
    /// was made. Runs inside the caller's transaction; concurrent replacements for one doctor wait for each other.
    static func replace(doctorId: UUID, secretHash: String, on db: PostgresConnection) async throws -> Date {
        try await db.query("SELECT pg_advisory_xact_lock(hashtextextended('calendar_feed:' || \(doctorId)::text, 0))")
        try await db.query("DELETE FROM calendar_feeds WHERE doctor_id = \(doctorId)")
        let rows = try await db.query(
            """
            INSERT INTO calendar_feeds (doctor_id, secret_hash) VALUES (\(doctorId), \(secretHash))
            RETURNING created_at
            """)
        return try rows[0].decode(Date.self, "created_at")
    }

    /// Revokes the doctor's feed; false when there was none.
    static func delete(doctorId: UUID, on db: PostgresConnection) async throws -> Bool {
        !(try await db.query("DELETE FROM calendar_feeds WHERE doctor_id = \(doctorId) RETURNING doctor_id")).isEmpty
    }

    /// When the doctor's current feed was made; nil when they have none.
    static func createdAt(doctorId: UUID, on db: PostgresConnection) async throws -> Date? {
        let rows = try await db.query("SELECT created_at FROM calendar_feeds WHERE doctor_id = \(doctorId)")
        return try rows.first?.decode(Date.self, "created_at")
    }

    /// The doctor whose feed has this hash, with their name; nil for an unknown or revoked feed.
    static func doctor(secretHash: String, on db: PostgresConnection) async throws -> (id: UUID, name: String)? {
        let rows = try await db.query(
            """
            SELECT d.id, d.name FROM calendar_feeds f JOIN doctors d ON d.id = f.doctor_id
            WHERE f.secret_hash = \(secretHash)
            """)
        guard let row = rows.first else { return nil }
        return (try row.decode(UUID.self, "id"), try row.decode(String.self, "name"))
    }

    /// The doctor's rota assignments in every clinic the scope shows, dated `from` to `to`, by start. A session is
    /// cancelled when it is marked uncovered, its clinic is closed that day, or the doctor is away that day; its last
    /// change is the latest of the assignment's own and those. Sessions handed over to another doctor (a swap or
    /// cover, `rota_handovers`) come too, cancelled as of the handover, under the same id.
    static func sessions(doctorId: UUID, from: LocalDate, to: LocalDate, on db: PostgresConnection) async throws
        -> [CalendarSession]
    {
        let rows = try await db.query(
            """
            SELECT ra.id, c.name AS clinic_name, ra.session, ra.modes, ra.starts_at, ra.ends_at, ra.created_at,
                greatest(ra.updated_at, closed.created_at, away.since) AS last_modified,
                (ra.uncovered_reason IS NOT NULL OR closed.date IS NOT NULL OR away.since IS NOT NULL) AS cancelled
            FROM rota_assignments ra
            JOIN clinics c ON c.id = ra.clinic_id
            LEFT JOIN closures closed ON closed.clinic_id = ra.clinic_id AND closed.date = ra.date
            LEFT JOIN LATERAL (
                SELECT max(u.created_at) AS since FROM doctor_unavailability u
                WHERE u.doctor_id = ra.doctor_id AND u.period @> ra.date) away ON true
            WHERE ra.doctor_id = \(doctorId) AND ra.date BETWEEN \(from) AND \(to)
            UNION ALL
            SELECT ra.id, c.name, ra.session, ra.modes, ra.starts_at, ra.ends_at, ra.created_at,
                greatest(h.handed_over_at, ra.created_at), true
            FROM rota_handovers h
            JOIN rota_assignments ra ON ra.id = h.assignment_id
            JOIN clinics c ON c.id = ra.clinic_id
            WHERE h.doctor_id = \(doctorId) AND ra.date BETWEEN \(from) AND \(to)
            ORDER BY starts_at, id
            """)
        return try rows.map { row in
            CalendarSession(
                id: try row.decode(UUID.self, "id"), clinicName: try row.decode(String.self, "clinic_name"),
                session: try row.decode(String.self, "session"),
                modes: try row.decodeArray(String.self, "modes").compactMap(ConsultationMode.init(rawValue:)),
                start: try row.decode(Date.self, "starts_at"), end: try row.decode(Date.self, "ends_at"),
                created: try row.decode(Date.self, "created_at"),
                lastModified: try row.decode(Date.self, "last_modified"),
                cancelled: try row.decode(Bool.self, "cancelled"))
        }
    }
}
