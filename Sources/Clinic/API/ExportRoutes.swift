import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// Exports of health files: one resident's summary in three formats, and the county CSV of every resident.
/// Each export writes one audit row (action `export`) in the transaction that read the data.
///
/// Roles follow the contract's table: staff and admins export (staff never see consultation notes); doctors may
/// read a resident's summary, being allowed health files, but not the register-wide CSV, which the table gives
/// them no right to (403).
enum ExportRoutes {
    /// The media types of `GET /v1/residents/{id}/summary`, the default first.
    static let summaryTypes = ["application/json", "application/fhir+json", "text/html"]

    /// Rows fetched from the cursor per batch (and written per chunk) by the CSV export.
    static let csvBatchSize = 1000

    static let schemas: [String: JSONSchema] = [
        "HealthSummary": .object(
            [
                "resident": .ref("Resident"), "age": .integer, "clinicName": .string, "exportDate": .date,
                "generatedAt": .dateTime, "activeProblems": .array(of: .any), "medications": .array(of: .any),
                "allergies": .array(of: .any), "latestVitals": JSONSchema.any,
                "vitalTrends": .array(
                    of: .object(
                        [
                            "measure": .string, "unit": .string,
                            "values": .array(of: .object(["value": .number, "takenAt": .dateTime])),
                            "direction": .enumeration(["up", "down", "steady"]),
                        ], required: ["measure", "unit", "values"])),
                "latestAssessments": .array(
                    of: .object(
                        [
                            "id": .uuid, "kind": .enumeration(AssessmentKind.allCases.map(\.rawValue)),
                            "score": .integer, "maximumScore": .integer,
                            "band": .enumeration(AssessmentBand.allCases.map(\.rawValue)),
                            "bandLabel": .object(["en": .string, "zh": .string]), "takenAt": .dateTime,
                        ])),
                "lastConsultations": .array(of: .any).described(
                    "newest first; notes, vitals, diagnoses, treatments, advice, addenda and follow-up notes only for "
                        + "doctors and admins"),
                "followUpsDue": .array(of: .any).described("the follow-up note only for doctors and admins"),
            ],
            required: [
                "resident", "age", "clinicName", "exportDate", "generatedAt", "activeProblems", "medications",
                "allergies", "vitalTrends", "latestAssessments", "lastConsultations", "followUpsDue",
            ], open: true)
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        [summaryRoute(services), csvRoute(services)]
    }

