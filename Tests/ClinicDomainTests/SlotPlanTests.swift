import Foundation
import Testing

@testable import ClinicDomain

@Suite struct SlotPlanTests {
    static let day = LocalDate("2026-12-01")!
    static let morning = ClinicSettings.default.sessions[0]
    static let afternoon = ClinicSettings.default.sessions[1]
    static let allModes = Set(ConsultationMode.allCases)

    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// `(mode, "HH:MM-HH:MM", priorityOnly)` in the clinic's zone, for readable expectations.
    static func summary(_ slots: [PlannedSlot], zone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) -> [String] {
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.dateFormat = "HH:mm"
        return slots.map {
            "\($0.mode.rawValue) \(formatter.string(from: $0.start))-\(formatter.string(from: $0.end))"
                + ($0.priorityOnly ? " P" : "") + ($0.capacity == 1 ? "" : " x\($0.capacity)")
        }
    }

    @Test func morningWithAllModesIsOnSiteThenRemote() throws {
        let slots = try SlotPlanner.slots(
            date: Self.day, session: Self.morning, modes: Self.allModes, settings: .default)
        #expect(
            Self.summary(slots) == [
                "onsite 09:30-09:45 P", "onsite 09:45-10:00", "onsite 10:00-10:15", "onsite 10:15-10:30",
                "onsite 10:30-10:45 P", "onsite 10:45-11:00", "onsite 11:00-11:15", "onsite 11:15-11:30",
                "remote 11:30-11:50 P", "remote 11:50-12:10", "remote 12:10-12:30",
            ])
        #expect(slots.first?.start == Self.instant("2026-12-01T01:30:00Z"))
        #expect(slots.last?.end == Self.instant("2026-12-01T04:30:00Z"))
        #expect(slots.allSatisfy { $0.capacity == 1 })
    }

    @Test func afternoonEndsWithOneHomeVisit() throws {
        let slots = try SlotPlanner.slots(
            date: Self.day, session: Self.afternoon, modes: Self.allModes, settings: .default)
        #expect(
            Self.summary(slots) == [
                "onsite 15:00-15:15 P", "onsite 15:15-15:30", "onsite 15:30-15:45", "onsite 15:45-16:00",
                "remote 16:00-16:20 P", "remote 16:20-16:40", "remote 16:40-17:00", "home 17:00-18:00",
            ])
    }

    @Test func defaultDayCounts() throws {
        func perDay(_ modes: Set<ConsultationMode>) throws -> Int {
            try ClinicSettings.default.sessions.reduce(0) {
                $0 + (try SlotPlanner.slots(date: Self.day, session: $1, modes: modes, settings: .default)).count
            }
        }
        #expect(try perDay(Self.allModes) == 19)
        #expect(try perDay([.onsite, .remote]) == 22)
        #expect(try perDay([.onsite]) == 24)
        #expect(try perDay([.remote]) == 18)
        #expect(try perDay([.home]) == 6)
        #expect(try perDay([.onsite, .home]) == 24 - 4 + 1)
        #expect(try perDay([.remote, .home]) == 9 + 6 + 1)
        #expect(try perDay([]) == 0)
    }

    @Test func onSiteOnlyFillsTheSessionWithAHoldEveryFourth() throws {
        let slots = try SlotPlanner.slots(date: Self.day, session: Self.morning, modes: [.onsite], settings: .default)
        #expect(slots.count == 12)
        #expect(slots.enumerated().filter { $0.element.priorityOnly }.map(\.offset) == [0, 4, 8])
    }

    @Test func homeOnlyDoctorVisitsAllSessionEverySession() throws {
        let morning = try SlotPlanner.slots(date: Self.day, session: Self.morning, modes: [.home], settings: .default)
        #expect(Self.summary(morning) == ["home 09:30-10:30 P", "home 10:30-11:30", "home 11:30-12:30"])
    }

    @Test func remoteAndHomeWithoutOnSite() throws {
        let slots = try SlotPlanner.slots(
            date: Self.day, session: Self.afternoon, modes: [.remote, .home], settings: .default)
        #expect(
            Self.summary(slots) == [
                "remote 15:00-15:20 P", "remote 15:20-15:40", "remote 15:40-16:00", "remote 16:00-16:20",
                "remote 16:20-16:40 P", "remote 16:40-17:00", "home 17:00-18:00",
            ])
    }

    @Test func lastSessionIsJudgedByTimeNotListOrder() throws {
        var settings = ClinicSettings.default
        settings.sessions.reverse()
        let morning = try SlotPlanner.slots(
            date: Self.day, session: Self.morning, modes: Self.allModes, settings: settings)
        let afternoon = try SlotPlanner.slots(
            date: Self.day, session: Self.afternoon, modes: Self.allModes, settings: settings)
        #expect(!morning.contains { $0.mode == .home })
        #expect(afternoon.filter { $0.mode == .home }.count == 1)
    }

    @Test func leftoverMinutesStayFreeBetweenBlocks() {
        let hour = ClinicSession(name: "short", start: LocalTime("08:00")!, end: LocalTime("09:00")!)
        let placements = SlotPlanner.placements(
            session: hour, modes: [.onsite, .remote], slotMinutes: ClinicSettings.default.slotMinutes,
            isLastSessionOfDay: false)
        #expect(
            placements.map { "\($0.mode.rawValue) \($0.startMinute)-\($0.endMinute)" } == [
                "onsite 0-15", "onsite 15-30", "remote 40-60",
            ])
        #expect(placements.map(\.priorityOnly) == [true, false, false])
    }

    @Test func remoteNeverCrowdsOutTheLastOnSiteSlot() {
        let tiny = ClinicSession(name: "tiny", start: LocalTime("08:00")!, end: LocalTime("08:20")!)
        let placements = SlotPlanner.placements(
            session: tiny, modes: [.onsite, .remote], slotMinutes: SlotMinutes(onsite: 15, remote: 20, home: 60),
            isLastSessionOfDay: true)
        #expect(placements.map(\.mode) == [.onsite])
        let noHome = SlotPlanner.placements(
            session: tiny, modes: [.home], slotMinutes: SlotMinutes(onsite: 15, remote: 20, home: 60),
            isLastSessionOfDay: true)
        #expect(noHome.isEmpty)
    }

    @Test func remoteGetsAtLeastOneSlotWhenItFits() {
        let session = ClinicSession(name: "s", start: LocalTime("08:00")!, end: LocalTime("09:30")!)
        let placements = SlotPlanner.placements(
            session: session, modes: [.onsite, .remote], slotMinutes: SlotMinutes(onsite: 15, remote: 45, home: 60),
            isLastSessionOfDay: false)
        #expect(
            placements.map { "\($0.mode.rawValue) \($0.startMinute)" } == [
                "onsite 0", "onsite 15", "onsite 30", "remote 45",
            ])
    }

    @Test func slotsAreInsideTheSessionSortedAndNeverOverlap() {
        let modeSets: [Set<ConsultationMode>] = [
            [.onsite], [.remote], [.home], [.onsite, .remote], [.onsite, .home], [.remote, .home], Self.allModes,
        ]
        for length in stride(from: 5, through: 300, by: 5) {
            let session = ClinicSession(
                name: "s", start: LocalTime("08:00")!, end: LocalTime(hour: 8 + length / 60, minute: length % 60)!)
            for onsite in [5, 15, 25, 60] {
                for remote in [10, 20, 45] {
                    for home in [30, 60, 90] {
                        for modes in modeSets {
                            for last in [false, true] {
                                let placements = SlotPlanner.placements(
                                    session: session, modes: modes,
                                    slotMinutes: SlotMinutes(onsite: onsite, remote: remote, home: home),
                                    isLastSessionOfDay: last)
                                #expect(placements.allSatisfy { $0.startMinute >= 0 && $0.endMinute <= length })
                                #expect(placements.allSatisfy { modes.contains($0.mode) })
                                #expect(
                                    zip(placements, placements.dropFirst()).allSatisfy {
                                        $0.endMinute <= $1.startMinute
                                    })
                                if modes.contains(.onsite) && onsite <= length
                                    && !(modes.contains(.home) && last && home + onsite > length)
                                {
                                    #expect(placements.contains { $0.mode == .onsite })
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func wallTimesFollowTheClinicZone() throws {
        var settings = ClinicSettings.default
        settings.timeZone = "America/New_York"
        let summer = try SlotPlanner.slots(
            date: LocalDate("2026-07-07")!, session: Self.morning, modes: [.onsite], settings: settings)
        let winter = try SlotPlanner.slots(
            date: LocalDate("2026-12-01")!, session: Self.morning, modes: [.onsite], settings: settings)
        #expect(summer.first?.start == Self.instant("2026-07-07T13:30:00Z"))
        #expect(winter.first?.start == Self.instant("2026-12-01T14:30:00Z"))
        settings.timeZone = "Nowhere/Land"
        #expect(throws: ValidationError(field: "timeZone", message: "must be an IANA time zone id")) {
            try SlotPlanner.slots(date: Self.day, session: Self.morning, modes: [.onsite], settings: settings)
        }
    }

    @Test func priorityHoldLapsesHoldHoursBeforeStart() {
        let start = Self.instant("2026-12-03T01:30:00Z")
        let release = start.addingTimeInterval(-24 * 3600)
        #expect(SlotPlanner.isPriorityHeld(slotStart: start, now: release.addingTimeInterval(-1), holdHours: 24))
        #expect(!SlotPlanner.isPriorityHeld(slotStart: start, now: release, holdHours: 24))
        #expect(!SlotPlanner.isPriorityHeld(slotStart: start, now: release.addingTimeInterval(1), holdHours: 24))
        #expect(SlotPlanner.isPriorityHeld(slotStart: start, now: start.addingTimeInterval(-1), holdHours: 0))
        #expect(!SlotPlanner.isPriorityHeld(slotStart: start, now: start, holdHours: 0))
        #expect(
            !SlotPlanner.isPriorityHeld(slotStart: start, now: start.addingTimeInterval(-335 * 3600), holdHours: 336))
        #expect(
            SlotPlanner.isPriorityHeld(slotStart: start, now: start.addingTimeInterval(-337 * 3600), holdHours: 336))
    }

    @Test func reservedForPriorityNeedsBothThePlanAndALiveHold() {
        let start = Self.instant("2026-12-03T01:30:00Z")
        let early = start.addingTimeInterval(-48 * 3600)
        let late = start.addingTimeInterval(-2 * 3600)
        #expect(
            SlotPlanner.isReservedForPriority(plannedPriorityOnly: true, slotStart: start, now: early, holdHours: 24))
        #expect(
            !SlotPlanner.isReservedForPriority(plannedPriorityOnly: true, slotStart: start, now: late, holdHours: 24))
        #expect(
            !SlotPlanner.isReservedForPriority(plannedPriorityOnly: false, slotStart: start, now: early, holdHours: 24))
    }
}
