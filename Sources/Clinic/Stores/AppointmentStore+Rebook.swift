import ClinicDomain
import ClinicPostgres
import Foundation

/// Displaced appointments: the work list, and rebooking each into a new appointment.
extension AppointmentStore {
    /// How far ahead rebooking looks for a free slot when none is given.
    static let rebookDays = 14
    /// The notice the console asks for when the server picks the slot: the resident is not at the desk and has to
    /// learn of the new time (by a notice, or from the desk or a grid worker) and come, and a slot starting in minutes
    /// is one they miss. The API's own default is no notice (API.md: the earliest free slot); a named slot may start
    /// sooner either way.
    static let consoleNoticeMinutes = 120
    /// The most notice a caller may ask for.
    static let maximumNoticeMinutes = 7 * 24 * 60

    /// Rebooks displaced appointment `id`: into `slotId` (its mode becomes the slot's), or else into the earliest
    /// free slot of the same mode in the resident's clinic starting `noticeMinutes` (0: any time from now) to
    /// `rebookDays` ahead, preferring a doctor who speaks one of the resident's languages. The new appointment is booked as any booking is (capacity, priority hold,
    /// no overlap); the old one becomes `rebooked`, points at it, and the resident's `rebooked` notice is written,
    /// all in the caller's transaction. The old row is locked first, so two rebookings of it never both succeed.
    ///
    /// Errors: 404 `notFound(.appointment)`; 409 `invalidTransition` (not displaced), `noSuitableSlot`, and the
    /// booking's own refusals for a given slot (`slotFull`, `slotClosed`, `slotInPast`, `slotPriorityOnly`,
    /// `overlappingAppointment`); 422 `unknownReference(slotId)`.
    static func rebook(
        _ id: UUID, slotId: UUID?, noticeMinutes: Int = 0, zone: TimeZone, on db: PostgresConnection
    ) async throws -> Appointment {
        let rows = try await db.query("SELECT \(columns) FROM appointments WHERE id = \(id) FOR UPDATE")
        guard let row = rows.first else { throw SchedulingError.notFound(.appointment) }
        let old = try appointment(row, zone: zone)
        guard old.status == .displaced else { throw SchedulingError.invalidTransition(from: old.status, action: "rebook") }
        let new: Appointment
        if let slotId {
            guard let mode = try await db.query("SELECT mode FROM slots WHERE id = \(slotId)").first
                .flatMap({ ConsultationMode(rawValue: try $0.decode(String.self, "mode")) })
            else { throw SchedulingError.unknownReference(field: "slotId") }
            new = try await book(
                NewAppointment(
                    slotId: slotId, residentId: old.residentId, mode: mode, reason: old.reason,
                    interpreter: old.interpreter),
                notice: nil, zone: zone, on: db)
        } else {
            new = try await bookEarliest(like: old, noticeMinutes: noticeMinutes, zone: zone, on: db)
        }
        try await db.query(
            """
            WITH old AS (
                UPDATE appointments SET status = 'rebooked', rebooked_to = \(new.id), updated_at = now()
                WHERE id = \(id) RETURNING starts_at)
            SELECT \(notice(.rebooked, "n", previousStart: "(SELECT starts_at FROM old)")) AS notice_id
            FROM appointments n WHERE n.id = \(new.id)
            """)
        return new
    }

    /// Books the resident of `old` into the earliest suitable slot (see `rebook`); `noSuitableSlot` when none is
    /// left.
    static func bookEarliest(
        like old: Appointment, noticeMinutes: Int = 0, zone: TimeZone, on db: PostgresConnection
    ) async throws -> Appointment {
        let booked = try await bookFirstFree(
            residentId: old.residentId, mode: old.mode,
            among: """
                s.starts_at >= now() + make_interval(mins => \(noticeMinutes)::int)
                AND s.starts_at < now() + make_interval(days => \(rebookDays)::int)
                """,
            order: """
                EXISTS (
                    SELECT 1 FROM doctors d, residents r
                    WHERE d.id = s.doctor_id AND r.id = \(old.residentId) AND d.languages && r.languages) DESC,
                s.starts_at, s.id
                """,
            reason: old.reason, interpreter: old.interpreter, notice: nil, zone: zone, on: db)
        guard let booked else { throw SchedulingError.noSuitableSlot }
        return booked
    }

    /// Displaced appointments in the caller's scope, priority residents first, then by the time they had; at most
    /// `limit`. `from`/`to` bound the clinic dates of that time.
    static func displaced(
        from: LocalDate? = nil, to: LocalDate? = nil, limit: Int = ListLimit.maximum, zone: TimeZone,
        on db: PostgresConnection
    ) async throws -> [DisplacedRow] {
        var sql: PostgresQuery = """
            SELECT a.id, a.clinic_id, a.resident_id, a.doctor_id, a.mode, a.starts_at, a.ends_at, a.displaced_at,
                r.name_bo, r.name_zh, r.name_latin, r.phone, r.languages, r.flags, ra.uncovered_reason
            FROM appointments a JOIN residents r ON r.id = a.resident_id
            LEFT JOIN slots s ON s.id = a.slot_id LEFT JOIN rota_assignments ra ON ra.id = s.assignment_id
            WHERE a.status = 'displaced'
            """
        if let from { sql.append(" AND a.starts_at >= \(ClinicDay.bounds(from: from, to: from, zone: zone).start)") }
        if let to { sql.append(" AND a.starts_at < \(ClinicDay.bounds(from: to, to: to, zone: zone).end)") }
        sql.append(" ORDER BY (r.flags <> '{}') DESC, a.starts_at, a.id LIMIT \(limit)")
        return try await db.query(sql).map { row in
            let flags = try row.decodeArray(String.self, "flags").compactMap(PriorityFlag.init(rawValue:))
            return DisplacedRow(
                appointmentId: try row.decode(UUID.self, "id"), clinicId: try row.decode(UUID.self, "clinic_id"),
                residentId: try row.decode(UUID.self, "resident_id"),
                names: ResidentNames(
                    bo: try row.decode(String?.self, "name_bo"), zh: try row.decode(String?.self, "name_zh"),
                    latin: try row.decode(String?.self, "name_latin")),
                phone: try row.decode(String?.self, "phone"), languages: try row.decodeArray(String.self, "languages"),
                flags: flags, priority: PriorityFlag.isPriority(flags), doctorId: try row.decode(UUID.self, "doctor_id"),
                mode: ConsultationMode(rawValue: try row.decode(String.self, "mode")) ?? .onsite,
                start: ZonedInstant(try row.decode(Date.self, "starts_at"), in: zone),
                end: ZonedInstant(try row.decode(Date.self, "ends_at"), in: zone),
                displacedAt: try row.decode(Date?.self, "displaced_at").map { ZonedInstant($0, in: zone) },
                reason: try row.decode(String?.self, "uncovered_reason"))
        }
    }
}
