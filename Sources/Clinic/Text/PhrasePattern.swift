/// An English text with numbered placeholders (`must be between {1} and {2}`), matched against a finished message
/// to recover the values in the placeholders, and a translation's template filled with them. Lets the catalog
/// translate messages built with interpolation without changing how the code that builds them is written.
struct PhrasePattern: Sendable {
    /// The literal text around the placeholders: one more piece than placeholders.
    let pieces: [String]
    /// The placeholder numbers in the order they appear in the English text.
    let numbers: [Int]

    init(_ english: String) {
        var pieces: [String] = []
        var numbers: [Int] = []
        var literal = ""
        var rest = Substring(english)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let number = Int(rest[afterOpen..<close]) {
                literal += rest[..<open]
                pieces.append(literal)
                literal = ""
                numbers.append(number)
                rest = rest[rest.index(after: close)...]
            } else {
                literal += rest[...open]
                rest = rest[afterOpen...]
            }
        }
        pieces.append(literal + rest)
        self.pieces = pieces
        self.numbers = numbers
    }

    var hasPlaceholders: Bool { !numbers.isEmpty }

    /// The values in the placeholders when `text` has this pattern's shape (each value non-empty), else nil.
    /// A placeholder takes the shortest text before the next literal piece; the last piece must end the text.
    func match(_ text: String) -> [Int: String]? {
        guard text.hasPrefix(pieces[0]) else { return nil }
        var rest = text.dropFirst(pieces[0].count)
        var values: [Int: String] = [:]
        for (position, number) in numbers.enumerated() {
            let piece = pieces[position + 1]
            let value: Substring
            if position == numbers.count - 1 {
                guard rest.hasSuffix(piece), rest.count > piece.count else { return nil }
                value = rest.dropLast(piece.count)
                rest = rest.suffix(0)
            } else {
                guard !rest.isEmpty, let found = rest.dropFirst().range(of: piece) else { return nil }
                value = rest[..<found.lowerBound]
                rest = rest[found.upperBound...]
            }
            values[number] = String(value)
        }
        return values
    }

    /// `template` with each `{n}` replaced by `values[n]`.
    static func fill(_ template: String, _ values: [Int: String]) -> String {
        var text = template
        for (number, value) in values { text = text.replacingOccurrences(of: "{\(number)}", with: value) }
        return text
    }
}
