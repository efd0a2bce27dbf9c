import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// Appointments. Capacity and overlap are the database's to guarantee: a seat is taken by one conditional
/// `UPDATE slots SET booked = booked + 1 WHERE … booked < capacity …` (which row-locks the slot, so concurrent
/// bookings queue on it and re-check the condition), in the same statement as the appointment's INSERT, whose
/// exclusion constraint refuses an overlapping active appointment of the same resident. Each change below is a
/// single statement, so it is atomic on its own and also composes inside a caller's transaction (e.g. with an
/// audit row). When a statement fails, the caller's transaction is aborted and must be rolled back.
enum AppointmentStore {
    static let columns: PostgresQuery = """
        id, clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at, status, reason, interpreter, walk_in,
        cancel_reason, created_at, rebooked_to
        """

    /// `columns` of the appointments row aliased `a`.
    static let aColumns: PostgresQuery = """
        a.id, a.clinic_id, a.slot_id, a.resident_id, a.doctor_id, a.mode, a.starts_at, a.ends_at, a.status, a.reason,
        a.interpreter, a.walk_in, a.cancel_reason, a.created_at, a.rebooked_to
        """

    /// The call that writes the notice of `kind` about the appointment row `alias` (with `columns`), in the statement
    /// that changed it: `appointment_notice` (migration 0015) picks the language and the recipient.
    static func notice(_ kind: NoticeKind, _ alias: String, previousStart: PostgresQuery = "NULL") -> PostgresQuery {
        let a = PostgresQuery(unsafeSQL: alias)
        return """
            appointment_notice(\(kind.rawValue), \(a).clinic_id, \(a).id, \(a).resident_id, \(a).doctor_id, \(a).mode,
                \(a).starts_at, \(a).ends_at, \(previousStart))
            """
    }

    /// The seat-taking condition on slot `s`; `priority` is a boolean SQL expression for the resident.
    static func seatCondition(priority: PostgresQuery) -> PostgresQuery {
        """
        s.booked < s.capacity AND s.starts_at > now() AND NOT s.closed
        AND (NOT s.priority_reserved OR \(priority)
             OR now() >= s.starts_at
                 - make_interval(hours => (SELECT priority_hold_hours FROM clinics WHERE id = s.clinic_id)))
        """
    }

    /// Books `input.residentId` into `input.slotId`, inside the caller's transaction.
    ///
    /// One prepared statement (`bookingStatement`), which also names a refusal. `POST /v1/appointments` sends the
    /// same statement with its audit row and `COMMIT` in one round trip instead (`ClinicServices.auditedStatement`).
    ///
    /// Errors: 422 `ValidationError` (reason, interpreter), `unknownReference` (slotId, residentId), `modeMismatch`;
    /// 409 `slotFull`, `slotInPast`, `slotPriorityOnly` (a held slot and a resident without flags),
    /// `overlappingAppointment` (SQLSTATE 23P01).
    /// `notice`: the notice the booking writes in its statement; a walk-in (the resident is at the desk) and a
    /// rebooking (which writes its own) pass nil.
    /// `greenChannel`: book as a priority resident whatever the flags (a doctor request from an outreach visit).
    static func book(
        _ input: NewAppointment, walkIn: Bool = false, notice kind: NoticeKind? = .booked, greenChannel: Bool = false,
        zone: TimeZone, on db: PostgresConnection
    ) async throws -> Appointment {
        let statement = try bookingStatement(
            input, id: UUID.random(), walkIn: walkIn, notice: kind, greenChannel: greenChannel)
        return try booked(try await overlapNamed { try await db.query(statement, prepare: true) }, zone: zone)
    }

    /// The appointment `bookingStatement` answered, or the refusal it named.
    static func booked(_ rows: PostgresRows, zone: TimeZone) throws -> Appointment {
        guard let row = rows.first else {
            throw PostgresError(kind: .decoding, message: "the booking statement answered no row")
        }
        if let refused = try row.text("refused") { throw refusal(named: refused) }
        return try appointment(row, zone: zone)
    }

