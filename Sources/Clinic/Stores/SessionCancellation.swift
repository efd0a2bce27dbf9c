import ClinicDomain
import ClinicPostgres
import Foundation

/// Sessions that will not run, and the bookings on them. A closure of a clinic's day or a doctor's unavailability
/// marks each of its rostered sessions uncovered and closes their slots, and turns every future booked appointment
/// on them into `displaced` (its seat given back, its notice written), all in the caller's transaction. Removing a
/// closure, or a swap or cover, reopens a session.
enum SessionCancellation {
    /// Why a session will not run (`rota_assignments.uncovered_reason`).
    enum Cause: String, Sendable {
        case closure, unavailable
    }

    /// The sessions a change reaches.
    enum Sessions: Sendable {
        /// Every session of one clinic on one date.
        case clinicDay(clinicId: UUID, date: LocalDate)
        /// Every session of one doctor, in any clinic, on the dates from `from` through `to`.
        case doctorDays(doctorId: UUID, from: LocalDate, to: LocalDate)

        var predicate: PostgresQuery {
            switch self {
            case .clinicDay(let clinicId, let date): "ra.clinic_id = \(clinicId) AND ra.date = \(date)"
            case .doctorDays(let doctorId, let from, let to):
                "ra.doctor_id = \(doctorId) AND ra.date BETWEEN \(from) AND \(to)"
            }
        }
    }

    /// A displaced appointment, the clinic it is in (so a caller lists only those it may see) and its resident (whom
    /// the change's audit rows name).
    struct Displaced: Sendable, Equatable {
        var id: UUID
        var clinicId: UUID
        var residentId: UUID
    }

    /// The booked appointments that uncovering `sessions` would displace, by start; changes nothing (a dry run).
    /// Reads every clinic: run it as `uncover` would be.
    static func affected(_ sessions: Sessions, on db: PostgresConnection) async throws -> [Displaced] {
        try await ClinicScope.countyWide(on: db) {
            try await db.query(
                """
                SELECT a.id, a.clinic_id, a.resident_id FROM rota_assignments ra
                JOIN slots s ON s.assignment_id = ra.id JOIN appointments a ON a.slot_id = s.id
                WHERE \(sessions.predicate) AND a.status = 'booked' AND a.starts_at > now()
                ORDER BY a.starts_at, a.id
                """
            ).map(displaced)
        }
    }

    /// Marks `sessions` uncovered for `cause` (one already uncovered keeps its first cause), closes their slots and
    /// displaces their future booked appointments, each with its `displaced` notice. Returns them, by start.
    ///
    /// The slots are locked (closed) before the appointments are read, so a booking racing the change either
    /// committed before it, and is displaced, or finds the slot closed: none stays booked on a session that will
    /// not run. Runs with every clinic in scope, since a doctor's sessions lie in several.
    static func uncover(_ sessions: Sessions, cause: Cause, on db: PostgresConnection) async throws -> [Displaced] {
        try await ClinicScope.countyWide(on: db) {
            let assignments = try await db.query(
                """
                UPDATE rota_assignments ra SET uncovered_reason = coalesce(ra.uncovered_reason, \(cause.rawValue)),
                    updated_at = now()
                WHERE \(sessions.predicate) RETURNING ra.id
                """
            ).map { try $0.decode(UUID.self, "id") }
            guard !assignments.isEmpty else { return [] }
            try await db.query("UPDATE slots SET closed = true WHERE assignment_id = ANY(\(assignments)::uuid[])")
            return try await db.query(
                """
                WITH displaced AS (
                    UPDATE appointments a SET status = 'displaced', displaced_at = now(), updated_at = now()
                    FROM slots s
                    WHERE s.id = a.slot_id AND s.assignment_id = ANY(\(assignments)::uuid[]) AND a.status = 'booked'
                      AND a.starts_at > now()
                    RETURNING \(AppointmentStore.aColumns)),
                freed AS (
                    UPDATE slots s SET booked = s.booked - n.count
                    FROM (SELECT slot_id, count(*)::int AS count FROM displaced GROUP BY slot_id) n
                    WHERE s.id = n.slot_id)
                SELECT d.id, d.clinic_id, d.resident_id, \(AppointmentStore.notice(.displaced, "d")) AS notice_id
                FROM displaced d ORDER BY d.starts_at, d.id
                """
            ).map(displaced)
        }
    }

    /// After clinic `clinicId`'s closure on `date` is removed: its sessions uncovered by the closure run again,
    /// unless their doctor is unavailable that day, and their slots reopen. Displaced appointments stay displaced
    /// (their residents were told; staff rebook them, perhaps into the reopened session).
    static func reopenClinicDay(clinicId: UUID, date: LocalDate, on db: PostgresConnection) async throws {
        try await db.query(
            """
            WITH reopened AS (
                UPDATE rota_assignments ra SET updated_at = now(),
                    uncovered_reason = CASE WHEN EXISTS (
                        SELECT 1 FROM doctor_unavailability u WHERE u.doctor_id = ra.doctor_id AND u.period @> ra.date)
                        THEN 'unavailable' END
                WHERE ra.clinic_id = \(clinicId) AND ra.date = \(date) AND ra.uncovered_reason = 'closure'
                RETURNING ra.id, ra.uncovered_reason)
            UPDATE slots s SET closed = false FROM reopened r
            WHERE s.assignment_id = r.id AND r.uncovered_reason IS NULL
            """)
    }

    /// A swap or cover of assignment `id`: the session runs again unless its clinic is closed that day.
    static func reopenCovered(_ id: UUID, on db: PostgresConnection) async throws {
        try await db.query(
            """
            WITH covered AS (
                UPDATE rota_assignments ra SET updated_at = now(),
                    uncovered_reason = CASE WHEN EXISTS (
                        SELECT 1 FROM closures c WHERE c.clinic_id = ra.clinic_id AND c.date = ra.date)
                        THEN 'closure' END
                WHERE ra.id = \(id) AND ra.uncovered_reason IS NOT NULL
                RETURNING ra.id, ra.uncovered_reason)
            UPDATE slots s SET closed = c.uncovered_reason IS NOT NULL FROM covered c WHERE s.assignment_id = c.id
            """)
    }

    private static func displaced(_ row: PostgresRow) throws -> Displaced {
        Displaced(
            id: try row.decode(UUID.self, "id"), clinicId: try row.decode(UUID.self, "clinic_id"),
            residentId: try row.decode(UUID.self, "resident_id"))
    }
}
