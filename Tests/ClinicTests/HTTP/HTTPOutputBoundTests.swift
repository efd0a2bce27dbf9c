import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 16, item 7: a client that pipelines requests for large answers and reads them slowly must not make the
/// server queue answer after answer, and one that reads a trickle is cut off by the write timeout.
extension OneAtATime {
    @Suite struct HTTPOutputBoundTests {
        /// About the size of `GET /openapi.json`.
        static let answer = [UInt8](repeating: UInt8(ascii: "o"), count: 100 * 1024)

        @Test func pipelinedLargeAnswersToASlowReaderStayBounded() async throws {
            let server = try startTestServer { _ in HTTPResponse(status: .ok, body: .bytes(Self.answer)) }
            let port = server.port
            let count = 200  // 20 MB of answers if the server queued them all
            let responses = try await offPool {
                let client = try RawHTTPClient(port: port, receiveBufferBytes: 2048)
                var batch = ""
                for index in 0..<count {
                    batch += "GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Request-Id: p-\(index)\r\n\r\n"
                }
                try client.send(batch)
                Thread.sleep(forTimeInterval: 1)  // reading nothing: the server must stop answering, not buffer 20 MB
                return try (0..<count).map { _ in try client.readResponse() }
            }
            // The high-water mark on unsent output, plus one answer and the pipelined requests: far below 20 MB.
            #expect(server.largestConnectionBuffer < 1024 * 1024)
            // Holding back changes nothing for the client: every answer, whole and in order, on one connection.
            #expect(responses.allSatisfy { $0.status == 200 && $0.body.count == Self.answer.count })
            #expect(responses.map { $0.header("X-Request-Id") } == (0..<count).map { "p-\($0)" })
            await server.shutdown(gracePeriod: .seconds(1))
        }

        @Test func trickleReaderIsCutOffByTheWriteTimeout() async throws {
            var limits = HTTPLimits()
            limits.writeTimeout = .seconds(2)
            limits.minWriteProgressBytes = 16 * 1024 * 1024
            let size = 32 * 1024 * 1024
            let body = [UInt8](repeating: 0x61, count: size)
            let server = try startTestServer(limits: limits) { _ in HTTPResponse(status: .ok, body: .bytes(body)) }
            let port = server.port
            let (openAfterTrickle, received) = try await offPool {
                let client = try RawHTTPClient(port: port, receiveBufferBytes: 256 * 1024)
                try client.send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                // At most 3.2 MB/s for 4 s: progress often enough for a timeout that asked for any progress at all (the
                // kernel's send buffer frees room every second or so), but far less than 16 MB in 2 s.
                var received = 0
                let deadline = Date() + 4
                while Date() < deadline {
                    guard let count = try client.receiveSome(upTo: 64 * 1024) else { break }
                    received += count
                    Thread.sleep(forTimeInterval: 0.02)
                }
                let open = server.openConnections
                // What the kernel still held is delivered, then the end: not the whole answer.
                return (open, received + (try client.readToEnd().count))
            }
            #expect(openAfterTrickle == 0)
            #expect(received < size)
            await server.shutdown(gracePeriod: .seconds(1))
        }
    }
}
