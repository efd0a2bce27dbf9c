import ClinicHTTP
import ClinicSupport
import Foundation

/// Printable pages and CSV downloads the API makes, passed on under `/console/`: the status, the body (a stream stays
/// a stream) and the headers that say what it is. An API refusal (404, 429 from the export cap...) becomes a console
/// page instead, so the browser never saves a problem+json as a download.
enum ConsolePassThrough {
    static let passedHeaders = ["Content-Type", "Content-Disposition", "Retry-After"]

    static func response(_ context: RequestContext, _ answer: HTTPResponse) -> HTTPResponse {
        guard (200..<300).contains(answer.status.code) else { return refusal(context, answer) }
        var headers = HTTPHeaders()
        for name in passedHeaders { if let value = answer.headers[name] { headers.add(name, value) } }
        return HTTPResponse(status: answer.status, headers: headers, body: answer.body)
    }

    /// The API's problem as a console page in the user's language, with `Retry-After` kept for a 429.
    private static func refusal(_ context: RequestContext, _ answer: HTTPResponse) -> HTTPResponse {
        let bytes = answer.body.fixedBytes ?? []
        let problem = (try? JSONValue(parsing: bytes)) ?? .null
        if answer.status.code == 401 { return ConsoleSessionMiddleware.signInAgain(context, expired: true) }
        var page = ConsoleErrorMiddleware.page(
            context, status: answer.status.code, title: problem["title"].string ?? "Error",
            detail: problem["detail"].string)
        if let retry = answer.headers["Retry-After"] { page.headers.add("Retry-After", retry) }
        return page
    }
}

extension ConsoleAPI {
    /// The JSON answer or the problem, as a value: pages that handle some problems themselves switch over it.
    func result(_ method: HTTPMethod, _ target: String, json: JSONValue? = nil, idempotencyKey: String? = nil) async
        -> Result<JSONValue, Problem>
    {
        do {
            return .success(try await call(method, target, json: json, idempotencyKey: idempotencyKey))
        } catch {
            return .failure(error)
        }
    }
}
