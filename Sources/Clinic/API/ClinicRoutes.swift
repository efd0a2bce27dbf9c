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

    static let schemas: [String: JSONSchema] = [
        "ClinicSettings": settingsSchema,
        "Closure": .object(["date": .date, "reason": .string], required: ["date", "reason"]),
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.pool
        let admins = Access.roles([.admin])
        return [
            Route(
                .get, "/v1/clinic", operationId: "getClinic", summary: "The clinic's settings", tag: "clinic",
                access: .signedIn, responses: [.json(200, "the settings", .ref("ClinicSettings"))]
            ) { context in
                let settings = try await pool.withConnection { try await ClinicSettingsStore.get(on: $0) }
                services.settings.replace(settings)
                return try context.json(settings)
            },
            Route(
                .put, "/v1/clinic", operationId: "putClinic",
                summary: "Change the clinic's settings (slots already planned keep their times)", tag: "clinic",
                access: admins, requestBody: settingsSchema,
                responses: [.json(200, "the new settings", .ref("ClinicSettings"))]
            ) { context in
                let input = try context.body(ClinicSettings.self)
                let settings = try await pool.withConnection { try await ClinicSettingsStore.put(input, on: $0) }
                services.settings.replace(settings)
                return try context.json(settings)
            },
            Route(
                .post, "/v1/clinic/closures", operationId: "addClosure", summary: "A date the clinic does not run",
                tag: "clinic", access: admins,
                requestBody: .object(
                    ["date": .date, "reason": .text(maxLength: 500, required: true)], required: ["date", "reason"],
                    open: true),
                responses: [.json(201, "recorded", .ref("Closure"))]
            ) { context in
                let input = try context.body(Closure.self)
                let closure = try await pool.withConnection { try await ClosureStore.add(input, on: $0) }
                return try context.json(closure, status: .created)
            },
            Route(
                .get, "/v1/clinic/closures", operationId: "listClosures", summary: "Closures, by date", tag: "clinic",
                access: .signedIn,
                query: [QueryParameter("from", .date, "on or after"), QueryParameter("to", .date, "on or before")],
                responses: [
                    .json(200, "the closures", .object(["items": .array(of: .ref("Closure"))], required: ["items"]))
                ]
            ) { context in
                let from = try context.queryDate("from")
                let to = try context.queryDate("to")
                let closures = try await pool.withConnection { try await ClosureStore.list(from: from, to: to, on: $0) }
                return try context.json(["items": closures])
            },
            Route(
                .delete, "/v1/clinic/closures/{date}", operationId: "deleteClosure", summary: "Reopen a date",
                tag: "clinic", access: admins, responses: [.noContent("removed")], pathParameters: ["date": .date]
            ) { context in
                guard let date = LocalDate(try context.pathText("date")) else {
                    throw APIError.notFound("no closure on that date")
                }
                try await pool.withConnection { try await ClosureStore.delete(date, on: $0) }
                return HTTPResponse(status: .noContent)
            },
        ]
    }
}
