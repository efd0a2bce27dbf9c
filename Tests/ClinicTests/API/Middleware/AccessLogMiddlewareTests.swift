import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP

struct AccessLogMiddlewareTests {
    let routes = [MiddlewareTesting.route(.get, "/v1/things/{id}")]
    let ok = HTTPResponse(status: .ok, contentType: "text/plain", body: Array("secret body".utf8))

    @Test func theLineNamesThePatternStatusAndCallerNeverThePathOrBody() throws {
        let context = try MiddlewareTesting.context(
            .get, "/v1/things/quartz?q=Name", routes: routes,
            headers: ["Authorization": "Bearer tok", "X-Request-Id": "r-1"])
        let caller = MiddlewareTesting.principal(.staff)
        context.caller.value = caller
        let fields = AccessLogMiddleware.fields(context, ok, elapsed: .milliseconds(12))
        #expect(fields["route"] == "/v1/things/{id}" && fields["method"] == "GET" && fields["status"] == "200")
        #expect(fields["durationMs"] == "12.0" && fields["requestId"] == "r-1")
        #expect(fields["userId"] == caller.userId.uuidString)
        #expect(fields["serverRequestId"] == context.request.serverRequestId)
        // Words no hex id (the caller's, the server's request id) can hold, so a random id never fails the test.
        let line = fields.values.joined(separator: " ")
        #expect(!line.contains("quartz") && !line.contains("Name") && !line.contains("tok") && !line.contains("secret"))
    }

    @Test func anAnonymousUnmatchedRequestWithTheServersId() throws {
        let context = try MiddlewareTesting.context(.get, "/nowhere", routes: routes)
        let fields = AccessLogMiddleware.fields(context, ok, elapsed: .zero)
        #expect(fields["route"] == "unmatched" && fields["userId"] == nil && fields["serverRequestId"] == nil)
    }

    @Test func theAnswerPassesThrough() async throws {
        let context = try MiddlewareTesting.context(.get, "/nowhere", routes: routes)
        let next = StubNext(status: .notFound)
        let response = try await AccessLogMiddleware().respond(to: context, next: next.responder)
        #expect(response.status == .notFound && next.calls == 1)
    }
}
