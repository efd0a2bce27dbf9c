import ClinicDomain
import Foundation

/// Consultations: doctors log (as themselves, never as a doctor named in the body), amend their unsigned drafts,
/// sign and add addenda; doctors and admins read them in full, staff only that they took place (no notes, no
/// clinical content, no follow-up note: `ConsultationVisibility`). Every read and change writes its audit row in
/// the same transaction.
enum ConsultationRoutes {
    /// The caller's doctor: consultations are always logged, changed and signed as the signed-in doctor.
    static func callerDoctorId(_ context: RequestContext) throws -> UUID {
        guard let doctorId = try context.user.doctorId else {
            throw APIError.forbidden("this user is not linked to a doctor")
        }
        return doctorId
    }

    /// The consultation `id`, its resident read from the consultation the work returns.
    static func consultationSubject(_ id: UUID) -> AuditSubject<Consultation> {
        .from { AuditTarget("consultation", id: id, resident: $0.residentId) }
    }


    static func routes(_ services: ClinicServices) -> [Route] {
        let doctors = Access.roles([.doctor])
        let readers = Access.roles([.admin, .staff, .doctor])
        return [
            Route(
                .post, "/v1/consultations", operationId: "createConsultation",
                summary: "Log a consultation as the signed-in doctor (completes a linked appointment)",
                tag: "consultations", access: doctors, requestBody: ConsultationSchemas.input,
                responses: [
                    ResponseSpec(
                        201, "logged, unsigned", content: ["application/json": .ref("Consultation")],
                        headers: ["Location": .string])
                ], idempotent: true
            ) { context in
                let doctorId = try callerDoctorId(context)
                let input = try context.body(NewConsultation.self)
                let created = AuditSubject.from { (consultation: Consultation) in
                    var detail: [String: AuditValue] = ["mode": .string(consultation.mode.rawValue)]
                    if let appointmentId = consultation.appointmentId {
                        detail["completedAppointmentId"] = .string(appointmentId.uuidString)
                    }
                    return AuditTarget(
                        "consultation", id: consultation.id, resident: consultation.residentId, detail: detail)
                }
                let consultation = try await services.audited(context, .create, created) { db in
                    try await ConsultationStore.create(input, doctorId: doctorId, on: db)
                }
                return try context.json(
                    consultation, status: .created, headers: ["Location": "/v1/consultations/\(consultation.id)"])
            },
            Route(
                .get, "/v1/consultations/drafts", operationId: "listUnsignedDrafts",
                summary: "The signed-in doctor's unsigned consultations older than the reminder age, oldest first",
                tag: "consultations", access: doctors,
                query: [
                    QueryParameter(
                        "olderThanHours", .integer(minimum: 0, maximum: 24 * 365),
                        "created at least this many hours ago (default: the server's CLINIC_DRAFT_AFTER_HOURS, 24)"),
                    .limit,
                ],
                responses: [
                    .json(
                        200, "the drafts to sign",
                        .object(["items": .array(of: .ref("UnsignedDraft"))], required: ["items"]))
                ]
            ) { context in
                let doctorId = try callerDoctorId(context)
                let hours =
                    try context.queryInt("olderThanHours", in: 0...(24 * 365))
                    ?? services.configuration.draftReminderHours
                let limit = try context.limit()
                let found = AuditSubject.from { (drafts: [UnsignedDraft]) in
                    AuditTarget(
                        "consultation",
                        detail: [
                            "list": .string("unsignedDrafts"), "count": .int(drafts.count),
                            "residentIds": .strings(drafts.map(\.residentId.uuidString)),
                        ])
                }
                let drafts = try await services.audited(context, .search, found) { db in
                    try await ConsultationStore.unsignedDrafts(
                        doctorId: doctorId, olderThan: .seconds(hours * 3600), limit: limit, on: db)
                }
                return try context.json(["items": drafts])
            },
            Route(
                .get, "/v1/consultations/{id}", operationId: "getConsultation",
                summary: "One consultation; staff receive it without notes or other clinical content",
                tag: "consultations", access: readers,
                responses: [.json(200, "the consultation", .ref("Consultation"))]
            ) { context in
                let id = try context.pathID()
                let visibility = ConsultationVisibility(role: try context.user.role)
                let consultation = try await services.audited(context, .read, consultationSubject(id)) { db in
                    try await ConsultationStore.get(id, visibility: visibility, on: db)
                }
                return try context.json(consultation)
            },
            Route(
                .get, "/v1/residents/{id}/consultations", operationId: "listResidentConsultations",
                summary: "A resident's consultations, newest first; staff receive them without notes",
                tag: "consultations", access: readers, query: [.limit, .cursor],
                responses: [.json(200, "a page of consultations", .page(of: .ref("Consultation")))]
            ) { context in
                let residentId = try context.pathID()
                let visibility = ConsultationVisibility(role: try context.user.role)
                let limit = try context.limit()
                let cursor = context.request.query["cursor"]
                let page = try await context.listing {
                    let found = AuditSubject.from { (page: Page<Consultation>) in
                        AuditTarget("consultation", resident: residentId, detail: ["count": .int(page.items.count)])
                    }
                    return try await services.audited(context, .read, found) { db in
                        try await ConsultationStore.list(
                            residentId: residentId, visibility: visibility, limit: limit, cursor: cursor, on: db)
                    }
                }
                return try context.json(page)
            },
            Route(
                .patch, "/v1/consultations/{id}", operationId: "updateConsultationDraft",
                summary:
                    "Change one's own unsigned consultation (JSON merge patch: fields given replace, null clears); "
                    + "signed is 409",
                tag: "consultations", access: doctors, requestBody: ConsultationSchemas.patch,
                responses: [.json(200, "the changed draft", .ref("Consultation"))]
            ) { context in
                let id = try context.pathID()
                let doctorId = try callerDoctorId(context)
                _ = try context.body(JSONObjectProbe.self)
                let patch = context.request.bodyData
                let consultation = try await services.audited(context, .update, consultationSubject(id)) { db in
                    let current = try await ConsultationStore.get(id, visibility: .full, on: db)
                    guard current.doctorId == doctorId else { throw ClinicalError.notYourConsultation }
                    guard !current.signed else { throw ClinicalError.signed }
                    let input = try ConsultationPatch.apply(patch, to: current)
                    return try await ConsultationStore.updateDraft(id, with: input, doctorId: doctorId, on: db)
                }
                return try context.json(consultation)
            },
            Route(
                .post, "/v1/consultations/{id}/sign", operationId: "signConsultation",
                summary: "Sign one's own consultation; it can then only gain addenda (signing again is 409)",
                tag: "consultations", access: doctors,
                responses: [.json(200, "signed", .ref("Consultation"))]
            ) { context in
                let id = try context.pathID()
                let doctorId = try callerDoctorId(context)
                let consultation = try await services.audited(context, .sign, consultationSubject(id)) { db in
                    try await ConsultationStore.sign(id, doctorId: doctorId, on: db)
                }
                return try context.json(consultation)
            },
            Route(
                .post, "/v1/consultations/{id}/addenda", operationId: "addConsultationAddendum",
                summary: "Add a correction or later finding to a consultation, signed or not, as the signed-in doctor",
                tag: "consultations", access: doctors,
                requestBody: .object(
                    ["text": ConsultationSchemas.clinicalText(10_000, required: true)], required: ["text"], open: true),
                responses: [.json(201, "added", .ref("Addendum"))], idempotent: true
            ) { context in
                let id = try context.pathID()
                let doctorId = try callerDoctorId(context)
                let input = try context.body(NewAddendum.self)
                let created = AuditSubject.from { (added: (addendum: Addendum, residentId: UUID)) in
                    AuditTarget(
                        "consultationAddendum", id: added.addendum.id, resident: added.residentId,
                        detail: ["consultationId": .string(id.uuidString)])
                }
                let (addendum, _) = try await services.audited(context, .create, created) { db in
                    let consultation = try await ConsultationStore.get(id, visibility: .overview, on: db)
                    let addendum = try await ConsultationStore.addAddendum(
                        to: id, text: input.text, authorId: doctorId, on: db)
                    return (addendum, consultation.residentId)
                }

                return try context.json(addendum, status: .created)
            },
        ]
    }
}

