import ClinicDomain
import Foundation

/// The resident register: staff and admins register and correct residents; doctors read them. Every access
/// to a resident's data leaves an audit row in the same transaction.
enum ResidentRoutes {
    static let names = JSONSchema.object(
        [
            "bo": JSONSchema.string(maxLength: 200).nullable, "zh": JSONSchema.string(maxLength: 200).nullable,
            "latin": JSONSchema.string(maxLength: 200).nullable,
        ])
    static let contact = JSONSchema.object(
        [
            "name": JSONSchema.string.nullable, "phone": JSONSchema.string.nullable,
            "relationship": JSONSchema.string.nullable,
        ])
    static let flag = JSONSchema.enumeration(PriorityFlag.allCases.map(\.rawValue))

    /// The names as written: each at most 200 characters without control characters, at least one not blank.
    static let inputNames = JSONSchema(
        JSONSchema.object(["bo": nameText.nullable, "zh": nameText.nullable, "latin": nameText.nullable]).json
            .setting(
                "anyOf",
                .array(
                    ["bo", "zh", "latin"].map { key in
                        [
                            "required": [.string(key)],
                            "properties": [key: JSONSchema.text(maxLength: 200, required: true).json],
                        ]
                    }))
    ).described("at least one of bo, zh, latin")
    static let nameText = JSONSchema.text(maxLength: ResidentNames.maximumLength)
    static let inputContact = JSONSchema.object(
        [
            "name": JSONSchema.text(maxLength: 200).nullable, "phone": JSONSchema.phone.nullable,
            "relationship": JSONSchema.text(maxLength: 100).nullable,
        ])
    /// A birth date from 1890 on (not in the future either, which no schema can say).
    static let birthDate = JSONSchema(
        JSONSchema.date.json.setting("pattern", "^(189[0-9]|19[0-9]{2}|[2-9][0-9]{3})-").setting("maxLength", 10)
    ).explained("must not be before 1890-01-01")
    /// Blank, or 4 to 32 ASCII letters, digits or hyphens (surrounding spaces are trimmed).
    static let idNumber = JSONSchema.string(maxLength: 64, pattern: "^[ \\t]*([A-Za-z0-9-]{4,32})?[ \\t]*$")
        .explained("must be 4 to 32 letters, digits or '-'")
    /// Blank, or a phone number.
    static let phoneOrBlank = JSONSchema.string(
        maxLength: 64, pattern: "^[ \\t]*(\\+?[ -]*([0-9][ -]*){5,20})?[ \\t]*$"
    )
    .explained(JSONSchema.phoneMessage)

