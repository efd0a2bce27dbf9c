import Foundation

/// An instant as the API shows it: RFC 3339 with the clinic's offset (`2026-12-01T09:30:00+08:00`), so a reader
/// sees the wall time of the clinic. Equality and order are by instant; the offset only decides how it is written.
/// Decoding accepts any RFC 3339 offset (`Z`, `+08:00`) and fractional seconds.
package struct ZonedInstant: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    package var date: Date
    /// Seconds east of UTC used when writing.
    package var offsetSeconds: Int

    package init(_ date: Date, offsetSeconds: Int) {
        self.date = date
        self.offsetSeconds = offsetSeconds
    }

    /// `date` written with the offset `zone` has at that instant (daylight saving included).
    package init(_ date: Date, in zone: TimeZone) {
        self.init(date, offsetSeconds: zone.secondsFromGMT(for: date))
    }

    package static func == (lhs: ZonedInstant, rhs: ZonedInstant) -> Bool { lhs.date == rhs.date }
    package func hash(into hasher: inout Hasher) { hasher.combine(date) }
    package static func < (lhs: ZonedInstant, rhs: ZonedInstant) -> Bool { lhs.date < rhs.date }

    package var description: String { RFC3339.format(date, offsetSeconds: offsetSeconds) }

    /// `HH:MM` on the instant's own wall clock (its offset).
    package var clockText: String { wallClock.clock }

    /// `YYYY-MM-DD HH:MM` on the instant's own wall clock: how a printed page says when it was made.
    package var minuteText: String { wallClock.day.description + " " + wallClock.clock }

    /// The day and `HH:MM` of the wall clock at the instant's offset (days before 1970 included).
    private var wallClock: (day: LocalDate, clock: String) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let ofDay = (seconds % 86_400 + 86_400) % 86_400
        return (
            LocalDate(daysSinceEpoch: (seconds - ofDay) / 86_400),
            String(format: "%02d:%02d", ofDay / 3600, ofDay % 3600 / 60)
        )
    }

    /// Parses RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    package init?(rfc3339 text: String) {
        guard let (date, offset) = RFC3339.parseWithOffset(text) else { return nil }
        self.init(date, offsetSeconds: offset)
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ZonedInstant(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 instant with offset")
        }
        self = value
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
