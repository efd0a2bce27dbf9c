import Foundation

/// The hours of the clinic's wall clock in which no notice is sent to a resident (`CLINIC_QUIET_HOURS`, default
/// 21:00-08:00): from `start` up to `end`, across midnight when `end` comes first. A notice due meanwhile waits for
/// the end of the window.
package struct QuietHours: Sendable, Equatable, CustomStringConvertible {
    package let start: LocalTime
    package let end: LocalTime

    package init?(start: LocalTime, end: LocalTime) {
        guard start != end else { return nil }
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`.
    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 5 }), let start = LocalTime(parts[0]),
            let end = LocalTime(parts[1])
        else { return nil }
        self.init(start: start, end: end)
    }

    package static let `default` = QuietHours("21:00-08:00")!

    package var description: String { "\(start)-\(end)" }

    /// Whether `time` falls in the window (its start included, its end not).
    package func contains(_ time: LocalTime) -> Bool {
        start < end ? (start <= time && time < end) : (time >= start || time < end)
    }

    /// When the window holding `instant` ends, on the wall clock of `zone`; nil when `instant` is outside it.
    package func end(ofWindowAt instant: Date, in zone: TimeZone) -> Date? {
        let time = LocalTime(instant, in: zone)
        guard contains(time) else { return nil }
        let today = LocalDate(instant, in: zone)
        return (time < end ? today : today.adding(days: 1)).instant(at: end, in: zone)
    }
}

extension LocalTime {
    /// The time of day of `instant` on the wall clock of `zone`, to the minute.
    package init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int((instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))).rounded(.down))
        let minutes = ((seconds % 86_400 + 86_400) % 86_400) / 60
        self.init(hour: minutes / 60, minute: minutes % 60)!
    }
}
