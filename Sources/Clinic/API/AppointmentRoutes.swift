import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// Booking, the appointment's life (cancel, check in, no-show, complete, reschedule), walk-ins and the day list.
///
/// Every read or change of an appointment is audited in the transaction that does it: a booking or walk-in is
/// `create`, a transition `update`, a single read `read`. A list is one `search` row per request naming the
/// filter, the count and the residents' ids in `detail` (its `residentId` column is set when the request was for
/// one resident); a day list is one `read` row of type `dayList` with the same detail.
enum AppointmentRoutes {
    static let modes = ConsultationMode.allCases.map(\.rawValue)
    static let statuses = AppointmentStatus.allCases.map(\.rawValue)
    static let languageTag = JSONSchema.languageTag

    static let schemas: [String: JSONSchema] = [
        "Appointment": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "slotId": .uuid, "residentId": .uuid, "doctorId": .uuid, "mode": .enumeration(modes),
                "start": .dateTime, "end": .dateTime,
                "status": JSONSchema.enumeration(statuses).described(
                    "booked → checkedIn → completed; booked → cancelled | noShow; booked → displaced (its session "
                        + "will not run) → rebooked | cancelled"),
                "rebookedTo": JSONSchema.uuid.nullable.described("the appointment that replaced this one (rebooked)"),
                "reason": JSONSchema.string.nullable,
                "interpreter": languageTag.nullable.described("the language an interpreter is needed for"),
                "walkIn": .boolean, "cancelReason": JSONSchema.string.nullable, "createdAt": .dateTime,
            ],
            required: [
                "id", "slotId", "residentId", "doctorId", "mode", "start", "end", "status", "walkIn", "createdAt",
            ]),
        "WalkInQueueEntry": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "residentId": .uuid, "date": .date, "mode": .enumeration(["onsite"]),
                "reason": JSONSchema.string.nullable,
                "position": JSONSchema.integer(minimum: 1).described("1 for the first waiting"),
                "createdAt": .dateTime,
            ], required: ["id", "residentId", "date", "mode", "position", "createdAt"]),
        "DayListEntry": .object(
            [
                "appointmentId": .uuid, "clinicId": ClinicRoutes.rowClinicId, "start": .dateTime, "end": .dateTime,
                "mode": .enumeration(modes), "status": .enumeration(statuses), "residentId": .uuid,
                "names": .object(
                    [
                        "bo": JSONSchema.string.nullable, "zh": JSONSchema.string.nullable,
                        "latin": JSONSchema.string.nullable,
                    ]),
                "sex": .enumeration(Sex.allCases.map(\.rawValue)), "birthDate": .date,
                "languages": .array(of: .string),
                "flags": .array(of: .enumeration(PriorityFlag.allCases.map(\.rawValue))),
                "priority": .boolean, "interpreter": languageTag.nullable, "reason": JSONSchema.string.nullable,
                "phone": JSONSchema.string.nullable.described("for remote calls"),
                "address": JSONSchema.string.nullable.described("for home visits"),
                "grid": JSONSchema.string.nullable.described("for home visits"), "walkIn": .boolean,
            ],
            required: [
                "appointmentId", "clinicId", "start", "end", "mode", "status", "residentId", "names", "sex",
                "birthDate", "languages", "flags", "priority", "walkIn",
            ]),
    ]

    /// `POST /v1/appointments/{id}/cancel`.
    struct CancelRequest: Decodable, Sendable {
        var reason: String?
    }

    /// `POST /v1/appointments/{id}/reschedule`.
    struct RescheduleRequest: Decodable, Sendable {
        var slotId: UUID
    }

    /// `POST /v1/walk-ins`: a walk-in is always on site; `mode` may be sent, as `onsite` only.
    struct WalkInRequest: Decodable, Sendable {
        var residentId: UUID
        var mode: ConsultationMode?
        var reason: String?
    }

    /// An appointment's reason, as `TextRules.reasonErrors` checks it.
    static let reasonSchema = JSONSchema.text(maxLength: TextRules.reasonMaximum).nullable
    static let bookBody = JSONSchema.object(
        [
            "slotId": .uuid, "residentId": .uuid,
            "mode": JSONSchema.enumeration(modes).described("must be the slot's mode"),
            "reason": reasonSchema,
            "interpreter": languageTag.nullable.described("the language an interpreter is needed for"),
            "requestId": JSONSchema.uuid.nullable.described(
                "an open doctor request of this resident: booked through the green channel (priority-only slots "
                    + "allowed) and marked booked"),
        ], required: ["slotId", "residentId", "mode"], open: true)
    static let cancelBody = JSONSchema.object(
        ["reason": reasonSchema], open: true)
    static let rescheduleBody = JSONSchema.object(["slotId": .uuid], required: ["slotId"], open: true)
    static let walkInBody = JSONSchema.object(
        [
            "residentId": .uuid, "mode": JSONSchema.enumeration(["onsite"]).described("walk-ins are on site"),
            "reason": reasonSchema,
        ], required: ["residentId"], open: true)

    static let desk: Access = .roles([.admin, .staff])
    static let deskAndDoctors: Access = .roles([.admin, .staff, .doctor])

    static func routes(_ services: ClinicServices) -> [Route] {
        [book(services), list(services), get(services)]
            + transitions(services) + [reschedule(services), walkIn(services)] + walkInQueue(services) + [
                dayList(services)
            ]
    }

    static func book(_ services: ClinicServices) -> Route {
        Route(
            .post, "/v1/appointments", operationId: "bookAppointment", summary: "Book a resident into a slot",
            tag: "appointments", access: desk, requestBody: bookBody,
            responses: [
                ResponseSpec(
                    201, "booked", content: ["application/json": .ref("Appointment")],
                    headers: ["Location": .string]),
                .problem(
                    409,
                    "slot-full, slot-in-past, slot-priority-only, overlapping-appointment, resident-inactive, "
                        + "request-not-open (see the problem type); idempotency-in-progress"),
                .problem(404, "requestId names no doctor request the caller may see"),
                .problem(
                    422,
                    "an unknown slotId or residentId, a mode other than the slot's, a bad reason or interpreter; "
                        + "idempotency-mismatch"),
            ],
            idempotent: true
        ) { context in
            let body = try context.body(BookingBody.self)
            let input = body.appointment
            let appointment: Appointment
            if let requestId = body.requestId {
                let booked = AuditSubject.from { (appointment: Appointment) in
                    AuditTarget(
                        "appointment", id: appointment.id, resident: appointment.residentId,
                        detail: ["slotId": .string(input.slotId.uuidString), "requestId": .string(requestId.uuidString)])
                }
                appointment = try await services.audited(context, .create, booked) { db in
                    try await DoctorRequestStore.book(input, requestId: requestId, zone: context.timeZone, on: db)
                }
            } else {
                appointment = try await bookInOneTrip(input, context, services)
            }
            let location = "/v1/appointments/\(UUIDText.upper(appointment.id))"
            return try context.json(appointment, status: .created, headers: ["Location": location])
        }
    }

    /// A booking in one round trip (`ClinicServices.auditedStatement`): the booking statement, its audit row and
    /// `COMMIT` go out together, the audit row written only if this transaction wrote the appointment (under an id
    /// chosen here). A refusal rolls back; the statement itself names it, read in its own snapshot. The id is the
    /// witness that lets a lost `COMMIT` run the booking again (see `auditedStatement`).
    static func bookInOneTrip(
        _ input: NewAppointment, _ context: RequestContext, _ services: ClinicServices
    ) async throws -> Appointment {
        let id = UUID.random()
        let target = AuditTarget(
            "appointment", id: id, resident: input.residentId,
            detail: ["slotId": .string(UUIDText.upper(input.slotId))])
        let statement = try AppointmentStore.bookingStatement(input, id: id)
        let outcome = try await AppointmentStore.overlapNamed {
            try await services.auditedStatement(
                context, .create, target, done: AppointmentStore.bookedHere(id), witness: AppointmentStore.exists(id),
                statement)
        }
        switch outcome {
        case .done(let rows?):
            return try AppointmentStore.booked(rows, zone: context.timeZone)
        case .done(nil):
            // The answer went with the connection during a COMMIT that committed: read the booking back.
            return try await services.pool.withConnection {
                try await AppointmentStore.get(id, zone: context.timeZone, on: $0)
            }
        case .notDone(let rows):
            throw AppointmentStore.refusal(in: rows)
        }
    }

    static func list(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/appointments", operationId: "listAppointments",
            summary: "Appointments by start time, with filters. A doctor sees only their own.", tag: "appointments",
            access: deskAndDoctors,
            query: [
                QueryParameter("date", .date, "one clinic date (same as from = to = date)"),
                QueryParameter("from", .date, "first clinic date"), QueryParameter("to", .date, "last clinic date"),
                QueryParameter("doctorId", .uuid, "only this doctor's; a doctor may only name themselves (else 403)"),
                QueryParameter("residentId", .uuid, "only this resident's"),
                QueryParameter("status", .enumeration(statuses), "only appointments in this status"), .limit, .cursor,
            ],
            responses: [
                .json(200, "a page of appointments", .page(of: .ref("Appointment"))),
                .problem(403, "a doctor asked for another doctor's appointments"),
            ]
        ) { context in
            let doctorId = try DoctorScope.doctorFilter(context, asked: try context.queryUUID("doctorId"))
            let query = AppointmentQuery(
                date: try context.queryDate("date"), from: try context.queryDate("from"),
                to: try context.queryDate("to"), doctorId: doctorId, residentId: try context.queryUUID("residentId"),
                status: try context.query("status", statuses.joined(separator: ", ")) {
                    AppointmentStatus(rawValue: $0)
                },
                limit: try context.limit(), cursor: context.request.query["cursor"])
            if let from = query.from, let to = query.to, to < from {
                throw APIError.badRequest(
                    "the date range is reversed", errors: [FieldError(field: "to", message: "must not be before from")])
            }
            let page = try await context.listing {
                let found = AuditSubject.from { (page: Page<Appointment>) in
                    var detail = residentsDetail(page.items.map(\.residentId))
                    detail["filter"] = .strings(filterDescription(query))
                    return AuditTarget("appointment", resident: query.residentId, detail: detail)
                }
                return try await services.audited(context, .search, found) { db in
                    try await AppointmentStore.list(query, zone: context.timeZone, on: db)
                }
            }
            return try context.json(page)
        }
    }

    static func get(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/appointments/{id}", operationId: "getAppointment", summary: "One appointment",
            tag: "appointments", access: deskAndDoctors,
            responses: [
                .json(200, "the appointment", .ref("Appointment")),
                .problem(404, "no such appointment (also another doctor's, for a doctor)"),
            ]
        ) { context in
            let id = try context.pathID()
            let appointment = try await services.audited(context, .read, appointmentSubject(id)) { db in
                let appointment = try await AppointmentStore.get(id, zone: context.timeZone, on: db)
                guard try DoctorScope.maySee(context, doctorId: appointment.doctorId) else {
                    throw SchedulingError.notFound(.appointment)
                }
                return appointment
            }
            return try context.json(appointment)
        }
    }

    /// Cancel, check in, no-show, complete: each a `POST` that answers 200 with the appointment, or 409 when the
    /// current status does not allow it.
    static func transitions(_ services: ClinicServices) -> [Route] {
        typealias Change = @Sendable (UUID, RequestContext, PostgresConnection) async throws -> Appointment
        let changes: [(path: String, operationId: String, summary: String, body: JSONSchema?, change: Change)] = [
            (
                "cancel", "cancelAppointment", "booked → cancelled; the seat becomes bookable again", cancelBody,
                { id, context, db in
                    let body = try optionalBody(context, CancelRequest.self) ?? CancelRequest()
                    let errors = TextRules.reasonErrors(body.reason)
                    if !errors.isEmpty { throw ValidationError(errors) }
                    return try await AppointmentStore.cancel(id, reason: body.reason, zone: context.timeZone, on: db)
                }
            ),
            (
                "check-in", "checkInAppointment", "booked → checkedIn", nil,
                { id, context, db in try await AppointmentStore.checkIn(id, zone: context.timeZone, on: db) }
            ),
            (
                "no-show", "markAppointmentNoShow", "booked → noShow; the seat is given back", nil,
                { id, context, db in try await AppointmentStore.noShow(id, zone: context.timeZone, on: db) }
            ),
            (
                "complete", "completeAppointment", "checkedIn → completed", nil,
                { id, context, db in try await AppointmentStore.complete(id, zone: context.timeZone, on: db) }
            ),
        ]
        return changes.map { item in
            Route(
                .post, "/v1/appointments/{id}/\(item.path)", operationId: item.operationId, summary: item.summary,
                tag: "appointments", access: desk, requestBody: item.body, bodyOptional: item.body != nil,
                responses: [
                    .json(200, "the appointment after the change", .ref("Appointment")),
                    .problem(404, "no such appointment"),
                    .problem(409, "invalid-transition: not allowed from the current status"),
                ]
            ) { context in
                let id = try context.pathID()
                let changed = appointmentSubject(id, detail: ["change": .string(item.path)])
                let appointment = try await services.audited(context, .update, changed) { db in
                    try await item.change(id, context, db)
                }
                return try context.json(appointment)
            }
        }
    }

    static func reschedule(_ services: ClinicServices) -> Route {
        Route(
            .post, "/v1/appointments/{id}/reschedule", operationId: "rescheduleAppointment",
            summary: "Move a booked appointment to another slot: the new seat taken and the old freed, or nothing",
            tag: "appointments", access: desk, requestBody: rescheduleBody,
            responses: [
                .json(200, "the appointment in its new slot (its mode becomes the slot's)", .ref("Appointment")),
                .problem(404, "no such appointment"),
                .problem(
                    409,
                    "invalid-transition (not booked), same-slot, slot-full, slot-in-past, slot-priority-only, "
                        + "overlapping-appointment"),
                .problem(422, "slotId names no slot"),
            ]
        ) { context in
            let id = try context.pathID()
            let body = try context.body(RescheduleRequest.self)
            let moved = appointmentSubject(
                id, detail: ["change": .string("reschedule"), "slotId": .string(body.slotId.uuidString)])
            let appointment = try await services.audited(context, .update, moved) { db in
                try await AppointmentStore.reschedule(id, to: body.slotId, zone: context.timeZone, on: db)
            }
            return try context.json(appointment)
        }
    }

    /// Today's (or a date's) walk-in queue, and a waiting resident who left. Booking a queued resident any way
    /// that day serves their entry (a trigger, in the booking's transaction).
    static func walkInQueue(_ services: ClinicServices) -> [Route] {
        [
            Route(
                .get, "/v1/walk-ins", operationId: "listWalkInQueue",
                summary: "The residents waiting in a day's walk-in queue",
                tag: "appointments", access: desk,
                query: [QueryParameter("date", .date, "default: today in the clinic's zone"), ClinicRoutes.clinicIdQuery],
                responses: [
                    .json(
                        200, "waiting, first come first",
                        .object(["items": .array(of: .ref("WalkInQueueEntry"))], required: ["items"]))
                ]
            ) { context in
                let clinicId = try services.actingClinic(context, named: try context.queryUUID("clinicId"))
                let date = try context.queryDate("date")
                    ?? ClinicSettingsStore.today(in: services.clinics.settings(clinicId))
                let found = AuditSubject.from { (entries: [WalkInQueueEntry]) in
                    AuditTarget(
                        "walkInQueue",
                        detail: [
                            "date": .string(date.description), "count": .int(entries.count),
                            "residentIds": .strings(entries.map(\.residentId.uuidString)),
                        ])
                }
                let entries = try await services.audited(context, .search, found) { db in
                    try await AppointmentStore.walkInQueue(clinicId: clinicId, date: date, zone: context.timeZone, on: db)
                }
                return try context.json(["items": entries])
            },
            Route(
                .post, "/v1/walk-ins/{id}/leave", operationId: "leaveWalkInQueue",
                summary: "A waiting walk-in went home", tag: "appointments", access: desk,
                responses: [.noContent("no longer waiting")]
            ) { context in
                let id = try context.pathID()
                let left = AuditSubject.from { (resident: UUID) in
                    AuditTarget("walkInQueue", id: id, resident: resident, detail: ["change": .string("left")])
                }
                _ = try await services.audited(context, .update, left) { db in
                    try await AppointmentStore.leaveWalkInQueue(id, on: db)
                }
                return HTTPResponse(status: .noContent)
            },
        ]
    }

    static func walkIn(_ services: ClinicServices) -> Route {
        Route(
            .post, "/v1/walk-ins", operationId: "walkIn",
            summary: "A resident at the door: the next free on-site slot today, or a place in today's queue",
            tag: "appointments", access: desk, requestBody: walkInBody,
            responses: [
                ResponseSpec(
                    201, "booked into today's next free on-site slot",
                    content: ["application/json": .ref("Appointment")], headers: ["Location": .string]),
                .json(202, "no free slot: queued for today", .ref("WalkInQueueEntry")),
                .problem(409, "already-queued, overlapping-appointment; idempotency-in-progress"),
                .problem(422, "residentId names no resident, a mode other than onsite; idempotency-mismatch"),
            ],
            idempotent: true
        ) { context in
            let body = try context.body(WalkInRequest.self)
            var errors = TextRules.reasonErrors(body.reason)
            if let mode = body.mode, mode != .onsite {
                errors.append(FieldError(field: "mode", message: "walk-ins are onsite"))
            }
            if !errors.isEmpty { throw ValidationError(errors) }
            let created = AuditSubject.from { (outcome: WalkInOutcome) in
                let (type, id): (String, UUID) =
                    switch outcome {
                    case .booked(let appointment): ("appointment", appointment.id)
                    case .queued(let entry): ("walkInQueue", entry.id)
                    }
                return AuditTarget(type, id: id, resident: body.residentId, detail: ["walkIn": .bool(true)])
            }
            let outcome = try await services.audited(context, .create, created) { db in
                try await AppointmentStore.walkIn(
                    residentId: body.residentId, reason: body.reason, zone: context.timeZone, on: db)
            }
            switch outcome {
            case .booked(let appointment):
                return try context.json(
                    appointment, status: .created,
                    headers: ["Location": "/v1/appointments/\(appointment.id.uuidString)"])
            case .queued(let entry):
                return try context.json(entry, status: .accepted)
            }
        }
    }

    /// The day list's JSON body.
    struct DayList: Encodable, Sendable {
        var date: LocalDate
        var doctorId: UUID
        var items: [DayListEntry]
    }

    static let mediaTypes = ["application/json", "text/html"]

    static func dayList(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/day-list", operationId: "getDayList",
            summary: "A doctor's appointments on a date in order (priority first at the same time); printable as HTML",
            tag: "appointments", access: deskAndDoctors,
            query: [
                QueryParameter("date", .date, "the clinic date (default today in the clinic's zone)"),
                QueryParameter(
                    "doctorId", .uuid,
                    "the doctor; required for admin and staff, a doctor's own by default (another's is 403)"),
            ],
            responses: [
                ResponseSpec(
                    200, "the day list: JSON, or with Accept: text/html a printable A4 page",
                    content: [
                        "application/json": .object(
                            ["date": .date, "doctorId": .uuid, "items": .array(of: .ref("DayListEntry"))],
                            required: ["date", "doctorId", "items"]),
                        "text/html": .string,
                    ]),
                .problem(400, "doctorId missing (admin, staff) or malformed parameters"),
                .problem(403, "a doctor asked for another doctor's day list"),
                .problem(404, "no such doctor"),
                .problem(406, "Accept allows neither application/json nor text/html"),
            ]
        ) { context in
            let format = try context.negotiate(mediaTypes)
            guard let doctorId = try DoctorScope.doctorFilter(context, asked: try context.queryUUID("doctorId")) else {
                throw APIError.badRequest(
                    "doctorId is required", errors: [FieldError(field: "doctorId", message: "is required")])
            }
            let settings = services.settings(context)
            let date = try context.queryDate("date") ?? ClinicSettingsStore.today(in: settings)
            let read = AuditSubject.from { (list: (doctor: Doctor, entries: [DayListEntry])) in
                var detail = residentsDetail(list.entries.map(\.residentId))
                detail["doctorId"] = .string(doctorId.uuidString)
                detail["date"] = .string(date.description)
                detail["format"] = .string(format)
                return AuditTarget("dayList", detail: detail)
            }
            let (doctor, entries) = try await services.audited(context, .read, read) { db in
                let doctor = try await DoctorStore.get(doctorId, on: db)
                let entries = try await AppointmentStore.dayList(
                    doctorId: doctorId, date: date, zone: context.timeZone, on: db)
                return (doctor, entries)
            }
            if format == "text/html" {
                let header = DayListPage.Header(
                    clinicName: settings.name, date: date, doctorName: doctor.name, institution: doctor.institution)
                return HTTPResponse(
                    status: .ok, contentType: "text/html; charset=utf-8",
                    body: Array(DayListPage.render(header, entries: entries, language: context.pageLanguage).utf8),
                    headers: ["Cache-Control": "no-store", "Vary": "Accept"])
            }
            return try context.json(
                DayList(date: date, doctorId: doctorId, items: entries),
                headers: ["Cache-Control": "no-store", "Vary": "Accept"])
        }
    }

    /// The audit detail of a list: how many rows and whose.
    /// The appointment `id`, its resident read from the appointment the work returns.
    static func appointmentSubject(_ id: UUID, detail: [String: AuditValue] = [:]) -> AuditSubject<Appointment> {
        .from { AuditTarget("appointment", id: id, resident: $0.residentId, detail: detail) }
    }

    static func residentsDetail(_ residentIds: [UUID]) -> [String: AuditValue] {

        var seen = Set<UUID>()
        let distinct = residentIds.filter { seen.insert($0).inserted }
        return ["count": .int(residentIds.count), "residentIds": .strings(distinct.map(\.uuidString))]
    }

    static func filterDescription(_ query: AppointmentQuery) -> [String] {
        var parts: [String] = []
        if let from = query.from { parts.append("from=\(from)") }
        if let to = query.to { parts.append("to=\(to)") }
        if let doctorId = query.doctorId { parts.append("doctorId=\(doctorId.uuidString)") }
        if let residentId = query.residentId { parts.append("residentId=\(residentId.uuidString)") }
        if let status = query.status { parts.append("status=\(status.rawValue)") }
        return parts
    }

    /// A JSON body that may be left out entirely (an empty body reads as nil).
    static func optionalBody<T: Decodable>(_ context: RequestContext, _ type: T.Type) throws -> T? {
        context.request.body.isEmpty ? nil : try context.body(type)
    }
}

/// A booking's body in one decode: the appointment and, through the green channel, the doctor request it answers
/// (`requestId`), which `NewAppointment` does not carry.
struct BookingBody: Decodable {
    var appointment: NewAppointment
    var requestId: UUID?

    private enum Key: String, CodingKey { case requestId }

    init(from decoder: any Decoder) throws {
        appointment = try NewAppointment(from: decoder)
        requestId = try decoder.container(keyedBy: Key.self).decodeIfPresent(UUID.self, forKey: .requestId)
    }
}
