/// HTML text escaping for pages and FHIR narrative (XHTML): every value from the database goes through `escape`.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as character references, safe in element content and quoted attributes alike.
    /// Control characters other than tab and newline are dropped: XHTML does not allow them.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// This text escaped for HTML (`HTML.escape`).
    var htmlEscaped: String { HTML.escape(self) }
}
