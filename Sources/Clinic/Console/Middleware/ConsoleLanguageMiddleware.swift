import ClinicHTTP

/// Sets the page language for everything below it, error pages included (`ConsoleLanguage.resolve`).
struct ConsoleLanguageMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        var context = context
        context.language = ConsoleLanguage.resolve(context.request)
        return try await next(context)
    }
}
