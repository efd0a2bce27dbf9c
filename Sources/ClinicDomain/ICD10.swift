import Foundation

/// The shape of an ICD-10 diagnosis code, so a typo (`1I0`, `E11,9`, `E119`) is caught at entry rather than in a report.
///
/// Accepted: one capital letter, a digit, a digit or capital letter (ICD-10-CM has `C4A`, `M1A`), then optionally
/// a dot and 1–4 digits or capital letters: `I10`, `E11.9`, `J45.909`, `S52.521A`.
/// Only the shape is checked: whether the code exists in a code list is not known here, so `I1O` (letter O for
/// zero) passes as ICD-10-CM's `C4A` does.
/// Not accepted: codes without the dot (`E119`) and the longer extension codes of the Chinese national
/// clinical edition (`I10.x00x002`), which carry more than four characters after the dot.
package enum ICD10 {
    /// True when `code` has the shape above, exactly (no spaces, capitals only).
    package static func isWellFormed(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 3 || (5...8).contains(bytes.count) else { return false }
        guard isUpper(bytes[0]), isDigit(bytes[1]), isDigit(bytes[2]) || isUpper(bytes[2]) else { return false }
        if bytes.count == 3 { return true }
        return bytes[3] == UInt8(ascii: ".") && bytes[4...].allSatisfy { isDigit($0) || isUpper($0) }
    }

    /// The code as clients may type it (`" e11.9 "`) made canonical (`"E11.9"`), or nil if it is still not
    /// well formed. Store the canonical form.
    package static func normalized(_ code: String) -> String? {
        let canonical = code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return isWellFormed(canonical) ? canonical : nil
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
