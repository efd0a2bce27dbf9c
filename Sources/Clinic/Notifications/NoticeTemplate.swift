/// One text of a template file, parsed: literal text and `{placeholder}`s (`{{` and `}}` write a brace).
struct NoticeTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    let parts: [Part]

    /// Parses `source`, accepting only the placeholders in `allowed`; the problem in words otherwise.
    init(_ source: String, allowed: Set<String>) throws(NoticeTemplateProblem) {
        var parts: [Part] = []
        var literal = ""
        var index = source.startIndex
        while index < source.endIndex {
            let char = source[index]
            let next = source.index(after: index)
            let following = next < source.endIndex ? source[next] : nil
            if char == "{" || char == "}", following == char {
                literal.append(char)
                index = source.index(after: next)
                continue
            }
            if char == "}" { throw .unbalanced("a '}' closes no '{' (write }} for a brace)") }
            guard char == "{" else {
                literal.append(char)
                index = next
                continue
            }
            guard let close = source[next...].firstIndex(where: { $0 == "}" || $0 == "{" }), source[close] == "}"
            else { throw .unbalanced("a '{' is not closed (write {{ for a brace)") }
            let name = String(source[next..<close])
            guard allowed.contains(name) else { throw .unknownPlaceholder(name, allowed: allowed) }
            if !literal.isEmpty { parts.append(.text(literal)) }
            literal = ""
            parts.append(.placeholder(name))
            index = source.index(after: close)
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// The placeholders the text uses.
    var placeholders: Set<String> {
        Set(parts.compactMap { if case .placeholder(let name) = $0 { name } else { nil } })
    }

    /// The text with each placeholder replaced by its value (empty when none is given).
    func render(_ values: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .placeholder(let name): values[name] ?? ""
            }
        }.joined()
    }
}

/// What is wrong with one line of a template file.
enum NoticeTemplateProblem: Error, Equatable, CustomStringConvertible {
    case unbalanced(String)
    case unknownPlaceholder(String, allowed: Set<String>)

    var description: String {
        switch self {
        case .unbalanced(let message): message
        case .unknownPlaceholder(let name, let allowed):
            "unknown placeholder {\(name)}; this text may use " + allowed.sorted().map { "{\($0)}" }.joined(separator: " ")
        }
    }
}
