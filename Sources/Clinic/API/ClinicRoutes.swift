import ClinicDomain
import ClinicHTTP
import Foundation

/// The clinic's own settings (time zone, clinic weekdays, sessions, slot lengths, priority hold) and closures.
enum ClinicRoutes {
    static let settingsSchema = JSONSchema.object(
        [
            "name": .text(maxLength: ClinicSettingsRules.maximumNameLength, required: true),
            "timeZone": JSONSchema.string(minLength: 1, maxLength: 100).described("an IANA time zone id"),
            "clinicWeekdays": .array(of: .integer(minimum: 1, maximum: 7), minItems: 1, maxItems: 7, uniqueItems: true),
            "sessions": JSONSchema.array(
                of: .object(
                    ["name": sessionName, "start": .time, "end": JSONSchema.time.described("after start")],
                    required: ["name", "start", "end"]),
                minItems: 1, maxItems: ClinicSettingsRules.maximumSessions
            ).described("names differ (ignoring case), sessions do not overlap"),
            "slotMinutes": .object(
                ["onsite": slotMinutes, "remote": slotMinutes, "home": slotMinutes],
                required: ["onsite", "remote", "home"]),
            "priorityHoldHours": .integer(
                minimum: ClinicSettingsRules.priorityHoldHoursRange.lowerBound,
                maximum: ClinicSettingsRules.priorityHoldHoursRange.upperBound),
        ],
        required: ["name", "timeZone", "clinicWeekdays", "sessions", "slotMinutes", "priorityHoldHours"])

    /// A session's name: 1 to 50 characters, no control characters, no spaces at either end.
    static let sessionName: JSONSchema = {
        let edge = "[^\(JSONSchema.controls)\(JSONSchema.spaces)\\t\\n\\r]"
        return .string(
            minLength: 1, maxLength: ClinicSettingsRules.maximumSessionNameLength,
            pattern: "^\(edge)([^\(JSONSchema.controls)]*\(edge))?$"
        ).explained("must not start or end with a space nor contain control characters")
    }()
    /// A slot length: a multiple of 5 minutes that fits in the shortest session.
    static let slotMinutes = JSONSchema(
        JSONSchema.integer(
            minimum: ClinicSettingsRules.slotMinutesRange.lowerBound,
            maximum: ClinicSettingsRules.slotMinutesRange.upperBound
        ).json.setting("multipleOf", 5)
    ).described("fits in the shortest session")

    /// A clinic as `/v1/clinics` gives it: its id and code beside its settings.
    static let clinicSchema: JSONSchema = {
        guard case .object(var properties) = settingsSchema.json.members["properties"] ?? .null else { return settingsSchema }
        properties["id"] = JSONSchema.uuid.json
        properties["code"] = JSONSchema.string.nullable.json
        return JSONSchema(
            settingsSchema.json.setting("properties", .object(properties)).setting(
                "required", .array(["id", "name", "timeZone", "clinicWeekdays", "sessions", "slotMinutes", "priorityHoldHours"])))
    }()

