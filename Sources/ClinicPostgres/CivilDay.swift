/// A day of the proleptic Gregorian calendar, as the date part of a `timestamptz`'s text: the driver's own, so it
/// needs no calendar type from the layers above (the clinic's `LocalDate` does the same arithmetic).
struct CivilDay: CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    /// The day `days` after 1970-01-01 (before it when negative), by the civil-from-days algorithm.
    init(daysSinceEpoch days: Int) {
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

    /// Parses exactly `YYYY-MM-DD` naming a real day of the years 1 to 9999.
    init?(_ text: String) {
        var text = text
        guard let day = text.withUTF8({ CivilDay(utf8: $0) }) else { return nil }
        self = day
    }

    /// The same from UTF-8 bytes.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1...9999).contains(y),
            (1...12).contains(m), d >= 1, d <= CivilDay.daysIn(month: m, year: y)
        else { return nil }
        self.year = y
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (negative before), by the days-from-civil algorithm.
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// `YYYY-MM-DD`; a year outside 0 to 9999 is written plainly.
    var description: String {
        func padded(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        let year = self.year < 0 || self.year > 9999 ? String(self.year) : padded(self.year, 4)
        return "\(year)-\(padded(month, 2))-\(padded(day, 2))"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        switch month {
        case 2: return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
