/// The router's answer for one request.
package enum RouteMatch<Value: Sendable>: Sendable {
    /// A route handles this method and path. `parameters` holds the decoded `{name}` segments, `pattern`
    /// the route as registered (for logs and metrics).
    case found(Value, parameters: [String: String], pattern: String)
    /// No route has this path (answer 404).
    case notFound
    /// Routes have this path but not this method (answer 405 with `Allow` listing `allow`).
    case methodNotAllowed(allow: [HTTPMethod])
}
