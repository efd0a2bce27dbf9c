/// Maps method and path to a value (the lead's route entry: handler, roles, documentation).
///
/// Rules, chosen so that routing is predictable from the table alone:
/// - Paths are matched segment by segment on the raw (still percent-encoded) path; each segment is decoded
///   after splitting, so `%2F` inside an id stays in that id. A segment with a bad escape matches nothing.
/// - A literal segment wins over a parameter at the same place (`/v1/residents/search` before
///   `/v1/residents/{id}`). A path the literal branch matches whole is that branch's resource, as OpenAPI
///   matches concrete paths before templated ones: a method it lacks is 405 with its `Allow`, never handed to
///   the parameter branch (`PATCH /v1/consultations/drafts` is not a patch of a consultation called "drafts").
///   Only when the literal branch matches no whole path is the parameter branch tried.
/// - Parameters match one non-empty segment. A parameter with a suffix (`{secret}.ics`) matches a segment that ends
///   with the suffix after at least one character, and its value leaves the suffix out.
/// - Trailing slashes are significant: `/v1/residents/` does not match `/v1/residents` (404). Clients use the
///   paths of the contract exactly; silently accepting variants would make two URLs for one resource.
/// - HEAD falls back to GET; GET routes list HEAD in `Allow`.
///
/// Build the router once at start-up; it is a value, so it is shared read-only across requests.
package struct Router<Value: Sendable>: Sendable {
    private struct Route: Sendable {
        var value: Value
        var pattern: String
    }

    private struct Node: Sendable {
        var literals: [String: Node] = [:]
        var parameterName: String?
        var parameterSuffix = ""
        var parameter: [Node] = []  // zero or one child; an array because a struct cannot hold itself directly
        var routes: [HTTPMethod: Route] = [:]
    }

    private var root = Node()

    package init() {}

    /// Registers `value` for `method` and `pattern` (e.g. `/v1/residents/{id}`). Registering the same method
    /// and pattern twice, or two parameter names at the same place, is a programming error.
    package mutating func add(_ method: HTTPMethod, _ pattern: String, _ value: Value) {
        let parsed = RoutePattern(pattern)
        let route = Route(value: value, pattern: pattern)
        Self.insert(into: &root, segments: parsed.segments[...], method: method, route: route)
    }

    /// Same as `add(_:_:_:)`, with a label for readability at call sites.
    package mutating func add(_ method: HTTPMethod, pattern: String, _ value: Value) { add(method, pattern, value) }

    private static func insert(
        into node: inout Node, segments: ArraySlice<RoutePattern.Segment>, method: HTTPMethod, route: Route
    ) {
        guard let first = segments.first else {
            precondition(node.routes[method] == nil, "route \(method) \(route.pattern) is registered twice")
            node.routes[method] = route
            return
        }
        let rest = segments.dropFirst()
        switch first {
        case .literal(let text):
            insert(into: &node.literals[text, default: Node()], segments: rest, method: method, route: route)
        case .parameter(let name, let suffix):
            if let existing = node.parameterName {
                precondition(existing == name, "{\(name)} and {\(existing)} at the same place in \(route.pattern)")
                precondition(node.parameterSuffix == suffix, "two suffixes of {\(name)} in \(route.pattern)")
            } else {
                node.parameterName = name
                node.parameterSuffix = suffix
                node.parameter = [Node()]
            }
            insert(into: &node.parameter[0], segments: rest, method: method, route: route)
        }
    }

    /// Finds the route for `method` and `path`. Pass the raw path (`HTTPRequest.rawPath`), not the decoded one.
    package func match(_ method: HTTPMethod, _ path: String) -> RouteMatch<Value> {
        var segments: [String] = []
        for raw in RoutePattern.split(path) {
            // A segment without `%` is already what it means (and valid UTF-8, being part of a String).
            guard raw.utf8.contains(UInt8(ascii: "%")) else {
                segments.append(String(raw))
                continue
            }
            guard let decoded = PercentDecoding.decode(raw.utf8, plusAsSpace: false) else { return .notFound }
            segments.append(decoded)
        }
        var parameters: [(String, String)] = []
        var firstPathMatch: Node?
        if let route = Self.search(root, segments[...], method, &parameters, &firstPathMatch) {
            let names = parameters.isEmpty ? [:] : Dictionary(parameters, uniquingKeysWith: { $1 })
            return .found(route.value, parameters: names, pattern: route.pattern)
        }
        guard let node = firstPathMatch else { return .notFound }
        return .methodNotAllowed(allow: Self.allowed(node))
    }

    /// Same as `match(_:_:)`, with a label for readability at call sites.
    package func match(_ method: HTTPMethod, path: String) -> RouteMatch<Value> { match(method, path) }

    /// Depth-first, literals before parameters; returns the route for `method` of the first node that matches the
    /// whole path, remembering that node (for 405).
    private static func search(
        _ node: Node, _ segments: ArraySlice<String>, _ method: HTTPMethod,
        _ parameters: inout [(String, String)], _ firstPathMatch: inout Node?
    ) -> Route? {
        guard let segment = segments.first else {
            guard !node.routes.isEmpty else { return nil }
            if firstPathMatch == nil { firstPathMatch = node }
            if let route = node.routes[method] { return route }
            if method == .head, let route = node.routes[.get] { return route }
            return nil
        }
        let rest = segments.dropFirst()
        if let child = node.literals[segment], let found = search(child, rest, method, &parameters, &firstPathMatch) {
            return found
        }
        // A more concrete branch matched the whole path: its methods are the answer (405), see the type's rules.
        if firstPathMatch != nil { return nil }
        if let name = node.parameterName, segment.count > node.parameterSuffix.count,
            segment.hasSuffix(node.parameterSuffix)
        {
            parameters.append((name, String(segment.dropLast(node.parameterSuffix.count))))
            if let found = search(node.parameter[0], rest, method, &parameters, &firstPathMatch) { return found }
            parameters.removeLast()
        }
        return nil
    }

    private static func allowed(_ node: Node) -> [HTTPMethod] {
        var methods = Set(node.routes.keys)
        if methods.contains(.get) { methods.insert(.head) }
        let order: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]
        return order.filter { methods.contains($0) } + methods.subtracting(order).sorted { $0.rawValue < $1.rawValue }
    }
}
