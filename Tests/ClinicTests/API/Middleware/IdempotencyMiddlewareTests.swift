import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

/// Over the test database, which keeps the keys.
struct IdempotencyMiddlewareTests {
    let routes = [
        MiddlewareTesting.route(.post, "/v1/things", idempotent: true), MiddlewareTesting.route(.post, "/v1/plain"),
    ]

    private func context(_ target: String, key: String?, body: String) throws -> RequestContext {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.add("Idempotency-Key", key) }
        return try MiddlewareTesting.context(.post, target, routes: routes, headers: headers, body: Array(body.utf8))
    }

    @Test func aRepeatAnswersAsTheFirstWithoutRunningAgain() async throws {
        let app = try await TestApp.forSuite()
        let middleware = IdempotencyMiddleware(pool: app.serverPool)
        let next = StubNext()
        let key = "mw-" + UUID().uuidString
        let first = try await middleware.respond(
            to: try context("/v1/things", key: key, body: #"{"a":1,"b":2}"#), next: next.responder)
        // The same body with its keys in another order is the same request.
        let again = try await middleware.respond(
            to: try context("/v1/things", key: key, body: #"{"b":2,"a":1}"#), next: next.responder)
        #expect(first.status == .ok && again.status == .ok && next.calls == 1)
        #expect(again.body.fixedBytes == Array("next".utf8))
        #expect(again.headers["Idempotent-Replayed"] == "true")
    }

    @Test func theKeyWithAnotherBodyIs422() async throws {
        let app = try await TestApp.forSuite()
        let middleware = IdempotencyMiddleware(pool: app.serverPool)
        let next = StubNext()
        let key = "mw-" + UUID().uuidString
        _ = try await middleware.respond(
            to: try context("/v1/things", key: key, body: #"{"a":1}"#), next: next.responder)
        await #expect(throws: APIError.self) {
            _ = try await middleware.respond(
                to: try context("/v1/things", key: key, body: #"{"a":2}"#), next: next.responder)
        }
        #expect(next.calls == 1)
    }

    @Test func anInvalidKeyIs400AndRoutesWithoutKeysPassThrough() async throws {
        let app = try await TestApp.forSuite()
        let middleware = IdempotencyMiddleware(pool: app.serverPool)
        let next = StubNext()
        do {
            _ = try await middleware.respond(
                to: try context("/v1/things", key: "has space", body: "{}"), next: next.responder)
            Issue.record("expected 400")
        } catch let error as APIError {
            #expect(error.status == 400 && error.errors.first?.field == "Idempotency-Key")
        }
        _ = try await middleware.respond(to: try context("/v1/plain", key: "k", body: "{}"), next: next.responder)
        _ = try await middleware.respond(to: try context("/v1/plain", key: "k", body: "{}"), next: next.responder)
        _ = try await middleware.respond(to: try context("/v1/things", key: nil, body: "{}"), next: next.responder)
        #expect(next.calls == 3)
    }

    @Test func theHandlerSeesItsClaimAndAnErrorIsStoredAsItsProblem() async throws {
        let app = try await TestApp.forSuite()
        let middleware = IdempotencyMiddleware(pool: app.serverPool)
        let key = "mw-" + UUID().uuidString
        let sawClaim = LockedFlag()
        let failing: APIResponder = { _ in
            if IdempotencyClaim.current?.key == key { sawClaim.set() }
            throw APIError.conflict("taken", "already there")
        }
        let first = try await middleware.respond(to: try context("/v1/things", key: key, body: "{}"), next: failing)
        let again = try await middleware.respond(
            to: try context("/v1/things", key: key, body: "{}"), next: StubNext().responder)
        #expect(sawClaim.value && first.status.code == 409 && again.status.code == 409)
        #expect(again.headers["Content-Type"] == "application/problem+json")
    }
}

private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
}
