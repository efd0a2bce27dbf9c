import ClinicHTTP
import ClinicPostgres
import ClinicSupport

/// The one place where errors become responses: whatever the path below throws is answered as problem+json, and a
/// server error is logged (without bind values or personal data).
struct ProblemMiddleware: APIMiddleware {
    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        do {
            return try await next(context)
        } catch {
            return Self.response(for: error, context)
        }
    }

    /// The problem+json answer to `error`; also used where a response must be known before it leaves the path
    /// (idempotency stores it).
    static func response(for error: any Error, _ context: RequestContext) -> HTTPResponse {
        let apiError = ProblemMapping.apiError(for: error)
        if apiError.status >= 500 {
            Log.error(
                "request failed",
                ["requestId": context.request.requestId, "route": context.routePattern, "error": describe(error)])
        }
        return APIApplication.response(
            for: apiError, requestId: context.request.requestId, language: context.language)
    }

    /// An error for the log: its type and, for database errors, the SQLSTATE and message (never bind values).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresError {
            // Data errors (class 22, 23) can quote the offending value: keep their text out of the log.
            let quotesValues = error.sqlState.map { $0.hasPrefix("22") || $0.hasPrefix("23") } ?? false
            return "PostgresError \(error.kind) \(error.sqlState ?? "-") \(error.constraint ?? "-") "
                + (quotesValues ? "" : error.message)
        }
        return String(describing: type(of: error)) + ": " + String(describing: error).prefix(300)
    }
}
