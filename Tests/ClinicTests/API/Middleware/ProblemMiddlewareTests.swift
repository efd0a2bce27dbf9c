import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

struct ProblemMiddlewareTests {
    @Test func anAnswerPassesThrough() async throws {
        let context = try MiddlewareTesting.context(.get, "/x", routes: [])
        let response = try await ProblemMiddleware().respond(to: context, next: StubNext().responder)
        #expect(response.status == .ok)
    }

    @Test func anErrorBecomesProblemJSONWithTheRequestId() async throws {
        let context = try MiddlewareTesting.context(.get, "/x", routes: [], headers: ["X-Request-Id": "desk-7"])
        let response = try await ProblemMiddleware().respond(to: context) { _ in
            throw APIError(status: 409, title: "Conflict", detail: "taken", headers: ["Retry-After": "3"])
        }
        #expect(response.status.code == 409)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.headers["Retry-After"] == "3")
        let body = try #require(response.body.fixedBytes)
        let problem = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(problem["status"] as? Int == 409 && problem["detail"] as? String == "taken")
        #expect(problem["instance"] as? String == "urn:clinic:request:desk-7")
    }

    @Test func anUnknownErrorIs500WithoutItsText() async throws {
        struct Secret: Error {}
        let context = try MiddlewareTesting.context(.get, "/x", routes: [])
        let response = try await ProblemMiddleware().respond(to: context) { _ in throw Secret() }
        #expect(response.status.code == 500)
        let text = String(decoding: try #require(response.body.fixedBytes), as: UTF8.self)
        #expect(!text.contains("Secret"))
    }
}
