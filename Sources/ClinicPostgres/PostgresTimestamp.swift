import Foundation

/// Text form of `timestamptz` as the connection prints it (TimeZone=UTC, DateStyle=ISO), to the microsecond.
package enum PostgresTimestamp {
    /// `2026-12-01 01:30:00.123456+00`
    package static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let day = CivilDay(daysSinceEpoch: Int(days))
        let h = secondOfDay / 3600, m = (secondOfDay % 3600) / 60, s = secondOfDay % 60
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let micro = String(fraction)
        return "\(day) \(two(h)):\(two(m)):\(two(s)).\(String(repeating: "0", count: 6 - micro.count))\(micro)+00"
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` (also with `T`), as PostgreSQL prints it.
    package static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// The same from UTF-8 bytes (a result cell read in place).
    package static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 19, let day = CivilDay(utf8: UnsafeBufferPointer(rebasing: bytes[0..<10])),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T")
        else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let h = digits(11, 2), bytes[13] == UInt8(ascii: ":"), let m = digits(14, 2),
            bytes[16] == UInt8(ascii: ":"), let s = digits(17, 2)
        else { return nil }
        var index = 19
        var micros = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var count = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if count < 6 {
                    micros = micros * 10 + Int(bytes[index] - 48)
                    count += 1
                }
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<6 { micros *= 10 }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign: Int
            switch bytes[index] {
            case UInt8(ascii: "+"): sign = 1
            case UInt8(ascii: "-"): sign = -1
            case UInt8(ascii: "Z"): sign = 0
            default: return nil
            }
            index += 1
            if sign != 0 {
                guard let oh = digits(index, 2) else { return nil }
                offsetSeconds = oh * 3600
                index += 2
                if index < bytes.count, bytes[index] == UInt8(ascii: ":"), let om = digits(index + 1, 2) {
                    offsetSeconds += om * 60
                    index += 3
                    if index < bytes.count, bytes[index] == UInt8(ascii: ":"), let os = digits(index + 1, 2) {
                        offsetSeconds += os
                        index += 3
                    }
                }
                offsetSeconds *= sign
            }
        }
        guard index == bytes.count else { return nil }
        let seconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(h * 3600 + m * 60 + s) - Int64(offsetSeconds)
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
