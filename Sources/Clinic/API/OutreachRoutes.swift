import ClinicDomain
import ClinicHTTP
import Foundation

/// Community outreach: grid workers (and the desk) record door-knock visits; the desk works through the doctor
/// requests they open. Every access to a resident's visits leaves an audit row in the same transaction.
enum OutreachRoutes {
    static let outcome = JSONSchema.enumeration(OutreachOutcome.allCases.map(\.rawValue))
    static let visitBody = JSONSchema.object(
        [
            "visitedAt": JSONSchema.dateTime.described("not in the future, nor more than a year back"),
            "outcome": outcome,
            "systolic": JSONSchema.integer(minimum: 50, maximum: 300).nullable.described("mmHg; with diastolic"),
            "diastolic": JSONSchema.integer(minimum: 20, maximum: 200).nullable.described(
                "mmHg; with systolic, and below it"),
            "note": JSONSchema.text(maxLength: 2000).nullable,
        ], required: ["visitedAt", "outcome"], open: true)
    static let closeBody = JSONSchema.object(
        ["reason": JSONSchema.text(maxLength: 500, required: true)], required: ["reason"], open: true)

    static let schemas: [String: JSONSchema] = [
        "OutreachVisit": .object(
            [
                "id": .uuid, "clinicId": .uuid, "residentId": .uuid, "visitedAt": .dateTime, "outcome": outcome,
                "systolic": JSONSchema.integer.nullable, "diastolic": JSONSchema.integer.nullable,
                "note": JSONSchema.string.nullable, "recordedBy": .uuid, "createdAt": .dateTime,
                "doctorRequestId": JSONSchema.uuid.nullable.described("the request a needsDoctor visit opened"),
            ], required: ["id", "clinicId", "residentId", "visitedAt", "outcome", "recordedBy", "createdAt"]),
        "DoctorRequest": .object(
            [
                "id": .uuid, "clinicId": .uuid, "residentId": .uuid, "visitId": .uuid, "createdAt": .dateTime,
                "note": JSONSchema.string.nullable,
                "status": .enumeration(DoctorRequestStatus.allCases.map(\.rawValue)),
                "appointmentId": JSONSchema.uuid.nullable, "closeReason": JSONSchema.string.nullable,
                "names": ConsultationSchemas.residentNames, "phone": JSONSchema.string.nullable,
                "grid": JSONSchema.string.nullable, "address": JSONSchema.string.nullable,
                "visitedAt": JSONSchema.dateTime.nullable,
                "systolic": JSONSchema.integer.nullable.described("measured at the door (mmHg)"),
                "diastolic": JSONSchema.integer.nullable, "visitedBy": JSONSchema.string.nullable.described(
                    "the grid worker who made the visit (username)"),
            ], required: ["id", "residentId", "visitId", "createdAt", "status"]),
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        let recorders = Access.roles([.gridWorker, .staff, .admin])
        let readers = Access.roles([.gridWorker, .staff, .admin, .doctor])
        let desk = Access.roles([.staff, .admin])
        return [
            Route(
                .post, "/v1/residents/{id}/outreach-visits", operationId: "recordOutreachVisit",
                summary: "Record a door-knock visit: needsDoctor opens a doctor request; movedAway and deceased make "
                    + "the resident inactive and cancel their bookings to come",
                tag: "outreach", access: recorders, requestBody: visitBody,
                responses: [
                    ResponseSpec(
                        201, "recorded", content: ["application/json": .ref("OutreachVisit")],
                        headers: ["Location": .string]),
                    .problem(404, "no such resident (also another grid's, for a grid worker)"),
                ],
                idempotent: true
            ) { context in
                let residentId = try context.pathID()
                let input = try context.body(NewOutreachVisit.self)
                let recordedBy = try context.user.userId
                let recorded = AuditSubject.from { (visit: OutreachVisit) in
                    AuditTarget(
                        "outreachVisit", id: visit.id, resident: residentId,
                        detail: ["outcome": .string(visit.outcome.rawValue)])
                }
                let visit = try await services.audited(context, .create, recorded) { db in
                    try await OutreachStore.record(
                        input, residentId: residentId, recordedBy: recordedBy, zone: context.timeZone, on: db)
                }
                return try context.json(
                    visit, status: .created,
                    headers: ["Location": "/v1/residents/\(residentId)/outreach-visits"])
            },
            Route(
                .get, "/v1/residents/{id}/outreach-visits", operationId: "listOutreachVisits",
                summary: "A resident's outreach visits, newest first", tag: "outreach", access: readers,
                responses: [
                    .json(200, "the visits", .object(["items": .array(of: .ref("OutreachVisit"))], required: ["items"])),
                    .problem(404, "no such resident (also another grid's, for a grid worker)"),
                ]
            ) { context in
                let residentId = try context.pathID()
                let read = AuditSubject.from { (visits: [OutreachVisit]) in
                    AuditTarget("outreachVisit", resident: residentId, detail: ["count": .int(visits.count)])
                }
                let visits = try await services.audited(context, .read, read) { db in
                    try await OutreachStore.visits(residentId: residentId, zone: context.timeZone, on: db)
                }
                return try context.json(["items": visits])
            },
            Route(
                .get, "/v1/worklists/doctor-requests", operationId: "listDoctorRequests",
                summary: "Open doctor requests from outreach visits, oldest first", tag: "outreach", access: desk,
                query: [
                    QueryParameter(
                        "limit", .integer(minimum: 1, maximum: 500),
                        "at most this many rows (default 500); the list has no further pages")
                ],
                responses: [
                    .json(200, "the open requests", .object(["items": .array(of: .ref("DoctorRequest"))], required: ["items"]))
                ]
            ) { context in
                let limit = try context.queryInt("limit", in: 1...ListLimit.maximum) ?? ListLimit.maximum
                let read = AuditSubject.from { (rows: [DoctorRequest]) in
                    AuditTarget(
                        "worklist", name: "doctor-requests",
                        detail: ["count": .int(rows.count), "residentIds": .strings(rows.map(\.residentId.uuidString))])
                }
                let rows = try await services.audited(context, .read, read) { db in
                    try await DoctorRequestStore.open(limit: limit, zone: context.timeZone, on: db)
                }
                return try context.json(["items": rows])
            },
            Route(
                .post, "/v1/worklists/doctor-requests/{id}/close", operationId: "closeDoctorRequest",
                summary: "Close an open doctor request without a booking", tag: "outreach", access: desk,
                requestBody: closeBody,
                responses: [
                    .json(200, "the closed request", .ref("DoctorRequest")),
                    .problem(404, "no such doctor request"),
                    .problem(409, "request-not-open: booked or closed already"),
                ]
            ) { context in
                let id = try context.pathID()
                let reason = try context.body(CloseRequest.self).reason
                let closed = AuditSubject.from { (request: DoctorRequest) in
                    AuditTarget("doctorRequest", id: request.id, resident: request.residentId,
                                detail: ["status": .string("closed")])
                }
                let request = try await services.audited(context, .update, closed) { db in
                    try await DoctorRequestStore.close(id, reason: reason, zone: context.timeZone, on: db)
                }
                return try context.json(request)
            },
        ]
    }

    struct CloseRequest: Decodable { var reason: String }
}
