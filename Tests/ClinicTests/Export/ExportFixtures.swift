import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Health files built in memory for the export formats' unit tests, with every script and some hostile text.
enum ExportFixtures {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static let today = LocalDate("2026-12-01")!

    static func at(_ text: String) -> ZonedInstant { ZonedInstant(rfc3339: text)! }

    static let resident = Resident(
        id: UUID(uuidString: "8F1C1E0A-3C55-4D3C-9E0B-0B8A7B6C5D4E")!,
        names: ResidentNames(bo: "བཀྲ་ཤིས་སྒྲོལ་མ", zh: "扎西卓玛", latin: "Tashi <Dolma> & \"Co\""),
        sex: .female, birthDate: LocalDate("1948-03-02")!, ethnicity: "藏族", languages: ["bo", "zh"],
        phone: "+86 139 0891 2345", maskedIdNumber: IdNumber.mask("540102194803021234"), address: "Lhasa road 12",
        grid: "grid-3", household: "H-0012", flags: [.livesAlone, .lowIncome],
        emergencyContact: EmergencyContact(name: "Pema", phone: "13800001111", relationship: "son"))

    static func vitals(_ id: Int, _ taken: String, _ vitals: Vitals) -> VitalSignsEntry {
        // VitalSignsEntry reads flat JSON only; build it the way the store does.
        var object = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(vitals)) as! [String: Any]
        object["id"] = String(format: "00000000-0000-0000-0000-%012d", id)
        object["takenAt"] = taken
        object["source"] = "screening"
        return try! JSONCoding.decoder().decode(
            VitalSignsEntry.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func assessment(_ kind: AssessmentKind, score: Int, _ taken: String) -> AssessmentRecord {
        AssessmentRecord(
            id: UUID(), kind: kind, items: [:], score: score, band: AssessmentBand(kind: kind, score: score).rawValue,
            takenAt: at(taken))
    }

    static func consultation(notes: ConsultationNotes?, started: String) -> Consultation {
        Consultation(
            id: UUID(), residentId: resident.id, doctorId: UUID(), doctorName: "Dr Wangmo", appointmentId: nil,
            mode: .remote, channel: .video, startedAt: at(started), endedAt: at(started), durationMinutes: 20,
            notes: notes, vitals: nil, vitalFlags: nil,
            diagnoses: notes == nil ? nil : [Diagnosis(code: "I10", text: "Hypertension")],
            treatments: nil, advice: nil, followUp: nil, signed: true, signedAt: nil, signedBy: nil, addenda: nil,
            createdAt: at(started), updatedAt: at(started))
    }

    /// A full file: an active and a resolved problem, a current and an ended medication, an allergy, three sets
    /// of vitals, two Barthel and one self-care assessment, six consultations and a follow-up.
    static func fullFile(notes: Bool = true) -> HealthFile {
        let created = at("2026-01-05T10:00:00+08:00")
        return HealthFile(
            residentId: resident.id,
            problems: [
                Problem(
                    id: UUID(), code: "I10", text: "高血压 <script>alert(1)</script>", onset: LocalDate("2019-05-01"),
                    status: .active, chronicCondition: .hypertension, createdAt: created),
                Problem(
                    id: UUID(), code: nil, text: "Old fracture", onset: nil, status: .resolved, chronicCondition: nil,
                    createdAt: created),
            ],
            medications: [
                Medication(
                    id: UUID(), name: "Amlodipine 氨氯地平", dose: "5 mg daily", since: LocalDate("2020-01-01"), until: nil,
                    createdAt: created),
                Medication(
                    id: UUID(), name: "Amoxicillin", dose: nil, since: nil, until: LocalDate("2026-02-01"),
                    createdAt: created),
            ],
            allergies: [
                Allergy(
                    id: UUID(), substance: "Penicillin 青霉素", reaction: "rash", severity: .moderate, createdAt: created)
            ],
            latestVitals: vitals(
                3, "2026-11-20T09:00:00+08:00",
                Vitals(
                    systolic: 152, diastolic: 94, heartRate: 80, spo2: 90, temperature: 36.6, glucose: 7.2,
                    weightKg: 58, heightCm: 155)),
            vitalsHistory: [
                vitals(
                    3, "2026-11-20T09:00:00+08:00",
                    Vitals(
                        systolic: 152, diastolic: 94, heartRate: 80, spo2: 90, temperature: 36.6, glucose: 7.2,
                        weightKg: 58, heightCm: 155)),
                vitals(2, "2026-10-20T09:00:00+08:00", Vitals(systolic: 140, diastolic: 92, heartRate: 78, spo2: 91)),
                vitals(1, "2026-09-20T09:00:00+08:00", Vitals(systolic: 150, diastolic: 95)),
            ],
            assessments: [
                assessment(.barthel, score: 65, "2026-11-01T10:00:00+08:00"),
                assessment(.selfCare, score: 10, "2026-10-01T10:00:00+08:00"),
                assessment(.barthel, score: 80, "2026-06-01T10:00:00+08:00"),
            ],
            consultations: (0..<6).map { day in
                consultation(
                    notes: notes ? ConsultationNotes(subjective: "Dizzy <b>", plan: "Less salt") : nil,
                    started: "2026-11-\(String(format: "%02d", 10 + day))T10:00:00+08:00")
            },
            followUpsDue: [
                PendingFollowUp(
                    consultationId: UUID(), doctorId: UUID(), requestedAt: created, inDays: 30, mode: .home,
                    note: "Check BP", dueDate: LocalDate("2026-12-10")!)
            ])
    }

    static func emptyFile() -> HealthFile {
        HealthFile(
            residentId: resident.id, problems: [], medications: [], allergies: [], latestVitals: nil,
            vitalsHistory: [], assessments: [], consultations: [], followUpsDue: [])
    }

    static func summary(_ file: HealthFile, resident: Resident = resident) -> HealthSummary {
        HealthSummary(
            resident: resident, file: file, clinicName: "Community Smart Health Room 社区智慧健康小屋", today: today,
            generatedAt: at("2026-12-01T15:30:00+08:00"))
    }
}

/// Runs scripts/validate_fhir.py with the FHIR R4 library. Looked for in `CLINIC_FHIR_PYTHON`, then the
/// `.venv-fhir` that scripts/setup-fhir-validator.sh makes, then `python3`.
enum FHIRValidator {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var script: URL { root.appendingPathComponent("scripts/validate_fhir.py") }

