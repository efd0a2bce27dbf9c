import Foundation
import Testing

@testable import ClinicDomain

@Suite struct ClinicSettingsTests {
    static func time(_ text: String) -> LocalTime { LocalTime(text)! }

    static func session(_ name: String, _ start: String, _ end: String) -> ClinicSession {
        ClinicSession(name: name, start: time(start), end: time(end))
    }

    static func errors(_ change: (inout ClinicSettings) -> Void) -> [FieldError] {
        var settings = ClinicSettings.default
        change(&settings)
        return ClinicSettingsRules.fieldErrors(settings)
    }

    @Test func defaultIsTheContractsDefaultAndValid() throws {
        let settings = ClinicSettings.default
        #expect(settings.name == "Community Smart Health Room")
        #expect(settings.timeZone == "Asia/Shanghai")
        #expect(settings.clinicWeekdays == [2, 4])
        #expect(
            settings.sessions == [
                Self.session("morning", "09:30", "12:30"), Self.session("afternoon", "15:00", "18:00"),
            ])
        #expect(settings.slotMinutes == SlotMinutes(onsite: 15, remote: 20, home: 60))
        #expect(settings.priorityHoldHours == 24)
        try ClinicSettingsRules.validate(settings)
        #expect(settings.zone?.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 8 * 3600)
        #expect(settings.session(named: "afternoon")?.minutes == 180)
    }

    @Test func decodesTheAPIBody() throws {
        let json = #"""
            {"name":"Lhasa East","timeZone":"Asia/Shanghai","clinicWeekdays":[2,4],
             "sessions":[{"name":"morning","start":"09:30","end":"12:30"}],
             "slotMinutes":{"onsite":15,"remote":20,"home":60},"priorityHoldHours":24}
            """#
        let settings = try JSONDecoder().decode(ClinicSettings.self, from: Data(json.utf8))
        #expect(settings.sessions == [Self.session("morning", "09:30", "12:30")])
        try ClinicSettingsRules.validate(settings)
        let bad = json.replacingOccurrences(of: "\"12:30\"", with: "\"12:30:15\"")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ClinicSettings.self, from: Data(bad.utf8)) }
        let roundTrip = try JSONDecoder().decode(ClinicSettings.self, from: JSONEncoder().encode(settings))
        #expect(roundTrip == settings)
    }

    @Test func timeZoneMustBeAnIANAId() {
        #expect(Self.errors { $0.timeZone = "UTC" }.isEmpty)
        #expect(Self.errors { $0.timeZone = "Asia/Urumqi" }.isEmpty)
        #expect(Self.errors { $0.timeZone = "Etc/GMT-8" }.isEmpty)
        let error = [FieldError(field: "timeZone", message: "must be an IANA time zone id")]
        #expect(Self.errors { $0.timeZone = "Mars/Olympus" } == error)
        #expect(Self.errors { $0.timeZone = "CST" } == error)
        #expect(Self.errors { $0.timeZone = "GMT+8" } == error)
        #expect(Self.errors { $0.timeZone = "asia/shanghai" } == error)
        #expect(Self.errors { $0.timeZone = "" } == error)
    }

    @Test func nameIsRequired() {
        #expect(Self.errors { $0.name = "  " } == [FieldError(field: "name", message: "must not be empty")])
        #expect(Self.errors { $0.name = String(repeating: "a", count: 201) }.map(\.field) == ["name"])
    }

    @Test func weekdaysAreNonEmptyISOAndUnique() {
        #expect(Self.errors { $0.clinicWeekdays = [1, 7] }.isEmpty)
        #expect(
            Self.errors { $0.clinicWeekdays = [] }
                == [FieldError(field: "clinicWeekdays", message: "must name at least one weekday")])
        #expect(
            Self.errors { $0.clinicWeekdays = [0, 2, 8] }.map(\.field) == ["clinicWeekdays[0]", "clinicWeekdays[2]"])
        #expect(
            Self.errors { $0.clinicWeekdays = [2, 4, 2] }
                == [FieldError(field: "clinicWeekdays[2]", message: "is listed twice")])
    }

    @Test func sessionsAreNamedOrderedUniqueAndApart() {
        #expect(
            Self.errors { $0.sessions = [] } == [
                FieldError(field: "sessions", message: "must name at least one session")
            ])
        #expect(
            Self.errors { $0.sessions[1].end = Self.time("15:00") }
                == [FieldError(field: "sessions[1].end", message: "must be after start")])
        #expect(
            Self.errors { $0.sessions[0].name = " " } == [
                FieldError(field: "sessions[0].name", message: "must not be empty")
            ])
        #expect(
            Self.errors { $0.sessions[1].name = "Morning" }
                == [FieldError(field: "sessions[1].name", message: "is used by another session")])
        #expect(
            Self.errors { $0.sessions[1].name = "afternoon " }
                == [FieldError(field: "sessions[1].name", message: "must not begin or end with spaces")])
        #expect(
            Self.errors { $0.sessions.append(Self.session("noon", "12:00", "13:00")) }
                == [FieldError(field: "sessions[2].start", message: "overlaps session morning")])
        #expect(Self.errors { $0.sessions.append(Self.session("noon", "12:30", "13:30")) }.isEmpty)
        #expect(
            Self.errors { $0.sessions = Array(repeating: $0.sessions[0], count: 9) }.contains(
                FieldError(field: "sessions", message: "must name at most 8 sessions")))
    }

    @Test func overlapIsJudgedWhateverTheListOrder() {
        let errors = Self.errors {
            $0.sessions = [Self.session("late", "10:00", "11:00"), Self.session("early", "09:00", "10:30")]
        }
        #expect(errors == [FieldError(field: "sessions[0].start", message: "overlaps session early")])
    }

    @Test func slotMinutesAreMultiplesOfFiveThatFitASession() {
        #expect(Self.errors { $0.slotMinutes = SlotMinutes(onsite: 5, remote: 180, home: 180) }.isEmpty)
        let range = "must be a multiple of 5 between 5 and 240"
        #expect(
            Self.errors { $0.slotMinutes = SlotMinutes(onsite: 4, remote: 241, home: 17) } == [
                FieldError(field: "slotMinutes.onsite", message: range),
                FieldError(field: "slotMinutes.remote", message: range),
                FieldError(field: "slotMinutes.home", message: range),
            ])
        #expect(
            Self.errors { $0.slotMinutes.home = 185 }
                == [FieldError(field: "slotMinutes.home", message: "must fit in the shortest session (180 min)")])
        #expect(
            Self.errors {
                $0.sessions.append(Self.session("evening", "19:00", "19:45"))
            } == [FieldError(field: "slotMinutes.home", message: "must fit in the shortest session (45 min)")])
    }

    @Test func priorityHoldHoursBetweenZeroAndTwoWeeks() {
        #expect(Self.errors { $0.priorityHoldHours = 0 }.isEmpty)
        #expect(Self.errors { $0.priorityHoldHours = 336 }.isEmpty)
        #expect(Self.errors { $0.priorityHoldHours = -1 }.map(\.field) == ["priorityHoldHours"])
        #expect(Self.errors { $0.priorityHoldHours = 337 }.map(\.field) == ["priorityHoldHours"])
    }

    @Test func allProblemsAreReportedTogether() {
        let settings = ClinicSettings(
            name: "", timeZone: "Nowhere", clinicWeekdays: [9], sessions: [],
            slotMinutes: SlotMinutes(onsite: 0, remote: 20, home: 60),
            priorityHoldHours: 1000)
        #expect(
            ClinicSettingsRules.fieldErrors(settings).map(\.field) == [
                "name", "timeZone", "clinicWeekdays[0]", "sessions", "slotMinutes.onsite", "priorityHoldHours",
            ])
    }
}

@Suite struct ClinicCalendarTests {
    static let december = (from: LocalDate("2026-12-01")!, to: LocalDate("2026-12-31")!)

    @Test func tuesdaysAndThursdaysByDefault() throws {
        #expect(LocalDate("2026-12-01")!.isoWeekday == 2)
        let days = try ClinicCalendar.clinicDays(from: Self.december.from, to: Self.december.to, settings: .default)
        #expect(
            days.map(\.description) == [
                "2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10", "2026-12-15", "2026-12-17", "2026-12-22",
                "2026-12-24", "2026-12-29", "2026-12-31",
            ])
    }

    @Test func closuresAreLeftOut() throws {
        let closures: Set<LocalDate> = [LocalDate("2026-12-24")!, LocalDate("2026-12-25")!, LocalDate("2026-12-01")!]
        let days = try ClinicCalendar.clinicDays(
            from: Self.december.from, to: Self.december.to, settings: .default, closures: closures)
        #expect(days.count == 8)
        #expect(!days.contains(LocalDate("2026-12-24")!))
        #expect(days.first == LocalDate("2026-12-03"))
        #expect(!ClinicCalendar.isClinicDay(LocalDate("2026-12-24")!, settings: .default, closures: closures))
        #expect(ClinicCalendar.isClinicDay(LocalDate("2026-12-22")!, settings: .default, closures: closures))
        #expect(!ClinicCalendar.isClinicDay(LocalDate("2026-12-23")!, settings: .default))
    }

    @Test func rangeIsInclusiveAtBothEnds() throws {
        let tuesday = LocalDate("2026-12-08")!
        #expect(try ClinicCalendar.clinicDays(from: tuesday, to: tuesday, settings: .default) == [tuesday])
        #expect(
            try ClinicCalendar.clinicDays(
                from: tuesday.adding(days: 1), to: tuesday.adding(days: 1), settings: .default) == [])
        #expect(
            try ClinicCalendar.clinicDays(from: tuesday, to: tuesday.adding(days: 2), settings: .default)
                == [tuesday, tuesday.adding(days: 2)])
    }

    @Test func otherWeekdaysFollowTheSettings() throws {
        var settings = ClinicSettings.default
        settings.clinicWeekdays = [7, 1]
        let days = try ClinicCalendar.clinicDays(
            from: LocalDate("2026-12-05")!, to: LocalDate("2026-12-14")!, settings: settings)
        #expect(days.map(\.description) == ["2026-12-06", "2026-12-07", "2026-12-13", "2026-12-14"])
    }

    @Test func rangeMustBeOrderedAndAtMostAYear() throws {
        #expect(throws: ValidationError(field: "to", message: "must not be before from")) {
            try ClinicCalendar.clinicDays(from: Self.december.to, to: Self.december.from, settings: .default)
        }
        let start = LocalDate("2027-01-01")!
        let yearish = try ClinicCalendar.clinicDays(from: start, to: start.adding(days: 365), settings: .default)
        #expect(yearish.count == 104)  // 2027 starts on a Friday: 52 Tuesdays and 52 Thursdays
        #expect(throws: ValidationError(field: "to", message: "must be at most 366 days after from")) {
            try ClinicCalendar.clinicDays(from: start, to: start.adding(days: 366), settings: .default)
        }
    }

    @Test func acrossLeapDayAndYearEnd() throws {
        let days = try ClinicCalendar.clinicDays(
            from: LocalDate("2028-02-27")!, to: LocalDate("2028-03-03")!, settings: .default)
        #expect(days.map(\.description) == ["2028-02-29", "2028-03-02"])
        let newYear = try ClinicCalendar.clinicDays(
            from: LocalDate("2026-12-29")!, to: LocalDate("2027-01-07")!, settings: .default)
        #expect(newYear.map(\.description) == ["2026-12-29", "2026-12-31", "2027-01-05", "2027-01-07"])
    }
}
