import ClinicHTTP
import ClinicSupport
import Foundation

/// The web console, served by the same binary as the API: `/` and everything under `/console`. Its pages are
/// routes on a path of their own (session cookie, CSRF check, security headers, HTML errors); what they show and
/// change, they get from the API in process (`ConsoleAPI`).
final class ConsoleApplication: Sendable {
    let routes: [Route]
    private let router: RequestRouter
    private let responder: APIResponder
    private let timeZone: @Sendable () -> TimeZone

    init(
        routes: [Route], authenticator: any Authenticator, clinics: ClinicDirectory, metrics: Metrics,
        timeZone: @escaping @Sendable () -> TimeZone
    ) {
        self.routes = routes
        self.router = RequestRouter(routes: routes)
        self.timeZone = timeZone
        let path: [any APIMiddleware] = [
            MetricsMiddleware(metrics: metrics), AccessLogMiddleware(), ConsoleHeadersMiddleware(),
            ConsoleLanguageMiddleware(), ConsoleErrorMiddleware(), RoutingMiddleware(),
            ConsoleSessionMiddleware(authenticator: authenticator, clinics: clinics), ConsoleFormMiddleware(),
        ]
        self.responder = path.responder { context in
            guard let route = context.route else { throw APIError.notFound() }
            return try await route.handler(context)
        }
    }

    /// Whether a request is the console's: `/` and paths under `/console`.
    static func owns(_ request: HTTPRequest) -> Bool {
        let path = request.rawPath
        return path == "/" || path == "/console" || path.hasPrefix("/console/")
    }

    func decideHead(_ request: HTTPRequest) -> HeadDecision { router.decideHead(request) }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var context = RequestContext(request: request, principal: nil, timeZone: timeZone())
        context.routeMatch = router.routeMatch(for: request)
        do {
            return try await responder(context)
        } catch {
            return ConsoleErrorMiddleware.page(context, status: 500, title: "Error", detail: nil)
        }
    }
}
