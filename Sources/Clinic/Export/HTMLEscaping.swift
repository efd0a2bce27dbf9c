import Foundation

/// Escaping for text put into HTML, so a name or a reason can never become markup (`<script>` stays text).
public enum HTMLEscaping {
    /// `text` safe as element content and as a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// This text escaped for HTML (`HTMLEscaping.escape`).
    var htmlEscaped: String { HTMLEscaping.escape(self) }
}
