import Foundation

/// Writes CSV as RFC 4180 says, for exports staff open in a spreadsheet.
///
/// - Lines end in CRLF; text is UTF-8. Excel only reads UTF-8 (Tibetan, Chinese) correctly when the file starts
///   with a byte-order mark, so an export should begin with `bom`.
/// - A field is quoted when it holds a comma, a double quote, CR or LF; quotes inside are doubled.
/// - Formula injection: a spreadsheet runs a cell beginning with `=`, `+`, `-`, `@`, tab or CR as a formula
///   (`=HYPERLINK(...)` in a resident's name would run on the staff member's machine). Such a cell gets a leading
///   `'`, which spreadsheets show as text, before quoting. This also prefixes harmless values such as `-5` or
///   `+86 …` phone numbers: safety over looks, as OWASP advises.
enum CSVWriter {
    /// The UTF-8 byte-order mark.
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let lineEnding = "\r\n"

    /// One record with its CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + lineEnding
    }

    /// Several records; prepend `bom` for a file meant for Excel.
    static func rows(_ records: [[String]]) -> String {
        records.map(row).joined()
    }

    /// One cell, neutralised then quoted as needed.
    static func field(_ value: String) -> String {
        let safe = neutralised(value)
        let needsQuotes = safe.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with a leading `'` when a spreadsheet would read it as a formula.
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarts.contains(first) else { return value }
        return "'" + value
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