    /// The refusal `bookingStatement` named when it booked nothing (a row without one: full).
    static func refusal(in rows: PostgresRows) -> SchedulingError {
        refusal(named: (try? rows.first?.text("refused")) ?? "full")
    }

    /// A refusal by the name `bookingStatement` gives it.
    static func refusal(named name: String) -> SchedulingError {
        switch name {
        case "unknownResident": .unknownReference(field: "residentId")
        case "unknownSlot": .unknownReference(field: "slotId")
        case "modeMismatch": .modeMismatch
        case "past": .slotInPast
        case "closed": .slotClosed
        case "priorityOnly": .slotPriorityOnly
        default: .slotFull
        }
    }

    /// The booking statement: the appointment `id` (chosen by the caller, so that an audit row sent with it can name
    /// it) if the seat was free for this resident, else a row whose `refused` names why (`refusal(named:)`), read in
    /// the same statement: a slot of another clinic than the resident's is an unknown slot (a resident is seen in
    /// their own health room), and a seat taken by a concurrent booking reads as full. The resident's priority and
    /// clinic are read inside it, and the notice is written in it. Throws `ValidationError` (reason, interpreter).
    static func bookingStatement(
        _ input: NewAppointment, id: UUID, walkIn: Bool = false, notice kind: NoticeKind? = .booked,
        greenChannel: Bool = false
    ) throws -> PostgresQuery {
        try input.validate()
        let written: PostgresQuery = (walkIn ? nil : kind).map { notice($0, "b") } ?? "NULL"
        return """
            WITH resident AS (
                SELECT clinic_id, flags <> '{}' OR \(greenChannel) AS priority FROM residents
                WHERE id = \(input.residentId)),
            taken AS (
                UPDATE slots s SET booked = s.booked + 1
                WHERE s.id = \(input.slotId) AND s.mode = \(input.mode.rawValue)
                  AND s.clinic_id = (SELECT clinic_id FROM resident)
                  AND \(seatCondition(priority: "(SELECT priority FROM resident)"))
                RETURNING s.id, s.clinic_id, s.doctor_id, s.mode, s.starts_at, s.ends_at),
            booked AS (
                INSERT INTO appointments (id, clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at,
                    reason, interpreter, walk_in)
                SELECT \(id), clinic_id, id, \(input.residentId), doctor_id, mode, starts_at, ends_at,
                    \(clean(input.reason)), \(input.interpreter), \(walkIn)
                FROM taken
                RETURNING \(columns)),
            noticed AS (SELECT b.*, \(written) AS notice_id FROM booked b),
            refusal AS (
                SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM resident) THEN 'unknownResident'
                    ELSE \(refusalReason(
                        mode: input.mode, clinic: "(SELECT clinic_id FROM resident)",
                        priority: "(SELECT priority FROM resident)")) END AS refused
                FROM (SELECT 1) AS one LEFT JOIN slots s ON s.id = \(input.slotId)
                WHERE NOT EXISTS (SELECT 1 FROM booked))
            SELECT n.*, r.refused FROM noticed n FULL JOIN refusal r ON false
            """
    }

    /// True once the appointment `id` exists: whether a booking whose answer was lost committed.
    static func exists(_ id: UUID) -> PostgresQuery {
        "EXISTS (SELECT 1 FROM appointments WHERE id = \(id))"
    }

    /// True when this transaction wrote the appointment `id` (its row's `xmin`): the condition on which a booking's
    /// audit row, sent with it, is written. Not `exists`: a booking run again after a lost `COMMIT` may find the
    /// appointment written by its first run, and must not audit what it did not do. The booking statement writes in
    /// the top-level transaction (no savepoint, no PL/pgSQL exception block on its path), whose id `xmin` then holds.
    static func bookedHere(_ id: UUID) -> PostgresQuery {
        "EXISTS (SELECT 1 FROM appointments WHERE id = \(id) AND xmin = pg_current_xact_id()::xid)"
    }

