import ClinicHTTP
import ClinicSupport

/// The console's one place where errors become pages: an HTML page in the user's language with the request
/// reference, never a stack trace. An API answer of 401 (the session ended elsewhere) sends the user to sign in.
struct ConsoleErrorMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        do {
            return try await next(context)
        } catch let refusal as ConsoleRefusal {
            return Self.page(
                context, status: refusal.status, title: refusal.title(context.language),
                detail: refusal.detail(context.language))
        } catch let problem as ConsoleAPI.Problem {
            if problem.status == 401 { return ConsoleSessionMiddleware.signInAgain(context, expired: true) }
            return Self.page(context, status: problem.status, title: problem.title, detail: problem.detail)
        } catch {
            let apiError = ProblemMapping.apiError(for: error)
            if apiError.status >= 500 {
                Log.error(
                    "console request failed",
                    ["requestId": context.request.requestId, "route": context.routePattern,
                     "error": ProblemMiddleware.describe(error)])
            }
            let language = context.language
            let (title, detail): (String, String?) =
                switch apiError.status {
                case 404: (CommonWords.notFound(language), CommonWords.notFoundDetail(language))
                case 403: (CommonWords.forbidden(language), CommonWords.forbiddenDetail(language))
                case 500...: (CommonWords.somethingWentWrong(language), nil)
                default: (apiError.title, apiError.detail)
                }
            var response = Self.page(context, status: apiError.status, title: title, detail: detail)
            for (name, value) in apiError.headers { response.headers.add(name, value) }
            return response
        }
    }

    static func page(_ context: RequestContext, status: Int, title: String, detail: String?) -> HTTPResponse {
        let language = context.language
        let body: Markup = """
            <div class="card">
            \(detail.map { Markup("<p>\($0)</p>") } ?? .empty)
            <p class="muted">\(CommonWords.requestReference(language)): <code>\(context.request.requestId)</code></p>
            <p><a href="/console/">\(CommonWords.backToStart(language))</a></p>
            </div>
            """
        return ConsoleLayout.page(context, title: title, status: HTTPStatus(code: status), body)
    }
}

/// A console page refusing a request, in words of the console's own (a form without its CSRF token, say).
struct ConsoleRefusal: Error, Sendable {
    var status: Int
    var title: Words
    var detail: Words
}