/// `POST /v1/consultations/{id}/addenda`.
struct NewAddendum: Decodable, Sendable {
    var text: String
}

/// Decodes from any JSON object and nothing else, so `RequestContext.body` can check a merge-patch body's content
/// type and shape (415, 400) before the patch is applied.
struct JSONObjectProbe: Decodable {
    init(from decoder: Decoder) throws {
        _ = try decoder.container(keyedBy: AnyKey.self)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// PATCH of a draft as a JSON merge patch (RFC 7396) over the consultation's current content: the merged document
/// is read as a `NewConsultation`, so a patch goes through exactly the validation of a new consultation, and ids,
/// doctor or signature cannot be set (they are not fields of the input; a changed `residentId` or `appointmentId`
/// is refused by the store).
enum ConsultationPatch {
    static func apply(_ patch: Data, to current: Consultation) throws -> NewConsultation {
        let base = NewConsultation(
            residentId: current.residentId, appointmentId: current.appointmentId, mode: current.mode.rawValue,
            channel: current.channel?.rawValue, startedAt: current.startedAt, endedAt: current.endedAt,
            notes: current.notes, vitals: current.vitals,
            diagnoses: current.diagnoses?.map { .init(code: $0.code, text: $0.text) },
            treatments: current.treatments?.map { .init(kind: $0.kind.rawValue, text: $0.text) },
            advice: current.advice,
            followUp: current.followUp.map { .init(inDays: $0.inDays, mode: $0.mode.rawValue, note: $0.note) })
        let encoded = Data(try JSONCoding.encode(base, timeZone: .gmt))
        let target = try JSONSerialization.jsonObject(with: encoded)
        guard let changes = try? JSONSerialization.jsonObject(with: patch) else {
            throw APIError.badRequest(
                "the JSON body could not be read", errors: [FieldError(field: "body", message: "is not valid JSON")])
        }
        let merged = mergePatch(target, changes)
        let data = try JSONSerialization.data(withJSONObject: merged)
        return try JSONCoding.decoder().decode(NewConsultation.self, from: data)
    }

    /// RFC 7396: objects merge member by member, `null` removes, anything else replaces.
    static func mergePatch(_ target: Any, _ patch: Any) -> Any {
        guard let patch = patch as? [String: Any] else { return patch }
        var result = (target as? [String: Any]) ?? [:]
        for (key, value) in patch {
            if value is NSNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = mergePatch(result[key] ?? NSNull(), value)
            }
        }
        return result
    }
}
