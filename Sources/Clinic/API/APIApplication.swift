import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// The API in front of the HTTP server: the request path of small middlewares (Middleware/), in the order the API
/// needs them, and the route's handler at its end. Routing happens once, from the request head (`RequestRouter`).
final class APIApplication: Sendable {
    let routes: [Route]
    let router: RequestRouter
    private let responder: APIResponder
    /// The path without metrics and the access log, for calls the console makes on a user's behalf: the same
    /// routing, authentication, input checks and idempotency, counted and logged once, as the console's request.
    private let inProcessResponder: APIResponder
    /// The zone a request's instants are given in: its clinic's (see `ClinicServices.homeClinic`).
    private let timeZone: @Sendable (RequestContext) -> TimeZone

    /// - Parameter idempotency: where `Idempotency-Key`s are kept; nil turns the keys off.
    init(
        routes: [Route], authenticator: any Authenticator, idempotency: PostgresPool?, metrics: Metrics,
        timeZone: @escaping @Sendable (RequestContext) -> TimeZone
    ) {
        self.routes = routes
        self.router = RequestRouter(routes: routes)
        self.timeZone = timeZone
        // Outermost first: metrics and the access log see every answer, problem+json included.
        let observed: [any APIMiddleware] = [MetricsMiddleware(metrics: metrics), AccessLogMiddleware()]
        var path: [any APIMiddleware] = [
            ProblemMiddleware(), RoutingMiddleware(), AuthenticationMiddleware(authenticator: authenticator, timeZone: timeZone),
            InputCheckMiddleware(),
        ]
        if let idempotency { path.append(IdempotencyMiddleware(pool: idempotency)) }
        self.responder = (observed + path).responder(ending: Self.runRoute)
        self.inProcessResponder = path.responder(ending: Self.runRoute)
    }

    /// The server's `HTTPLimits.decideHead`: routes the request once, before its body is read.
    func decideHead(_ request: HTTPRequest) -> HeadDecision { router.decideHead(request) }

    /// The server's handler.
    func handle(_ request: HTTPRequest) async -> HTTPResponse { await answer(request, through: responder) }

    /// Answers a request the console makes for a signed-in user (`ConsoleAPI`), past metrics and the access log.
    func handleInProcess(_ request: HTTPRequest) async -> HTTPResponse {
        await answer(request, through: inProcessResponder)
    }

    private func answer(_ request: HTTPRequest, through responder: APIResponder) async -> HTTPResponse {
        var context = RequestContext(request: request, principal: nil, timeZone: .gmt)
        context.timeZone = timeZone(context)
        context.language = AcceptLanguage.preferred(request.headers["Accept-Language"]) ?? .en
        context.routeMatch = router.routeMatch(for: request)
        do {
            return try await responder(context)
        } catch {
            // Not reached: `ProblemMiddleware` answers every error. Kept so the server never sees a throw.
            return ProblemMiddleware.response(for: error, context)
        }
    }

    /// The end of the path: the matched route's handler.
    private static func runRoute(_ context: RequestContext) async throws -> HTTPResponse {
        guard let route = context.route else { throw APIError.notFound() }
        return try await route.handler(context)
    }

    /// A problem+json response for `error`, its texts in `language`.
    static func response(for error: APIError, requestId: String?, language: Language = .en) -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in error.headers.sorted(by: { $0.key < $1.key }) { headers.add(name, value) }
        let problem = ProblemDetails(error, requestId: requestId, language: language)
        let body = (try? JSONCoding.encode(problem, timeZone: .gmt)) ?? []
        return HTTPResponse(
            status: HTTPStatus(code: error.status), contentType: "application/problem+json", body: body,
            headers: headers)
    }
}
