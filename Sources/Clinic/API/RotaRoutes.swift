import ClinicDomain
import Foundation

/// The rota: generating it (admin), reading it (admin and staff all of it, a doctor their own), and swapping
/// or covering one assignment (admin).
enum RotaRoutes {
    static let schemas: [String: JSONSchema] = [
        "RotaAssignment": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "date": .date, "session": .string, "doctorId": .uuid,
                "modes": .array(of: .enumeration(ConsultationMode.allCases.map(\.rawValue)), uniqueItems: true),
                "start": .dateTime, "end": .dateTime,
            ], required: ["id", "date", "session", "doctorId", "modes", "start", "end"]),
        "RotaGap": .object(
            ["date": .date, "session": .string, "missing": .integer(minimum: 1)],
            required: ["date", "session", "missing"]),
    ]

    /// The longest range `GET /v1/rota` answers in one request.
    static let maximumListDays = 366
    /// What `GET /v1/rota` shows without `to`.
    static let defaultListDays = 28

    /// `POST /v1/rota/generate`: only these fields are read.
    struct GenerateRequest: Decodable, Sendable {
        var from: LocalDate
        var to: LocalDate
        var replace: Bool?
        /// How many doctors serve each session (default 1; about 30 bookings a clinic day need 2).
        var doctorsPerSession: Int?
    }

    /// `PATCH /v1/rota/assignments/{id}`: only the doctor can change.
    struct ReassignRequest: Decodable, Sendable {
        var doctorId: UUID
    }

    static let generateBody = JSONSchema.object(
        [
            "from": .date, "to": JSONSchema.date.described("inclusive; at most 366 days after from"),
            "replace": JSONSchema.boolean.described(
                "regenerate a range that has a rota; assignments with appointments are kept"),
            "doctorsPerSession": JSONSchema.integer(minimum: 1, maximum: 5).described("default 1"),
            "clinicId": ClinicRoutes.clinicIdMember,
        ], required: ["from", "to"], open: true)

    static let generated = JSONSchema.object(
        [
            "assignments": JSONSchema.array(of: .ref("RotaAssignment")).described(
                "every assignment now in the range, kept ones included"),
            "gaps": JSONSchema.array(of: .ref("RotaGap")).described("sessions no available doctor could staff"),
            "kept": JSONSchema.integer(minimum: 0).described("assignments kept because they have appointments"),
        ], required: ["assignments", "gaps", "kept"])

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.pool
        return [
            Route(
                .post, "/v1/rota/generate", operationId: "generateRota",
                summary: "Assign doctors fairly to every session of the clinic days in a range", tag: "rota",
                access: .roles([.admin]), requestBody: generateBody,
                responses: [
                    .json(201, "the rota of the range", generated),
                    .problem(409, "the range already has a rota (send replace: true)"),
                    .problem(422, "to before from, or a range over 366 days"),
                ]
            ) { context in
                let body = try context.body(GenerateRequest.self)
                let replace = body.replace ?? false
                let perSession = body.doctorsPerSession ?? 1
                guard (1...5).contains(perSession) else {
                    throw APIError.unprocessable([FieldError(field: "doctorsPerSession", message: "must be 1 to 5")])
                }
                let created = AuditSubject.from { (generation: RotaGeneration) in
                    AuditTarget(
                        "rota",
                        detail: [
                            "from": .string(body.from.description), "to": .string(body.to.description),
                            "replace": .bool(replace), "count": .int(generation.assignments.count),
                        ])
                }
                let clinicId = try services.actingClinic(
                    context, named: try context.body(ClinicRoutes.NamedClinic.self).clinicId)
                let generation = try await services.audited(context, .create, created) { db in
                    try await RotaStore.generate(
                        clinicId: clinicId, from: body.from, to: body.to, replace: replace, doctorsPerSession: perSession, on: db)
                }
                return try context.json(generation, status: .created)
            },
            Route(
                .get, "/v1/rota", operationId: "listRota",
                summary: "Assignments in a date range, by start. A doctor sees only their own.", tag: "rota",
                access: .roles([.admin, .staff, .doctor]),
                query: [
                    QueryParameter("from", .date, "first clinic date (default today in the clinic's zone)"),
                    QueryParameter(
                        "to", .date, "last clinic date, inclusive (default from + 27 days; at most 366 days)"),
                    QueryParameter(
                        "doctorId", .uuid,
                        "only this doctor's assignments; a doctor may only name themselves (another id is 403)"),
                    ClinicRoutes.clinicIdQuery,
                ],
                responses: [
                    .json(
                        200, "the assignments",
                        .object(["items": .array(of: .ref("RotaAssignment"))], required: ["items"])),
                    .problem(403, "a doctor asked for another doctor's rota"),
                ]
            ) { context in
                let doctorId = try DoctorScope.doctorFilter(context, asked: try context.queryUUID("doctorId"))
                let range = try DateRangeQuery.read(
                    context, defaultDays: defaultListDays, maximumDays: maximumListDays,
                    today: ClinicSettingsStore.today(in: services.settings(context)))
                let items = try await context.listing {
                    try await pool.withConnection {
                        try await RotaStore.list(
                            clinicId: try services.clinicFilter(context), from: range.from, to: range.to,
                            doctorId: doctorId, zone: context.timeZone, on: $0)
                    }
                }
                return try context.json(["items": items])
            },
            Route(
                .patch, "/v1/rota/assignments/{id}", operationId: "reassignRota",
                summary: "Swap or cover: another doctor takes the assignment over", tag: "rota",
                access: .roles([.admin]),
                requestBody: .object(["doctorId": .uuid], required: ["doctorId"], open: true),
                responses: [
                    .json(200, "the assignment", .ref("RotaAssignment")),
                    .problem(404, "no such assignment"),
                    .problem(
                        409,
                        "the doctor is unavailable, inactive, already on that or an overlapping session, "
                            + "or lacks a mode that has bookings"),
                    .problem(422, "doctorId names no doctor"),
                ]
            ) { context in
                let id = try context.pathID()
                let body = try context.body(ReassignRequest.self)
                let reassigned = AuditSubject<RotaAssignmentRecord>.record(
                    "rotaAssignment", id: id, detail: ["doctorId": .string(body.doctorId.uuidString)])
                let assignment = try await services.audited(context, .update, reassigned) { db in
                    let done = try await RotaStore.reassign(id, to: body.doctorId, zone: context.timeZone, on: db)
                    try await services.auditChangedAppointments(
                        done.moved, context,
                        detail: [
                            "doctorId": .string(body.doctorId.uuidString), "rotaAssignment": .string(id.uuidString),
                        ], on: db)
                    return done.assignment
                }

                return try context.json(assignment)
            },
        ]
    }
}
