import Testing

@testable import Clinic
@testable import ClinicHTTP
@testable import ClinicSupport

/// Records its name on the way in and out.
private struct Tracing: APIMiddleware {
    let name: String
    let trace: LockedValue<[String]>

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        trace.withValue { $0.append("> " + name) }
        defer { trace.withValue { $0.append("< " + name) } }
        return try await next(context)
    }
}

struct APIMiddlewareTests {
    @Test func theFirstMiddlewareIsOutermostAndTheHandlerLast() async throws {
        let trace = LockedValue<[String]>([])
        let path: [any APIMiddleware] = [Tracing(name: "a", trace: trace), Tracing(name: "b", trace: trace)]
        let responder = path.responder { _ in
            trace.withValue { $0.append("handler") }
            return HTTPResponse(status: .ok, contentType: "text/plain", body: [])
        }
        _ = try await responder(try MiddlewareTesting.context(.get, "/", routes: []))
        #expect(trace.value == ["> a", "> b", "handler", "< b", "< a"])
    }

    /// The server routes once, from the head, and the application takes that match: it does not route again.
    @Test func theApplicationTakesTheMatchTheHeadMade() async throws {
        let answer: (String) -> Route = { path in
            Route(.get, path, operationId: path, summary: "", tag: "", access: .anyone, responses: []) { _ in
                HTTPResponse(status: .ok, contentType: "text/plain", body: Array(path.utf8))
            }
        }
        let api = APIApplication(
            routes: [answer("/a"), answer("/b")], authenticator: NoAuthenticator(), idempotency: nil,
            metrics: Metrics(), timeZone: { .gmt })
        var request = try HTTPRequest(method: .get, target: "/a")
        let decided = try HTTPRequest(method: .get, target: "/b")
        request.headDecision = api.decideHead(decided).value
        #expect(api.decideHead(decided).bodyLimit == nil)
        let response = await api.handle(request)
        #expect(response.body.fixedBytes == Array("/b".utf8))
        // Without a head decision (a request that did not come through the server), it routes itself.
        #expect(await api.handle(try HTTPRequest(method: .get, target: "/a")).body.fixedBytes == Array("/a".utf8))
    }
}

private struct NoAuthenticator: Authenticator {
    func principal(forToken token: String) async throws -> Principal? { nil }
}
