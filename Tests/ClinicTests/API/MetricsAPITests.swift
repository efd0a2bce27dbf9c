import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

/// Issue 16, item 4: whatever methods and paths clients invent, `/metrics` keeps a bounded set of series.
@Suite struct MetricsAPITests {
    /// The `clinic_http_requests_total` lines of a scrape.
    static func requestSeries(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("clinic_http_requests_total{") }
    }

    @Test func unknownMethodsAreCountedAsOther() {
        let metrics = Metrics()
        for index in 0..<50 {
            metrics.recordRequest(route: "unmatched", method: "Z\(index)QX", status: 404, duration: .milliseconds(1))
        }
        metrics.recordRequest(route: "/healthz", method: "GET", status: 200, duration: .milliseconds(1))
        #expect(
            Self.requestSeries(metrics.render()) == [
                #"clinic_http_requests_total{route="/healthz",method="GET",status="200"} 1"#,
                #"clinic_http_requests_total{route="unmatched",method="other",status="404"} 50"#,
            ])
    }

    @Test func inventedMethodsOnMissingPathsDoNotGrowTheScrape() async throws {
        let app = try await TestApp.forSuite()
        let port = app.server.port
        let statuses = try await offPool {
            let client = try RawHTTPClient(port: port)
            return try (0..<50).map { index in
                try client.send("Z\(index)QX /no/such/path/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                return try client.readResponse().status
            }
        }
        #expect(statuses == Array(repeating: 404, count: 50))
        let scrape = try await app.anonymous.get("/metrics")
        let series = Self.requestSeries(scrape.text)
        #expect(!series.contains { $0.contains("QX") || $0.contains("/no/such") })
        #expect(series.contains(#"clinic_http_requests_total{route="unmatched",method="other",status="404"} 50"#))
    }
}
