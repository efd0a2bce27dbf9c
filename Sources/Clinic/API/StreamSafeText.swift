import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// Unicode's Stream-Safe Text Format (UAX #15): no more than 30 non-starters (combining marks) in a row.
///
/// Swift compares and hashes strings by their canonical (NFC) form, and putting a run of combining marks in order
/// takes time growing with the square of its length: one JSON key or value of 64,000 marks costs seconds to decode,
/// compare with an enum's raw values, or sort (the idempotency fingerprint), and a 1 MB body minutes. No real text
/// needs more than a few marks on one letter (Tibetan stacks vowel signs on consonants that are starters), so a body
/// with a longer run is refused (400) before anything decodes it. Runs written as `\u` escapes count too.
enum StreamSafeText {
    static let maximumNonStarters = 30

    /// Whether the JSON text `body` keeps to the format. Invalid UTF-8 passes: the JSON decoder refuses it.
    static func isStreamSafe(_ body: [UInt8]) -> Bool {
        var run = 0
        var index = 0
        while index < body.count {
            let (scalar, length) = next(body, at: index)
            index += length
            if let scalar, scalar.properties.canonicalCombiningClass.rawValue != 0 {
                run += 1
                if run > maximumNonStarters { return false }
            } else {
                run = 0
            }
        }
        return true
    }

    /// The scalar at `index` and the bytes it takes: a UTF-8 sequence, or a JSON `\uXXXX` escape (a surrogate pair
    /// as one). Nil for ASCII and whatever cannot be a combining mark.
    private static func next(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar?, Int) {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\\") {
            guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u"), let unit = hex4(bytes, index + 2)
            else { return (nil, 2) }
            if (0xD800..<0xDC00).contains(unit), index + 12 <= bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                bytes[index + 7] == UInt8(ascii: "u"), let low = hex4(bytes, index + 8), (0xDC00..<0xE000).contains(low)
            {
                return (Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)), 12)
            }
            return (Unicode.Scalar(unit), 6)
        }
        if byte < 0x80 { return (nil, 1) }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return (nil, 1) }
        var value = UInt32(byte) & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value), length)
    }

    private static func hex4(_ bytes: [UInt8], _ start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[start..<start + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
