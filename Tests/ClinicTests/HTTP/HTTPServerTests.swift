import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP
@testable import ClinicSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The server over real sockets on port 0. Timeouts are configured short so the suite stays fast.
@Suite struct HTTPServerTests {
    static func shortLimits() -> HTTPLimits {
        var limits = HTTPLimits()
        limits.headerReadTimeout = .milliseconds(300)
        limits.bodyReadTimeout = .milliseconds(300)
        limits.idleTimeout = .milliseconds(300)
        limits.lingerTimeout = .milliseconds(300)
        return limits
    }

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

    @Test func generatedRequestIdWhenNoneOrInvalid() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let (first, second) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: \u{1}\r\n\r\n")
            return (try client.readResponse(), try client.readResponse())
        }
        #expect(first.header("X-Request-Id")?.isEmpty == false)
        #expect(second.header("X-Request-Id")?.isEmpty == false)
        #expect(first.header("X-Request-Id") != second.header("X-Request-Id"))
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func connectionCloseIsHonoured() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let (response, closed) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return (try client.readResponse(), try client.isClosedByServer())
        }
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(closed)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let (plain, plainClosed, kept, keptAgain) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.0\r\n\r\n")
            let plain = try client.readResponse()
            let plainClosed = try client.isClosedByServer()
            let keeping = try RawHTTPClient(port: port)
            try keeping.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let kept = try keeping.readResponse()
            try keeping.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            return (plain, plainClosed, kept, try keeping.readResponse())
        }
        #expect(plain.status == 200 && plain.bodyText == "ok")
        #expect(plainClosed)
        #expect(kept.header("Connection") == "keep-alive")
        #expect(keptAgain.status == 200)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let server = try startTestServer { request in
            // The first request is the slowest: answers must still come back in request order.
            let delay = Int(request.query["delay"] ?? "0") ?? 0
            try? await Task.sleep(for: .milliseconds(delay))
            return HTTPResponse(status: .ok, contentType: "text/plain", body: Array(request.path.utf8))
        }
        let port = server.port
        let bodies = try await offPool {
            let client = try RawHTTPClient(port: port)
            let requests = [("/1", 150), ("/2", 0), ("/3", 50), ("/4", 0)]
                .map { "GET \($0.0)?delay=\($0.1) HTTP/1.1\r\nHost: x\r\n\r\n" }
            try client.send(requests.joined())
            return try (0..<4).map { _ in try client.readResponse().bodyText }
        }
        #expect(bodies == ["/1", "/2", "/3", "/4"])
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func halfClosedClientGetsEveryPipelinedAnswer() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let raw = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
            client.shutdownWrite()
            return String(decoding: try client.readToEnd(), as: UTF8.self)
        }
        #expect(raw.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        #expect(raw.contains("X-Path: /1") && raw.contains("X-Path: /2"))
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func requestBodiesByLengthAndChunked() async throws {
        let server = try startTestServer { request in
            HTTPResponse(status: .created, contentType: "application/octet-stream", body: request.body.reversed())
        }
        let port = server.port
        let (fixed, chunked, expect) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab")
            Thread.sleep(forTimeInterval: 0.05)
            try client.send("cde")
            let fixed = try client.readResponse()
            try client.send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
            Thread.sleep(forTimeInterval: 0.05)
            try client.send("2;x=y\r\nde\r\n0\r\n\r\n")
            let chunked = try client.readResponse()
            try client.send("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
            let interim = try client.readResponse()
            try client.send("hi")
            let final = try client.readResponse()
            return (fixed, chunked, (interim.status, final.bodyText))
        }
        #expect(fixed.status == 201 && fixed.bodyText == "edcba")
        #expect(chunked.status == 201 && chunked.bodyText == "edcba")
        #expect(expect.0 == 100 && expect.1 == "ih")
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func bodiesUpToTheLimitArriveWhole() async throws {
        let server = try startTestServer { request in
            var sum = 0
            for byte in request.body { sum = (sum &* 31) &+ Int(byte) }
            return HTTPResponse(status: .ok, headers: ["X-Length": "\(request.body.count)", "X-Sum": "\(sum)"])
        }
        let port = server.port
        let body = (0..<(1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var expectedSum = 0
        for byte in body { expectedSum = (expectedSum &* 31) &+ Int(byte) }
        let (fixed, chunked) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n")
            try client.send(body)
            let fixed = try client.readResponse()
            try client.send("PUT /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            var offset = 0
            while offset < body.count {
                let size = min(70_000, body.count - offset)
                try client.send(
                    Array(String(size, radix: 16).utf8) + [13, 10] + body[offset..<(offset + size)] + [13, 10])
                offset += size
            }
            try client.send("0\r\n\r\n")
            return (fixed, try client.readResponse())
        }
        for response in [fixed, chunked] {
            #expect(response.status == 200)
            #expect(response.header("X-Length") == "\(body.count)")
            #expect(response.header("X-Sum") == "\(expectedSum)")
        }
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func headGetsHeadersWithoutBody() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let (head, next) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n")
            return (try client.readResponse(head: true), try client.readResponse())
        }
        #expect(head.status == 200 && head.header("Content-Length") == "2")
        #expect(next.header("X-Path") == "/after" && next.bodyText == "ok")
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func noContentHasNoLength() async throws {
        let server = try startTestServer { _ in HTTPResponse(status: .noContent) }
        let port = server.port
        let (first, second) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\nDELETE /y HTTP/1.1\r\nHost: x\r\n\r\n")
            return (try client.readResponse(), try client.readResponse())
        }
        #expect(first.status == 204 && first.header("Content-Length") == nil)
        #expect(second.status == 204)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func streamedResponsesAreChunkedOn11AndCloseDelimitedOn10() async throws {
        let server = try startTestServer { _ in
            HTTPResponse(
                status: .ok, headers: ["Content-Type": "text/csv"],
                body: .stream { writer in
                    for row in 0..<100 {
                        try await writer.write("row \(row)\r\n")
                    }
                })
        }
        let port = server.port
        let expected = (0..<100).map { "row \($0)\r\n" }.joined()
        let (chunked, afterwards, old, oldClosed) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET /export HTTP/1.1\r\nHost: x\r\n\r\n")
            let chunked = try client.readResponse()
            try client.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
            let afterwards = try client.readResponse()
            let legacy = try RawHTTPClient(port: port)
            try legacy.send("GET /export HTTP/1.0\r\n\r\n")
            let old = try legacy.readResponse()
            return (chunked, afterwards, old, try legacy.isClosedByServer())
        }
        #expect(chunked.header("Transfer-Encoding") == "chunked" && chunked.header("Content-Length") == nil)
        #expect(chunked.bodyText == expected)
        #expect(afterwards.bodyText == expected)
        #expect(old.header("Transfer-Encoding") == nil && old.header("Connection") == "close")
        #expect(old.bodyText == expected)
        #expect(oldClosed)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func streamIsBackPressuredAndStopsWhenTheClientGoes() async throws {
        let outcome = LockedValue<String?>(nil)
        let written = LockedValue(0)
        let server = try startTestServer { _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    let row = [UInt8](repeating: UInt8(ascii: "x"), count: 16 * 1024)
                    do {
                        for _ in 0..<100_000 {  // 1.6 GB if nothing held it back
                            try await writer.write(row)
                            written.withValue { $0 += row.count }
                        }
                        outcome.value = "finished"
                    } catch {
                        outcome.value = "\(type(of: error))"
                        throw error
                    }
                })
        }
        let port = server.port
        let writtenWhileStalled = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET /export HTTP/1.1\r\nHost: x\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.3)  // not reading: the producer must wait, not buffer
            return written.value
        }
        for _ in 0..<100 where outcome.value == nil { try await Task.sleep(for: .milliseconds(20)) }
        // Socket buffers on both sides plus the server's queue bound: far below the 1.6 GB on offer.
        #expect(writtenWhileStalled < 64 * 1024 * 1024)
        #expect(outcome.value == "ClientGone")
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func clientThatStopsReadingIsCutOffAfterTheWriteTimeout() async throws {
        var limits = HTTPLimits()
        limits.writeTimeout = .milliseconds(300)
        let size = 32 * 1024 * 1024  // far more than the socket buffers on both sides hold
        let body = [UInt8](repeating: 0x61, count: size)
        let handed = LockedValue(false)
        let server = try startTestServer(limits: limits, onResponse: { _, _, _ in handed.value = true }) { _ in
            HTTPResponse(status: .ok, body: .bytes(body))
        }
        let port = server.port
        let received = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            for _ in 0..<500 where !handed.value { Thread.sleep(forTimeInterval: 0.01) }
            Thread.sleep(forTimeInterval: 1.2)  // not reading, well past the write timeout
            return try client.readToEnd().count
        }
        #expect(received < size)
        #expect(server.openConnections == 0)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func failingStreamCutsTheConnection() async throws {
        struct Boom: Error {}
        let server = try startTestServer { _ in
            HTTPResponse(
                status: .ok,
                body: .stream { writer in
                    try await writer.write("partial")
                    throw Boom()
                })
        }
        let port = server.port
        let raw = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return String(decoding: try client.readToEnd(), as: UTF8.self)
        }
        #expect(raw.contains("7\r\npartial\r\n"))
        #expect(!raw.hasSuffix("0\r\n\r\n"))
        await server.shutdown(gracePeriod: .seconds(1))
    }

    // MARK: Errors the server answers itself

    @Test func malformedRequestGets400ProblemAndClose() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let (response, closed) = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n")
            return (try client.readResponse(), try client.isClosedByServer())
        }
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.header("Connection") == "close")
        #expect(response.header("X-Request-Id") != nil && response.header("Date") != nil)
        let problem = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(problem?["type"] as? String == "about:blank")
        #expect(problem?["status"] as? Int == 400)
        #expect(problem?["title"] as? String == "Bad Request")
        #expect((problem?["detail"] as? String)?.isEmpty == false)
        #expect(closed)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func limitsAnswer414And431And413() async throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 1000
        let server = try startTestServer(limits: limits, handler: echoHandler)
        let port = server.port
        let answers = try await offPool {
            var answers: [RawHTTPClient.Response] = []
            let long = try RawHTTPClient(port: port)
            try long.send("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
            answers.append(try long.readResponse())
            let fields = try RawHTTPClient(port: port)
            try fields.send("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<150).map { "X-\($0): 1\r\n" }.joined() + "\r\n")
            answers.append(try fields.readResponse())
            // 413 comes back at once although the client has not sent (and never sends) the body.
            let body = try RawHTTPClient(port: port)
            try body.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n")
            answers.append(try body.readResponse())
            return answers
        }
        #expect(answers.map(\.status) == [414, 431, 413])
        // Answered before any route, for a console page as for the API: nothing to run, frame, sniff or cache.
        for answer in answers {
            #expect(answer.header("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'")
            #expect(answer.header("X-Content-Type-Options") == "nosniff")
            #expect(answer.header("Cache-Control") == "no-store")
        }
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func payloadTooLargeIsReadableWhileTheClientKeepsSending() async throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 100
        let server = try startTestServer(limits: limits, handler: echoHandler)
        let port = server.port
        let status = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n")
            // The server has answered and lingers, reading and discarding, so this does not reset.
            try? client.send([UInt8](repeating: 0x61, count: 200_000))
            return try client.readResponse().status
        }
        #expect(status == 413)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func unsupportedTransferEncodingIs501() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let status = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
            return try client.readResponse().status
        }
        #expect(status == 501)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    // MARK: Timeouts

    @Test func slowHeaderGets408() async throws {
        let server = try startTestServer(limits: Self.shortLimits(), handler: echoHandler)
        let port = server.port
        let (response, closed, elapsed) = try await offPool {
            let client = try RawHTTPClient(port: port)
            let start = Date()
            try client.send("GET / HTTP/1.1\r\nHo")
            let response = try client.readResponse()
            return (response, try client.isClosedByServer(), Date().timeIntervalSince(start))
        }
        #expect(response.status == 408)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(closed)
        #expect(elapsed >= 0.25 && elapsed < 20)  // the server's timeout fired (the client would throw)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func slowBodyGets408() async throws {
        let server = try startTestServer(limits: Self.shortLimits(), handler: echoHandler)
        let port = server.port
        let status = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            return try client.readResponse().status
        }
        #expect(status == 408)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func idleConnectionsCloseSilently() async throws {
        let server = try startTestServer(limits: Self.shortLimits(), handler: echoHandler)
        let port = server.port
        let (fresh, afterRequest) = try await offPool {
            let fresh = try RawHTTPClient(port: port)
            let freshClosed = try fresh.isClosedByServer()
            let used = try RawHTTPClient(port: port)
            try used.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try used.readResponse()
            return (freshClosed, try used.isClosedByServer())
        }
        #expect(fresh)
        #expect(afterRequest)
        #expect(server.openConnections == 0)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func slowClientsDoNotStarveFastOnes() async throws {
        let server = try startTestServer(handler: echoHandler)
        let port = server.port
        let elapsed = try await offPool {
            // Fifty clients trickling headers (slowloris) ...
            let slow = try (0..<50).map { _ in try RawHTTPClient(port: port) }
            for client in slow { try client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ") }
            // ... and a fast client is still answered at once.
            let fast = try RawHTTPClient(port: port)
            let start = Date()
            for _ in 0..<20 {
                try fast.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                _ = try fast.readResponse()
            }
            withExtendedLifetime(slow) {}
            return Date().timeIntervalSince(start)
        }
        // Generous for a loaded machine: a starved client would wait for the 10 s header timeout of the others.
        #expect(elapsed < 8)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func slowHandlersDoNotBlockOtherConnections() async throws {
        // Slow handlers hold until the fast request has been answered (or 5 s pass): if they blocked anything,
        // the fast answer would only come after them.
        let released = LockedValue(false)
        let server = try startTestServer { request in
            if request.path == "/slow" {
                for _ in 0..<500 where !released.value { try? await Task.sleep(for: .milliseconds(10)) }
                return HTTPResponse(status: .ok, headers: ["X-Released": released.value ? "yes" : "no"])
            }
            return HTTPResponse(status: .ok)
        }
        let port = server.port
        let slowAnswers = try await offPool {
            let slow = try (0..<8).map { _ in try RawHTTPClient(port: port) }
            for client in slow { try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n") }
            let fast = try RawHTTPClient(port: port)
            try fast.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try fast.readResponse()
            released.value = true
            return try slow.map { try $0.readResponse().header("X-Released") }
        }
        #expect(slowAnswers == Array(repeating: "yes", count: 8))
        await server.shutdown(gracePeriod: .seconds(1))
    }

    // MARK: Connections and shutdown

    @Test func connectionsBeyondTheMaximumGet503() async throws {
        var limits = HTTPLimits()
        limits.maxConnections = 2
        limits.retryAfterSeconds = 3
        let server = try startTestServer(limits: limits, handler: echoHandler)
        let port = server.port
        let (rejected, closed, open, later) = try await offPool {
            let first = try RawHTTPClient(port: port)
            let second = try RawHTTPClient(port: port)
            for client in [first, second] {
                try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                _ = try client.readResponse()
            }
            let third = try RawHTTPClient(port: port)
            try third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let rejected = try third.readResponse()
            let closed = try third.isClosedByServer()
            let open = server.openConnections
            // A slot frees when a connection closes.
            withExtendedLifetime(first) {}
            first.disconnect()
            // The event loop notices the close on its next wake-up; under a loaded machine that can take a while.
            let deadline = Date().addingTimeInterval(15)
            while server.openConnections >= 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            let fourth = try RawHTTPClient(port: port)
            try fourth.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            withExtendedLifetime(second) {}
            return (rejected, closed, open, try fourth.readResponse().status)
        }
        #expect(rejected.status == 503)
        #expect(rejected.header("Retry-After") == "3")
        #expect(rejected.header("Content-Type") == "application/problem+json")
        #expect(closed)
        #expect(open == 2)
        #expect(later == 200)
        await server.shutdown(gracePeriod: .seconds(1))
    }

    /// Sockets must not leak into programs spawned meanwhile (tests start a watchdog shell and postgres; the app
    /// starts pg_ctl): an inherited copy keeps a connection open after its owner closes it, so the other side never
    /// sees the close and a connection slot is never freed.
    @Test func acceptedAndTestClientSocketsAreCloseOnExecAndNonBlocking() async throws {
        let (listener, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4)
        defer { close(listener) }
        let (serverFlags, clientFlags) = try await offPool {
            let client = try RawHTTPClient(port: port)
            var accepted: Int32 = -1
            for _ in 0..<500 where accepted < 0 {
                if let (fd, _) = Socket.accept(listener) { accepted = fd } else { Thread.sleep(forTimeInterval: 0.01) }
            }
            defer { if accepted >= 0 { close(accepted) } }
            guard accepted >= 0 else { throw TestFailure("no connection accepted") }
            return (
                (fcntl(accepted, F_GETFD), fcntl(accepted, F_GETFL)),
                withExtendedLifetime(client) { fcntl(client.fd, F_GETFD) }
            )
        }
        #expect(serverFlags.0 & FD_CLOEXEC != 0)
        #expect(serverFlags.1 & O_NONBLOCK != 0)
        #expect(clientFlags & FD_CLOEXEC != 0)
    }

    @Test func gracefulShutdownFinishesInFlightAndRefusesNew() async throws {
        let started = LockedValue(false)
        let server = try startTestServer { request in
            if request.path == "/slow" {
                started.value = true
                try? await Task.sleep(for: .milliseconds(500))
            }
            return HTTPResponse(status: .ok, contentType: "text/plain", body: Array("done".utf8))
        }
        let port = server.port
        let idle = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            return client
        }
        let slowResponse = Task {
            try await offPool {
                let client = try RawHTTPClient(port: port)
                try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
                return (try client.readResponse(), try client.isClosedByServer())
            }
        }
        for _ in 0..<100 where !started.value { try await Task.sleep(for: .milliseconds(10)) }
        let shutdownStart = ContinuousClock.now
        async let shutdown: Void = server.shutdown(gracePeriod: .seconds(5))
        try await Task.sleep(for: .milliseconds(100))
        let refused = await (try? offPool { try RawHTTPClient(port: port) }) == nil
        let idleClosed = try await offPool { try idle.isClosedByServer() }
        let (response, closedAfter) = try await slowResponse.value
        await shutdown
        let took = ContinuousClock.now - shutdownStart
        #expect(refused)
        #expect(idleClosed)
        #expect(response.status == 200 && response.bodyText == "done")
        #expect(response.header("Connection") == "close")
        #expect(closedAfter)
        #expect(took < .seconds(5))  // the grace period (1 s) bounds it, with room for a loaded machine
    }

    @Test func shutdownClosesWhatOutlivesTheGracePeriod() async throws {
        let server = try startTestServer { _ in
            try? await Task.sleep(for: .seconds(10))
            return HTTPResponse(status: .ok)
        }
        let port = server.port
        let client = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return client
        }
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        await server.shutdown(gracePeriod: .milliseconds(200))
        #expect(ContinuousClock.now - start < .seconds(8))  // the handler alone would take 10 s
        #expect(try await offPool { try client.isClosedByServer() })
    }

    @Test func onResponseReportsStatusAndRoute() async throws {
        let seen = LockedValue<[String]>([])
        let server = try startTestServer(onResponse: { request, status, duration in
            seen.withValue { $0.append("\(request.method) \(request.path) \(status.code)") }
            #expect(duration >= .zero)
        }) { _ in HTTPResponse(status: .notFound) }
        let port = server.port
        try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
        }
        for _ in 0..<50 where seen.value.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(seen.value == ["GET /nope 404"])
        await server.shutdown(gracePeriod: .seconds(1))
    }

    @Test func portZeroPicksAFreePortAndStartTwiceFails() async throws {
        let server = try startTestServer(handler: echoHandler)
        #expect(server.port > 0)
        #expect(throws: (any Error).self) { try server.start() }
        let other = try startTestServer(handler: echoHandler)
        #expect(other.port != server.port)
        await server.shutdown(gracePeriod: .zero)
        await other.shutdown(gracePeriod: .zero)
    }
}
