import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// The monthly report for the county health bureau: a clinic's month in figures (JSON, CSV, a printable page), the
/// county's clinics side by side, and submitting a month, which freezes its figures. The figures are defined in SQL
/// (migration 0017); reading them writes no audit row (they name no one), submitting does.
///
/// Roles: a clinic's admin reads and submits their own clinic's months (404 for another clinic); a county admin
/// reads any clinic, or all of them side by side, and submits for a clinic it names; a county viewer reads the
/// figures and nothing else. A county viewer's database scope names no clinic, so its reading runs in the county's
/// scope: only figures leave these routes.
enum ReportRoutes {
    static let types = ["application/json", "text/csv", "text/html"]
    static let monthPattern = "^20[0-9]{2}-(0[1-9]|1[0-2])$"
    static let monthSchema = JSONSchema.string(minLength: 7, maxLength: 7, pattern: monthPattern)
        .explained("must be a month as YYYY-MM (2000 to 2099)")

    static let count = JSONSchema.integer
    static func counts(_ names: [String]) -> JSONSchema {
        .object(Dictionary(uniqueKeysWithValues: names.map { ($0, count) }), required: names, open: true)
    }

    static let figuresMembers: [String: JSONSchema] = [
        "sessions": counts(["rostered", "held"]),
        "doctors": .array(
            of: .object(
                [
                    "doctorId": .uuid, "name": .string, "institution": .string, "sessions": count,
                    "consultations": count,
                ], required: ["doctorId", "name", "institution", "sessions", "consultations"], open: true)),
        "consultations": .object(
            [
                "total": count, "residents": count, "byMode": counts(["onsite", "remote", "home"]),
                "byChannel": counts(["video", "phone"]),
            ], required: ["total", "residents", "byMode", "byChannel"], open: true),
        "appointments": counts(["booked", "completed", "noShow", "cancelled", "displaced", "priority"]),
        "elderly": .object(
            [
                "total": count, "seenLast90Days": count, "assessed": count,
                "byBand": counts(AssessmentBand.allCases.map(\.rawValue)),
            ], required: ["total", "seenLast90Days", "assessed", "byBand"], open: true),
        "chronic": .object(
            [
                "hypertension": counts(["total", "reviewedThisQuarter"]),
                "diabetes": counts(["total", "reviewedThisQuarter"]),
            ], required: ["hypertension", "diabetes"], open: true),
        "outreach": .object(
            [
                "visits": count,
                "byOutcome": counts(["seenWell", "notHome", "needsDoctor", "hospitalised", "movedAway", "deceased"]),
                "byGrid": .array(of: .object(["grid": .string, "visits": count], required: ["grid", "visits"])),
            ], required: ["visits", "byOutcome", "byGrid"], open: true),
    ]
    static let figureNames = ["sessions", "doctors", "consultations", "appointments", "elderly", "chronic", "outreach"]

    static let schemas: [String: JSONSchema] = [
        "MonthlyFigures": .object(
            figuresMembers.merging(["clinicId": .uuid, "clinicName": .string, "month": .string]) { $1 },
            required: ["clinicId", "month"] + figureNames, open: true),
        "MonthlyReport": .object(
            figuresMembers.merging([
                "clinicId": .uuid, "clinicName": .string, "month": .string,
                "status": .enumeration(["submitted", "notSubmitted"]),
                "submitted": .object(
                    ["at": .dateTime, "userId": .uuid, "username": .string], required: ["at", "userId", "username"]
                ).nullable,
                "liveDiffers": .boolean,
                "live": JSONSchema.ref("MonthlyFigures").described("the live figures, when they differ from the submitted"),
            ]) { $1 },
            required: ["clinicId", "month", "status", "submitted", "liveDiffers"] + figureNames, open: true),
        "CountyMonthlyReport": .object(
            [
                "month": .string, "clinics": .array(of: .ref("MonthlyReport")),
                "total": .object(figuresMembers.merging(["month": .string, "clinics": count]) { $1 }, open: true),
            ], required: ["month", "clinics", "total"]),
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        [readRoute(services), submitRoute(services)]
    }

