import Foundation

/// A calendar date without a time zone, as the clinic speaks of it ("2026-12-01").
/// Clinic days, birth dates and closures are local dates; instants are `Date`.
package struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    package let year: Int
    package let month: Int
    package let day: Int

    /// Creates a date when the parts name a real day of the proleptic Gregorian calendar.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    package init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let day = text.withUTF8({ LocalDate(utf8: $0) }) else { return nil }
        self = day
    }

    /// The same from UTF-8 bytes (a result cell read in place).
    package init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    package var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DD` (for writers that build bytes).
    package func append(to out: inout [UInt8]) {
        if year < 0 || year > 9999 {  // outside what the API accepts; written plainly
            out += String(year).utf8
        } else {
            RFC3339.appendDigits(year, count: 4, to: &out)
        }
        out.append(UInt8(ascii: "-"))
        RFC3339.appendDigits(month, count: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        RFC3339.appendDigits(day, count: 2, to: &out)
    }

    package static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before), by the civil-from-days algorithm.
    package var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    package init(daysSinceEpoch days: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    package func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    package var isoWeekday: Int {
        let w = (daysSinceEpoch % 7 + 7 + 3) % 7  // 1970-01-01 was a Thursday (ISO 4)
        return w + 1
    }

    /// The date of `instant` as seen on the wall clock of `timeZone`.
    package init(_ instant: Date, in timeZone: TimeZone) {
        let seconds = Int((instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))).rounded(.down))
        self.init(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD")
        }
        self = date
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A wall-clock time of day ("09:30"), minutes precision, as clinic sessions are written.
package struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    let minutesSinceMidnight: Int

    package init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        minutesSinceMidnight = hour * 60 + minute
    }

    /// Parses `HH:MM` (and tolerates `HH:MM:SS` with zero seconds, as PostgreSQL prints `time`).
    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "00"),
            parts[0].count == 2, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(hour: h, minute: m)
    }

    package var hour: Int { minutesSinceMidnight / 60 }
    package var minute: Int { minutesSinceMidnight % 60 }

    package var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    package static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesSinceMidnight < rhs.minutesSinceMidnight }

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(text), text.count == 5 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a time HH:MM")
        }
        self = time
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension LocalDate {
    /// The instant at which `time` strikes on this date in `timeZone`.
    /// Wall times skipped by a daylight-saving jump resolve forward, as Foundation does.
    package func instant(at time: LocalTime, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
        return calendar.date(from: components)!
    }
}