    /// The body of `POST /v1/clinics` and `PUT /v1/clinics/{id}`: the settings and an optional code.
    static let newClinicSchema: JSONSchema = {
        guard case .object(var properties) = settingsSchema.json.members["properties"] ?? .null else { return settingsSchema }
        properties["code"] = JSONSchema.string(minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
            .explained("must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit").json
        return JSONSchema(settingsSchema.json.setting("properties", .object(properties)))
    }()

    /// The body of a clinic's `PUT`: what its `GET` gave, changed. `id` may come back and is ignored: the path
    /// names the clinic (so one clinic's settings can be copied onto another).
    static let putClinicSchema: JSONSchema = {
        guard case .object(var properties) = newClinicSchema.json.members["properties"] ?? .null else {
            return newClinicSchema
        }
        properties["id"] = JSONSchema.uuid.described("read-only, ignored: the path names the clinic").json
        return JSONSchema(newClinicSchema.json.setting("properties", .object(properties)))
    }()

    /// `code` in a clinic's body.
    struct ClinicCode: Decodable {
        var code: String?
    }

    static let schemas: [String: JSONSchema] = [
        "ClinicSettings": settingsSchema,
        "Clinic": clinicSchema,
        "Closure": .object(["date": .date, "reason": .string, "clinicId": rowClinicId], required: ["date", "reason"]),
    ]

    /// `clinicId` on every clinic-scoped row the API shows.
    static let rowClinicId = JSONSchema.uuid.described("the clinic the row belongs to")

    /// `clinicId` in a body's schema: the clinic a county admin creates something in.
    static let clinicIdMember = JSONSchema.uuid.described(
        "a county admin's: the clinic (required of them); others' own clinic, which they may name")

    /// `clinicId` in a body: the clinic a county admin creates something in.
    struct NamedClinic: Decodable {
        var clinicId: UUID?
    }

    static let clinicIdQuery = QueryParameter(
        "clinicId", .uuid, "the clinic (a county admin's, or a doctor's who serves several); default: the caller's own")

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.pool
        let admins = Access.roles([.admin])
        /// The clinic `/v1/clinic` and its closures act on: the caller's own, or the one `?clinicId=` names.
        @Sendable func target(_ context: RequestContext) throws -> UUID {
            try services.actingClinic(context, named: try context.queryUUID("clinicId"))
        }
        @Sendable func answer(_ context: RequestContext, _ record: ClinicRecord, status: HTTPStatus = .ok) throws -> HTTPResponse {
            services.clinics.update(record)
            return try context.json(ClinicJSON(record), status: status)
        }
        return [
            Route(
                .get, "/v1/clinic", operationId: "getClinic", summary: "The caller's clinic's settings", tag: "clinic",
                access: .signedIn, query: [clinicIdQuery], responses: [.json(200, "the settings", .ref("Clinic"))]
            ) { context in
                let id = try context.user.role == .countyViewer ? services.homeClinic(context).id : try target(context)
                let record = try await pool.withConnection { try await ClinicSettingsStore.clinic(id, on: $0) }
                return try answer(context, record)
            },
            Route(
                .put, "/v1/clinic", operationId: "putClinic",
                summary: "Change the caller's clinic's settings (slots already planned keep their times)", tag: "clinic",
                access: admins, query: [clinicIdQuery], requestBody: putClinicSchema,
                responses: [.json(200, "the new settings", .ref("Clinic"))]
            ) { context in
                let input = try context.body(ClinicSettings.self)
                let id = try target(context)
                let code = try context.body(ClinicCode.self).code
                let record = try await pool.withConnection {
                    try await ClinicSettingsStore.put(id, input, code: code, on: $0)
                }
                return try answer(context, record)
            },
            Route(
                .post, "/v1/clinics", operationId: "createClinic", summary: "Add a health room to the county",
                tag: "clinic", access: .roles([.countyAdmin]), requestBody: newClinicSchema,
                responses: [.json(201, "created", .ref("Clinic"))], idempotent: true
            ) { context in
                let input = try context.body(ClinicSettings.self)
                let code = try context.body(ClinicCode.self).code
                let record = try await pool.withConnection {
                    try await ClinicSettingsStore.create(input, code: code, on: $0)
                }
                services.clinics.update(record)
                return try context.json(
                    ClinicJSON(record), status: .created, headers: ["Location": "/v1/clinics/\(record.id)"])
            },
            Route(
                .get, "/v1/clinics", operationId: "listClinics",
                summary: "The clinics the caller may see (all of them for county users), oldest first", tag: "clinic",
                access: .signedIn,
                responses: [.json(200, "the clinics", .object(["items": .array(of: .ref("Clinic"))], required: ["items"]))]
            ) { context in
                let principal = try context.user
                let all = try await ClinicScope.county.run {
                    try await pool.withConnection { try await ClinicSettingsStore.all(on: $0) }
                }
                services.clinics.replace(all)
                let visible = all.filter { principal.role == .countyViewer || principal.scope.includes($0.id) }
                return try context.json(["items": visible.map(ClinicJSON.init)])
            },
            Route(
                .get, "/v1/clinics/{id}", operationId: "getClinicById", summary: "One clinic", tag: "clinic",
                access: .signedIn, responses: [.json(200, "the clinic", .ref("Clinic"))]
            ) { context in
                let id = try context.pathID()
                let principal = try context.user
                guard principal.role == .countyViewer || principal.scope.includes(id) else {
                    throw APIError.notFound("no such clinic")
                }
                let record = try await pool.withConnection { try await ClinicSettingsStore.clinic(id, on: $0) }
                return try answer(context, record)
            },
            Route(
                .put, "/v1/clinics/{id}", operationId: "putClinicById",
                summary: "Change a clinic's settings and code (its admin or a county admin)", tag: "clinic",
                access: admins, requestBody: putClinicSchema, responses: [.json(200, "the clinic", .ref("Clinic"))]
            ) { context in
                let id = try context.pathID()
                guard try context.user.scope.includes(id) else { throw APIError.notFound("no such clinic") }
                let input = try context.body(ClinicSettings.self)
                let code = try context.body(ClinicCode.self).code
                let record = try await pool.withConnection {
                    try await ClinicSettingsStore.put(id, input, code: code, on: $0)
                }
                return try answer(context, record)
            },
            Route(
                .post, "/v1/clinic/closures", operationId: "addClosure", summary: "A date the clinic does not run",
                tag: "clinic", access: admins,
                requestBody: .object(
                    ["date": .date, "reason": .text(maxLength: 500, required: true),
                     "clinicId": clinicIdMember, "dryRun": ScheduleChangeJSON.dryRunMember],
                    required: ["date", "reason"], open: true),
                responses: [
                    .json(
                        201, "recorded; the day's sessions will not run and their bookings are displaced",
                        .ref("ClosureAdded")),
                    .json(200, "dryRun: the bookings the closure would displace", .ref("DisplacementPreview")),
                    .problem(409, "duplicate-closure"),
                ]
            ) { context in
                let input = try context.body(Closure.self)
                let dryRun = try context.body(ScheduleChangeJSON.DryRun.self).dryRun ?? false
                let clinicId = try services.actingClinic(context, named: try context.body(NamedClinic.self).clinicId)
                let (closure, displaced) = try await pool.withTransaction { db in
                    let added = try await ClosureStore.add(input, clinicId: clinicId, dryRun: dryRun, on: db)
                    if !dryRun {
                        try await services.auditChangedAppointments(
                            added.displaced, context,
                            detail: ["status": .string("displaced"), "closure": .string(input.date.description)], on: db)
                    }
                    return added
                }
                let ids = try ScheduleChangeJSON.visible(displaced, to: context)
                if dryRun { return try context.json(ScheduleChangeJSON.Preview(displacedAppointments: ids)) }
                return try context.json(
                    ScheduleChangeJSON.ClosureAdded(
                        date: closure.date, reason: closure.reason, clinicId: closure.clinicId,
                        displacedAppointments: ids),
                    status: .created)
            },
            Route(
                .get, "/v1/clinic/closures", operationId: "listClosures", summary: "Closures, by date", tag: "clinic",
                access: .signedIn,
                query: [QueryParameter("from", .date, "on or after"), QueryParameter("to", .date, "on or before"), clinicIdQuery],
                responses: [
                    .json(200, "the closures", .object(["items": .array(of: .ref("Closure"))], required: ["items"]))
                ]
            ) { context in
                let from = try context.queryDate("from")
                let to = try context.queryDate("to")
                let clinicId = try context.user.role == .countyViewer ? services.homeClinic(context).id : try target(context)
                let closures = try await pool.withConnection {
                    try await ClosureStore.list(clinicId: clinicId, from: from, to: to, on: $0)
                }
                return try context.json(["items": closures])
            },
            Route(
                .delete, "/v1/clinic/closures/{date}", operationId: "deleteClosure", summary: "Reopen a date",
                tag: "clinic", access: admins, query: [clinicIdQuery], responses: [.noContent("removed")],
                pathParameters: ["date": .date]
            ) { context in
                guard let date = LocalDate(try context.pathText("date")) else {
                    throw APIError.notFound("no closure on that date")
                }
                let clinicId = try target(context)
                try await pool.withTransaction { try await ClosureStore.delete(date, clinicId: clinicId, on: $0) }
                return HTTPResponse(status: .noContent)
            },
        ]
    }
}

/// A clinic as the API shows it: id, code and the settings' fields side by side.
struct ClinicJSON: Encodable {
    var id: UUID
    var code: String?
    var name: String
    var timeZone: String
    var clinicWeekdays: [Int]
    var sessions: [ClinicSession]
    var slotMinutes: SlotMinutes
    var priorityHoldHours: Int

    init(_ record: ClinicRecord) {
        id = record.id
        code = record.code
        name = record.settings.name
        timeZone = record.settings.timeZone
        clinicWeekdays = record.settings.clinicWeekdays
        sessions = record.settings.sessions
        slotMinutes = record.settings.slotMinutes
        priorityHoldHours = record.settings.priorityHoldHours
    }
}
