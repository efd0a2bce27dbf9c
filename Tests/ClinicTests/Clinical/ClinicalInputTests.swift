import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

@Suite struct ClinicalInputTests {
    @Test func vitalsInputIsFlatAndAssessmentItemsAreLenient() throws {
        let vitals = try JSONDecoder().decode(
            NewVitalSigns.self, from: Data(#"{"takenAt":"2026-12-01T09:30:00+08:00","spo2":85,"systolic":120}"#.utf8))
        #expect(vitals.vitals == Vitals(systolic: 120, spo2: 85))
        #expect(vitals.takenAt.offsetSeconds == 8 * 3600)

        let assessment = try JSONDecoder().decode(
            NewAssessment.self, from: Data(#"{"kind":"selfCare","items":{"eating":"3","grooming":1.5}}"#.utf8))
        do {
            _ = try assessment.validate(now: Date())
            Issue.record("non-numeric items were accepted")
        } catch {
            #expect(Set(error.fields) == ["items.eating", "items.grooming", "items.dressing", "items.toileting", "items.activity"])
            #expect(error.errors.first { $0.field == "items.eating" }?.message == "must be a whole number of points")
        }
    }

    @Test func consultationRulesAreReportedTogether() throws {
        let start = ZonedInstant(rfc3339: "2026-12-01T09:30:00+08:00")!
        let input = NewConsultation(
            residentId: UUID(), mode: "onsite", channel: "video", startedAt: start,
            endedAt: ZonedInstant(start.date.addingTimeInterval(13 * 3600), offsetSeconds: 8 * 3600),
            diagnoses: [.init(code: "E119", text: " ")], treatments: [.init(kind: "magic", text: "x")],
            followUp: .init(inDays: 0, mode: "onsite"))
        do {
            _ = try input.validate(now: start.date.addingTimeInterval(86_400))
            Issue.record("invalid consultation accepted")
        } catch {
            #expect(error.fields == [
                "channel", "endedAt", "diagnoses[0].code", "diagnoses[0].text", "treatments[0].kind", "followUp.inDays",
            ])
        }
    }
}
