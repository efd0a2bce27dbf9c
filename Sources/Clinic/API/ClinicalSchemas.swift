import ClinicDomain
import Foundation

/// The published shapes of consultations, health files and work lists. Optional members are left out of a
/// response when they have no value (never sent as `null`), so they are simply not `required` here. Inputs accept
/// `null` for every optional member.
enum ConsultationSchemas {
    static let mode = JSONSchema.enumeration(ConsultationMode.allCases.map(\.rawValue))
    static let channel = JSONSchema.enumeration(ConsultationChannel.allCases.map(\.rawValue))
    static let treatmentKind = JSONSchema.enumeration(TreatmentKind.allCases.map(\.rawValue))
    static let flag = JSONSchema.enumeration(PriorityFlag.allCases.map(\.rawValue))
    static let icd10 = JSONSchema.string(
        maxLength: 16, pattern: "^[ ]*([A-Za-z][0-9][0-9A-Za-z](\\.[0-9A-Za-z]{1,4})?[ ]*)?$"
    ).explained("must be an ICD-10 code such as I10 or E11.9").described(
        "an ICD-10 code such as I10 or E11.9 (blank: none)")
    /// Clinical free text: line breaks and tabs allowed, other control characters not.
    static func clinicalText(_ maxLength: Int, required: Bool = false) -> JSONSchema {
        .text(maxLength: maxLength, required: required, lineBreaks: true)
    }

    /// The measures of a set of vitals, every one optional.
    static let vitalProperties: [String: JSONSchema] = [
        "systolic": JSONSchema.integer(minimum: 50, maximum: 300).described("mmHg"),
        "diastolic": JSONSchema.integer(minimum: 20, maximum: 200).described("mmHg, below systolic"),
        "heartRate": JSONSchema.integer(minimum: 20, maximum: 250).described("beats per minute"),
        "spo2": JSONSchema.integer(minimum: 50, maximum: 100).described("percent; below 90 is accepted and flagged"),
        "temperature": JSONSchema.number(minimum: 30, maximum: 45).described("°C"),
        "glucose": JSONSchema.number(minimum: 1, maximum: 50).described("mmol/L"),
        "weightKg": JSONSchema.number(minimum: 0.5, maximum: 350),
        "heightCm": JSONSchema.number(minimum: 30, maximum: 250),
    ]

    static let notesProperties: [String: JSONSchema] = [
        "subjective": clinicalText(20_000), "objective": clinicalText(20_000),
        "assessment": clinicalText(20_000), "plan": clinicalText(20_000),
    ]

    static let inputProperties: [String: JSONSchema] = [
        "residentId": .uuid, "appointmentId": JSONSchema.uuid.nullable,
        "mode": mode,
        "channel": JSONSchema.enumeration(ConsultationChannel.allCases.map(\.rawValue)).nullable
            .described("required for remote, absent otherwise"),
        "startedAt": .dateTime, "endedAt": .dateTime,
        "notes": JSONSchema.object(notesProperties.mapValues(\.nullable), open: true).nullable,
        "vitals": JSONSchema.object(vitalProperties.mapValues(\.nullable), open: true).nullable,
        "diagnoses": JSONSchema.array(
            of: .object(
                ["code": icd10.nullable, "text": clinicalText(500, required: true)], required: ["text"], open: true),
            maxItems: 50
        ).nullable,
        "treatments": JSONSchema.array(
            of: .object(
                ["kind": treatmentKind, "text": clinicalText(2000, required: true)], required: ["kind", "text"],
                open: true),
            maxItems: 50
        ).nullable,
        "advice": clinicalText(5000).nullable,
        "followUp": JSONSchema.object(
            [
                "inDays": .integer(minimum: 1, maximum: 365), "mode": mode,
                "note": clinicalText(1000).nullable,
            ],
            required: ["inDays", "mode"], open: true
        ).nullable,
    ]

    /// `POST /v1/consultations`. The doctor is the caller; ids, signature and status are not inputs.
    static let input = JSONSchema.object(
        inputProperties, required: ["residentId", "mode", "startedAt", "endedAt"], open: true)

    /// `PATCH /v1/consultations/{id}`: a merge patch of the same members.
    static let patch = JSONSchema.object(inputProperties, open: true)
        .described(
            "JSON merge patch (RFC 7396): members given replace, null clears; residentId and appointmentId cannot change"
        )

    static let residentNames = JSONSchema.object(
        ["bo": .string, "zh": .string, "latin": .string])

    /// The follow-up note is the doctor's words: staff learn that a follow-up is due, when and how, not why.
    static let followUpNote = JSONSchema.string.described(
        "the doctor's words: doctors and admins only, absent for staff")

    static let followUp = JSONSchema.object(
        ["inDays": .integer, "mode": mode, "note": followUpNote, "dueDate": .date],
        required: ["inDays", "mode", "dueDate"])

