import ClinicDomain
import ClinicPostgres
import Foundation

/// A resident's health file: read whole (staff without consultation notes or follow-up notes), and its entries outside
/// consultations. Per the role table, doctors and admins write problems, medications, allergies and vitals;
/// staff may record assessments too ("staff: … assessments"), nothing else clinical. Every read and write leaves
/// an audit row in its transaction.
enum HealthFileRoutes {
    static func routes(_ services: ClinicServices) -> [Route] {
        let readers = Access.roles([.admin, .staff, .doctor])
        let clinicians = Access.roles([.admin, .doctor])
        return [
            Route(
                .get, "/v1/residents/{id}/health-file", operationId: "getHealthFile",
                summary: "Problems, medications, allergies, vitals, assessments, consultations and pending follow-ups",
                tag: "health files", access: readers,
                responses: [
                    .json(
                        200, "the health file; for staff, consultations without what the doctor wrote and "
                            + "follow-ups without their note", .ref("HealthFile"))
                ]
            ) { context in
                let residentId = try context.pathID()
                let visibility = ConsultationVisibility(role: try context.user.role)
                let read = AuditSubject<HealthFile>.record(
                    "healthFile", id: residentId, resident: residentId, detail: ["notes": .bool(visibility == .full)])
                let file = try await services.audited(context, .read, read) { db in
                    try await HealthFileStore.load(residentId: residentId, visibility: visibility, on: db)
                }
                return try context.json(file)
            },
            addRoute(
                services, "problems", operationId: "addProblem", summary: "Add to the problem list",
                access: clinicians, body: HealthFileSchemas.newProblem, input: NewProblem.self, response: "HealthProblem",
                resourceType: "problem"
            ) { input, residentId, userId, today, db in
                let problem = try await HealthRecordStore.addProblem(
                    residentId: residentId, input, recordedBy: userId, today: today, on: db)
                return (problem, problem.id)
            },
            Route(
                .patch, "/v1/residents/{id}/problems/{problemId}", operationId: "setProblemStatus",
                summary: "Mark a problem active or resolved", tag: "health files", access: clinicians,
                requestBody: HealthFileSchemas.problemStatusChange,
                responses: [.json(200, "the problem", .ref("HealthProblem"))]
            ) { context in
                let residentId = try context.pathID()
                let problemId = try context.pathID("problemId")
                let input = try context.body(ProblemStatusChange.self)
                guard let status = ProblemStatus(rawValue: input.status) else {
                    throw ValidationError(field: "status", message: "must be one of active, resolved")
                }
                let changed = AuditSubject<Problem>.record(
                    "problem", id: problemId, resident: residentId, detail: ["status": .string(status.rawValue)])
                let problem = try await services.audited(context, .update, changed) { db in
                    do {
                        return try await HealthRecordStore.setProblemStatus(
                            residentId: residentId, problemId: problemId, status: status, on: db)
                    } catch ClinicalError.notFound {
                        throw APIError.notFound("no such problem of this resident")
                    }
                }
                return try context.json(problem)
            },
            addRoute(
                services, "medications", operationId: "addMedication", summary: "Add a medication", access: clinicians,
                body: HealthFileSchemas.newMedication, input: NewMedication.self, response: "Medication",
                resourceType: "medication"
            ) { input, residentId, userId, today, db in
                let medication = try await HealthRecordStore.addMedication(
                    residentId: residentId, input, recordedBy: userId, on: db)
                return (medication, medication.id)
            },
            addRoute(
                services, "allergies", operationId: "addAllergy", summary: "Add an allergy", access: clinicians,
                body: HealthFileSchemas.newAllergy, input: NewAllergy.self, response: "Allergy", resourceType: "allergy"
            ) { input, residentId, userId, today, db in
                let allergy = try await HealthRecordStore.addAllergy(
                    residentId: residentId, input, recordedBy: userId, on: db)
                return (allergy, allergy.id)
            },
            addRoute(
                services, "vitals",
                operationId: "addVitals",
                summary: "Record vitals taken outside a consultation; impossible values are 422, abnormal ones flagged",
                access: clinicians, body: HealthFileSchemas.newVitals, input: NewVitalSigns.self,
                response: "VitalSignsEntry", resourceType: "vitals"
            ) { input, residentId, userId, today, db in
                let entry = try await HealthRecordStore.addVitals(
                    residentId: residentId, input, recordedBy: userId, on: db)
                return (entry, entry.id)
            },
            addRoute(
                services, "assessments", operationId: "addAssessment",
                summary: "Record a Barthel or self-care assessment; the server computes the score and band",
                access: readers, body: HealthFileSchemas.newAssessment, input: NewAssessment.self,
                response: "Assessment", resourceType: "assessment"
            ) { input, residentId, userId, today, db in
                let record = try await HealthRecordStore.addAssessment(
                    residentId: residentId, input, assessedBy: userId, on: db)
                return (record, record.id)
            },
        ]
    }

    /// `POST /v1/residents/{id}/<collection>`: the body decoded as `input` (400/415 before any database work),
    /// then stored and audited in one transaction by `add`, which returns the record and its id; 201.
    private static func addRoute<Input: Decodable & Sendable, Record: Encodable & Sendable>(
        _ services: ClinicServices, _ collection: String, operationId: String, summary: String, access: Access,
        body: JSONSchema, input: Input.Type, response: String, resourceType: String,
        add:
            @escaping @Sendable (Input, _ residentId: UUID, _ userId: UUID, _ today: LocalDate, PostgresConnection)
                async throws -> (
                Record, UUID
            )
    ) -> Route {
        Route(
            .post, "/v1/residents/{id}/\(collection)", operationId: operationId, summary: summary,
            tag: "health files", access: access, requestBody: body,
            responses: [.json(201, "recorded", .ref(response))], idempotent: true
        ) { context in
            let residentId = try context.pathID()
            let userId = try context.user.userId
            let today = ClinicSettingsStore.today(in: services.settings(context))
            let input = try context.body(Input.self)
            let created = AuditSubject.from { (added: (record: Record, id: UUID)) in
                AuditTarget(resourceType, id: added.id, resident: residentId)
            }
            let (record, _) = try await services.audited(context, .create, created) { db in
                try await add(input, residentId, userId, today, db)
            }

            return try context.json(record, status: .created)
        }
    }
}

/// `PATCH /v1/residents/{id}/problems/{problemId}`: only the status changes.
struct ProblemStatusChange: Decodable, Sendable {
    var status: String
}
