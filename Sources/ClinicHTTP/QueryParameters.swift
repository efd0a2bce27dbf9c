/// The decoded query string: name/value pairs in their order, since a name may repeat (`?flag=a&flag=b`).
/// Decoding follows HTML forms (`+` is a space, `%XX` escapes); a malformed escape makes the whole request
/// a 400 rather than silently dropping or mangling a filter.
package struct QueryParameters: Sendable, Equatable, Sequence {
    package typealias Element = (name: String, value: String)

    struct Pair: Sendable, Equatable {
        var name: String
        var value: String
    }

    private(set) var pairs: [Pair]

    package init() { pairs = [] }

    package init(_ pairs: [(String, String)]) { self.pairs = pairs.map { Pair(name: $0.0, value: $0.1) } }

    /// Parses a raw query string (without the `?`). Empty pieces (`a=1&&b=2`) are skipped; a piece without
    /// `=` has the empty value.
    package init(parsing query: some StringProtocol) throws(HTTPParseError) {
        self.init()
        let bytes = Array(query.utf8)
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let rawName: ArraySlice<UInt8>
            let rawValue: ArraySlice<UInt8>
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                rawName = piece[piece.startIndex..<equals]
                rawValue = piece[piece.index(after: equals)...]
            } else {
                rawName = piece
                rawValue = piece[piece.endIndex...]
            }
            guard let name = PercentDecoding.decode(rawName, plusAsSpace: true),
                let value = PercentDecoding.decode(rawValue, plusAsSpace: true)
            else { throw .badRequest("The query string has an invalid percent-encoding.") }
            pairs.append(Pair(name: name, value: value))
        }
    }

    /// The first value of `name`, or nil.
    package subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    package func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    package var count: Int { pairs.count }
    package var isEmpty: Bool { pairs.isEmpty }

    package func makeIterator() -> some IteratorProtocol<Element> {
        pairs.lazy.map { (name: $0.name, value: $0.value) }.makeIterator()
    }
}
