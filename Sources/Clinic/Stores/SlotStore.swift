import ClinicDomain
import ClinicPostgres
import Foundation

/// Slots: concrete, queryable rows that follow from the rota and the clinic's settings.
enum SlotStore {
    static let columns: PostgresQuery = """
        s.id, s.clinic_id, s.doctor_id, s.date, s.session, s.mode, s.starts_at, s.ends_at, s.capacity, s.booked,
        s.priority_reserved, s.closed
        """

    /// One rota assignment, as `materialise` needs it.
    struct AssignmentSpec {
        var id: UUID
        var date: LocalDate
        var session: String
        var doctorId: UUID
        var modes: Set<ConsultationMode>
    }

    /// Inserts the slots `SlotPlanner` plans for each assignment, in one statement. An assignment whose session is
    /// no longer in the settings gets none.
    static func materialise(
        _ assignments: [AssignmentSpec], clinicId: UUID, settings: ClinicSettings, on db: PostgresConnection
    ) async throws
    {
        var ids: [UUID] = [], doctors: [UUID] = [], dates: [LocalDate] = [], sessions: [String] = []
        var modes: [String] = [], starts: [Date] = [], ends: [Date] = [], capacities: [Int] = [], held: [Bool] = []
        for assignment in assignments {
            guard let session = settings.session(named: assignment.session) else { continue }
            let planned = try SlotPlanner.slots(
                date: assignment.date, session: session, modes: assignment.modes, settings: settings)
            for slot in planned {
                ids.append(assignment.id)
                doctors.append(assignment.doctorId)
                dates.append(assignment.date)
                sessions.append(assignment.session)
                modes.append(slot.mode.rawValue)
                starts.append(slot.start)
                ends.append(slot.end)
                capacities.append(slot.capacity)
                held.append(slot.priorityOnly)
            }
        }
        guard !ids.isEmpty else { return }
        try await db.query(
            """
            INSERT INTO slots (clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity,
                priority_reserved)
            SELECT \(clinicId), * FROM unnest(\(ids)::uuid[], \(doctors)::uuid[], \(dates)::date[], \(sessions)::text[],
                \(modes)::text[], \(starts)::timestamptz[], \(ends)::timestamptz[], \(capacities)::int8[],
                \(held)::bool[])
            """)
    }

    /// Slots in a date range with the filters of `GET /v1/slots`, by start time, one keyset page at a time.
    /// `priorityOnly` is judged at `now` against the clinic's `priorityHoldHours`.
    /// `clinics`: the clinics' settings if the caller has them (the server's cache); read here otherwise.
    static func list(
        _ query: SlotQuery, clinics known: ClinicDirectory? = nil, now: Date = Date(), on db: PostgresConnection
    ) async throws -> Page<Slot> {
        let limit = try ListLimit.checked(query.limit)
        guard query.from <= query.to else { throw ValidationError(field: "to", message: "must not be before from") }
        let clinics = if let known { known } else { ClinicDirectory(try await ClinicSettingsStore.all(on: db)) }
        var sql: PostgresQuery = "SELECT \(columns) FROM slots s"
        if let language = query.language {  // the doctors are read only for this filter
            sql.append(" JOIN doctors d ON d.id = s.doctor_id AND d.languages @> ARRAY[\(language)]::text[]")
        }
        sql.append(" WHERE s.date BETWEEN \(query.from) AND \(query.to)")
        if let clinics = query.clinics, clinics.count == 1 {
            sql.append(" AND s.clinic_id = \(clinics[0])")
        } else if let clinics = query.clinics {
            sql.append(" AND s.clinic_id = ANY(\(clinics)::uuid[])")
        }
        if let mode = query.mode { sql.append(" AND s.mode = \(mode.rawValue)") }
        if let doctorId = query.doctorId { sql.append(" AND s.doctor_id = \(doctorId)") }
        if query.availableOnly { sql.append(" AND s.booked < s.capacity AND s.starts_at > \(now) AND NOT s.closed") }
        if let cursor = query.cursor {
            guard let key = KeysetCursor.decodeKey(cursor), let start = PostgresTimestamp.parse(key.sort) else {
                throw ValidationError.badCursor
            }
            sql.append(" AND (s.starts_at, s.id) > (\(start), \(key.id))")
        }
        sql.append(" ORDER BY s.starts_at, s.id LIMIT \(limit + 1)")
        // The booking screen's read: prepared, since its text is one of the few dozen the filters above can make.
        let rows = try await db.query(sql, prepare: true)
        // The directory is asked when the clinic changes, not per row: a page is nearly always one clinic's, and the
        // directory's lock and copies were a twentieth of the CPU of a list of slots.
        var current: (id: UUID, settings: ClinicSettings, zone: TimeZone)?
        let items = try rows.prefix(limit).map { row in
            let clinic = try row.decode(UUID.self, "clinic_id")
            let known =
                if let current, current.id == clinic { current } else {
                    (id: clinic, settings: clinics.settings(clinic), zone: clinics.zone(clinic))
                }
            current = known
            return try slot(row, settings: known.settings, zone: known.zone, now: now)
        }
        let next = rows.count > limit
            ? items.last.map { KeysetCursor.encode(KeysetKey(sort: PostgresTimestamp.format($0.start.date), id: $0.id)) }
            : nil
        return Page(items: items, nextCursor: next)
    }

    static func get(_ id: UUID, now: Date = Date(), on db: PostgresConnection) async throws -> Slot {
        let rows = try await db.query("SELECT \(columns) FROM slots s WHERE s.id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.slot) }
        let settings = try await ClinicSettingsStore.get(try row.decode(UUID.self, "clinic_id"), on: db)
        return try slot(row, settings: settings, zone: settings.zoneOrUTC, now: now)
    }

    static func slot(_ row: PostgresRow, settings: ClinicSettings, zone: TimeZone, now: Date) throws -> Slot {
        let start = try row.decode(Date.self, "starts_at")
        return Slot(
            id: try row.decode(UUID.self, "id"), doctorId: try row.decode(UUID.self, "doctor_id"),
            date: try row.decode(LocalDate.self, "date"), session: try row.decode(String.self, "session"),
            mode: ConsultationMode(rawValue: try row.decode(String.self, "mode")) ?? .onsite,
            start: ZonedInstant(start, in: zone), end: ZonedInstant(try row.decode(Date.self, "ends_at"), in: zone),
            capacity: try row.decode(Int.self, "capacity"), booked: try row.decode(Int.self, "booked"),
            priorityOnly: SlotPlanner.isReservedForPriority(
                plannedPriorityOnly: try row.decode(Bool.self, "priority_reserved"), slotStart: start, now: now,
                holdHours: settings.priorityHoldHours),
            clinicId: try row.decode(UUID.self, "clinic_id"), closed: try row.decode(Bool.self, "closed"))
    }
}
