import Testing

@testable import Clinic
@testable import ClinicHTTP

struct MetricsMiddlewareTests {
    @Test func countsByRoutePatternMethodAndStatus() async throws {
        let metrics = Metrics()
        let routes = [MiddlewareTesting.route(.get, "/v1/things/{id}")]
        let routed = try MiddlewareTesting.context(.get, "/v1/things/quartz", routes: routes)
        let unmatched = try MiddlewareTesting.context(.get, "/nowhere/456", routes: routes)
        _ = try await MetricsMiddleware(metrics: metrics).respond(to: routed, next: StubNext().responder)
        _ = try await MetricsMiddleware(metrics: metrics).respond(
            to: unmatched, next: StubNext(status: .notFound).responder)
        let text = metrics.render()
        #expect(text.contains(#"clinic_http_requests_total{route="/v1/things/{id}",method="GET",status="200"} 1"#))
        #expect(text.contains(#"clinic_http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
        // Never the raw path: its ids would make a series each. (A word, not digits: timings are numbers too.)
        #expect(!text.contains("quartz") && !text.contains("nowhere"))
    }
}
