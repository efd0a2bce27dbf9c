import Foundation

/// Instants as RFC 3339 text (`2026-12-01T09:30:00+08:00`), written in a given zone's offset and read
/// with any offset. Plain arithmetic, no formatter objects: cheap, thread-safe and exact to the microsecond.
package enum RFC3339 {
    /// `date` in `timeZone`'s offset at that instant; fractional seconds only when there are some.
    package static func format(_ date: Date, timeZone: TimeZone) -> String {
        format(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    /// `date` written with a fixed offset east of UTC.
    package static func format(_ date: Date, offsetSeconds offset: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        append(date, offsetSeconds: offset, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `date` written with a fixed offset east of UTC (for writers that build bytes).
    package static func append(_ date: Date, offsetSeconds offset: Int, to out: inout [UInt8]) {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) + Int64(offset) * 1_000_000
        let micros = Int(((totalMicros % 1_000_000) + 1_000_000) % 1_000_000)
        let seconds = (totalMicros - Int64(micros)) / 1_000_000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let day = LocalDate(daysSinceEpoch: days)
        // Made on the stack and appended at once: a response writes two of these per slot.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { text in
            var at = 0
            func digits(_ value: Int, _ count: Int) {
                var rest = value
                for index in stride(from: at + count - 1, through: at, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                at += count
            }
            func mark(_ byte: UInt8) {
                text[at] = byte
                at += 1
            }
            if (0...9999).contains(day.year) {
                digits(day.year, 4)
            } else {  // outside what the API accepts; written plainly, as `LocalDate` does
                for byte in String(day.year).utf8 { mark(byte) }
            }
            mark(UInt8(ascii: "-"))
            digits(day.month, 2)
            mark(UInt8(ascii: "-"))
            digits(day.day, 2)
            mark(UInt8(ascii: "T"))
            digits(secondOfDay / 3600, 2)
            mark(UInt8(ascii: ":"))
            digits(secondOfDay / 60 % 60, 2)
            mark(UInt8(ascii: ":"))
            digits(secondOfDay % 60, 2)
            if micros != 0 {
                var count = 6
                var fraction = micros
                while fraction % 10 == 0 {
                    fraction /= 10
                    count -= 1
                }
                mark(UInt8(ascii: "."))
                digits(fraction, count)
            }
            if offset == 0 {
                mark(UInt8(ascii: "Z"))
            } else {
                mark(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                let minutes = abs(offset) / 60
                digits(minutes / 60, 2)
                mark(UInt8(ascii: ":"))
                digits(minutes % 60, 2)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<at]))
        }
    }

    /// Appends `value` (not negative) as exactly `count` decimal digits, zero-padded.
    /// The digits are made on the stack and appended at once: a byte at a time, the array's checks cost more
    /// than the digits (list responses write thousands).
    static func appendDigits(_ value: Int, count: Int, to out: inout [UInt8]) {
        let count = max(count, 1)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { digits in
            var rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            out.append(contentsOf: digits)
        }
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `nil` for anything else (an offset is required).
    package static func parse(_ text: String) -> Date? { parseWithOffset(text)?.date }

    /// The instant and the offset it was written with.
    static func parseWithOffset(_ text: String) -> (date: Date, offsetSeconds: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return nil }
        guard let day = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var micros = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let hours = number(bytes[(index + 1)..<(index + 3)]), let minutes = number(bytes[(index + 4)..<(index + 6)]),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let seconds = day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return (Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000), offset)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
