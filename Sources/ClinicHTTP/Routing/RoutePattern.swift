/// A parsed route pattern such as `/v1/residents/{id}/consultations`, or `/v1/calendar/{secret}.ics`: a parameter
/// may be followed by a fixed suffix within its segment (a file name's extension), which is not part of its value.
struct RoutePattern: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        /// `{name}`, or `{name}suffix`: the segment must end with `suffix`, and what comes before it is the value.
        case parameter(String, suffix: String = "")
    }

    let text: String
    let segments: [Segment]

    /// Parses `pattern`; a programming error (bad pattern) stops the process at start-up, where the route table
    /// is built, rather than surfacing as a 404 later.
    init(_ pattern: String) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with /: \(pattern)")
        text = pattern
        var names = Set<String>()
        let raw = RoutePattern.split(pattern)
        segments = raw.enumerated().map { index, piece in
            let segment = String(piece)
            // Only the last segment may be empty: `/console/` is a page of its own, apart from `/console`.
            precondition(!segment.isEmpty || index == raw.count - 1, "empty segment in route pattern: \(pattern)")
            if segment.hasPrefix("{"), let close = segment.firstIndex(of: "}") {
                let name = String(segment[segment.index(after: segment.startIndex)..<close])
                let suffix = String(segment[segment.index(after: close)...])
                precondition(!name.isEmpty && !name.contains("{"), "bad parameter in \(pattern)")
                precondition(!suffix.contains("{") && !suffix.contains("}"), "bad parameter suffix in \(pattern)")
                precondition(names.insert(name).inserted, "parameter {\(name)} repeats in \(pattern)")
                return .parameter(name, suffix: suffix)
            }
            precondition(!segment.contains("{") && !segment.contains("}"), "bad segment in \(pattern)")
            return .literal(segment)
        }
    }

    /// The segments of a path: `/` is none, `/a/b` is `a`, `b`, `/a/b/` is `a`, `b`, `` (a trailing slash is
    /// an empty last segment, so `/v1/residents/` does not match `/v1/residents`).
    static func split(_ path: some StringProtocol) -> [Substring] {
        let path = Substring(path)
        guard path != "/" else { return [] }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    }
}
