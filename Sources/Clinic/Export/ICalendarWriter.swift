import Foundation

/// Writes iCalendar (RFC 5545) content lines: `NAME:value` ended by CRLF, folded so that no line is longer than 75
/// octets (a continuation line begins with one space, which counts), never inside a UTF-8 sequence. TEXT values are
/// escaped (`\\`, `\;`, `\,`, `\n`); date-times are written in UTC (`20261208T013000Z`), which needs no VTIMEZONE.
struct ICalendarWriter {
    /// The longest line, in octets, without its CRLF (RFC 5545 §3.1).
    static let maximumLineOctets = 75

    private(set) var bytes: [UInt8] = []

    /// A property whose value is written as given (already in its type's syntax: an enumerated word, a number).
    mutating func raw(_ name: String, _ value: String) {
        bytes += Self.folded(name + ":" + value)
    }

    /// A TEXT property, escaped.
    mutating func text(_ name: String, _ value: String) {
        raw(name, Self.escaped(value))
    }

    /// A DATE-TIME property in UTC.
    mutating func dateTime(_ name: String, _ date: Date) {
        raw(name, Self.utc(date))
    }

    /// `value` as an RFC 5545 TEXT: backslash, semicolon and comma escaped, any line break as `\n`, and other control
    /// characters (which TEXT does not allow) dropped; a tab stays.
    static func escaped(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousWasCR { result += "\\n" }
            case "\t": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// One content line, folded and ended with CRLF. A fold never splits a UTF-8 sequence, and goes between
    /// user-perceived characters where it can: a Tibetan stack (a letter with its subjoined letters and vowel signs)
    /// stays on one line, so no line begins with a combining mark, which readers that unfold text rather than octets
    /// would join to the space. A character longer than a line (a run of combining marks) is split between code
    /// points. Unfolding gives the line back exactly.
    static func folded(_ line: String) -> [UInt8] {
        var output: [UInt8] = []
        var lineOctets = 0
        func append(_ encoded: [UInt8]) {
            if lineOctets + encoded.count > maximumLineOctets {
                output += [0x0D, 0x0A, 0x20]
                lineOctets = 1
            }
            output += encoded
            lineOctets += encoded.count
        }
        for character in line {
            let encoded = Array(character.utf8)
            if encoded.count < maximumLineOctets {
                append(encoded)
            } else {
                for scalar in character.unicodeScalars { append(Array(String(scalar).utf8)) }
            }
        }
        return output + [0x0D, 0x0A]
    }

    /// `date` as a UTC DATE-TIME (`yyyyMMdd'T'HHmmss'Z'`), to the second.
    static func utc(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        let year = String(parts.year ?? 1970)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(parts.month) + two(parts.day) + "T"
            + two(parts.hour) + two(parts.minute) + two(parts.second) + "Z"
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
