/// Header fields in the order they were received or added. Lookups ignore ASCII case, as HTTP field names
/// are case-insensitive; order is kept because some fields (`Set-Cookie`, repeated `Cache-Control`) are
/// lists whose order matters, and so responses come out as the handler wrote them.
package struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    package typealias Element = (name: String, value: String)

    struct Field: Sendable, Equatable {
        var name: String
        var value: String
    }

    private(set) var fields: [Field]

    package init() { fields = [] }

    package init(_ pairs: [(String, String)]) { fields = pairs.map { Field(name: $0.0, value: $0.1) } }

    package init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The first value of the field `name`, or nil.
    package subscript(name: String) -> String? {
        for field in fields where Self.equalsIgnoringCase(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the field `name`, in order.
    package func values(_ name: String) -> [String] {
        fields.lazy.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    package func contains(_ name: String) -> Bool { self[name] != nil }

    package var count: Int { fields.count }
    package var isEmpty: Bool { fields.isEmpty }

    /// Appends a field, keeping any existing ones of the same name.
    package mutating func add(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    /// Sets the field to a single value: replaces the first occurrence in place and removes the others,
    /// or appends it when absent.
    mutating func replaceOrAdd(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { Self.equalsIgnoringCase($0.name, name) }) else {
            add(name, value)
            return
        }
        fields[first].value = value
        var index = fields.count - 1
        while index > first {
            if Self.equalsIgnoringCase(fields[index].name, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every field called `name`.
    package mutating func remove(_ name: String) { fields.removeAll { Self.equalsIgnoringCase($0.name, name) } }

    package func makeIterator() -> some IteratorProtocol<Element> {
        fields.lazy.map { (name: $0.name, value: $0.value) }.makeIterator()
    }

    package var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

    /// Whether a comma-separated list field (`Connection`, `Transfer-Encoding`) contains `token`,
    /// compared without case.
    func listContains(_ name: String, token: String) -> Bool {
        for value in values(name) {
            for item in value.split(separator: ",") {
                let trimmed = item.trimmingASCIISpaces()
                if Self.equalsIgnoringCase(trimmed, token) { return true }
            }
        }
        return false
    }

    static func equalsIgnoringCase<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let lhs = a.utf8
        let rhs = b.utf8
        guard lhs.count == rhs.count else { return false }
        for (x, y) in zip(lhs, rhs) where x != y {
            // Only ASCII letters differ by case; 0x20 is the case bit.
            guard x | 0x20 == y | 0x20, (0x61...0x7A).contains(x | 0x20) else { return false }
        }
        return true
    }
}

extension StringProtocol {
    /// Drops leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingASCIISpaces() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}
