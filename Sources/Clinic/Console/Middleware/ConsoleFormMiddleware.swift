import ClinicHTTP

/// Every state-changing console request is a form that proves it came from a console page: its `_csrf` field is the
/// session's form token (or, on the sign-in form, the value of the sign-in cookie). Without it: 403. The session
/// cookie is also `SameSite=Strict`; this holds even where a browser ignores that. A form body that is not valid UTF-8
/// and percent-encoding is 400 (no browser sends one), never read with its bytes replaced.
struct ConsoleFormMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        guard context.request.method != .get, context.request.method != .head else { return try await next(context) }
        guard context.request.mediaType == "application/x-www-form-urlencoded" else {
            throw ConsoleRefusal(status: 403, title: CommonWords.forbidden, detail: CommonWords.formExpired)
        }
        guard let form = RequestContext.parseForm(context.request.body) else {
            throw ConsoleRefusal(
                status: 400, title: CommonWords.formUnreadable, detail: CommonWords.formUnreadableDetail)
        }
        guard let sent = form[ConsoleForm.csrfName],
            !sent.isEmpty, sent == expected(context)
        else { throw ConsoleRefusal(status: 403, title: CommonWords.forbidden, detail: CommonWords.formExpired) }
        return try await next(context)
    }

    private func expected(_ context: RequestContext) -> String? {
        if let session = context.session { return session.formToken }
        return ConsoleCookie.value(ConsoleCookie.login, in: context.request)
    }
}
