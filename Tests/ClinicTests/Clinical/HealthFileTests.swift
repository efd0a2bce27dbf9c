import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

@Suite struct HealthFileTests {
    typealias F = ClinicalFixtures

    /// Items of `kind` that sum to `score`, found by search (the forms' points rule out many sums).
    static func items(_ kind: AssessmentKind, summingTo score: Int) -> [String: NewAssessment.ItemValue]? {
        func search(_ index: Int, _ left: Int, _ chosen: [String: NewAssessment.ItemValue])
            -> [String: NewAssessment.ItemValue]?
        {
            if index == kind.items.count { return left == 0 ? chosen : nil }
            let item = kind.items[index]
            for points in item.allowedPoints.reversed() where points <= left {
                var next = chosen
                next[item.name] = .init(points: points)
                if let found = search(index + 1, left - points, next) { return found }
            }
            return nil
        }
        return search(0, score, [:])
    }

    @Test(arguments: [
        (AssessmentKind.barthel, 0, "totalDependency"), (.barthel, 20, "totalDependency"),
        (.barthel, 25, "severeDependency"), (.barthel, 60, "severeDependency"), (.barthel, 65, "moderateDependency"),
        (.barthel, 90, "moderateDependency"), (.barthel, 95, "slightDependency"), (.barthel, 100, "independent"),
        (.selfCare, 0, "independent"), (.selfCare, 3, "independent"), (.selfCare, 4, "mildDependency"),
        (.selfCare, 8, "mildDependency"), (.selfCare, 9, "moderateDependency"), (.selfCare, 18, "moderateDependency"),
        (.selfCare, 19, "dependent"), (.selfCare, 37, "dependent"),
    ])
    func assessmentsAreScoredAndBandedAtTheEdges(kind: AssessmentKind, score: Int, band: String) async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let resident = try await F.resident(age: 78, on: conn)
            let items = try #require(Self.items(kind, summingTo: score))
            let record = try await HealthRecordStore.addAssessment(
                residentId: resident, NewAssessment(kind: kind.rawValue, items: items), on: conn)
            #expect(record.kind == kind)
            #expect(record.score == score)
            #expect(record.band == band)
            #expect(record.items == items.mapValues { $0.points! })
        }
    }

    @Test func invalidAssessmentItemsAre422() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let resident = try await F.resident(age: 78, on: conn)
            var items = try #require(Self.items(.barthel, summingTo: 50))
            items["feeding"] = 7
            items["bathing"] = .init(points: nil)
            do {
                _ = try await HealthRecordStore.addAssessment(
                    residentId: resident, NewAssessment(kind: "barthel", items: items), on: conn)
                Issue.record("feeding 7 was accepted")
            } catch let error as ValidationError {
                #expect(Set(error.fields) == ["items.feeding", "items.bathing"])
            }
            await #expect(throws: ValidationError.self) {
                try await HealthRecordStore.addAssessment(
                    residentId: resident, NewAssessment(kind: "katz", items: [:]), on: conn)
            }
            await #expect(throws: ClinicalError.notFound(.resident)) {
                try await HealthRecordStore.addAssessment(
                    residentId: UUID(), NewAssessment(kind: "selfCare", items: Self.items(.selfCare, summingTo: 0)!),
                    on: conn)
            }
        }
    }

    @Test func healthFileGathersEverythingInOneStatement() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 76, on: conn)
            let today = F.today
            let htn = try await HealthRecordStore.addProblem(
                residentId: resident, NewProblem(code: " i10 ", text: "Hypertension"), today: today, on: conn)
            #expect(htn.code == "I10" && htn.chronicCondition == .hypertension && htn.status == .active)
            _ = try await HealthRecordStore.addProblem(
                residentId: resident, NewProblem(text: "Knee osteoarthritis", status: "resolved"), today: today,
                on: conn)
            await #expect(throws: ValidationError.self) {
                try await HealthRecordStore.addProblem(
                    residentId: resident, NewProblem(code: "E119", text: "Diabetes"), today: today, on: conn)
            }
            _ = try await HealthRecordStore.addMedication(
                residentId: resident, NewMedication(name: "Amlodipine", dose: "5 mg daily", since: today), on: conn)
            _ = try await HealthRecordStore.addAllergy(
                residentId: resident, NewAllergy(substance: "Penicillin", reaction: "Rash", severity: "moderate"),
                on: conn)
            await #expect(throws: ValidationError.self) {
                try await HealthRecordStore.addAllergy(
                    residentId: resident, NewAllergy(substance: "Dust", severity: "deadly"), on: conn)
            }
            let screening = try await HealthRecordStore.addVitals(
                residentId: resident,
                NewVitalSigns(takenAt: F.instant(Date().addingTimeInterval(-86_400 * 30)), vitals: Vitals(spo2: 84)),
                on: conn)
            #expect(screening.flags == ["lowSpO2"] && screening.source == .screening)
            await #expect(throws: ValidationError.self) {
                try await HealthRecordStore.addVitals(
                    residentId: resident, NewVitalSigns(takenAt: F.instant(Date()), vitals: Vitals(systolic: 900)),
                    on: conn)
            }
            _ = try await HealthRecordStore.addAssessment(
                residentId: resident, NewAssessment(kind: "barthel", items: Self.items(.barthel, summingTo: 85)!),
                on: conn)
            let consultation = try await ConsultationStore.create(
                F.consultation(residentId: resident, vitals: Vitals(systolic: 150, diastolic: 90), followUpDays: 30),
                doctorId: doctor, on: conn)

            let before = conn.statementCount
            let file = try await HealthFileStore.load(residentId: resident, visibility: .full, on: conn)
            #expect(conn.statementCount - before == 1)

            #expect(file.problems.map(\.text) == ["Hypertension", "Knee osteoarthritis"])
            #expect(file.medications.map(\.name) == ["Amlodipine"])
            #expect(file.allergies.map(\.severity) == [.moderate])
            #expect(file.vitalsHistory.count == 2)
            #expect(file.latestVitals?.consultationId == consultation.id)
            #expect(file.latestVitals?.vitals.systolic == 150)
            #expect(file.assessments.map(\.score) == [85])
            #expect(file.consultations.map(\.id) == [consultation.id])
            #expect(file.consultations.first?.notes != nil)
            #expect(file.followUpsDue.map(\.consultationId) == [consultation.id])
            #expect(file.followUpsDue.first?.dueDate == LocalDate(consultation.endedAt.date, in: F.shanghai).adding(days: 30))

            // The JSON a client sees: flat vitals, RFC 3339 with the clinic's offset.
            let json = String(decoding: try JSONEncoder().encode(file.vitalsHistory.last!), as: UTF8.self)
            #expect(json.contains("\"spo2\":84") && json.contains("+08:00"))

            await #expect(throws: ClinicalError.notFound(.resident)) {
                try await HealthFileStore.load(residentId: UUID(), visibility: .full, on: conn)
            }
            let empty = try await HealthFileStore.load(
                residentId: try await F.resident(age: 90, on: conn), visibility: .full, on: conn)
            #expect(empty.problems.isEmpty && empty.latestVitals == nil && empty.consultations.isEmpty)
        }
    }
}