    static func readRoute(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/reports/monthly", operationId: "getMonthlyReport",
            summary: "A clinic's month in figures (the submitted figures once submitted), or for county users without "
                + "clinicId every clinic side by side with the total; JSON, CSV or a printable page",
            tag: "reports", access: .roles([.admin, .countyViewer]),
            query: [
                QueryParameter("month", monthSchema, "the month, YYYY-MM (default: the last month)"),
                QueryParameter("clinicId", .uuid, "the clinic (an admin's own by default; county users: all clinics)"),
            ],
            responses: [
                ResponseSpec(
                    200, "the report in the negotiated format",
                    content: [
                        "application/json": JSONSchema([
                            "anyOf": [JSONSchema.ref("MonthlyReport").json, JSONSchema.ref("CountyMonthlyReport").json]
                        ]),
                        "text/csv": JSONSchema.string.described(
                            "RFC 4180, UTF-8 with BOM: figure, label, one column per clinic (and the total)"),
                        "text/html": JSONSchema.string.described("a printable A4 page in the reader's language"),
                    ]),
                ResponseSpec(406, "none of the offered media types is acceptable"),
            ]
        ) { context in
            let mediaType = try context.negotiate(types)
            let principal = try context.user
            let named = try context.queryUUID("clinicId")
            let clinicIds: [UUID]
            var county = false
            switch principal.role {
            case .admin, .staff, .doctor, .gridWorker:
                guard let own = principal.clinicId else { throw APIError.forbidden() }
                if let named, named != own { throw APIError.notFound("no such clinic") }
                clinicIds = [own]
            case .countyAdmin, .countyViewer:
                if let named {
                    guard services.clinics.clinic(named) != nil else { throw APIError.notFound("no such clinic") }
                    clinicIds = [named]
                } else {
                    try await services.refreshSettings()
                    clinicIds = services.clinics.all.map(\.id)
                    county = true
                }
            }
            let month = try month(context.request.query["month"], services: services, clinic: clinicIds.first)
            let scope: ClinicScope = principal.role == .countyViewer ? .county : principal.scope
            let columns = try await scope.run {
                try await services.readPool.withConnection { db in
                    try await read(clinicIds, month: month, on: db)
                }
            }
            let monthText = monthString(month)
            let total = county ? MonthlyReport.total(columns.map(\.figures), month: monthText) : nil
            let headers: HTTPHeaders = ["Vary": "Accept, Accept-Language", "Cache-Control": "no-store"]
            switch mediaType {
            case "text/csv":
                return HTTPResponse(
                    status: .ok, contentType: "text/csv; charset=utf-8",
                    body: MonthlyReportCSV.render(columns: columns, total: total, language: context.pageLanguage),
                    headers: [
                        "Vary": "Accept, Accept-Language", "Cache-Control": "no-store",
                        "Content-Disposition": "attachment; filename=\"monthly-report-\(monthText).csv\"",
                    ])
            case "text/html":
                let page = MonthlyReportPage.render(
                    month: monthText, columns: columns, total: total, language: context.pageLanguage,
                    generatedAt: ZonedInstant(Date(), in: context.timeZone).minuteText)
                return HTTPResponse(
                    status: .ok, contentType: "text/html; charset=utf-8", body: Array(page.utf8), headers: headers)
            default:
                if let total {
                    let body: JSONValue = [
                        "month": .string(monthText), "clinics": .array(columns.map(json)), "total": total,
                    ]
                    return try context.json(body, headers: headers)
                }
                return try context.json(json(columns[0]), headers: headers)
            }
        }
    }

    static func submitRoute(_ services: ClinicServices) -> Route {
        Route(
            .post, "/v1/reports/monthly/{month}/submit", operationId: "submitMonthlyReport",
            summary: "Submit a month that is over to the county: its figures are frozen as they are now "
                + "(a county admin names the clinic)",
            tag: "reports", access: .roles([.admin]),
            query: [QueryParameter("clinicId", .uuid, "the clinic (required for a county admin)")],
            requestBody: .object(["clinicId": .uuid], open: true), bodyOptional: true,
            responses: [
                .json(201, "submitted: the frozen figures", .ref("MonthlyReport")),
                .problem(409, "report-submitted: the month was submitted already; month-not-over: it is not over yet"),
            ],
            pathParameters: ["month": monthSchema]
        ) { context in
            let principal = try context.user
            let bodyClinic = context.request.body.isEmpty ? nil : try context.body(ClinicRoutes.NamedClinic.self).clinicId
            let clinicId = try services.actingClinic(context, named: try context.queryUUID("clinicId") ?? bodyClinic)
            let text = try context.pathText("month")
            guard text.wholeMatch(of: /20[0-9]{2}-(0[1-9]|1[0-2])/) != nil, let month = LocalDate(text + "-01") else {
                throw ValidationError(field: "month", message: "must be a month as YYYY-MM (2000 to 2099)")
            }
            let zone = services.clinics.zone(clinicId)
            let today = LocalDate(Date(), in: zone)
            guard month < LocalDate(year: today.year, month: today.month, day: 1)! else {
                throw APIError.conflict("month-not-over", "the month \(text) is not over yet")
            }
            let submitted = AuditSubject<ReportStore.Submission>.record(
                "monthlyReport", id: clinicId, detail: ["month": .string(text), "clinicId": .string(clinicId.uuidString)])
            // A second submission leaves no trace: the conflict rolls the transaction and its audit row back.
            let submission = try await services.audited(context, .create, submitted) { db in
                guard
                    let submission = try await ReportStore.submit(
                        clinic: clinicId, month: month, userId: principal.userId, username: principal.username, on: db)
                else { throw APIError.conflict("report-submitted", "the month \(text) was submitted already") }
                return submission
            }
            let column = MonthlyReportPage.Column(
                title: submission.figures.at(["clinicName"])?.string ?? "", figures: submission.figures,
                submitted: submission, liveDiffers: false)
            return try context.json(
                json(column), status: .created,
                headers: ["Location": "/v1/reports/monthly?month=\(text)&clinicId=\(UUIDText.lower(clinicId))"])
        }
    }

    /// The month `text` names (its first day), or the last month of `clinic`'s calendar; 422 for a month to come.
    static func month(_ text: String?, services: ClinicServices, clinic: UUID?) throws -> LocalDate {
        let zone = clinic.map { services.clinics.zone($0) } ?? TimeZone(identifier: "Asia/Shanghai")!
        let today = LocalDate(Date(), in: zone)
        let current = LocalDate(year: today.year, month: today.month, day: 1)!
        guard let text else { return current.adding(days: -1).firstOfMonth }
        guard let month = LocalDate(text + "-01") else {
            throw ValidationError(field: "month", message: "must be a month as YYYY-MM (2000 to 2099)")
        }
        guard month <= current else { throw ValidationError(field: "month", message: "is still to come") }
        return month
    }

    static func monthString(_ month: LocalDate) -> String { String(month.description.prefix(7)) }

    /// Each clinic's column: its submitted figures once submitted (with whether the live ones differ), else the
    /// live figures. A clinic the caller may not see is left out.
    static func read(_ clinics: [UUID], month: LocalDate, on db: PostgresConnection) async throws
        -> [MonthlyReportPage.Column]
    {
        let submissions = try await ReportStore.submissions(clinics: clinics, month: month, on: db)
        var columns: [MonthlyReportPage.Column] = []
        for clinic in clinics {
            guard let live = try await ReportStore.figures(clinic: clinic, month: month, on: db) else { continue }
            let submitted = submissions[clinic]
            let shown = submitted?.figures ?? live
            let differs = submitted.map { !sameFigures($0.figures, live) } ?? false
            columns.append(
                MonthlyReportPage.Column(
                    title: live.at(["clinicName"])?.string ?? "", figures: shown, submitted: submitted,
                    liveDiffers: differs, live: differs ? live : nil))
        }
        guard !columns.isEmpty else { throw APIError.notFound("no such clinic") }
        return columns
    }

    /// Whether two reports give the same figures (names of the clinic and doctors aside).
    static func sameFigures(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func figures(_ report: JSONValue) -> JSONValue {
            var members = report.members
            members["clinicName"] = nil
            members["doctors"] = .array(
                report.at(["doctors"])?.array.map { doctor in
                    var own = doctor.members
                    own["name"] = nil
                    own["institution"] = nil
                    return .object(own)
                } ?? [])
            return .object(members)
        }
        return figures(a) == figures(b)
    }

    /// A column as the API's JSON: the figures shown, the submission, and the live figures when they differ.
    static func json(_ column: MonthlyReportPage.Column) -> JSONValue {
        var members = column.figures.members
        members["status"] = .string(column.submitted == nil ? "notSubmitted" : "submitted")
        members["submitted"] = column.submitted.map { submission in
            [
                "at": .string(ISO8601DateFormatter().string(from: submission.submittedAt)),
                "userId": .string(UUIDText.lower(submission.userId)),
                "username": .string(submission.username),
            ]
        } ?? .null
        members["liveDiffers"] = .bool(column.liveDiffers)
        if let live = column.live { members["live"] = live }
        return .object(members)
    }
}

extension LocalDate {
    /// The first day of this date's month.
    var firstOfMonth: LocalDate { LocalDate(year: year, month: month, day: 1)! }
}