    static let schemas: [String: JSONSchema] = [
        "Resident": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "names": names, "sex": .enumeration(Sex.allCases.map(\.rawValue)), "birthDate": .date,
                "ethnicity": JSONSchema.string.nullable, "languages": .array(of: .string),
                "phone": JSONSchema.string.nullable,
                "idNumber": JSONSchema.string.nullable.described("masked: only the last characters are shown"),
                "address": JSONSchema.string.nullable, "grid": JSONSchema.string.nullable,
                "household": JSONSchema.string.nullable, "flags": .array(of: flag),
                "emergencyContact": contact.nullable,
                "active": JSONSchema.boolean.described("false once an outreach visit found the resident moved away or deceased"),
                "inactiveReason": JSONSchema.enumeration(InactiveReason.allCases.map(\.rawValue)).nullable,
            ], required: ["id", "names", "sex", "birthDate", "languages", "flags"])
    ]

    static let inputProperties: [String: JSONSchema] = [
        "names": inputNames, "sex": .enumeration(Sex.allCases.map(\.rawValue)), "birthDate": birthDate,
        "ethnicity": JSONSchema.text(maxLength: 100).nullable, "languages": .languages,
        "phone": phoneOrBlank.nullable, "idNumber": idNumber.nullable,
        "address": JSONSchema.text(maxLength: 500).nullable,
        "grid": JSONSchema.text(maxLength: 100).nullable, "household": JSONSchema.text(maxLength: 100).nullable,
        "flags": .array(of: flag, uniqueItems: true), "emergencyContact": inputContact.nullable,
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        let writers = Access.roles([.admin, .staff])
        // A grid worker reads the residents of their grids (the database hides the others); a resident's JSON holds
        // no clinical data.
        let readers = Access.roles([.admin, .staff, .doctor, .gridWorker])
        return [
            Route(
                .post, "/v1/residents", operationId: "createResident", summary: "Register a resident",
                tag: "residents", access: writers,
                requestBody: .object(
                    inputProperties.merging(["clinicId": ClinicRoutes.clinicIdMember]) { $1 },
                    required: ["names", "sex", "birthDate"], open: true),
                responses: [.json(201, "registered", .ref("Resident"))], idempotent: true
            ) { context in
                let input = try context.body(NewResident.self)
                let clinicId = try services.actingClinic(
                    context, named: try context.body(ClinicRoutes.NamedClinic.self).clinicId)
                let today = ClinicSettingsStore.today(in: services.clinics.settings(clinicId))
                let created = AuditSubject.from { (resident: Resident) in
                    AuditTarget("resident", id: resident.id, resident: resident.id)
                }
                let resident = try await services.audited(context, .create, created) { db in

                    try await ResidentStore.create(input, clinicId: clinicId, today: today, on: db)
                }
                return try context.json(
                    resident, status: .created, headers: ["Location": "/v1/residents/\(resident.id)"])
            },
            Route(
                .get, "/v1/residents", operationId: "searchResidents",
                summary: "Search residents by any name script, phone or ID-number tail", tag: "residents",
                access: readers,
                query: [
                    QueryParameter("q", .string(maxLength: 200), "part of a name in any script, a phone or ID tail"),
                    QueryParameter("grid", .string(maxLength: 100), "only this grid"),
                    QueryParameter("minAge", .integer(minimum: 0, maximum: 150), "at least this old today"),
                    QueryParameter("flag", flag, "only residents with this priority flag"), .limit, .cursor,
                    ClinicRoutes.clinicIdQuery,
                ],
                responses: [.json(200, "a page of residents", .page(of: .ref("Resident")))]
            ) { context in
                var flag: PriorityFlag?
                if let text = context.request.query["flag"] {
                    guard let value = PriorityFlag(rawValue: text) else {
                        throw APIError.badRequest(
                            "unknown flag", errors: [FieldError(field: "flag", message: "is not a priority flag")])
                    }
                    flag = value
                }
                let query = ResidentQuery(
                    q: context.request.query["q"], grid: context.request.query["grid"],
                    minAge: try context.queryInt("minAge", in: 0...150), flag: flag, limit: try context.limit(),
                    cursor: context.request.query["cursor"], clinics: try services.listedClinics(context))
                let today = ClinicSettingsStore.today(in: services.settings(context))
                let page = try await context.listing {
                    let found = AuditSubject.from { (page: Page<Resident>) in
                        AuditTarget(
                            "resident",
                            detail: [
                                "count": .int(page.items.count),
                                "residentIds": .strings(page.items.map(\.id.uuidString)),

                            ])
                    }
                    return try await services.audited(context, .search, found) { db in
                        try await ResidentStore.search(query, today: today, on: db)
                    }
                }
                return try context.json(page)
            },
            Route(
                .get, "/v1/residents/{id}", operationId: "getResident", summary: "One resident", tag: "residents",
                access: readers, responses: [.json(200, "the resident", .ref("Resident"))]
            ) { context in
                let id = try context.pathID()
                let resident = try await services.audited(context, .read, .resident(id)) { db in
                    try await ResidentStore.get(id, on: db)
                }
                return try context.json(resident)
            },
            Route(
                .patch, "/v1/residents/{id}", operationId: "updateResident",
                summary: "Correct a resident's details (null clears a field)", tag: "residents", access: writers,
                requestBody: .object(
                    inputProperties.merging([
                        "active": JSONSchema(["type": "boolean", "enum": [true]]).described(
                            "true reactivates a resident an outreach visit made inactive (admins only)")
                    ]) { $1 }, open: true),
                responses: [
                    .json(200, "the corrected resident", .ref("Resident")),
                    .problem(403, "active: only an admin reactivates"),
                ]
            ) { context in
                let id = try context.pathID()
                let patch = try context.body(ResidentPatch.self)
                if patch.active != nil, ![.admin, .countyAdmin].contains(try context.user.role) {
                    throw APIError.forbidden("only an admin reactivates a resident")
                }
                let today = ClinicSettingsStore.today(in: services.settings(context))
                let resident = try await services.audited(context, .update, .resident(id)) { db in
                    try await ResidentStore.patch(id, patch, today: today, on: db)
                }

                return try context.json(resident)
            },
            Route(
                .post, "/v1/residents/{id}/move", operationId: "moveResident",
                summary: "Move a resident to another health room: the health file goes along; past appointments, "
                    + "walk-ins and audit rows stay where they happened",
                tag: "residents", access: .roles([.countyAdmin]),
                requestBody: .object(["clinicId": .uuid], required: ["clinicId"]),
                responses: [
                    .json(200, "the resident, in the new clinic", .ref("Resident")),
                    .problem(404, "no such resident"),
                    .problem(409, "the resident has appointments ahead or waits in a queue in their clinic"),
                    .problem(422, "clinicId names no clinic"),
                ]
            ) { context in
                let id = try context.pathID()
                guard let clinicId = try context.body(ClinicRoutes.NamedClinic.self).clinicId,
                    services.clinics.clinic(clinicId) != nil
                else { throw ValidationError(field: "clinicId", message: "no such clinic") }
                let resident = try await services.audited(context, .update, .resident(id)) { db in
                    try await ResidentStore.move(id, to: clinicId, on: db)
                }
                return try context.json(resident)
            },
        ]
    }
}
