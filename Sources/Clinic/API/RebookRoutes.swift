import ClinicDomain
import ClinicHTTP
import Foundation

/// Bookings whose session will not run: the desk's work list of displaced appointments, and rebooking them one at
/// a time or all at once. Each rebooking is its own transaction with its audit row (`create` of the new
/// appointment, naming the displaced one).
enum RebookRoutes {
    static let desk: Access = .roles([.admin, .staff])

    static let schemas: [String: JSONSchema] = ScheduleChangeJSON.schemas.merging([
        "DisplacedAppointment": .object(
            [
                "appointmentId": .uuid, "clinicId": ClinicRoutes.rowClinicId, "residentId": .uuid,
                "names": ConsultationSchemas.residentNames, "phone": JSONSchema.string.nullable,
                "languages": .array(of: .string), "flags": .array(of: ConsultationSchemas.flag),
                "priority": .boolean, "doctorId": .uuid, "mode": ConsultationSchemas.mode,
                "start": JSONSchema.dateTime.described("the time the appointment had"), "end": .dateTime,
                "displacedAt": JSONSchema.dateTime.nullable,
                "reason": JSONSchema.enumeration(["closure", "unavailable"]).described(
                    "why the session will not run; absent once it runs again"),
            ],
            required: [
                "appointmentId", "residentId", "names", "languages", "flags", "priority", "doctorId", "mode", "start",
                "end",
            ]),
        "RebookResult": .object(
            [
                "appointmentId": .uuid, "status": .enumeration(["rebooked", "noSlot"]),
                "newAppointmentId": JSONSchema.uuid.described("with rebooked"),
            ], required: ["appointmentId", "status"]),
    ]) { first, _ in first }

    struct RebookRequest: Decodable, Sendable {
        var slotId: UUID?
        var noticeMinutes: Int?
    }

    struct BulkRequest: Decodable, Sendable {
        var from: LocalDate?
        var to: LocalDate?
        var noticeMinutes: Int?
    }

    /// `noticeMinutes` in a body: how soon a slot the server picks may start (the console asks for two hours).
    static let noticeMinutesSchema = JSONSchema.integer(minimum: 0, maximum: AppointmentStore.maximumNoticeMinutes)
        .described(
            "without slotId: take only a slot starting at least this many minutes from now (default 0: the earliest "
                + "free one), so that a resident who is not at the desk can learn of it and come")

    static func noticeMinutes(_ given: Int?) throws -> Int {
        guard let given else { return 0 }
        guard (0...AppointmentStore.maximumNoticeMinutes).contains(given) else {
            throw ValidationError(
                field: "noticeMinutes", message: "must be 0 to \(AppointmentStore.maximumNoticeMinutes) minutes")
        }
        return given
    }

    struct Result: Encodable, Sendable {
        var appointmentId: UUID
        var status: String
        var newAppointmentId: UUID?
    }

    static func routes(_ services: ClinicServices) -> [Route] {
        [worklist(services), rebookAll(services), rebook(services)]
    }

