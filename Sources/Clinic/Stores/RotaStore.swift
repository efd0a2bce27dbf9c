import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// The rota: which doctor serves which session of which clinic day. Every function here expects to run inside
/// one transaction (`PostgresPool.withTransaction`), since each reads and writes several tables.
enum RotaStore {
    static let columns: PostgresQuery =
        "ra.id, ra.clinic_id, ra.date, ra.session, ra.doctor_id, ra.modes, ra.starts_at, ra.ends_at"

    /// Generates a fair rota of clinic `clinicId` over its days from `from` through `to` (its weekdays in its zone,
    /// its closures skipped) for the county's active doctors not unavailable that day and not serving another clinic
    /// within travel time, continuing fairly from the sessions each doctor served in this clinic before `from`, and
    /// materialises the slots of every new assignment.
    ///
    /// - A range that already holds assignments is refused (`rotaAlreadyGenerated`, 409) unless `replace`.
    /// - With `replace`, assignments whose slots have any appointment (even a cancelled one: its history stays)
    ///   are kept and counted; the others and their slots are dropped and planned afresh.
    /// - Generations are serialised by a transaction-level advisory lock.
    /// Errors: 422 (`ValidationError`) for a reversed or too long range.
    static func generate(
        clinicId: UUID, from: LocalDate, to: LocalDate, replace: Bool = false, doctorsPerSession: Int = 1,
        on db: PostgresConnection
    ) async throws -> RotaGeneration {
        // One generation at a time in the whole county: a shared doctor must not be planned twice at once.
        try await db.query("SELECT pg_advisory_xact_lock(hashtext('clinic.rota'))")
        let settings = try await ClinicSettingsStore.get(clinicId, on: db)
        let closures = Set(try await ClosureStore.list(clinicId: clinicId, from: from, to: to, on: db).map(\.date))
        let days = try ClinicCalendar.clinicDays(from: from, to: to, settings: settings, closures: closures)
        let sessions = try RotaSession.sessions(on: days, settings: settings)

        let existing = try await db.query(
            """
            SELECT min(date) AS first, max(date) AS last FROM rota_assignments
            WHERE clinic_id = \(clinicId) AND date BETWEEN \(from) AND \(to)
            """)
        if let first = try existing.first?.decode(LocalDate?.self, "first"), !replace {
            throw SchedulingError.rotaAlreadyGenerated(
                first: first, last: try existing[0].decode(LocalDate.self, "last"))
        }
        if replace {
            try await db.query(
                """
                DELETE FROM rota_assignments ra WHERE ra.clinic_id = \(clinicId) AND ra.date BETWEEN \(from) AND \(to)
                  AND NOT EXISTS (SELECT 1 FROM slots s JOIN appointments a ON a.slot_id = s.id
                                  WHERE s.assignment_id = ra.id)
                """)
        }
        let kept = try await db.query(
            "SELECT \(columns) FROM rota_assignments ra WHERE ra.clinic_id = \(clinicId) AND ra.date BETWEEN \(from) AND \(to)")
        let locked = try kept.map { row in
            RotaAssignment(
                date: try row.decode(LocalDate.self, "date"), session: try row.decode(String.self, "session"),
                doctorId: try row.decode(UUID.self, "doctor_id"))
        }

        let doctors = try await rotaDoctors(clinicId: clinicId, before: from, from: from, to: to, on: db)
        let plan = RotaPlanner.generate(
            sessions: sessions, doctors: doctors.map(\.rota), locked: locked, doctorsPerSession: doctorsPerSession)

        let sessionByKey = Dictionary(
            sessions.map { (SessionKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        let modesByDoctor = Dictionary(doctors.map { ($0.rota.id, $0.modes) }, uniquingKeysWith: { first, _ in first })
        var specs: [SlotStore.AssignmentSpec] = []
        var ids: [UUID] = [], dates: [LocalDate] = [], names: [String] = [], doctorIds: [UUID] = []
        var modes: [String] = [], starts: [Date] = [], ends: [Date] = []
        for assignment in plan.assignments {
            guard let session = sessionByKey[SessionKey(date: assignment.date, session: assignment.session)] else {
                continue
            }
            let doctorModes = modesByDoctor[assignment.doctorId] ?? []
            let spec = SlotStore.AssignmentSpec(
                id: UUID.random(), date: assignment.date, session: assignment.session, doctorId: assignment.doctorId,
                modes: doctorModes)
            specs.append(spec)
            ids.append(spec.id)
            dates.append(spec.date)
            names.append(spec.session)
            doctorIds.append(spec.doctorId)
            modes.append(ConsultationMode.allCases.filter(doctorModes.contains).map(\.rawValue).joined(separator: ","))
            starts.append(session.start)
            ends.append(session.end)
        }
        if !ids.isEmpty {
            try await db.query(
                """
                INSERT INTO rota_assignments (id, clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
                SELECT id, \(clinicId), date, session, doctor_id, string_to_array(modes, ','), starts_at, ends_at
                FROM unnest(\(ids)::uuid[], \(dates)::date[], \(names)::text[], \(doctorIds)::uuid[], \(modes)::text[],
                    \(starts)::timestamptz[], \(ends)::timestamptz[])
                    AS t (id, date, session, doctor_id, modes, starts_at, ends_at)
                """)
            try await SlotStore.materialise(specs, clinicId: clinicId, settings: settings, on: db)
        }
        return RotaGeneration(
            assignments: try await list(clinicId: clinicId, from: from, to: to, zone: settings.zoneOrUTC, on: db),
            gaps: plan.gaps.map { RotaGeneration.Gap(date: $0.session.date, session: $0.session.session, missing: $0.missing) },
            kept: kept.count)
    }

    /// Assignments in a date range (inclusive), optionally one clinic's or one doctor's, by start.
    static func list(
        clinicId: UUID? = nil, from: LocalDate, to: LocalDate, doctorId: UUID? = nil, zone: TimeZone,
        on db: PostgresConnection
    ) async throws -> [RotaAssignmentRecord] {
        let rows = try await db.query(
            """
            SELECT \(columns) FROM rota_assignments ra
            WHERE ra.date BETWEEN \(from) AND \(to) AND (\(doctorId)::uuid IS NULL OR ra.doctor_id = \(doctorId))
              AND (\(clinicId)::uuid IS NULL OR ra.clinic_id = \(clinicId))
            ORDER BY ra.starts_at, ra.doctor_id
            """)
        return try rows.map { try record($0, zone: zone) }
    }

    /// `zone`: the clinic's, in which the times are given (the request's, or the settings').
    static func get(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> RotaAssignmentRecord {
        let rows = try await db.query("SELECT \(columns) FROM rota_assignments ra WHERE ra.id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.assignment) }
        return try record(row, zone: zone)
    }

    /// A swap or cover: `doctorId` takes the assignment over.
    ///
    /// 409 `doctorCannotServe` when the doctor is inactive, offers no mode, is unavailable that day, or already
    /// serves that or an overlapping session (also caught by the table's constraints under concurrency);
    /// 409 `doctorLacksBookedMode` when appointments are booked in a mode the doctor does not offer.
    /// Without any appointment the slots are planned afresh for the new doctor's modes; with some, the slots stay
    /// as they are and move to the new doctor together with the active appointments, whose residents get a
    /// `doctorChanged` notice. A session uncovered by its doctor's unavailability runs again (`SessionCancellation`).
    /// Gives the assignment as it is now and the appointments that moved to the new doctor.
    static func reassign(_ id: UUID, to doctorId: UUID, zone: TimeZone, on db: PostgresConnection) async throws
        -> (assignment: RotaAssignmentRecord, moved: [SessionCancellation.Displaced])
    {
        let current = try await db.query(
            "SELECT \(columns) FROM rota_assignments ra WHERE ra.id = \(id) FOR UPDATE")
        guard let row = current.first else { throw SchedulingError.notFound(.assignment) }
        let date = try row.decode(LocalDate.self, "date")
        let sessionName = try row.decode(String.self, "session")
        let clinicId = try row.decode(UUID.self, "clinic_id")
        if try row.decode(UUID.self, "doctor_id") == doctorId { return (try await get(id, zone: zone, on: db), []) }
        let session = RotaSession(
            date: date, session: sessionName, start: try row.decode(Date.self, "starts_at"),
            end: try row.decode(Date.self, "ends_at"))

        let doctors = try await rotaDoctors(
            clinicId: clinicId, before: date, from: date, to: date, only: doctorId, on: db)
        guard let doctor = doctors.first else { throw SchedulingError.unknownReference(field: "doctorId") }
        let theirs = try await db.query(
            """
            SELECT date, session, starts_at, ends_at FROM rota_assignments
            WHERE doctor_id = \(doctorId) AND clinic_id = \(clinicId) AND date BETWEEN \(date.adding(days: -1)) AND \(date.adding(days: 1))
            """)
        let doctorSessions = try theirs.map { r in
            RotaSession(
                date: try r.decode(LocalDate.self, "date"), session: try r.decode(String.self, "session"),
                start: try r.decode(Date.self, "starts_at"), end: try r.decode(Date.self, "ends_at"))
        }
        if let conflict = RotaPlanner.conflict(doctor: doctor.rota, session: session, doctorSessions: doctorSessions) {
            throw SchedulingError.doctorCannotServe(conflict)
        }

        let booked = try await db.query(
            """
            SELECT DISTINCT a.mode, a.status IN ('booked', 'checkedIn') AS active
            FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE s.assignment_id = \(id)
            """)
        for bookedRow in booked where try bookedRow.decode(Bool.self, "active") {
            let mode = ConsultationMode(rawValue: try bookedRow.decode(String.self, "mode")) ?? .onsite
            if !doctor.modes.contains(mode) { throw SchedulingError.doctorLacksBookedMode(mode) }
        }
        var moved: [SessionCancellation.Displaced] = []
        do {
            if booked.isEmpty {
                let modes = ConsultationMode.allCases.filter(doctor.modes.contains).map(\.rawValue)
                try await db.query("DELETE FROM slots WHERE assignment_id = \(id)")
                try await db.query(
                    """
                    UPDATE rota_assignments SET doctor_id = \(doctorId), modes = \(modes), updated_at = now()
                    WHERE id = \(id)
                    """)
                let settings = try await ClinicSettingsStore.get(clinicId, on: db)
                try await SlotStore.materialise(
                    [.init(id: id, date: date, session: sessionName, doctorId: doctorId, modes: doctor.modes)],
                    clinicId: clinicId, settings: settings, on: db)
            } else {
                try await db.query(
                    "UPDATE rota_assignments SET doctor_id = \(doctorId), updated_at = now() WHERE id = \(id)")
                try await db.query("UPDATE slots SET doctor_id = \(doctorId) WHERE assignment_id = \(id)")
                // The residents still to come hear of their new doctor.
                moved = try await db.query(
                    """
                    WITH moved AS (
                        UPDATE appointments a SET doctor_id = \(doctorId), updated_at = now()
                        FROM slots s WHERE s.id = a.slot_id AND s.assignment_id = \(id)
                          AND a.status IN ('booked', 'checkedIn')
                        RETURNING \(AppointmentStore.aColumns))
                    SELECT m.id, m.clinic_id, m.resident_id, CASE WHEN m.status = 'booked' AND m.starts_at > now()
                        THEN \(AppointmentStore.notice(.doctorChanged, "m")) END AS notice_id
                    FROM moved m
                    """
                ).map {
                    SessionCancellation.Displaced(
                        id: try $0.decode(UUID.self, "id"), clinicId: try $0.decode(UUID.self, "clinic_id"),
                        residentId: try $0.decode(UUID.self, "resident_id"))
                }
            }
            try await handOver(id, from: try row.decode(UUID.self, "doctor_id"), to: doctorId, on: db)
            try await SessionCancellation.reopenCovered(id, on: db)
        } catch let error as PostgresError where error.isConflict {
            throw SchedulingError.doctorCannotServe(
                error.sqlState == "23505"
                    ? .alreadyOnSession : error.constraint == "rota_assignments_doctor_travel" ? .busyElsewhere : .overlapping)
        }
        return (try await get(id, zone: zone, on: db), moved)
    }

    /// Remembers that `former` no longer holds assignment `id` (their calendar shows it cancelled); `doctorId`, who
    /// takes it, holds it again if they once handed it over.
    static func handOver(_ id: UUID, from former: UUID, to doctorId: UUID, on db: PostgresConnection) async throws {
        try await db.query(
            """
            WITH back AS (DELETE FROM rota_handovers WHERE assignment_id = \(id) AND doctor_id = \(doctorId))
            INSERT INTO rota_handovers (assignment_id, doctor_id) VALUES (\(id), \(former))
            ON CONFLICT (assignment_id, doctor_id) DO UPDATE SET handed_over_at = now()
            """)
    }

    /// Doctors as the planner sees them, with their unavailability in the range, their sessions in other clinics
    /// around it (widened by the county's travel time), and the sessions they served in this clinic before `before`
    /// (count and last start: fairness is per clinic), plus their modes.
    ///
    /// Reads every clinic's rota: the caller's scope must cover the county (rota generation and swaps are admin
    /// work; a clinic admin's scope sees only their own clinic, so the database's constraints then stay the
    /// last word on other clinics' sessions).
    static func rotaDoctors(
        clinicId: UUID, before: LocalDate, from: LocalDate, to: LocalDate, only: UUID? = nil, on db: PostgresConnection
    ) async throws -> [(rota: RotaDoctor, modes: Set<ConsultationMode>)] {
        let rows = try await db.query(
            """
            WITH travel AS (
                SELECT make_interval(mins => doctor_travel_minutes) AS span FROM county_settings)
            SELECT d.id, d.active, d.modes,
                (SELECT count(*) FROM rota_assignments ra
                 WHERE ra.doctor_id = d.id AND ra.clinic_id = \(clinicId) AND ra.date < \(before)) AS prior_count,
                (SELECT max(ra.starts_at) FROM rota_assignments ra
                 WHERE ra.doctor_id = d.id AND ra.clinic_id = \(clinicId) AND ra.date < \(before)) AS last_served,
                (SELECT coalesce(array_agg(extract(epoch FROM ra.starts_at - travel.span)::float8 || '/'
                                           || extract(epoch FROM ra.ends_at + travel.span)::float8), '{}')
                 FROM doctor_sessions_elsewhere(\(clinicId), \(from.adding(days: -1)), \(to.adding(days: 1))) ra
                 WHERE ra.doctor_id = d.id) AS elsewhere,
                (SELECT coalesce(array_agg(lower(u.period)::text || '/' || (upper(u.period) - 1)::text), '{}')
                 FROM doctor_unavailability u
                 WHERE u.doctor_id = d.id AND u.period && daterange(\(from), \(to), '[]')) AS unavailable
            FROM doctors d CROSS JOIN travel WHERE (\(only)::uuid IS NULL OR d.id = \(only))
            ORDER BY d.id
            """)
        return try rows.map { row in
            let modes = Set(try row.decodeArray(String.self, "modes").compactMap(ConsultationMode.init(rawValue:)))
            let periods = try row.decodeArray(String.self, "unavailable").compactMap { text -> ClosedRange<LocalDate>? in
                let parts = text.split(separator: "/")
                guard parts.count == 2, let first = LocalDate(parts[0]), let last = LocalDate(parts[1]) else {
                    return nil
                }
                return first...last
            }
            let rota = RotaDoctor(
                id: try row.decode(UUID.self, "id"), active: try row.decode(Bool.self, "active"), modes: modes,
                priorCount: try row.decode(Int.self, "prior_count"),
                lastServed: try row.decode(Date?.self, "last_served"), unavailable: periods,
                busyElsewhere: try row.decodeArray(String.self, "elsewhere").compactMap { text -> Range<Date>? in
                    let parts = text.split(separator: "/").compactMap { Double($0) }
                    guard parts.count == 2, parts[0] < parts[1] else { return nil }
                    return Date(timeIntervalSince1970: parts[0])..<Date(timeIntervalSince1970: parts[1])
                })
            return (rota, modes)
        }
    }

    static func record(_ row: PostgresRow, zone: TimeZone) throws -> RotaAssignmentRecord {
        RotaAssignmentRecord(
            id: try row.decode(UUID.self, "id"), date: try row.decode(LocalDate.self, "date"),
            session: try row.decode(String.self, "session"), doctorId: try row.decode(UUID.self, "doctor_id"),
            modes: try row.decodeArray(String.self, "modes").compactMap(ConsultationMode.init(rawValue:)),
            start: ZonedInstant(try row.decode(Date.self, "starts_at"), in: zone),
            end: ZonedInstant(try row.decode(Date.self, "ends_at"), in: zone),
            clinicId: try row.decode(UUID.self, "clinic_id"))
    }
}
