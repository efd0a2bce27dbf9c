/// A string as a JSON string literal, for the few places that write JSON by hand on a hot path (the log line,
/// the server's own error bodies) instead of going through an encoder.
enum JSONString {
    /// Appends `text` quoted and escaped. `escapingSlash` writes `/` as `\/`, as `JSONSerialization` does.
    static func append(_ text: String, to out: inout String, escapingSlash: Bool = false) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where escapingSlash: out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `text` quoted and escaped.
    static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }
}
