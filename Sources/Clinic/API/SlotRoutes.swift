import ClinicDomain
import Foundation

/// Bookable slots, as the front desk searches them.
enum SlotRoutes {
    static let schemas: [String: JSONSchema] = [
        "Slot": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "doctorId": .uuid, "date": .date, "session": .string,
                "mode": .enumeration(ConsultationMode.allCases.map(\.rawValue)), "start": .dateTime, "end": .dateTime,
                "capacity": .integer(minimum: 1), "booked": .integer(minimum: 0),
                "priorityOnly": JSONSchema.boolean.described(
                    "held for priority residents now; released priorityHoldHours before the start"),
                "closed": JSONSchema.boolean.described(
                    "its session will not run (a closure or the doctor's unavailability): not bookable"),
            ],
            required: [
                "id", "doctorId", "date", "session", "mode", "start", "end", "capacity", "booked", "priorityOnly",
                "closed",
            ])
    ]

    /// The longest range one request may search.
    static let maximumRangeDays = 92
    /// What a search without `to` covers.
    static let defaultRangeDays = 7

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.readPool  // a list of slots may be a moment stale: a standby's, when there is one
        return [
            Route(
                .get, "/v1/slots", operationId: "listSlots", summary: "Slots by start time, with filters",
                tag: "slots", access: .roles([.admin, .staff, .doctor]),
                query: [ClinicRoutes.clinicIdQuery,
                    QueryParameter("from", .date, "first clinic date (default today in the clinic's zone)"),
                    QueryParameter("to", .date, "last clinic date, inclusive (default from + 6 days; at most 92 days)"),
                    QueryParameter("mode", .enumeration(ConsultationMode.allCases.map(\.rawValue)), "only this mode"),
                    QueryParameter("doctorId", .uuid, "only this doctor's slots"),
                    QueryParameter("language", .languageTag, "only doctors who speak it"),
                    QueryParameter(
                        "available", .queryBoolean, "true: only slots with a free seat that have not started"),
                    .limit, .cursor,
                ],
                responses: [
                    .json(200, "a page of slots", .page(of: .ref("Slot"))),
                    .problem(400, "a malformed parameter, a reversed range or one over 92 days"),
                ]
            ) { context in
                let range = try DateRangeQuery.read(
                    context, defaultDays: defaultRangeDays, maximumDays: maximumRangeDays,
                    today: ClinicSettingsStore.today(in: services.settings(context)))
                let language = try context.query("language", "a lower-case language code of 2 to 8 letters") {
                    ResidentRules.isLanguageTag($0) ? $0 : nil
                }
                let query = SlotQuery(
                    from: range.from, to: range.to,
                    mode: try context.query("mode", "onsite, remote or home") { ConsultationMode(rawValue: $0) },
                    doctorId: try context.queryUUID("doctorId"), language: language,
                    availableOnly: try context.queryBool("available") ?? false, limit: try context.limit(),
                    cursor: context.request.query["cursor"], clinics: try services.listedClinics(context))
                let page = try await context.listing {
                    try await pool.withConnection {
                        try await SlotStore.list(query, clinics: services.clinics, on: $0)
                    }
                }
                return try context.json(page)
            }
        ]
    }
}