    static func worklist(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/worklists/displaced", operationId: "listDisplaced",
            summary: "Displaced appointments (their session will not run): priority residents first, then by the "
                + "time they had",
            tag: "work lists", access: desk,
            query: [
                QueryParameter("from", .date, "only those that were on or after this clinic date"),
                QueryParameter("to", .date, "only those that were on or before this clinic date"),
            ],
            responses: [
                .json(
                    200, "the displaced appointments (at most 500)",
                    .object(["items": .array(of: .ref("DisplacedAppointment"))], required: ["items"]))
            ]
        ) { context in
            let from = try context.queryDate("from")
            let to = try context.queryDate("to")
            let read = AuditSubject.from { (rows: [DisplacedRow]) in
                AuditTarget(
                    "worklist", name: "displaced",
                    detail: AppointmentRoutes.residentsDetail(rows.map(\.residentId)))
            }
            let rows = try await services.audited(context, .read, read) { db in
                try await AppointmentStore.displaced(from: from, to: to, zone: context.timeZone, on: db)
            }
            return try context.json(["items": rows])
        }
    }

    static func rebook(_ services: ClinicServices) -> Route {
        Route(
            .post, "/v1/appointments/{id}/rebook", operationId: "rebookAppointment",
            summary: "A displaced appointment rebooked: into slotId, or the earliest free slot of the same mode within "
                + "14 days (a doctor speaking the resident's language first; noticeMinutes: not sooner than that); "
                + "the old one becomes rebooked",
            tag: "appointments", access: desk,
            requestBody: .object(
                [
                    "slotId": JSONSchema.uuid.described("default: the earliest suitable slot"),
                    "noticeMinutes": noticeMinutesSchema,
                ], open: true),
            bodyOptional: true,
            responses: [
                ResponseSpec(
                    201, "the new appointment", content: ["application/json": .ref("Appointment")],
                    headers: ["Location": .string]),
                .problem(404, "no such appointment"),
                .problem(
                    409,
                    "invalid-transition (not displaced), no-suitable-slot, slot-full, slot-closed, slot-in-past, "
                        + "slot-priority-only, overlapping-appointment"),
                .problem(422, "slotId names no slot (or one of another clinic)"),
            ],
            idempotent: true
        ) { context in
            let id = try context.pathID()
            let body = try AppointmentRoutes.optionalBody(context, RebookRequest.self) ?? RebookRequest()
            let notice = try noticeMinutes(body.noticeMinutes)
            let new = try await rebookOne(
                id, slotId: body.slotId, noticeMinutes: notice, services: services, context: context)
            return try context.json(
                new, status: .created, headers: ["Location": "/v1/appointments/\(new.id.uuidString)"])
        }
    }

    static func rebookAll(_ services: ClinicServices) -> Route {
        Route(
            .post, "/v1/appointments/rebook-displaced", operationId: "rebookDisplaced",
            summary: "Rebook every displaced appointment (optionally those that were between from and to) into the "
                + "earliest suitable slot: priority residents first, each on its own",
            tag: "appointments", access: desk,
            requestBody: .object(["from": .date, "to": .date, "noticeMinutes": noticeMinutesSchema], open: true),
            bodyOptional: true,
            responses: [
                .json(
                    200, "one result per appointment this request rebooked or found no slot for",
                    .object(["results": .array(of: .ref("RebookResult"))], required: ["results"]))
            ]
        ) { context in
            let body = try AppointmentRoutes.optionalBody(context, BulkRequest.self) ?? BulkRequest()
            let notice = try noticeMinutes(body.noticeMinutes)
            if let from = body.from, let to = body.to, to < from {
                throw ValidationError([FieldError(field: "to", message: "must not be before from")])
            }
            let displaced = try await services.pool.withConnection { db in
                try await AppointmentStore.displaced(from: body.from, to: body.to, zone: context.timeZone, on: db)
            }
            var results: [Result] = []
            for row in displaced {
                do {
                    let new = try await rebookOne(
                        row.appointmentId, slotId: nil, noticeMinutes: notice, services: services, context: context)
                    results.append(Result(appointmentId: row.appointmentId, status: "rebooked", newAppointmentId: new.id))
                } catch SchedulingError.noSuitableSlot {
                    results.append(Result(appointmentId: row.appointmentId, status: "noSlot"))
                } catch SchedulingError.invalidTransition, SchedulingError.overlappingAppointment {
                    continue  // rebooked or cancelled meanwhile by another request, or the resident booked at that time
                }
            }
            return try context.json(["results": results])
        }
    }

    /// One rebooking in its own transaction, audited as the new appointment's creation.
    static func rebookOne(
        _ id: UUID, slotId: UUID?, noticeMinutes: Int, services: ClinicServices, context: RequestContext
    ) async throws -> Appointment {
        let created = AuditSubject.from { (appointment: Appointment) in
            AuditTarget(
                "appointment", id: appointment.id, resident: appointment.residentId,
                detail: ["rebookedFrom": .string(id.uuidString)])
        }
        return try await services.audited(context, .create, created) { db in
            try await AppointmentStore.rebook(
                id, slotId: slotId, noticeMinutes: noticeMinutes, zone: context.timeZone, on: db)
        }
    }
}
