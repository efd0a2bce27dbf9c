import ClinicDomain
import ClinicHTTP
import Foundation

/// Checks the bearer token and role a route asks for: 401 without a valid token, 403 for a role the route does not
/// let in. The caller it finds goes on in the context (and to the access log), and everything after it runs in the
/// caller's clinic scope: every database borrow of the request sees only the rows of the clinics the caller may.
struct AuthenticationMiddleware: APIMiddleware {
    let authenticator: any Authenticator
    /// The zone of the caller's clinic, in which the response gives its instants.
    let timeZone: @Sendable (RequestContext) -> TimeZone

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        guard case .roles(let roles) = context.route?.access else { return try await next(context) }
        guard let header = context.request.headers["Authorization"] else { throw APIError.unauthorized() }
        guard let token = BearerToken.fromAuthorizationHeader(header),
            let principal = try await authenticator.principal(forToken: token)
        else {
            throw APIError.unauthorized("the token is not valid (malformed, unknown, expired or revoked)")
        }
        guard principal.role.isAllowed(by: roles) else { throw APIError.forbidden() }
        context.caller.value = principal
        var context = context
        context.principal = principal
        context.timeZone = timeZone(context)
        var response = try await principal.run { try await next(context) }
        if case .stream(let produce) = response.body {
            // A streamed body is written after the handler has returned: in the caller's scope too.
            response.body = .stream { writer in try await principal.run { try await produce(writer) } }
        }
        return response
    }
}