    /// With `CLINIC_REQUIRE_FHIR=1` (CI) a missing validator fails the test instead of skipping it.
    static var required: Bool { ProcessInfo.processInfo.environment["CLINIC_REQUIRE_FHIR"] == "1" }

    /// A Python that imports fhir.resources modelling R4, or nil.
    static let python: String? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["CLINIC_FHIR_PYTHON"] { candidates.append(configured) }
        candidates += [root.appendingPathComponent(".venv-fhir/bin/python").path, "/usr/bin/env"]
        for candidate in candidates {
            let arguments = candidate == "/usr/bin/env" ? ["python3"] : []
            let check = arguments + ["-c", "import fhir.resources as f; assert f.__fhir_version__ == '4.0.1'"]
            if let result = try? run(candidate, check), result.status == 0 {
                return candidate == "/usr/bin/env" ? "python3" : candidate
            }
        }
        return nil
    }()

    static var isAvailable: Bool { python != nil }

    static let skipMessage: Comment =
        "python3 with fhir.resources 6.1.0 (FHIR R4) is not installed: run scripts/setup-fhir-validator.sh"

    /// The validator's exit status and output for `json`. The Python process runs on a thread of its own: waiting
    /// for it on Swift's cooperative pool would stall every other test (the pool has one thread per core).
    static func validate(_ json: Data) async throws -> (status: Int32, output: String) {
        try await offPool { try validateBlocking(json) }
    }

    private static func validateBlocking(_ json: Data) throws -> (status: Int32, output: String) {
        guard let python else { throw TestFailure(String(describing: skipMessage)) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ips-\(UUID().uuidString).json")
        try json.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        if python == "python3" { return try run("/usr/bin/env", ["python3", script.path, file.path]) }
        return try run(python, [script.path, file.path])
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try runProcess(executable, arguments)
        return (result.status, result.text)
    }
}
