import ClinicHTTP

/// Counts every request and its duration by route pattern (never the raw path, whose ids would make a series each),
/// method and status.
struct MetricsMiddleware: APIMiddleware {
    let metrics: Metrics

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        let response = try await next(context)
        metrics.recordRequest(
            route: context.routePattern, method: context.request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - started)
        return response
    }
}