    static func summaryRoute(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/residents/{id}/summary", operationId: "getHealthSummary",
            summary: "A resident's health-file summary: JSON, an HL7 FHIR R4 IPS document Bundle, or a printable page",
            tag: "exports", access: .roles([.admin, .staff, .doctor]),
            responses: [
                ResponseSpec(
                    200, "the summary in the negotiated format",
                    content: [
                        "application/json": .ref("HealthSummary"),
                        "application/fhir+json": JSONSchema.object(
                            ["resourceType": .enumeration(["Bundle"])], open: true
                        )
                        .described("an International Patient Summary: a FHIR R4 document Bundle"),
                        "text/html": JSONSchema.string.described("a printable A4 page"),
                    ]),
                ResponseSpec(406, "none of the offered media types is acceptable"),
            ]
        ) { context in
            let mediaType = try context.negotiate(summaryTypes)
            let id = try context.pathID()
            let visibility = ConsultationVisibility(role: try context.user.role)
            let settings = services.settings(context)
            let today = ClinicSettingsStore.today(in: settings)
            let format = ["application/json": "json", "application/fhir+json": "fhir", "text/html": "html"][mediaType]!
            let exported = AuditSubject<HealthSummary>.record(
                "healthSummary", id: id, resident: id, detail: ["format": .string(format)])
            let summary = try await services.audited(context, .export, exported) { db in
                let resident = try await ResidentStore.get(id, on: db)
                let file = try await HealthFileStore.load(residentId: id, visibility: visibility, on: db)
                return HealthSummary(
                    resident: resident, file: file, clinicName: settings.name, today: today,
                    generatedAt: ZonedInstant(Date(), in: context.timeZone))
            }
            let headers: HTTPHeaders = ["Vary": "Accept", "Cache-Control": "no-store"]
            switch mediaType {
            case "application/fhir+json":
                let bytes = try JSONCoding.encode(FHIRPatientSummary.bundle(summary), timeZone: context.timeZone)
                return HTTPResponse(
                    status: .ok, contentType: "application/fhir+json", body: bytes, headers: headers)
            case "text/html":
                return HTTPResponse(
                    status: .ok, contentType: "text/html; charset=utf-8",
                    body: Array(HealthSummaryPage.render(summary, language: context.pageLanguage).utf8),
                    headers: headers)
            default:
                return try context.json(summary, headers: headers)
            }
        }
    }

    static func csvRoute(_ services: ClinicServices) -> Route {
        Route(
            .get, "/v1/exports/health-files.csv", operationId: "exportHealthFiles",
            summary: "Every matching resident's health-file headline figures as CSV, streamed", tag: "exports",
            access: .roles([.admin, .staff]),
            query: [
                QueryParameter("minAge", .integer(minimum: 0, maximum: 150), "at least this old today"),
                QueryParameter("grid", .string(minLength: 1, maxLength: 100), "only this grid"),
                QueryParameter(
                    "problem",
                    .string(minLength: 1, maxLength: 100, pattern: "[^\\t\(JSONSchema.spaces)]")
                        .explained("must not be only spaces"),
                    "an active problem: hypertension, type2Diabetes, an ICD-10 code prefix or words of its text"),
                QueryParameter("flag", ResidentRoutes.flag, "only residents with this priority flag"),
                QueryParameter("bom", .queryBoolean, "start with a UTF-8 byte-order mark, for Excel (1 or true)"),
            ],
            responses: [
                ResponseSpec(
                    200, "RFC 4180 CSV in UTF-8, one row per resident, sent chunked",
                    content: ["text/csv": JSONSchema.string],
                    headers: ["Content-Disposition": JSONSchema.string])
            ]
        ) { context in
            let filter = try filter(context)
            let bom = try context.queryBool("bom") ?? false
            guard let permit = services.exports.enter() else {
                throw APIError.tooManyRequests(
                    retryAfter: 30,
                    "\(services.exports.limit) exports are already streaming; try again when one has finished")
            }
            let settings = services.settings(context)
            let today = ClinicSettingsStore.today(in: settings)
            // The access is on record before the first byte leaves, whatever happens to the download.
            let started = AuditSubject<Void>.record(
                "healthFilesCSV", detail: ["format": .string("csv"), "filter": .strings(filter.auditDescription)])
            try await services.audited(context, .export, started) { _ in }

            let query = ExportStore.healthFiles(
                filter, clinics: try services.listedClinics(context), today: today,
                timeZone: context.timeZone.identifier)
            let headers: HTTPHeaders = [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"health-files-\(today).csv\"",
                "Cache-Control": "no-store",
            ]
            return HTTPResponse(
                status: .ok, headers: headers,
                body: .stream { writer in
                    // The permit lives as long as the stream: its place is free again once the stream is over.
                    defer { withExtendedLifetime(permit) {} }
                    try await streamCSV(
                        services: services, context: context, query: query, bom: bom, today: today, writer: writer)
                })
        }
    }

    /// The CSV filter from the query; 400 naming a malformed parameter.
    static func filter(_ context: RequestContext) throws(APIError) -> HealthFilesFilter {
        var filter = HealthFilesFilter(minAge: try context.queryInt("minAge", in: 0...150))
        filter.grid = try context.query("grid", "at most 100 characters") { $0.count <= 100 && !$0.isEmpty ? $0 : nil }
        filter.problem = try context.query("problem", "1 to 100 characters") { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return (1...100).contains(trimmed.count) ? trimmed : nil
        }
        filter.flag = try context.query(
            "flag", "one of " + PriorityFlag.allCases.map(\.rawValue).joined(separator: ", "),
            PriorityFlag.init(rawValue:))
        return filter
    }

    /// Streams the CSV from a cursor in one read-only transaction, then records how it ended (`exportEnded`:
    /// rows sent, whether the client got them all) in a transaction of its own. The `export` row itself was
    /// committed before the stream began.
    ///
    /// A download that stops making progress is cut by the server's write timeout: the producer then sees
    /// `ClientGone`, its transaction ends and its connection returns to the pool, and the client sees a
    /// chunked body without its last chunk (a broken download), never a short file that looks whole. A
    /// database failure mid-stream also cuts the connection.
    static func streamCSV(
        services: ClinicServices, context: RequestContext, query: PostgresQuery, bom: Bool, today: LocalDate,
        writer: BodyWriter
    ) async throws {
        var sent = 0
        var failure: (any Error)?
        do {
            // Rows already sent cannot be taken back: never run the body twice.
            try await services.pool.withTransaction(maxAttempts: 1) { db in
                try await db.query("SET TRANSACTION READ ONLY")
                try await writer.write((bom ? CSVWriter.bom : []) + Array(HealthFilesCSV.header.utf8))
                try await db.forEachBatch(query, batchSize: csvBatchSize) { rows in
                    var chunk = ""
                    chunk.reserveCapacity(rows.count * 200)
                    for row in rows { chunk += CSVWriter.row(try HealthFilesCSV.fields(row, today: today)) }
                    try await writer.write(chunk)
                    sent += rows.count
                }
            }
        } catch {
            failure = error
            if !(error is BodyWriter.ClientGone) {
                Log.error(
                    "CSV export failed",
                    ["requestId": context.request.requestId, "error": String(describing: type(of: error))])
            }
        }
        let ended = AuditSubject<Void>.record(
            "healthFilesCSV",
            detail: ["format": .string("csv"), "count": .int(sent), "completed": .bool(failure == nil)])

        do {
            try await services.audited(context, .exportEnded, ended) { _ in }

        } catch {
            Log.error(
                "could not record the end of a CSV export",
                ["requestId": context.request.requestId, "error": String(describing: type(of: error))])
        }
        if let failure { throw failure }
    }
}
