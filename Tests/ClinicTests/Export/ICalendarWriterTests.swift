import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The iCalendar writer alone: TEXT escaping, folding at 75 octets without splitting a UTF-8 sequence, CRLF, UTC
/// date-times, and a doctor's calendar with nothing but the sessions in it.
@Suite struct ICalendarWriterTests {
    /// The lines of `bytes` (split at CRLF; the last CRLF ends the text).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        #expect(current.isEmpty, "the text ends with CRLF")
        return lines
    }

    /// RFC 5545 §3.1 unfolding: a CRLF followed by one space is removed (octets, not characters: a space before a
    /// combining mark would be one character with it).
    static func unfolded(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x20 {
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test func textIsEscaped() {
        #expect(ICalendarWriter.escaped(#"a\b"#) == #"a\\b"#)
        #expect(ICalendarWriter.escaped("Room 1, upper; lower") == #"Room 1\, upper\; lower"#)
        #expect(ICalendarWriter.escaped("one\ntwo\r\nthree\rfour") == #"one\ntwo\nthree\nfour"#)
        #expect(ICalendarWriter.escaped("tab\there\u{7}bell\u{0}") == "tab\there" + "bell")
        #expect(ICalendarWriter.escaped("ལྷ་ས་, 拉萨;") == #"ལྷ་ས་\, 拉萨\;"#)
    }

    @Test func longTibetanLinesFoldAt75OctetsWithoutSplittingACharacter() throws {
        let name = String(repeating: "བཀྲ་ཤིས་བདེ་ལེགས་འཕྲོད་བསྟེན་ཁང་། ", count: 6)
        var writer = ICalendarWriter()
        writer.text("LOCATION", name)
        let bytes = writer.bytes
        let lines = Self.lines(bytes)
        #expect(lines.count > 3)
        for (index, line) in lines.enumerated() {
            #expect(line.count <= 75, "line \(index) has \(line.count) octets")
            #expect(String(validating: line, as: UTF8.self) != nil, "line \(index) is not whole UTF-8")
            if index > 0 {
                #expect(line.first == 0x20, "a continuation line begins with a space")
                // And then a whole Tibetan stack: never a vowel sign or subjoined letter on its own.
                let first = String(decoding: line.dropFirst(), as: UTF8.self).unicodeScalars.first
                #expect(first.map { !(0x0F71...0x0FBC).contains($0.value) } ?? true, "line \(index) starts mid-stack")
            }
        }
        #expect(lines.allSatisfy { !$0.contains(0x0A) && !$0.contains(0x0D) }, "no CR or LF but in CRLF")
        #expect(Self.unfolded(bytes) == "LOCATION:" + name + "\r\n")
        // A line of exactly 75 octets is not folded; one more octet is.
        #expect(Self.lines(ICalendarWriter.folded(String(repeating: "a", count: 75))).count == 1)
        #expect(Self.lines(ICalendarWriter.folded(String(repeating: "a", count: 76))).count == 2)
        // A character longer than a line (a letter under 40 combining marks) is split between its code points.
        let heavy = "x" + String(repeating: "\u{0F7A}", count: 40)
        let heavyLines = Self.lines(ICalendarWriter.folded("SUMMARY:" + heavy))
        #expect(heavyLines.count == 2 && heavyLines.allSatisfy { $0.count <= 75 })
        #expect(heavyLines.allSatisfy { String(validating: $0, as: UTF8.self) != nil })
        #expect(Self.unfolded(ICalendarWriter.folded("SUMMARY:" + heavy)) == "SUMMARY:" + heavy + "\r\n")
    }

    @Test func dateTimesAreUTC() throws {
        let instant = try #require(RFC3339.parse("2026-12-08T09:30:00+08:00"))
        #expect(ICalendarWriter.utc(instant) == "20261208T013000Z")
    }

    @Test func aCalendarHasItsFrameAndOneEventPerSession() throws {
        let start = try #require(RFC3339.parse("2026-12-08T09:30:00+08:00"))
        let created = try #require(RFC3339.parse("2026-11-01T08:00:00+08:00"))
        let session = CalendarSession(
            id: UUID(uuidString: "6F1B1D2E-0000-4000-8000-000000000001")!, clinicName: "Upper Valley, East; \\ Room",
            session: "morning", modes: [.onsite, .remote], start: start, end: start.addingTimeInterval(3 * 3600),
            created: created, lastModified: created.addingTimeInterval(90), cancelled: false)
        var cancelled = session
        cancelled.id = UUID(uuidString: "6F1B1D2E-0000-4000-8000-000000000002")!
        cancelled.cancelled = true
        let bytes = DoctorCalendar.render(
            doctorName: "Dr Lhamo", sessions: [session, cancelled], now: created, language: .en)
        let text = Self.unfolded(bytes)
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        for property in [
            "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Dr Lhamo · clinic sessions",
        ] {
            #expect(lines.contains(property), "\(property)")
        }
        #expect(lines.contains { $0.hasPrefix("PRODID:") })
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
        #expect(lines.contains("UID:rota-6f1b1d2e-0000-4000-8000-000000000001@clinic"))
        #expect(lines.contains("DTSTART:20261208T013000Z") && lines.contains("DTEND:20261208T043000Z"))
        #expect(lines.contains("DTSTAMP:20261101T000000Z") && lines.contains("LAST-MODIFIED:20261101T000130Z"))
        #expect(lines.contains("SEQUENCE:90"))
        #expect(lines.contains(#"LOCATION:Upper Valley\, East\; \\ Room"#))
        #expect(lines.contains(#"SUMMARY:Upper Valley\, East\; \\ Room · morning"#))
        #expect(lines.contains(#"DESCRIPTION:Modes: on site\, remote"#))
        #expect(lines.filter { $0 == "STATUS:CONFIRMED" }.count == 1)
        #expect(lines.filter { $0 == "STATUS:CANCELLED" }.count == 1)
        #expect(lines.contains { $0.hasPrefix("SUMMARY:Cancelled: ") })
        // The calendar's own words follow the language; the clinic's and session's names are as written.
        let tibetan = Self.unfolded(
            DoctorCalendar.render(doctorName: "Dr Lhamo", sessions: [cancelled], now: created, language: .bo))
        #expect(tibetan.contains("SUMMARY:མེད་པར་བཟོས།: Upper Valley"))
        #expect(tibetan.contains("DESCRIPTION:བྱ་ཐབས།: སྨན་ཁང་དུ།\\, རྒྱང་རིང་།"))
    }
}
