import ClinicHTTP

/// Routes a request once, from its head: the server asks it before reading the body (for the route's body limit),
/// and the match travels with the request into `RequestContext.routeMatch`.
struct RequestRouter: Sendable {
    private let router: Router<Route>

    init(routes: [Route]) {
        var router = Router<Route>()
        for route in routes { router.add(route.method, route.path, route) }
        self.router = router
    }

    /// The server's `HTTPLimits.decideHead`: the match, and the matched route's body limit.
    func decideHead(_ request: HTTPRequest) -> HeadDecision {
        let match = self.match(request)
        guard case .found(let route, _, _) = match else { return HeadDecision(value: match) }
        return HeadDecision(bodyLimit: route.bodyLimit, value: match)
    }

    /// The match the server made from the head, or, for a request that did not come through it, one made now.
    func routeMatch(for request: HTTPRequest) -> RouteMatch<Route> {
        request.headDecision as? RouteMatch<Route> ?? match(request)
    }

    private func match(_ request: HTTPRequest) -> RouteMatch<Route> { router.match(request.method, request.rawPath) }
}
