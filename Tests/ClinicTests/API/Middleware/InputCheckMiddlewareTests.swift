import Testing

@testable import Clinic
@testable import ClinicHTTP

struct InputCheckMiddlewareTests {
    let routes = [
        MiddlewareTesting.route(
            .post, "/things", query: [QueryParameter("n", .integer(minimum: 1, maximum: 5), "n")],
            requestBody: .object(["name": .string(minLength: 1, maxLength: 3)], required: ["name"]))
    ]

    private func status(_ target: String, body: String) async throws -> (Int, StubNext) {
        let next = StubNext()
        let context = try MiddlewareTesting.context(
            .post, target, routes: routes, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        do {
            return (try await InputCheckMiddleware().respond(to: context, next: next.responder).status.code, next)
        } catch let error as APIError {
            return (error.status, next)
        }
    }

    @Test func inputTheRouteTakesGoesOn() async throws {
        let (status, next) = try await status("/things?n=2", body: #"{"name":"ab"}"#)
        #expect(status == 200 && next.calls == 1)
    }

    @Test func aBodyThatIsNotStreamSafeIs400() async throws {
        let marks = String(repeating: "\u{0301}", count: 31)
        let (status, next) = try await status("/things", body: "{\"name\":\"a\(marks)\"}")
        #expect(status == 400 && next.calls == 0)
    }

    @Test func aQueryParameterOffTheSchemaIs400() async throws {
        let (status, next) = try await status("/things?n=9", body: #"{"name":"ab"}"#)
        #expect(status == 400 && next.calls == 0)
    }

    @Test func aBodyValueOutOfBoundsIs422() async throws {
        let (status, next) = try await status("/things", body: #"{"name":"abcdef"}"#)
        #expect(status == 422 && next.calls == 0)
    }
}
