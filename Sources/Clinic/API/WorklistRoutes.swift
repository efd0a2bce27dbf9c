import ClinicDomain
import ClinicHTTP
import Foundation

/// The work lists for the front desk and grid workers: who is due a follow-up, and which elderly residents have not
/// been seen (also as CSV for printing). One audit row per request, naming the residents listed.
enum WorklistRoutes {
    /// The CSV export reads the whole list a page at a time, up to this many rows (more than the community has).
    static let csvRowLimit = 50_000

    static let csvHeader = [
        "grid", "priority", "flags", "name_bo", "name_zh", "name_latin", "sex", "birth_date", "age", "phone",
        "address", "household", "last_consultation_at", "last_consultation_mode", "resident_id",
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        let readers = Access.roles([.admin, .staff, .doctor])
        return [
            Route(
                .get, "/v1/worklists/follow-ups-due", operationId: "listFollowUpsDue",
                summary: "Residents due a follow-up on or before a date: requested follow-ups and quarterly chronic "
                    + "reviews (hypertension, type 2 diabetes), earliest due first; the doctor's note only for "
                    + "doctors and admins",
                tag: "work lists", access: readers,
                query: [
                    QueryParameter("before", .date, "due on or before this clinic date (default: today)"),
                    QueryParameter(
                        "limit", .integer(minimum: 1, maximum: 500),
                        "at most this many rows (default 500); the list has no further pages"),
                ],
                responses: [
                    .json(
                        200, "the residents due, one row each",
                        .object(["items": .array(of: .ref("FollowUpDue"))], required: ["items"]))
                ]
            ) { context in
                let before = try context.queryDate("before") ?? ClinicSettingsStore.today(in: services.settings(context))
                let limit = try context.queryInt("limit", in: 1...ListLimit.maximum) ?? ListLimit.maximum
                let visibility = ConsultationVisibility(role: try context.user.role)
                let read = AuditSubject.from { (rows: [FollowUpDueRow]) in
                    AuditTarget(
                        "worklist", name: "follow-ups-due",
                        detail: [
                            "before": .string(before.description), "count": .int(rows.count),
                            "residentIds": .strings(rows.map(\.residentId.uuidString)),
                        ])
                }
                let rows = try await services.audited(context, .read, read) { db in
                    try await WorklistStore.followUpsDue(before: before, visibility: visibility, limit: limit, on: db)
                }
                return try context.json(["items": rows])
            },
            Route(
                .get, "/v1/worklists/unvisited-elderly", operationId: "listUnvisitedElderly",
                summary: "Elderly residents still cared for here not seen for a number of days, in walking order (grid, "
                    + "household, address; priority residents first at one address); a grid worker's own grids; "
                    + "as CSV with Accept: text/csv or ?format=csv (the whole list, no paging)",
                tag: "work lists", access: Access.roles([.admin, .staff, .doctor, .gridWorker]),
                query: [
                    QueryParameter(
                        "days", .integer(minimum: 1, maximum: 3650), "not seen for this many days (default 90)"),
                    QueryParameter(
                        "minAge", .integer(minimum: 0, maximum: 150), "at least this old today (default 65)"),
                    QueryParameter("grid", .string(maxLength: 100), "only this grid"),
                    QueryParameter("format", .enumeration(["json", "csv"]), "overrides Accept"),
                    QueryParameter(
                        "basis", .enumeration(SeenBasis.allCases.map(\.rawValue)),
                        "what counts as seen: any (default: a consultation or an outreach visit that saw the resident, "
                            + "seenWell or needsDoctor) or clinical (consultations only)"),
                    .limit, .cursor,
                ],
                responses: [
                    ResponseSpec(
                        200, "a page of the list (JSON) or the whole list (CSV, RFC 4180, UTF-8 with BOM)",
                        content: [
                            "application/json": .page(of: .ref("UnvisitedElderly")),
                            "text/csv": JSONSchema.string.described("columns: " + csvHeader.joined(separator: ", ")),
                        ])
                ]
            ) { context in
                let format = try format(context)
                let basis = try context.query("basis", "any, clinical") { SeenBasis(rawValue: $0) } ?? .any
                let query = UnvisitedElderlyQuery(
                    days: try context.queryInt("days", in: 1...3650) ?? 90,
                    minAge: try context.queryInt("minAge", in: 0...150) ?? 65, grid: context.request.query["grid"],
                    limit: try context.limit(), cursor: context.request.query["cursor"], basis: basis)
                let today = ClinicSettingsStore.today(in: services.settings(context))
                let filter: [String: AuditValue] = [
                    "days": .int(query.days), "minAge": .int(query.minAge),
                    "grid": query.grid.map(AuditValue.string) ?? .string(""), "basis": .string(basis.rawValue),
                ]
                if format == "application/json" {
                    let page = try await context.listing {
                        let read = AuditSubject.from { (page: Page<UnvisitedElderlyRow>) in
                            unvisitedElderlyTarget(filter, page.items)
                        }
                        return try await services.audited(context, .read, read) { db in
                            try await WorklistStore.unvisitedElderly(query, today: today, on: db)
                        }
                    }
                    return try context.json(page, headers: ["Vary": "Accept"])
                }
                let whole = UnvisitedElderlyQuery(
                    days: query.days, minAge: query.minAge, grid: query.grid, limit: ListLimit.maximum, basis: basis)
                let rows = try await context.listing {
                    let exported = AuditSubject.from { (rows: [UnvisitedElderlyRow]) in
                        unvisitedElderlyTarget(filter.merging(["format": .string("csv")]) { $1 }, rows)
                    }
                    return try await services.audited(context, .export, exported) { db in
                        var pageQuery = whole
                        var rows: [UnvisitedElderlyRow] = []
                        var page = try await WorklistStore.unvisitedElderly(pageQuery, today: today, on: db)
                        rows += page.items
                        while let next = page.nextCursor, rows.count < csvRowLimit {
                            pageQuery.cursor = next
                            page = try await WorklistStore.unvisitedElderly(pageQuery, today: today, on: db)
                            rows += page.items
                        }
                        return rows
                    }

                }
                var text = CSVWriter.row(csvHeader)
                for row in rows { text += CSVWriter.row(csvFields(row)) }
                return HTTPResponse(
                    status: .ok, contentType: "text/csv; charset=utf-8", body: CSVWriter.bom + Array(text.utf8),
                    headers: [
                        "Content-Disposition": "attachment; filename=\"unvisited-elderly-\(today).csv\"",
                        "Vary": "Accept",
                    ])
            },
        ]
    }

