import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Each test has a database of its own: work lists read every resident.
@Suite struct WorklistTests {
    typealias F = ClinicalFixtures

    @Test func followUpsDueListsRequestedAndChronicReviews() async throws {
        let db = try await TestDatabase.fresh()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let today = F.today
            func resident(_ name: String, flags: [String] = []) async throws -> UUID {
                try await F.resident(age: 70, flags: flags, name: name, on: conn)
            }
            func consult(_ id: UUID, daysAgo: Double, followUp: Int? = nil) async throws {
                _ = try await ConsultationStore.create(
                    F.consultation(residentId: id, endedDaysAgo: daysAgo, followUpDays: followUp), doctorId: doctor,
                    on: conn)
            }
            func problem(_ id: UUID, code: String?, text: String) async throws {
                _ = try await HealthRecordStore.addProblem(
                    residentId: id, NewProblem(code: code, text: text), today: today, on: conn)
            }
            // Asked to come back in 7 days, 10 days ago: due 3 days ago.
            let overdue = try await resident("Overdue")
            try await consult(overdue, daysAgo: 10, followUp: 7)
            // Same, but a priority resident: listed before `overdue` on the same due date.
            let overduePriority = try await resident("Overdue Priority", flags: ["livesAlone"])
            try await consult(overduePriority, daysAgo: 10, followUp: 7)
            // Seen again since: satisfied.
            let seenAgain = try await resident("Seen Again")
            try await consult(seenAgain, daysAgo: 20, followUp: 7)
            try await consult(seenAgain, daysAgo: 2)
            // Booked since: satisfied.
            let booked = try await resident("Booked")
            try await consult(booked, daysAgo: 20, followUp: 7)
            _ = try await F.appointment(
                residentId: booked, doctorId: doctor, start: Date().addingTimeInterval(5 * 86_400), on: conn)
            // Due in a month: only with a later `before`.
            let later = try await resident("Later")
            try await consult(later, daysAgo: 0, followUp: 30)
            // Hypertension, last seen four months ago.
            let hypertensive = try await resident("Hypertensive")
            try await problem(hypertensive, code: "I10", text: "Essential hypertension")
            try await consult(hypertensive, daysAgo: 120)
            // Type 2 diabetes, seen last month.
            let diabetic = try await resident("Diabetic")
            try await problem(diabetic, code: "E11.9", text: "Type 2 diabetes")
            try await consult(diabetic, daysAgo: 30)
            // Hypertension by text only, never seen: due since the problem was recorded.
            let neverSeen = try await resident("Never Seen")
            try await problem(neverSeen, code: nil, text: "高血压")
            // Resolved hypertension: no review.
            let resolved = try await resident("Resolved")
            _ = try await HealthRecordStore.addProblem(
                residentId: resolved, NewProblem(code: "I10", text: "Hypertension", status: "resolved"),
                today: today, on: conn)

            let due = try await WorklistStore.followUpsDue(before: today, visibility: .full, on: conn)
            // Earliest due first: the review fell due about a month ago, the requests 3 days ago, the never-seen today.
            #expect(due.map(\.residentId) == [hypertensive, overduePriority, overdue, neverSeen])
            let byId = Dictionary(uniqueKeysWithValues: due.map { ($0.residentId, $0) })
            #expect(byId[overdue]?.reason == .requested)
            #expect(byId[overdue]?.dueDate == today.adding(days: -3))
            #expect(byId[overdue]?.mode == .remote && byId[overdue]?.doctorId == doctor)
            #expect(byId[overduePriority]?.priority == true)
            #expect(byId[hypertensive]?.reason == .chronicReview)
            #expect(byId[hypertensive]?.conditions == [.hypertension])
            #expect(byId[neverSeen]?.dueDate == today)
            #expect(byId[neverSeen]?.lastConsultationAt == nil)

            let monthAhead = try await WorklistStore.followUpsDue(
                before: today.adding(days: 31), visibility: .full, on: conn)
            #expect(monthAhead.contains { $0.residentId == later && $0.reason == .requested })
            #expect(!monthAhead.contains { $0.residentId == seenAgain || $0.residentId == booked })
            #expect(monthAhead.contains { $0.residentId == diabetic } == false)
            let twoMonthsAhead = try await WorklistStore.followUpsDue(
                before: today.adding(days: 65), visibility: .full, on: conn)
            #expect(twoMonthsAhead.contains { $0.residentId == diabetic && $0.reason == .chronicReview })
            #expect(!twoMonthsAhead.contains { $0.residentId == resolved })
        }
    }

    @Test func unvisitedElderlyByGridPriorityFirst() async throws {
        let db = try await TestDatabase.fresh()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let gridA1 = try await F.resident(age: 80, grid: "A", name: "Alpha", on: conn)
            let gridA2 = try await F.resident(age: 70, grid: "A", flags: ["emptyNest"], name: "Zulu", on: conn)
            let gridB = try await F.resident(age: 66, grid: "B", name: "Bravo", on: conn)
            let noGrid = try await F.resident(age: 90, name: "Nomad", on: conn)
            let seenLongAgo = try await F.resident(age: 75, grid: "A", name: "Mike", on: conn)
            _ = try await ConsultationStore.create(
                F.consultation(residentId: seenLongAgo, endedDaysAgo: 200), doctorId: doctor, on: conn)
            let seenRecently = try await F.resident(age: 75, grid: "A", name: "Recent", on: conn)
            _ = try await ConsultationStore.create(
                F.consultation(residentId: seenRecently, endedDaysAgo: 10), doctorId: doctor, on: conn)
            _ = try await F.resident(age: 60, grid: "A", name: "Young", on: conn)

            let today = F.today
            let all = try await WorklistStore.unvisitedElderly(UnvisitedElderlyQuery(), today: today, on: conn)
            // Grid A: the priority resident first, then never seen before seen long ago; then grid B; no grid last.
            #expect(all.items.map(\.residentId) == [gridA2, gridA1, seenLongAgo, gridB, noGrid])
            #expect(all.items.first?.priority == true)
            #expect(all.items[2].lastConsultationAt != nil && all.items[2].lastConsultationMode == .remote)
            #expect(all.items.map(\.age) == [70, 80, 75, 66, 90].map { age in
                LocalDate(year: today.year - age, month: 1, day: 1)!.age(on: today)
            })
            #expect(all.nextCursor == nil)

            var pages: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await WorklistStore.unvisitedElderly(
                    UnvisitedElderlyQuery(limit: 2, cursor: cursor), today: today, on: conn)
                pages += page.items.map(\.residentId)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(pages == all.items.map(\.residentId))

            let widerWindow = try await WorklistStore.unvisitedElderly(
                UnvisitedElderlyQuery(days: 365, minAge: 70, grid: "A"), today: today, on: conn)
            #expect(widerWindow.items.map(\.residentId) == [gridA2, gridA1])
            await #expect(throws: ValidationError.self) {
                try await WorklistStore.unvisitedElderly(UnvisitedElderlyQuery(days: 0), today: today, on: conn)
            }
        }
    }
}
