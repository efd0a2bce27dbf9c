import Foundation

/// What `PUT /v1/clinic` must satisfy. Bad settings would silently break every slot and rota after them,
/// so they are refused with every problem named.
package enum ClinicSettingsRules {
    package static let slotMinutesRange = 5...240
    package static let priorityHoldHoursRange = 0...336
    package static let maximumSessions = 8
    package static let maximumNameLength = 200
    package static let maximumSessionNameLength = 50

    /// The zone for an IANA id, or nil. Abbreviations and offsets Foundation also takes (`CST`, `PRC`,
    /// `GMT+8`) are refused: `CST` resolves to US Central time, which would put every Tuesday in the wrong day.
    /// Accepted: ids in `TimeZone.knownTimeZoneIdentifiers`, `UTC`, and `Area/Location` ids Foundation resolves.
    package static func zone(named identifier: String) -> TimeZone? {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        if identifier == "UTC" || identifier.contains("/") || TimeZone.knownTimeZoneIdentifiers.contains(identifier) {
            return zone
        }
        return nil
    }

    /// All broken rules of `settings`, with API field names (`sessions[1].end`, `slotMinutes.home`).
    static func fieldErrors(_ settings: ClinicSettings) -> [FieldError] {
        var v = Validator()
        let name = settings.name.trimmingCharacters(in: .whitespacesAndNewlines)
        v.check(!name.isEmpty, field: "name", message: "must not be empty")
        v.check(
            name.unicodeScalars.count <= maximumNameLength, field: "name",
            message: "must be at most \(maximumNameLength) characters")
        v.check(zone(named: settings.timeZone) != nil, field: "timeZone", message: "must be an IANA time zone id")
        v.include(weekdayErrors(settings.clinicWeekdays))
        v.include(sessionErrors(settings.sessions))
        v.include(slotMinuteErrors(settings.slotMinutes, sessions: settings.sessions))
        v.check(
            priorityHoldHoursRange.contains(settings.priorityHoldHours), field: "priorityHoldHours",
            message: "must be between \(priorityHoldHoursRange.lowerBound) and \(priorityHoldHoursRange.upperBound)")
        return v.errors
    }

    package static func validate(_ settings: ClinicSettings) throws(ValidationError) {
        let errors = fieldErrors(settings)
        if !errors.isEmpty { throw ValidationError(errors) }
    }

    static func weekdayErrors(_ weekdays: [Int]) -> [FieldError] {
        var v = Validator()
        v.check(!weekdays.isEmpty, field: "clinicWeekdays", message: "must name at least one weekday")
        var seen: Set<Int> = []
        for (position, weekday) in weekdays.enumerated() {
            let field = FieldPath.index("clinicWeekdays", position)
            if v.check((1...7).contains(weekday), field: field, message: "must be an ISO weekday 1 (Monday) to 7") {
                v.check(seen.insert(weekday).inserted, field: field, message: "is listed twice")
            }
        }
        return v.errors
    }

    /// Sessions are named, unique by name (ignoring case), start before they end and do not overlap,
    /// since one doctor on the rota may serve several sessions of a day.
    static func sessionErrors(_ sessions: [ClinicSession]) -> [FieldError] {
        var v = Validator()
        v.check(!sessions.isEmpty, field: "sessions", message: "must name at least one session")
        v.check(
            sessions.count <= maximumSessions, field: "sessions",
            message: "must name at most \(maximumSessions) sessions")
        var names: Set<String> = []
        for (position, session) in sessions.enumerated() {
            let path = FieldPath.index("sessions", position)
            let name = session.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if v.check(!name.isEmpty, field: FieldPath.join(path, "name"), message: "must not be empty") {
                v.check(
                    name == session.name, field: FieldPath.join(path, "name"),
                    message: "must not begin or end with spaces")
                v.check(
                    name.unicodeScalars.count <= maximumSessionNameLength, field: FieldPath.join(path, "name"),
                    message: "must be at most \(maximumSessionNameLength) characters")
                v.check(
                    names.insert(name.lowercased()).inserted, field: FieldPath.join(path, "name"),
                    message: "is used by another session")
            }
            v.check(session.start < session.end, field: FieldPath.join(path, "end"), message: "must be after start")
        }
        let ordered = sessions.enumerated().filter { $0.element.start < $0.element.end }
            .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.element.start < earlier.element.end {
            v.fail(
                field: FieldPath.join(FieldPath.index("sessions", later.offset), "start"),
                message: "overlaps session \(earlier.element.name)")
        }
        return v.errors
    }

    /// Each slot length is 5–240 minutes, a multiple of 5 (so slots start on clock-friendly times), and fits in
    /// the shortest session (a slot that fits nowhere would make its mode unbookable). Minutes left over at the
    /// end of a session block stay free as a buffer.
    static func slotMinuteErrors(_ minutes: SlotMinutes, sessions: [ClinicSession]) -> [FieldError] {
        var v = Validator()
        let shortest = sessions.map(\.minutes).filter { $0 > 0 }.min()
        for mode in ConsultationMode.allCases {
            let value = minutes[mode]
            let field = FieldPath.join("slotMinutes", mode.rawValue)
            guard
                v.check(
                    slotMinutesRange.contains(value) && value % 5 == 0, field: field,
                    message: "must be a multiple of 5 between \(slotMinutesRange.lowerBound) and "
                        + "\(slotMinutesRange.upperBound)")
            else { continue }
            if let shortest {
                v.check(value <= shortest, field: field, message: "must fit in the shortest session (\(shortest) min)")
            }
        }
        return v.errors
    }
}
