import Foundation

/// An instant as the API shows it: RFC 3339 with the clinic's offset (`2026-12-01T09:30:00+08:00`), so a reader
/// sees the wall time of the clinic. Equality and order are by instant; the offset only decides how it is written.
/// Decoding accepts any RFC 3339 offset (`Z`, `+08:00`) and fractional seconds.
public struct ZonedInstant: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: Date
    /// Seconds east of UTC used when writing.
    public var offsetSeconds: Int

    public init(_ date: Date, offsetSeconds: Int) {
        self.date = date
        self.offsetSeconds = offsetSeconds
    }

    /// `date` written with the offset `zone` has at that instant (daylight saving included).
    public init(_ date: Date, in zone: TimeZone) {
        self.init(date, offsetSeconds: zone.secondsFromGMT(for: date))
    }

    public static func == (lhs: ZonedInstant, rhs: ZonedInstant) -> Bool { lhs.date == rhs.date }
    public func hash(into hasher: inout Hasher) { hasher.combine(date) }
    public static func < (lhs: ZonedInstant, rhs: ZonedInstant) -> Bool { lhs.date < rhs.date }

    public var description: String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) + Int64(offsetSeconds) * 1_000_000
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = LocalDate(daysSinceEpoch: Int(days)).description + "T" + two(secondOfDay / 3600) + ":"
            + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60)
        if fraction != 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        if offsetSeconds == 0 { return text + "Z" }
        let magnitude = abs(offsetSeconds) / 60
        return text + (offsetSeconds < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60)
    }

    /// Parses RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    public init?(rfc3339 text: String) {
        let chars = Array(text.utf8)
        guard chars.count >= 20, let day = LocalDate(String(decoding: chars[0..<10], as: UTF8.self)),
            chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t"), chars[13] == UInt8(ascii: ":"),
            chars[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for c in chars[range] {
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
            }
            return value
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19), hour < 24,
            minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") {
                fraction += Double(chars[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < chars.count else { return nil }
        let offset: Int
        if chars[index] == UInt8(ascii: "Z") || chars[index] == UInt8(ascii: "z") {
            guard index + 1 == chars.count else { return nil }
            offset = 0
        } else {
            guard chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-"), index + 6 == chars.count,
                chars[index + 3] == UInt8(ascii: ":"), let oh = number(index + 1..<index + 3),
                let om = number(index + 4..<index + 6), oh < 24, om < 60
            else { return nil }
            offset = (chars[index] == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
        }
        let local = Double(day.daysSinceEpoch) * 86_400 + Double(hour * 3600 + minute * 60 + second) + fraction
        self.init(Date(timeIntervalSince1970: local - Double(offset)), offsetSeconds: offset)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ZonedInstant(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 instant with offset")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
