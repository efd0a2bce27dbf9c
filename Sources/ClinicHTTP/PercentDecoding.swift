/// Percent-decoding (RFC 3986) and form-decoding (`+` as space) that reject invalid escapes and
/// invalid UTF-8 instead of passing them on, so handlers only ever see well-formed strings.
enum PercentDecoding {
    /// Decodes `bytes`; nil when an escape is not `%` followed by two hex digits, when the result is not
    /// UTF-8, or when it contains NUL (which no path or parameter of ours may hold).
    static func decode<C: Collection<UInt8>>(_ bytes: C, plusAsSpace: Bool) -> String? {
        var needsWork = false
        for byte in bytes where byte == UInt8(ascii: "%") || (plusAsSpace && byte == UInt8(ascii: "+")) || byte == 0 {
            needsWork = true
            break
        }
        if !needsWork { return String(validating: bytes, as: UTF8.self) }

        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex else { return nil }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex, let high = hexValue(bytes[first]), let low = hexValue(bytes[second])
                else { return nil }
                let decoded = high << 4 | low
                guard decoded != 0 else { return nil }
                out.append(decoded)
                index = bytes.index(after: second)
                continue
            }
            guard byte != 0 else { return nil }
            out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return String(validating: out, as: UTF8.self)
    }

    static func decode(_ string: some StringProtocol, plusAsSpace: Bool) -> String? {
        decode(Array(string.utf8), plusAsSpace: plusAsSpace)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
