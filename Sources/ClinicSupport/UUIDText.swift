import Foundation

/// UUIDs to and from their 36-character text without Foundation's `sscanf`/`sprintf` path, which was a tenth
/// of the CPU of a list response (two UUIDs per row read, one or more per item written).
package enum UUIDText {
    /// `8-4-4-4-12` hexadecimal digits, either case; `nil` for anything else.
    package static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// The same from UTF-8 bytes (a result cell read in place).
    package static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &raw) { out -> Bool in
            var index = 0
            for position in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard bytes[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                let high = nibble(bytes[index])
                let low = nibble(bytes[index + 1])
                guard (high | low) < 16 else { return false }
                out[position] = high << 4 | low
                index += 2
            }
            return true
        }
        return ok ? UUID(uuid: raw) : nil
    }

    /// Appends the upper-case text (as `uuidString` writes it).
    /// The 36 bytes are made on the stack and appended at once (a byte at a time, the array's checks cost more).
    package static func appendUpper(_ id: UUID, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            write(id, into: text, letters: UInt8(ascii: "A"))
            out.append(contentsOf: text)
        }
    }

    /// The upper-case text, as `uuidString` (Foundation's formats it with `sprintf`).
    package static func upper(_ id: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            write(id, into: text, letters: UInt8(ascii: "A"))
            return 36
        }
    }

    /// The lower-case text, as PostgreSQL writes a `uuid`.
    package static func lower(_ id: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            write(id, into: text, letters: UInt8(ascii: "a"))
            return 36
        }
    }

    /// The 36 bytes of `id`'s text into `text`, hex digits above 9 from `letters` (`A` or `a`).
    private static func write(_ id: UUID, into text: UnsafeMutableBufferPointer<UInt8>, letters: UInt8) {
        withUnsafeBytes(of: id.uuid) { bytes in
            var at = 0
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    text[at] = UInt8(ascii: "-")
                    at += 1
                }
                text[at] = hexDigit(bytes[position] >> 4, letters)
                text[at + 1] = hexDigit(bytes[position] & 0x0F, letters)
                at += 2
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8, _ letters: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : letters + nibble - 10
    }

    /// A hexadecimal digit's value, or 0xFF for any other byte (wrapping arithmetic: two compares, no optional).
    @inline(__always)
    private static func nibble(_ byte: UInt8) -> UInt8 {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = (byte | 0x20) &- UInt8(ascii: "a")  // either case
        return letter < 6 ? letter + 10 : 0xFF
    }
}
