/// HTML the console writes. Interpolated text is escaped; only other `Markup` goes in as it is, so a value from
/// the database or the user cannot become markup by forgetting to escape it.
struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    var html: String

    init(raw html: String) { self.html = html }
    init(stringLiteral value: String) { html = value }
    init(stringInterpolation: StringInterpolation) { html = stringInterpolation.html }

    static let empty = Markup(raw: "")

    var description: String { html }

    struct StringInterpolation: StringInterpolationProtocol {
        var html = ""

        init(literalCapacity: Int, interpolationCount: Int) { html.reserveCapacity(literalCapacity * 2) }

        mutating func appendLiteral(_ literal: String) { html += literal }
        mutating func appendInterpolation(_ text: String) { html += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { html += HTML.escape(text ?? "") }
        mutating func appendInterpolation(_ number: Int) { html += String(number) }
        mutating func appendInterpolation(_ markup: Markup) { html += markup.html }
        mutating func appendInterpolation(_ parts: [Markup]) { for part in parts { html += part.html } }
    }
}

extension Array where Element == Markup {
    func joined(separator: Markup = .empty) -> Markup {
        Markup(raw: map(\.html).joined(separator: separator.html))
    }
}
