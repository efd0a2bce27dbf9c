import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP

/// A well-formed token the stub knows, and one it does not.
private let good = BearerToken.generate()
private let unknown = BearerToken.generate()

/// Knows one token.
private struct StubAuthenticator: Authenticator {
    let principal: Principal

    func principal(forToken token: String) async throws -> Principal? { token == good ? principal : nil }
}

struct AuthenticationMiddlewareTests {
    let staff = MiddlewareTesting.principal(.staff)
    var middleware: AuthenticationMiddleware {
        AuthenticationMiddleware(authenticator: StubAuthenticator(principal: staff), timeZone: { _ in .gmt })
    }
    let routes = [
        MiddlewareTesting.route(.get, "/open"),
        MiddlewareTesting.route(.get, "/staffs", access: .roles([.staff])),
        MiddlewareTesting.route(.get, "/admins", access: .roles([.admin])),
    ]

    private func status(_ target: String, _ headers: HTTPHeaders = [:], next: StubNext = StubNext()) async throws -> Int
    {
        let context = try MiddlewareTesting.context(.get, target, routes: routes, headers: headers)
        do {
            return try await middleware.respond(to: context, next: next.responder).status.code
        } catch let error as APIError {
            return error.status
        }
    }

    @Test func openRoutesNeedNoToken() async throws {
        let next = StubNext()
        #expect(try await status("/open", next: next) == 200)
        #expect(next.seen.value.first?.principal == nil)
    }

    @Test func aMissingOrUnknownTokenIs401() async throws {
        let next = StubNext()
        #expect(try await status("/staffs", next: next) == 401)
        #expect(try await status("/staffs", ["Authorization": "Bearer \(unknown)"], next: next) == 401)
        #expect(try await status("/staffs", ["Authorization": "Basic \(good)"], next: next) == 401)
        #expect(next.calls == 0)
    }

    @Test func aRoleTheRouteDoesNotLetInIs403() async throws {
        let next = StubNext()
        #expect(try await status("/admins", ["Authorization": "Bearer \(good)"], next: next) == 403)
        #expect(next.calls == 0)
    }

    @Test func theCallerGoesOnInTheContextAndToTheLog() async throws {
        let next = StubNext()
        let context = try MiddlewareTesting.context(
            .get, "/staffs", routes: routes, headers: ["Authorization": "Bearer \(good)"])
        _ = try await middleware.respond(to: context, next: next.responder)
        #expect(next.seen.value.first?.principal == staff)
        // The outer middlewares hold the context they passed in: they see the caller through the shared box.
        #expect(context.caller.value == staff)
    }
}