    static let schemas: [String: JSONSchema] = [
        "Vitals": .object(vitalProperties),
        "ConsultationNotes": .object(notesProperties, required: ["subjective", "objective", "assessment", "plan"]),
        "Consultation": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "residentId": .uuid, "doctorId": .uuid, "doctorName": .string, "appointmentId": .uuid,
                "mode": mode, "channel": channel, "startedAt": .dateTime, "endedAt": .dateTime,
                "durationMinutes": .integer(minimum: 0),
                "notes": JSONSchema.ref("ConsultationNotes").described("doctors and admins only; absent for staff"),
                "vitals": JSONSchema.ref("Vitals").described(
                    "doctors and admins only (staff read the measurements in the health file's vitalsHistory)"),
                "vitalFlags": JSONSchema.array(of: .string).described(
                    "abnormal but plausible findings; doctors and admins only"),
                "diagnoses": JSONSchema.array(of: .object(["code": .string, "text": .string], required: ["text"]))
                    .described("doctors and admins only"),
                "treatments": JSONSchema.array(
                    of: .object(["kind": treatmentKind, "text": .string], required: ["kind", "text"])
                )
                .described("doctors and admins only"),
                "advice": JSONSchema.string.described("doctors and admins only"),
                "addenda": JSONSchema.array(of: .ref("Addendum")).described("doctors and admins only"),
                "followUp": followUp, "signed": .boolean, "signedAt": .dateTime, "signedBy": .uuid,
                "createdAt": .dateTime, "updatedAt": .dateTime,
            ],
            required: [
                "id", "residentId", "doctorId", "mode", "startedAt", "endedAt", "durationMinutes", "signed",
                "createdAt", "updatedAt",
            ]),
        "Addendum": .object(
            ["id": .uuid, "consultationId": .uuid, "authorId": .uuid, "text": .string, "createdAt": .dateTime],
            required: ["id", "consultationId", "authorId", "text", "createdAt"]),
        "UnsignedDraft": .object(
            [
                "consultationId": .uuid, "residentId": .uuid, "residentNames": residentNames, "mode": mode,
                "startedAt": .dateTime, "createdAt": .dateTime, "ageHours": .integer(minimum: 0),
            ],
            required: ["consultationId", "residentId", "residentNames", "mode", "startedAt", "createdAt", "ageHours"]),
    ]
}

enum HealthFileSchemas {
    static let problemStatus = JSONSchema.enumeration(ProblemStatus.allCases.map(\.rawValue))
    static let severity = JSONSchema.enumeration(AllergySeverity.allCases.map(\.rawValue))
    static let assessmentKind = JSONSchema.enumeration(AssessmentKind.allCases.map(\.rawValue))

    static let newProblem = JSONSchema.object(
        [
            "code": ConsultationSchemas.icd10.nullable, "text": ConsultationSchemas.clinicalText(500, required: true),
            "onset": JSONSchema.date.nullable, "status": problemStatus.nullable.described("default active"),
        ], required: ["text"], open: true)
    static let problemStatusChange = JSONSchema.object(["status": problemStatus], required: ["status"], open: true)
    static let newMedication = JSONSchema.object(
        [
            "name": ConsultationSchemas.clinicalText(200, required: true),
            "dose": ConsultationSchemas.clinicalText(200).nullable,
            "since": JSONSchema.date.nullable, "until": JSONSchema.date.nullable,
        ], required: ["name"], open: true)
    static let newAllergy = JSONSchema.object(
        [
            "substance": ConsultationSchemas.clinicalText(200, required: true),
            "reaction": ConsultationSchemas.clinicalText(500).nullable,
            "severity": severity.nullable,
        ], required: ["substance"], open: true)
    static let newVitals = JSONSchema(
        JSONSchema.object(
            ConsultationSchemas.vitalProperties.mapValues(\.nullable).merging(["takenAt": .dateTime]) { $1 },
            required: ["takenAt"], open: true
        ).json.setting(
            "anyOf",
            .array(
                ConsultationSchemas.vitalProperties.keys.sorted().map { name in
                    ["required": [.string(name)], "properties": [name: ["type": ["integer", "number"]]]]
                }))
    ).described("at least one measure")
    static let newAssessment = JSONSchema.object(
        [
            "kind": assessmentKind,
            "items": JSONSchema.object(formItems).described(
                "every item of the kind's form (and no other), as the points that form offers: "
                    + AssessmentKind.allCases.map(formDescription).joined(separator: "; ")),
            "takenAt": JSONSchema.dateTime.nullable.described("default now"),
        ], required: ["kind", "items"], open: true)

    /// The items of every form, each with the points some form offers for it (`grooming` and `dressing` are on both).
    /// Which items a body needs depends on its `kind`, which the server checks.
    static let formItems: [String: JSONSchema] = {
        var points: [String: Set<Int>] = [:]
        for kind in AssessmentKind.allCases {
            for item in kind.items { points[item.name, default: []].formUnion(item.allowedPoints) }
        }
        return points.mapValues { JSONSchema(["type": "integer", "enum": .array($0.sorted().map { .int($0) })]) }
    }()

