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
            metrics: Metrics(), timeZone: { _ in .gmt })
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

extension APIMiddlewareTests {
    /// The assembled path keeps the order of concerns: 405/404 before 401, 401 before a body check, and every
    /// answer (problem+json included) counted by route pattern.
    @Test func theApplicationKeepsTheOrderOfConcerns() async throws {
        let protected = Route(
            .post, "/v1/things/{id}", operationId: "p", summary: "", tag: "", access: .signedIn,
            requestBody: .object(["n": .integer(minimum: 1, maximum: 2)]), responses: []
        ) { _ in HTTPResponse(status: .ok, contentType: "text/plain", body: []) }
        let metrics = Metrics()
        let api = APIApplication(
            routes: [protected], authenticator: NoAuthenticator(), idempotency: nil, metrics: metrics,
            timeZone: { _ in .gmt })
        let unsafe = Array(("{\"n\":\"a" + String(repeating: "\u{0301}", count: 31) + "\"}").utf8)
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        let status = { (method: HTTPMethod, target: String) async throws -> Int in
            await api.handle(try HTTPRequest(method: method, target: target, headers: json, body: unsafe)).status.code
        }
        #expect(try await status(.put, "/v1/things/1") == 405)
        #expect(try await status(.post, "/v1/other") == 404)
        #expect(try await status(.post, "/v1/things/1") == 401)
        let text = metrics.render()
        #expect(text.contains(#"route="/v1/things/{id}",method="PUT",status="405"} 1"#) == false)
        #expect(text.contains(#"route="unmatched",method="PUT",status="405"} 1"#))
        #expect(text.contains(#"route="unmatched",method="POST",status="404"} 1"#))
        #expect(text.contains(#"route="/v1/things/{id}",method="POST",status="401"} 1"#))
    }
}

private struct NoAuthenticator: Authenticator {
    func principal(forToken token: String) async throws -> Principal? { nil }
}