    /// `?format=` wins over `Accept`; an `Accept` that allows neither JSON nor CSV is 406.
    static func format(_ context: RequestContext) throws -> String {
        switch context.request.query["format"] {
        case nil: return try context.negotiate(["application/json", "text/csv"])
        case "json": return "application/json"
        case "csv": return "text/csv"
        default:
            throw APIError.badRequest(
                "query parameter format is not valid",
                errors: [FieldError(field: "format", message: "expected json or csv")])
        }
    }

    /// The unvisited-elderly list's audit row: the filter, and the residents it named.
    static func unvisitedElderlyTarget(_ filter: [String: AuditValue], _ rows: [UnvisitedElderlyRow]) -> AuditTarget {
        let named: [String: AuditValue] = [
            "count": .int(rows.count), "residentIds": .strings(rows.map(\.residentId.uuidString)),
        ]
        return AuditTarget("worklist", name: "unvisited-elderly", detail: filter.merging(named) { $1 })
    }

    static func csvFields(_ row: UnvisitedElderlyRow) -> [String] {

        [
            row.grid ?? "", row.priority ? "yes" : "no", row.flags.map(\.rawValue).joined(separator: " "),
            row.names.bo ?? "", row.names.zh ?? "", row.names.latin ?? "", row.sex.rawValue, row.birthDate.description,
            String(row.age), row.phone ?? "", row.address ?? "", row.household ?? "",
            row.lastConsultationAt?.description ?? "", row.lastConsultationMode?.rawValue ?? "",
            row.residentId.uuidString,
        ]
    }
}
