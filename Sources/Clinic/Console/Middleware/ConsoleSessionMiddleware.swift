import ClinicHTTP

/// Finds the signed-in user from the session cookie, with the same token store, expiry and revocation as the API's
/// bearer tokens. A page that needs a user sends a visitor without one to the sign-in page (and back afterwards);
/// a role the page does not let in gets 403.
struct ConsoleSessionMiddleware: APIMiddleware {
    let authenticator: any Authenticator
    /// The clinics a county admin picks from.
    let clinics: ClinicDirectory

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        var context = context
        var sawCookie = false
        if let token = ConsoleCookie.value(ConsoleCookie.session, in: context.request), !token.isEmpty {
            sawCookie = true
            if BearerToken.isWellFormed(token), let principal = try await authenticator.principal(forToken: token) {
                var session = ConsoleSession(token: token, principal: principal)
                if principal.role == .countyAdmin {
                    session.clinics = ClinicChoice(
                        clinics: clinics.all, cookie: ConsoleCookie.value(ConsoleCookie.clinic, in: context.request))
                }
                context.session = session
                context.principal = principal
                context.caller.value = principal
            }
        }
        guard case .roles(let roles) = context.route?.access else { return try await next(context) }
        guard let session = context.session else { return Self.signInAgain(context, expired: sawCookie) }
        guard session.principal.role.isAllowed(by: roles) else { throw APIError.forbidden() }
        return try await next(context)
    }

    /// To the sign-in page, coming back here afterwards (for a GET; a form's target is not a page to return to).
    static func signInAgain(_ context: RequestContext, expired: Bool) -> HTTPResponse {
        var query: [(String, String?)] = []
        if context.request.method == .get { query.append(("next", context.request.target)) }
        if expired { query.append(("expired", "1")) }
        return ConsoleResponse.redirect(ConsoleAPI.target("/console/login", query))
    }
}
