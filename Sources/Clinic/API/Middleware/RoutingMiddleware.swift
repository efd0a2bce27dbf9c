import ClinicHTTP

/// Answers a request no route matched: 404 for an unknown path, 405 with `Allow` for a known path in another method.
/// The match itself was made once, from the head (`RequestRouter`).
struct RoutingMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        switch context.routeMatch {
        case .found:
            return try await next(context)
        case .methodNotAllowed(let allow):
            throw APIError(
                status: 405, title: "Method Not Allowed", detail: "\(context.request.method) is not allowed here",
                headers: ["Allow": allow.map(\.rawValue).joined(separator: ", ")])
        case .notFound, nil:
            throw APIError.notFound("no route for \(context.request.path)")
        }
    }
}
