import ClinicDomain
import ClinicHTTP
import Foundation

/// The clinic's own settings (time zone, clinic weekdays, sessions, slot lengths, priority hold) and closures.
enum ClinicRoutes {
    static let settingsSchema = JSONSchema.object(
        [
            "name": .string(minLength: 1, maxLength: 200), "timeZone": .string,
            "clinicWeekdays": .array(of: .integer(minimum: 1, maximum: 7), maxItems: 7, uniqueItems: true),
            "sessions": .array(
                of: .object(["name": .string, "start": .time, "end": .time], required: ["name", "start", "end"]),
                maxItems: 6),
            "slotMinutes": .object(
                ["onsite": .integer(minimum: 1), "remote": .integer(minimum: 1), "home": .integer(minimum: 1)],
                required: ["onsite", "remote", "home"]),
            "priorityHoldHours": .integer(minimum: 0),
        ],
        required: ["name", "timeZone", "clinicWeekdays", "sessions", "slotMinutes", "priorityHoldHours"])

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
                tag: "clinic", access: admins, requestBody: .object(["date": .date, "reason": .string], required: ["date", "reason"], open: true),
                responses: [.json(201, "recorded", .ref("Closure"))]
            ) { context in
                let input = try context.body(Closure.self)
                let closure = try await pool.withConnection { try await ClosureStore.add(input, on: $0) }
                return try context.json(closure, status: .created)
            },
            Route(
                .get, "/v1/clinic/closures", operationId: "listClosures", summary: "Closures, by date", tag: "clinic",
                access: .signedIn, query: [QueryParameter("from", .date, "on or after"), QueryParameter("to", .date, "on or before")],
                responses: [.json(200, "the closures", .object(["items": .array(of: .ref("Closure"))], required: ["items"]))]
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
                guard let date = LocalDate(try context.pathText("date")) else { throw APIError.notFound("no closure on that date") }
                try await pool.withConnection { try await ClosureStore.delete(date, on: $0) }
                return HTTPResponse(status: .noContent)
            },
        ]
    }
}
