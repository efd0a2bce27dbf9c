import ClinicHTTP

/// Refuses input the route cannot take before any work: a body with a run of combining marks that breaks stream-safe
/// text (400), then query parameters and a JSON body that break the route's published schema (400, 422).
struct InputCheckMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        guard StreamSafeText.isStreamSafe(context.request.body) else {
            throw APIError.badRequest("the body has more than 30 combining marks in a row")
        }
        try context.route?.checkInput(context.request)
        return try await next(context)
    }
}
