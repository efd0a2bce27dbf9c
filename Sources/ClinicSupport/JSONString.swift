/// Strings as JSON string literals: the one escaper for everything written by hand (responses through
/// `StreamingJSONEncoder`, the log line, the HTTP server's own error bodies). Escapes `"`, `\` and control
/// characters (`\n`, `\r`, `\t`, `\b`, `\f` by name, the rest as `\u00XX`), as Foundation's encoders do; everything
/// else, non-ASCII included, is copied.
package enum JSONString {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` quoted and escaped. `escapingSlash` writes `/` as `\/`, as `JSONSerialization` does.
    package static func append(_ text: String, to out: inout [UInt8], escapingSlash: Bool = false) {
        var text = text
        out.append(UInt8(ascii: "\""))
        // Over the contiguous bytes, not `utf8`'s iterator: keys and short values are most of a list's strings,
        // and the iterator cost more than the copy.
        text.withUTF8 { utf8 in
            var plain = true
            for byte in utf8
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || (escapingSlash && byte == UInt8(ascii: "/"))
            {
                plain = false
                break
            }
            if plain {
                out.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "/") where escapingSlash: out += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0..<0x20:
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` quoted and escaped.
    package static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