    static func formDescription(_ kind: AssessmentKind) -> String {
        kind.rawValue + ": "
            + kind.items.map { "\($0.name) " + $0.allowedPoints.map(String.init).joined(separator: "/") }
            .joined(separator: ", ")
    }

    static let schemas: [String: JSONSchema] = [
        "HealthProblem": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "code": .string, "text": .string, "onset": .date, "status": problemStatus,
                "chronicCondition": .enumeration(ChronicCondition.allCases.map(\.rawValue)), "createdAt": .dateTime,
            ], required: ["id", "text", "status", "createdAt"]),
        "Medication": .object(
            ["id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "name": .string, "dose": .string, "since": .date, "until": .date, "createdAt": .dateTime],
            required: ["id", "name", "createdAt"]),
        "Allergy": .object(
            ["id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "substance": .string, "reaction": .string, "severity": severity, "createdAt": .dateTime],
            required: ["id", "substance", "createdAt"]),
        "VitalSignsEntry": .object(
            ConsultationSchemas.vitalProperties.merging(
                [
                    "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "takenAt": .dateTime,
                    "source": .enumeration(VitalSignsSource.allCases.map(\.rawValue)), "consultationId": .uuid,
                    "flags": .array(of: .string),
                ]) { $1 },
            required: ["id", "takenAt", "source", "flags"]
        ).described(
            "measurements, not the doctor's words: every reader of the health file sees them, staff too, also those "
                + "taken at a consultation (source consultation, with its consultationId)"),
        "Assessment": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "kind": assessmentKind, "items": .dictionary(of: .integer), "score": .integer,
                "band": JSONSchema.enumeration(AssessmentBand.allCases.map(\.rawValue))
                    .described(
                        "Barthel: Shah banding (totalDependency 0–20 … independent 100); selfCare: 0–3 "
                            + "independent, 4–8 mildDependency, 9–18 moderateDependency, ≥ 19 dependent"),
                "takenAt": .dateTime,
            ], required: ["id", "kind", "items", "score", "band", "takenAt"]),
        "PendingFollowUp": .object(
            [
                "consultationId": .uuid, "doctorId": .uuid, "requestedAt": .dateTime, "inDays": .integer,
                "mode": ConsultationSchemas.mode, "note": ConsultationSchemas.followUpNote, "dueDate": .date,
            ], required: ["consultationId", "doctorId", "requestedAt", "inDays", "mode", "dueDate"]),
        "HealthFile": .object(
            [
                "residentId": .uuid, "problems": .array(of: .ref("HealthProblem")),
                "medications": .array(of: .ref("Medication")), "allergies": .array(of: .ref("Allergy")),
                "latestVitals": .ref("VitalSignsEntry"), "vitalsHistory": .array(of: .ref("VitalSignsEntry")),
                "assessments": .array(of: .ref("Assessment")),
                "consultations": JSONSchema.array(of: .ref("Consultation"))
                    .described(
                        "newest first, at most 50; for staff without notes, vitals, diagnoses, treatments, advice, "
                            + "addenda or follow-up note"),
                "followUpsDue": .array(of: .ref("PendingFollowUp")),
            ],
            required: [
                "residentId", "problems", "medications", "allergies", "vitalsHistory", "assessments", "consultations",
                "followUpsDue",
            ]),
    ]
}

enum WorklistSchemas {
    static let schemas: [String: JSONSchema] = [
        "FollowUpDue": .object(
            [
                "residentId": .uuid, "names": ConsultationSchemas.residentNames, "birthDate": .date, "phone": .string,
                "address": .string, "grid": .string, "flags": .array(of: ConsultationSchemas.flag),
                "priority": .boolean, "reason": .enumeration(FollowUpReason.allCases.map(\.rawValue)),
                "dueDate": .date, "consultationId": .uuid, "doctorId": .uuid, "mode": ConsultationSchemas.mode,
                "note": ConsultationSchemas.followUpNote,
                "conditions": .array(of: .enumeration(ChronicCondition.allCases.map(\.rawValue))),
                "lastConsultationAt": .dateTime,
            ], required: ["residentId", "names", "birthDate", "flags", "priority", "reason", "dueDate"]),
        "UnvisitedElderly": .object(
            [
                "residentId": .uuid, "names": ConsultationSchemas.residentNames,
                "sex": .enumeration(Sex.allCases.map(\.rawValue)), "birthDate": .date, "age": .integer,
                "phone": .string, "address": .string, "grid": .string, "household": .string,
                "flags": .array(of: ConsultationSchemas.flag), "priority": .boolean,
                "lastConsultationAt": JSONSchema.dateTime.described("absent when never seen"),
                "lastConsultationMode": ConsultationSchemas.mode,
                "lastVisitAt": JSONSchema.dateTime.described("the last outreach visit that saw the resident (basis=any)"),
                "lastSeenAt": JSONSchema.dateTime.described("the later of the two; absent when never seen"),
            ], required: ["residentId", "names", "sex", "birthDate", "age", "flags", "priority"]),
    ]
}
