import Foundation

/// Identity-card numbers are the most sensitive thing the register holds: the API never returns one whole.
/// A printout or screen shows the masked form; search matches the last four characters (the "tail"),
/// which is what a resident reads out at the desk.
package enum IdNumber {
    /// How many trailing characters stay visible and make up the search tail.
    package static let visibleTail = 4

    /// Every character but the last four replaced by `*`, same length: `"540102195001011234"` gives
    /// `"**************1234"`. Numbers of four characters or fewer are masked whole, since showing all of a
    /// short number would mask nothing. Surrounding white space is dropped first.
    package static func mask(_ idNumber: String) -> String {
        let characters = Array(idNumber.trimmingCharacters(in: .whitespacesAndNewlines))
        guard characters.count > visibleTail else { return String(repeating: "*", count: characters.count) }
        return String(repeating: "*", count: characters.count - visibleTail)
            + String(characters.suffix(visibleTail))
    }

    /// The last four characters, upper-cased (the check character `x` is written `X`), for search.
    /// Nil for numbers shorter than four.
    package static func tail(_ idNumber: String) -> String? {
        let characters = Array(idNumber.trimmingCharacters(in: .whitespacesAndNewlines).uppercased())
        guard characters.count >= visibleTail else { return nil }
        return String(characters.suffix(visibleTail))
    }

    /// True for an 18-character PRC resident identity number whose check character is right (GB 11643-1999,
    /// ISO 7064 MOD 11-2). Informational only: registration accepts other documents and does not enforce it.
    static func hasValidChineseChecksum(_ idNumber: String) -> Bool {
        let bytes = Array(idNumber.uppercased().utf8)
        guard bytes.count == 18 else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (byte, weight) in zip(bytes.prefix(17), weights) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            sum += Int(byte - UInt8(ascii: "0")) * weight
        }
        let checks = Array("10X98765432".utf8)
        return bytes[17] == checks[sum % 11]
    }
}
