import ClinicHTTP
import ClinicSupport

/// Writes the access log line of every request: method, route pattern, status, duration, request ids and the
/// caller's id; never bodies, tokens or personal data.
struct AccessLogMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        let response = try await next(context)
        guard Log.level <= .info else { return response }
        Log.info("request", Self.fields(context, response, elapsed: ContinuousClock.now - started))
        return response
    }

    /// The line's fields.
    static func fields(_ context: RequestContext, _ response: HTTPResponse, elapsed: Duration) -> [String: String] {
        let milliseconds = (elapsed / .microseconds(1)).rounded() / 1000
        let request = context.request
        var fields = [
            "method": request.method.rawValue, "route": context.routePattern, "status": String(response.status.code),
            "durationMs": String(milliseconds), "requestId": request.requestId,
        ]
        if let caller = context.caller.value { fields["userId"] = UUIDText.upper(caller.userId) }
        // The client chose requestId: the server's own joins the line to the audit rows for sure.
        if request.serverRequestId != request.requestId { fields["serverRequestId"] = request.serverRequestId }
        return fields
    }
}
