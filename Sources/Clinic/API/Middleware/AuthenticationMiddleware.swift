import ClinicDomain
import ClinicHTTP

/// Checks the bearer token and role a route asks for: 401 without a valid token, 403 for a role the route does not
/// let in. The caller it finds goes on in the context (and to the access log).
struct AuthenticationMiddleware: APIMiddleware {
    let authenticator: any Authenticator

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        guard case .roles(let roles) = context.route?.access else { return try await next(context) }
        guard let header = context.request.headers["Authorization"] else { throw APIError.unauthorized() }
        guard let token = BearerToken.fromAuthorizationHeader(header),
            let principal = try await authenticator.principal(forToken: token)
        else {
            throw APIError.unauthorized("the token is not valid (malformed, unknown, expired or revoked)")
        }
        guard roles.contains(principal.role) else { throw APIError.forbidden() }
        context.caller.value = principal
        var context = context
        context.principal = principal
        return try await next(context)
    }
}
