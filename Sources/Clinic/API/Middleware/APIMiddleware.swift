import ClinicHTTP

/// The rest of the request path after a middleware: the next middleware, or in the end the route's handler.
typealias APIResponder = @Sendable (RequestContext) async throws -> HTTPResponse

/// One concern of the request path (routing, authentication, idempotency, error mapping, the access log...), each
/// in its own type so that each can be read and tested alone with a stub `next`.
protocol APIMiddleware: Sendable {
    /// Answers `context`, calling `next` to go on down the path (or not, to answer early).
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse
}

extension Array where Element == any APIMiddleware {
    /// The whole path: the first middleware outermost, `handler` at the end.
    func responder(ending handler: @escaping APIResponder) -> APIResponder {
        var next = handler
        for middleware in reversed() {
            let inner = next
            next = { context in try await middleware.respond(to: context, next: inner) }
        }
        return next
    }
}
