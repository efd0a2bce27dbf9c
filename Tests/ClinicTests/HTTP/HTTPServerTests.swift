import Foundation
import Testing

@testable import Clinic

@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let responses = try await offPool {
            let client = try RawHTTPClient(port: port)
            var responses: [RawHTTPClient.Response] = []
            for path in ["/a", "/b", "/c%20d"] {
                try client.send("GET \(path) HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-\(responses.count)\r\n\r\n")
                responses.append(try client.readResponse())
            }
            return responses
        }
        #expect(responses.map(\.status) == [200, 200, 200])
        #expect(responses.map { $0.header("X-Path") } == ["/a", "/b", "/c d"])
        #expect(responses.map { $0.header("X-Request-Id") } == ["req-0", "req-1", "req-2"])
        #expect(responses.allSatisfy { $0.header("Date") != nil && $0.header("Content-Length") == "2" })
        #expect(responses.allSatisfy { $0.header("Connection") == nil })
        await server.shutdown(gracePeriod: .seconds(1))
    }
}