    /// Runs `work`, naming an exclusion violation (SQLSTATE 23P01: the resident has an overlapping appointment).
    static func overlapNamed<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as PostgresError where error.sqlState == "23P01" {
            throw SchedulingError.overlappingAppointment
        }
    }

    /// Why a seat could not be taken, read after the conditional update found nothing to change. The update
    /// decided; this only names the reason (a seat freed in between still reads as full).
    static func refusal(
        slotId: UUID, mode: ConsultationMode?, isPriority: Bool, residentId: UUID, on db: PostgresConnection
    ) async throws -> SchedulingError {
        let rows = try await db.query(
            """
            SELECT \(refusalReason(
                mode: mode, clinic: "(SELECT clinic_id FROM residents WHERE id = \(residentId))",
                priority: "\(isPriority)")) AS refused
            FROM (SELECT 1) AS one LEFT JOIN slots s ON s.id = \(slotId)
            """)
        return refusal(in: rows)
    }

    /// Why slot `s` (left-joined: its columns are NULL when there is no such slot) has no seat for a resident of
    /// `clinic` whose priority is `priority` (SQL expressions), as `refusal(named:)` names it, in this order: unknown
    /// (also a slot of another clinic: a resident is seen in their own health room), another `mode` (unless nil),
    /// past, closed, held for priority residents, else full.
    static func refusalReason(mode: ConsultationMode?, clinic: PostgresQuery, priority: PostgresQuery) -> PostgresQuery {
        let modeDiffers: PostgresQuery = mode.map { "s.mode <> \($0.rawValue)" } ?? "false"
        return """
            CASE
                WHEN s.id IS NULL OR s.clinic_id IS DISTINCT FROM \(clinic) THEN 'unknownSlot'
                WHEN \(modeDiffers) THEN 'modeMismatch'
                WHEN s.starts_at <= now() THEN 'past'
                WHEN s.closed THEN 'closed'
                WHEN s.priority_reserved AND NOT \(priority)
                    AND now() < s.starts_at
                        - make_interval(hours => (SELECT priority_hold_hours FROM clinics WHERE id = s.clinic_id))
                    THEN 'priorityOnly'
                ELSE 'full' END
            """
    }

    static func residentPriority(_ residentId: UUID, on db: PostgresConnection) async throws -> Bool {
        let rows = try await db.query("SELECT flags <> '{}' AS priority FROM residents WHERE id = \(residentId)")
        guard let row = rows.first else { throw SchedulingError.unknownReference(field: "residentId") }
        return try row.decode(Bool.self, "priority")
    }

    /// `zone`: the clinic's, in which the times are given (here and below: the request's, or the settings').
    static func get(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> Appointment {
        let rows = try await db.query("SELECT \(columns) FROM appointments WHERE id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.appointment) }
        return try appointment(row, zone: zone)
    }

    /// `booked → cancelled`; the seat becomes bookable again.
    static func cancel(_ id: UUID, reason: String?, zone: TimeZone, on db: PostgresConnection) async throws
        -> Appointment
    {
        try await transition(id, to: .cancelled, action: "cancel", reason: reason, zone: zone, on: db)
    }

    /// `booked → checkedIn`.
    static func checkIn(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> Appointment {
        try await transition(id, to: .checkedIn, action: "check in", zone: zone, on: db)
    }

    /// `booked → noShow`; the seat is given back (a walk-in may take it).
    static func noShow(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> Appointment {
        try await transition(id, to: .noShow, action: "mark as no-show", zone: zone, on: db)
    }

    /// `checkedIn → completed`.
    static func complete(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> Appointment {
        try await transition(id, to: .completed, action: "complete", zone: zone, on: db)
    }

    /// Moves the appointment from `from` to `next` (the one status `AppointmentStatus.canTransition` allows to
    /// reach it) and frees the seat when `next` no longer occupies it, in one statement.
    /// Errors: `notFound(.appointment)` 404, `invalidTransition` 409.
    static func transition(
        _ id: UUID, to next: AppointmentStatus, action: String, reason: String? = nil, zone: TimeZone,
        on db: PostgresConnection
    ) async throws -> Appointment {
        let allowed = AppointmentStatus.allCases.filter { $0.canTransition(to: next) }
        let allowedFrom = allowed.map(\.rawValue)
        // The seat is given back when the appointment held one and no longer does (a displaced one gave it back).
        let freeingFrom = next.occupiesSlot ? [] : allowed.filter(\.occupiesSlot).map(\.rawValue)
        let written: PostgresQuery = next == .cancelled ? notice(.cancelled, "c") : "NULL"
        let rows = try await db.query(
            """
            WITH prior AS (
                SELECT id, status FROM appointments WHERE id = \(id) AND status = ANY(\(allowedFrom)::text[]) FOR UPDATE),
            changed AS (
                UPDATE appointments a SET status = \(next.rawValue), updated_at = now(),
                    cancel_reason = CASE WHEN \(next == .cancelled) THEN \(clean(reason)) ELSE a.cancel_reason END,
                    cancelled_at = CASE WHEN \(next == .cancelled) THEN now() ELSE a.cancelled_at END,
                    checked_in_at = CASE WHEN \(next == .checkedIn) THEN now() ELSE a.checked_in_at END,
                    completed_at = CASE WHEN \(next == .completed) THEN now() ELSE a.completed_at END
                FROM prior WHERE a.id = prior.id
                RETURNING \(aColumns), prior.status AS previous_status),
            freed AS (
                UPDATE slots SET booked = booked - 1 FROM changed
                WHERE slots.id = changed.slot_id AND changed.previous_status = ANY(\(freeingFrom)::text[])
                RETURNING slots.id)
            SELECT c.*, \(written) AS notice_id FROM changed c
            """)
        guard let row = rows.first else {
            let current = try await db.query("SELECT status FROM appointments WHERE id = \(id)")
            guard let status = try current.first?.decode(String.self, "status") else {
                throw SchedulingError.notFound(.appointment)
            }
            throw SchedulingError.invalidTransition(from: AppointmentStatus(rawValue: status) ?? .booked, action: action)
        }
        return try appointment(row, zone: zone)
    }

    /// Moves a booked appointment to `slotId`: the new seat is taken and the old one freed in one statement, or
    /// nothing changes. The mode becomes the new slot's.
    /// Errors: 404 `notFound(.appointment)`; 409 `invalidTransition` (not booked), `sameSlot`, `slotFull`,
    /// `slotInPast`, `slotPriorityOnly`, `overlappingAppointment`; 422 `unknownReference(slotId)`.
    static func reschedule(_ id: UUID, to slotId: UUID, zone: TimeZone, on db: PostgresConnection) async throws
        -> Appointment
    {
        let rows = try await overlapNamed {
            try await db.query(
                """
                WITH appt AS (
                    SELECT a.id, a.clinic_id, a.slot_id, a.resident_id, a.starts_at FROM appointments a
                    WHERE a.id = \(id) AND a.status = 'booked' FOR UPDATE),
                taken AS (
                    UPDATE slots s SET booked = s.booked + 1 FROM appt
                    WHERE s.id = \(slotId) AND s.id <> appt.slot_id AND s.clinic_id = appt.clinic_id
                      AND \(seatCondition(priority: "EXISTS (SELECT 1 FROM residents r WHERE r.id = appt.resident_id AND r.flags <> '{}')"))
                    RETURNING s.id, s.doctor_id, s.mode, s.starts_at, s.ends_at),
                freed AS (
                    UPDATE slots s SET booked = s.booked - 1 FROM appt, taken
                    WHERE s.id = appt.slot_id
                    RETURNING s.id),
                moved AS (
                    UPDATE appointments a SET slot_id = taken.id, doctor_id = taken.doctor_id, mode = taken.mode,
                        starts_at = taken.starts_at, ends_at = taken.ends_at, updated_at = now()
                    FROM taken, appt WHERE a.id = appt.id
                    RETURNING \(aColumns), appt.starts_at AS previous_starts_at)
                SELECT m.*, \(notice(.rescheduled, "m", previousStart: "m.previous_starts_at")) AS notice_id FROM moved m
                """)
        }
        guard let row = rows.first else {
            let current = try await db.query(
                """
                SELECT a.status, a.slot_id, a.resident_id, r.flags <> '{}' AS priority
                FROM appointments a JOIN residents r ON r.id = a.resident_id WHERE a.id = \(id)
                """)
            guard let existing = current.first else { throw SchedulingError.notFound(.appointment) }
            let status = AppointmentStatus(rawValue: try existing.decode(String.self, "status")) ?? .booked
            guard status.canReschedule else { throw SchedulingError.invalidTransition(from: status, action: "reschedule") }
            if try existing.decode(UUID.self, "slot_id") == slotId { throw SchedulingError.sameSlot }
            throw try await refusal(
                slotId: slotId, mode: nil, isPriority: try existing.decode(Bool.self, "priority"),
                residentId: try existing.decode(UUID.self, "resident_id"), on: db)
        }
        return try appointment(row, zone: zone)
    }

    /// A walk-in: the next on-site slot today (in the clinic's zone) that has not started, has a seat, is open to
    /// this resident and does not overlap their appointments; otherwise a place in today's queue.
    /// Errors: 422 `unknownReference(residentId)`; 409 `alreadyQueued`, `overlappingAppointment` (a race).
    static func walkIn(
        residentId: UUID, reason: String?, now: Date = Date(), zone: TimeZone, on db: PostgresConnection
    ) async throws -> WalkInOutcome {
        let today = LocalDate(now, in: zone)
        if let booked = try await bookFirstFree(
            residentId: residentId, mode: .onsite, among: "s.date = \(today)", order: "s.starts_at, s.id",
            reason: reason, walkIn: true, notice: nil, zone: zone, on: db)
        {
            return .booked(booked)
        }
        let rows = try await db.query(
            """
            INSERT INTO walk_in_queue (clinic_id, resident_id, date, mode, reason)
            SELECT clinic_id, id, \(today), 'onsite', \(clean(reason)) FROM residents WHERE id = \(residentId)
            ON CONFLICT (clinic_id, date, resident_id) WHERE status = 'waiting' DO NOTHING
            RETURNING id, clinic_id, created_at,
                (SELECT count(*) + 1 FROM walk_in_queue q
                 WHERE q.clinic_id = walk_in_queue.clinic_id AND q.date = \(today) AND q.status = 'waiting') AS position
            """)
        guard let row = rows.first else { throw SchedulingError.alreadyQueued }
        return .queued(
            WalkInQueueEntry(
                id: try row.decode(UUID.self, "id"), residentId: residentId, date: today, mode: .onsite,
                reason: clean(reason), position: try row.decode(Int.self, "position"),
                createdAt: ZonedInstant(try row.decode(Date.self, "created_at"), in: zone),
                clinicId: try row.decode(UUID.self, "clinic_id")))
    }

    /// Books the resident into the first free slot of `mode` in their clinic that the condition `among` (on slot
    /// `s`) admits, in `order`: one with a seat open to them (`seatCondition`) and not overlapping their active
    /// appointments. A slot taken or closed meanwhile is passed over for the next; nil when none is left.
    /// Walk-ins and rebooking find their slot this way.
    static func bookFirstFree(
        residentId: UUID, mode: ConsultationMode, among condition: PostgresQuery, order: PostgresQuery,
        reason: String?, interpreter: String? = nil, walkIn: Bool = false, notice kind: NoticeKind?, zone: TimeZone,
        on db: PostgresConnection
    ) async throws -> Appointment? {
        let isPriority = try await residentPriority(residentId, on: db)
        let candidates = try await db.query(
            """
            SELECT s.id FROM slots s
            WHERE \(condition) AND s.mode = \(mode.rawValue) AND \(seatCondition(priority: "\(isPriority)"))
              AND s.clinic_id = (SELECT clinic_id FROM residents WHERE id = \(residentId))
              AND NOT EXISTS (
                  SELECT 1 FROM appointments a
                  WHERE a.resident_id = \(residentId) AND a.status IN ('booked', 'checkedIn')
                    AND tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at))
            ORDER BY \(order) LIMIT 20
            """)
        for candidate in candidates {
            let input = NewAppointment(
                slotId: try candidate.decode(UUID.self, "id"), residentId: residentId, mode: mode, reason: reason,
                interpreter: interpreter)
            do {
                return try await book(input, walkIn: walkIn, notice: kind, zone: zone, on: db)
            } catch SchedulingError.slotFull, SchedulingError.slotInPast, SchedulingError.slotPriorityOnly,
                SchedulingError.slotClosed
            {
                continue  // taken or closed meanwhile
            }
        }
        return nil
    }

    /// The residents waiting in clinic `clinicId`'s walk-in queue of `date`, first come first.
    static func walkInQueue(clinicId: UUID, date: LocalDate, zone: TimeZone, on db: PostgresConnection) async throws
        -> [WalkInQueueEntry]
    {
        let rows = try await db.query(
            """
            SELECT id, clinic_id, resident_id, date, mode, reason, created_at,
                row_number() OVER (ORDER BY created_at, id)::int AS position
            FROM walk_in_queue WHERE clinic_id = \(clinicId) AND date = \(date) AND status = 'waiting'
            ORDER BY created_at, id
            """)
        return try rows.map { try walkInQueueEntry($0, zone: zone) }
    }

    /// A waiting walk-in who went home. Returns the resident; 404 when nobody waits under `id`.
    @discardableResult
    static func leaveWalkInQueue(_ id: UUID, on db: PostgresConnection) async throws -> UUID {
        let rows = try await db.query(
            "UPDATE walk_in_queue SET status = 'left' WHERE id = \(id) AND status = 'waiting' RETURNING resident_id")
        guard let row = rows.first else { throw SchedulingError.notFound(.walkIn) }
        return try row.decode(UUID.self, "resident_id")
    }

    /// Appointments by start time with the filters of `GET /v1/appointments`, one keyset page at a time.
    static func list(_ query: AppointmentQuery, zone: TimeZone, on db: PostgresConnection) async throws
        -> Page<Appointment>
    {
        let limit = try ListLimit.checked(query.limit)
        var sql: PostgresQuery = "SELECT \(columns) FROM appointments WHERE true"
        if let from = query.from {
            sql.append(" AND starts_at >= \(ClinicDay.bounds(from: from, to: from, zone: zone).start)")
        }
        if let to = query.to { sql.append(" AND starts_at < \(ClinicDay.bounds(from: to, to: to, zone: zone).end)") }
        if let doctorId = query.doctorId { sql.append(" AND doctor_id = \(doctorId)") }
        if let residentId = query.residentId { sql.append(" AND resident_id = \(residentId)") }
        if let status = query.status { sql.append(" AND status = \(status.rawValue)") }
        if let cursor = query.cursor {
            guard let key = KeysetCursor.decodeKey(cursor), let start = PostgresTimestamp.parse(key.sort) else {
                throw ValidationError.badCursor
            }
            sql.append(" AND (starts_at, id) > (\(start), \(key.id))")
        }
        sql.append(" ORDER BY starts_at, id LIMIT \(limit + 1)")
        let rows = try await db.query(sql)
        let items = try rows.prefix(limit).map { try appointment($0, zone: zone) }
        let next = rows.count > limit
            ? items.last.map { KeysetCursor.encode(KeysetKey(sort: PostgresTimestamp.format($0.start.date), id: $0.id)) }
            : nil
        return Page(items: items, nextCursor: next)
    }

    /// A doctor's appointments on a clinic date, cancelled ones left out, by time and, at the same time,
    /// priority residents first; with what the desk and the doctor need of each resident.
    static func dayList(doctorId: UUID, date: LocalDate, zone: TimeZone, on db: PostgresConnection) async throws
        -> [DayListEntry]
    {
        let day = ClinicDay.bounds(from: date, to: date, zone: zone)
        let rows = try await db.query(
            """
            SELECT a.id, a.clinic_id, a.starts_at, a.ends_at, a.mode, a.status, a.interpreter, a.reason, a.walk_in,
                r.id AS resident_id, r.name_bo, r.name_zh, r.name_latin, r.sex, r.birth_date, r.languages, r.flags,
                r.phone, r.address, r.grid
            FROM appointments a JOIN residents r ON r.id = a.resident_id
            WHERE a.doctor_id = \(doctorId) AND a.starts_at >= \(day.start) AND a.starts_at < \(day.end)
              AND a.status <> 'cancelled'
            ORDER BY a.starts_at, (r.flags <> '{}') DESC, a.created_at, a.id
            """)
        return try rows.map { row in
            let flags = try row.decodeArray(String.self, "flags").compactMap(PriorityFlag.init(rawValue:))
            return DayListEntry(
                appointmentId: try row.decode(UUID.self, "id"), clinicId: try row.decode(UUID.self, "clinic_id"),
                start: ZonedInstant(try row.decode(Date.self, "starts_at"), in: zone),
                end: ZonedInstant(try row.decode(Date.self, "ends_at"), in: zone),
                mode: ConsultationMode(rawValue: try row.decode(String.self, "mode")) ?? .onsite,
                status: AppointmentStatus(rawValue: try row.decode(String.self, "status")) ?? .booked,
                residentId: try row.decode(UUID.self, "resident_id"),
                names: ResidentNames(
                    bo: try row.decode(String?.self, "name_bo"), zh: try row.decode(String?.self, "name_zh"),
                    latin: try row.decode(String?.self, "name_latin")),
                sex: Sex(rawValue: try row.decode(String.self, "sex")) ?? .unknown,
                birthDate: try row.decode(LocalDate.self, "birth_date"),
                languages: try row.decodeArray(String.self, "languages"), flags: flags,
                priority: PriorityFlag.isPriority(flags), interpreter: try row.decode(String?.self, "interpreter"),
                reason: try row.decode(String?.self, "reason"), phone: try row.decode(String?.self, "phone"),
                address: try row.decode(String?.self, "address"), grid: try row.decode(String?.self, "grid"),
                walkIn: try row.decode(Bool.self, "walk_in"))
        }
    }

    static func clean(_ text: String?) -> String? { TextRules.clean(text) }

    static func appointment(_ row: PostgresRow, zone: TimeZone) throws -> Appointment {
        Appointment(
            id: try row.decode(UUID.self, "id"), slotId: try row.decode(UUID.self, "slot_id"),
            residentId: try row.decode(UUID.self, "resident_id"), doctorId: try row.decode(UUID.self, "doctor_id"),
            mode: ConsultationMode(rawValue: try row.decode(String.self, "mode")) ?? .onsite,
            start: ZonedInstant(try row.decode(Date.self, "starts_at"), in: zone),
            end: ZonedInstant(try row.decode(Date.self, "ends_at"), in: zone),
            status: AppointmentStatus(rawValue: try row.decode(String.self, "status")) ?? .booked,
            reason: try row.decode(String?.self, "reason"), interpreter: try row.decode(String?.self, "interpreter"),
            walkIn: try row.decode(Bool.self, "walk_in"), cancelReason: try row.decode(String?.self, "cancel_reason"),
            createdAt: ZonedInstant(try row.decode(Date.self, "created_at"), in: zone),
            clinicId: try row.decode(UUID.self, "clinic_id"), rebookedTo: try row.decode(UUID?.self, "rebooked_to"))
    }
}
