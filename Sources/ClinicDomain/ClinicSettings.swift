import Foundation

/// A part of a clinic day with its wall-clock times in the clinic's zone (`morning`, 09:30–12:30).
package struct ClinicSession: Codable, Sendable, Equatable, Hashable {
    package var name: String
    package var start: LocalTime
    package var end: LocalTime

    package init(name: String, start: LocalTime, end: LocalTime) {
        self.name = name
        self.start = start
        self.end = end
    }

    /// Length in minutes (zero or negative for a session that fails validation).
    package var minutes: Int { end.minutesSinceMidnight - start.minutesSinceMidnight }
}

/// How long one slot of each consultation mode lasts, in minutes.
package struct SlotMinutes: Codable, Sendable, Equatable {
    package var onsite: Int
    package var remote: Int
    package var home: Int

    package init(onsite: Int, remote: Int, home: Int) {
        self.onsite = onsite
        self.remote = remote
        self.home = home
    }

    /// The length of one slot of `mode`.
    package subscript(mode: ConsultationMode) -> Int {
        switch mode {
        case .onsite: return onsite
        case .remote: return remote
        case .home: return home
        }
    }
}

/// The clinic's own calendar and booking settings (`GET/PUT /v1/clinic`).
package struct ClinicSettings: Codable, Sendable, Equatable {
    package var name: String
    /// An IANA zone id; "Tuesday" and every wall time are read in it.
    package var timeZone: String
    /// ISO weekdays (1 = Monday … 7 = Sunday) on which the clinic runs.
    package var clinicWeekdays: [Int]
    package var sessions: [ClinicSession]
    package var slotMinutes: SlotMinutes
    /// How long before a slot's start its priority hold is released to everyone.
    package var priorityHoldHours: Int

    package init(
        name: String, timeZone: String, clinicWeekdays: [Int], sessions: [ClinicSession], slotMinutes: SlotMinutes,
        priorityHoldHours: Int
    ) {
        self.name = name
        self.timeZone = timeZone
        self.clinicWeekdays = clinicWeekdays
        self.sessions = sessions
        self.slotMinutes = slotMinutes
        self.priorityHoldHours = priorityHoldHours
    }

    /// The settings of a newly installed clinic: Tuesdays and Thursdays in Asia/Shanghai, a morning and an
    /// afternoon session, 15/20/60-minute slots and a 24-hour priority hold.
    package static let `default` = ClinicSettings(
        name: "Community Smart Health Room",
        timeZone: "Asia/Shanghai",
        clinicWeekdays: [2, 4],
        sessions: [
            ClinicSession(
                name: "morning", start: LocalTime(hour: 9, minute: 30)!, end: LocalTime(hour: 12, minute: 30)!),
            ClinicSession(
                name: "afternoon", start: LocalTime(hour: 15, minute: 0)!, end: LocalTime(hour: 18, minute: 0)!),
        ],
        slotMinutes: SlotMinutes(onsite: 15, remote: 20, home: 60),
        priorityHoldHours: 24
    )

    /// The zone, or nil when `timeZone` is not one `ClinicSettingsRules` accepts.
    package var zone: TimeZone? { ClinicSettingsRules.zone(named: timeZone) }

    /// `zone`, or UTC if the stored id no longer resolves (which validation on write prevents).
    package var zoneOrUTC: TimeZone { zone ?? TimeZone(identifier: "UTC")! }

    /// The named session, if the clinic has one.
    package func session(named name: String) -> ClinicSession? { sessions.first { $0.name == name } }
}
