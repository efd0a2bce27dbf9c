import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/day-list/print?date=&doctorId=`: the API's printable day list (`Accept: text/html`) passed through
/// under the console's path, so the browser sends the session cookie and the console's headers (CSP, framing) apply.
/// The page's fixed inline style is allowed by its hash in the console's CSP. A refusal (no doctor named, another
/// doctor's list for a doctor) becomes the console's HTML error page, not problem+json in a browser tab.
enum DayListPrintPage {
    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/day-list/print", access: .roles([.staff, .admin, .doctor])) { context in
                let query = context.request.query
                let target = ConsoleAPI.target(
                    "/v1/day-list", [("date", query["date"]), ("doctorId", query["doctorId"])])
                let response = await console.api(context).send(.get, target, accept: "text/html")
                guard response.status.code == 200 else { throw problem(response) }
                return HTTPResponse(
                    status: response.status,
                    contentType: response.headers["Content-Type"] ?? "text/html; charset=utf-8",
                    body: response.body.fixedBytes ?? [])
            }
        ]
    }

    /// The API's problem+json as a `ConsoleAPI.Problem` (the error middleware shows it as a page).
    private static func problem(_ response: HTTPResponse) -> ConsoleAPI.Problem {
        let bytes = response.body.fixedBytes ?? []
        let body = (try? JSONValue(parsing: bytes)) ?? .null
        return ConsoleAPI.Problem(
            status: response.status.code, type: body["type"].string ?? "about:blank",
            title: body["title"].string ?? "Error", detail: body["detail"].string,
            errors: body["errors"].array.map { FieldError(field: $0["field"].text, message: $0["message"].text) })
    }
}