@Suite struct DemoHealthFilesTests {
    @Test func fillsElderlyHealthFilesDeterministically() async throws {
        let db = try await TestDatabase.fresh()
        try await db.pool.withConnection { conn in
            let doctors = [
                try await ClinicalFixtures.doctor("Dr A", on: conn), try await ClinicalFixtures.doctor("Dr B", on: conn),
            ]
            var residents: [UUID] = []
            for index in 0..<40 {
                residents.append(try await ClinicalFixtures.resident(age: 65 + index % 25, on: conn))
            }
            let summary = try await DemoHealthFiles.fill(residentIds: residents, doctorIds: doctors, on: conn)
            #expect(summary.assessments == 80)
            #expect(summary.problems >= 40 && summary.consultations >= 40 && summary.vitals >= 80)
            let modes = try await conn.query("SELECT DISTINCT mode FROM consultations ORDER BY mode")
                .map { try $0.decode(String.self, "mode") }
            #expect(modes == ["home", "onsite", "remote"])
            #expect(try await conn.query("SELECT count(*) AS n FROM consultations WHERE signed_at IS NULL")
                .first!.decode(Int.self, "n") == 0)
            let file = try await HealthFileStore.load(residentId: residents[0], visibility: .full, on: conn)
            #expect(!file.problems.isEmpty && file.assessments.count == 2 && (2...4).contains(file.vitalsHistory.count))

            // Same seed, same content.
            let other = try await TestDatabase.fresh()
            try await other.pool.withConnection { conn2 in
                let d2 = [try await ClinicalFixtures.doctor(on: conn2)]
                let r2 = try await ClinicalFixtures.resident(age: 70, on: conn2)
                let s1 = try await DemoHealthFiles.fill(residentIds: [r2], doctorIds: d2, seed: 7, on: conn2)
                let r3 = try await ClinicalFixtures.resident(age: 70, on: conn2)
                let s2 = try await DemoHealthFiles.fill(residentIds: [r3], doctorIds: d2, seed: 7, on: conn2)
                #expect(s1 == s2)
                let texts = try await conn2.query(
                    "SELECT resident_id, string_agg(text, '|' ORDER BY text) AS t FROM problems GROUP BY resident_id")
                    .map { try $0.decode(String.self, "t") }
                #expect(texts.count == 2 && texts[0] == texts[1])
            }
        }
    }

    /// The seed command fills 1.6 million files in batches, each its own transaction: every resident gets a file,
    /// and the totals are the sums of the batches.
    @Test func fillsInBatchesOverThePool() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        let (doctors, residents) = try await db.pool.withConnection { conn in
            let doctors = [try await ClinicalFixtures.doctor("Dr Batch", on: conn)]
            var residents: [UUID] = []
            for index in 0..<7 { residents.append(try await ClinicalFixtures.resident(age: 70 + index, on: conn)) }
            return (doctors, residents)
        }
        let summary = try await DemoHealthFiles.fill(
            residentIds: residents, doctorIds: doctors, batchSize: 3, pool: db.pool)
        #expect(summary.assessments == 14)
        let counts = try await db.pool.query(
            """
            SELECT (SELECT count(*) FROM problems) AS problems, (SELECT count(*) FROM assessments) AS assessments,
                   (SELECT count(*) FROM consultations) AS consultations, (SELECT count(*) FROM vital_signs) AS vitals,
                   (SELECT count(DISTINCT resident_id) FROM assessments) AS residents
            """)[0]
        #expect(try counts.decode(Int.self, "problems") == summary.problems)
        #expect(try counts.decode(Int.self, "assessments") == summary.assessments)
        #expect(try counts.decode(Int.self, "consultations") == summary.consultations)
        #expect(try counts.decode(Int.self, "vitals") == summary.vitals)
        #expect(try counts.decode(Int.self, "residents") == residents.count)
    }
}
