import Testing

@testable import Clinic
@testable import ClinicHTTP

struct RoutingMiddlewareTests {
    let routes = [
        MiddlewareTesting.route(.get, "/v1/things/{id}"), MiddlewareTesting.route(.delete, "/v1/things/{id}"),
    ]

    @Test func aMatchGoesOnWithItsRouteAndParameters() async throws {
        let next = StubNext()
        let context = try MiddlewareTesting.context(.get, "/v1/things/a%2Fb", routes: routes)
        let response = try await RoutingMiddleware().respond(to: context, next: next.responder)
        #expect(response.status == .ok)
        let seen = try #require(next.seen.value.first)
        #expect(seen.route?.path == "/v1/things/{id}" && seen.routePattern == "/v1/things/{id}")
        #expect(seen.pathParameters == ["id": "a/b"])
    }

    @Test func anUnknownPathIs404() async throws {
        let next = StubNext()
        let context = try MiddlewareTesting.context(.get, "/v1/other", routes: routes)
        await #expect(throws: APIError.self) {
            try await RoutingMiddleware().respond(to: context, next: next.responder)
        }
        do {
            _ = try await RoutingMiddleware().respond(to: context, next: next.responder)
        } catch let error as APIError {
            #expect(error.status == 404)
        }
        #expect(next.calls == 0 && context.routePattern == "unmatched")
    }

    @Test func anotherMethodIs405WithAllow() async throws {
        let next = StubNext()
        let context = try MiddlewareTesting.context(.post, "/v1/things/1", routes: routes)
        do {
            _ = try await RoutingMiddleware().respond(to: context, next: next.responder)
            Issue.record("expected 405")
        } catch let error as APIError {
            #expect(error.status == 405)
            #expect(error.headers["Allow"] == "GET, HEAD, DELETE")
        }
        #expect(next.calls == 0)
    }
}
