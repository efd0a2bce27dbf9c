import Testing

@testable import ClinicHTTP
@testable import ClinicSupport

@Suite struct HTTPRequestParserTests {
    /// Feeds `text` in pieces of `step` bytes and collects the requests; rethrows the first parse error.
    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits(), step: Int = .max) throws(HTTPParseError)
        -> [HTTPRequest]
    {
        var parser = HTTPRequestParser(limits: limits)
        var requests: [HTTPRequest] = []
        let bytes = Array(text.utf8)
        var offset = 0
        repeat {
            let end = offset + min(step, bytes.count - offset)
            parser.append(Array(bytes[offset..<end]))
            offset = end
            while let event = try parser.next() {
                if case .request(let request) = event { requests.append(request) }
            }
        } while offset < bytes.count
        return requests
    }

    static func error(_ text: String, limits: HTTPLimits = HTTPLimits(), step: Int = .max) -> HTTPParseError? {
        do {
            _ = try parse(text, limits: limits, step: step)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [1, 3, 7, 1000])
    func parsesAHeadSplitAnywhere(step: Int) throws {
        let requests = try Self.parse(
            "GET /v1/residents?q=a+b HTTP/1.1\r\nHost: clinic\r\nAccept:  application/json \r\n"
                + "X-Request-Id: r1\r\n\r\n",
            step: step)
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.method == .get)
        #expect(request.target == "/v1/residents?q=a+b")
        #expect(request.path == "/v1/residents")
        #expect(request.query["q"] == "a b")
        #expect(request.version == .http1_1)
        #expect(request.headers["accept"] == "application/json")
        #expect(request.requestId == "r1")
        #expect(request.body.isEmpty)
    }

    @Test func acceptsBareLineFeedsAndLeadingEmptyLines() throws {
        let requests = try Self.parse("\r\n\r\nGET / HTTP/1.1\nHost: x\n\n")
        #expect(requests.count == 1)
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let text = (1...3).map { "GET /\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
        #expect(try Self.parse(text).map(\.path) == ["/1", "/2", "/3"])
        #expect(try Self.parse(text, step: 5).map(\.path) == ["/1", "/2", "/3"])
    }

    @Test(arguments: [1, 4, 1000])
    func contentLengthBody(step: Int) throws {
        let text =
            "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello worldGET /y HTTP/1.1\r\nHost: x\r\n\r\n"
        let requests = try Self.parse(text, step: step)
        #expect(requests.map(\.path) == ["/x", "/y"])
        #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world")
    }

    @Test(arguments: [1, 2, 5, 1000])
    func chunkedBody(step: Int) throws {
        let text =
            "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: yes\r\n\r\n"
            + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        let requests = try Self.parse(text, step: step)
        #expect(requests.map(\.path) == ["/x", "/next"])
        #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello 0123456789")
    }

    @Test func http10NeedsNoHostAndClosesByDefault() throws {
        let request = try #require(try Self.parse("GET / HTTP/1.0\r\n\r\n").first)
        #expect(request.version == .http1_0)
        #expect(!request.keepAlive)
    }

    @Test func unknownMethodIsParsedForTheRouterToRefuse() throws {
        #expect(try Self.parse("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n").first?.method.rawValue == "BREW")
    }

    @Test func expectContinueIsAnnouncedBeforeTheBody() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits())
        parser.append(Array("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .sendContinue = try parser.next() else {
            Issue.record("expected sendContinue")
            return
        }
        #expect(try parser.next() == nil)
        parser.append(Array("hi".utf8))
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Array("hi".utf8))
    }

    @Test func phasesFollowTheBytes() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits())
        #expect(parser.phase == .idle)
        parser.append(Array("POST /x HTTP/1.1\r\nHo".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.phase == .head)
        parser.append(Array("st: x\r\nContent-Length: 3\r\n\r\na".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.phase == .body)
        parser.append(Array("bc".utf8))
        #expect(try parser.next() != nil)
        #expect(parser.phase == .idle)
    }

    // MARK: Limits

    @Test(arguments: [1, 1000, 100_000])
    func longRequestLineIs414(step: Int) {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 64
        let long = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(Self.error(long, limits: limits, step: step)?.status == .uriTooLong)
        // Refused before the line ends: no newline needed.
        #expect(Self.error("GET /" + String(repeating: "a", count: 100), limits: limits)?.status == .uriTooLong)
        #expect(
            Self.error("GET /" + String(repeating: "a", count: 50) + " HTTP/1.1\r\nHost: x\r\n\r\n", limits: limits)
                == nil)
    }

    @Test func defaultRequestLineLimitIs8KiB() {
        let target = "/" + String(repeating: "a", count: 8 * 1024)
        #expect(Self.error("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")?.status == .uriTooLong)
        #expect(Self.error("GET /\(String(repeating: "a", count: 8000)) HTTP/1.1\r\nHost: x\r\n\r\n") == nil)
    }

    @Test func tooManyHeaderBytesIs431() {
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 17 * 1024) + "\r\n\r\n"
        #expect(Self.error(big)?.status == .requestHeaderFieldsTooLarge)
        // Refused while still arriving, before the header ends.
        let partial = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 17 * 1024)
        #expect(Self.error(partial, step: 4096)?.status == .requestHeaderFieldsTooLarge)
        let fits = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 15 * 1024) + "\r\n\r\n"
        #expect(Self.error(fits) == nil)
    }

    @Test func tooManyHeaderFieldsIs431() {
        let fields = (0..<101).map { "X-\($0): v\r\n" }.joined()
        #expect(Self.error("GET / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")?.status == .requestHeaderFieldsTooLarge)
        let fewer = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(Self.error("GET / HTTP/1.1\r\nHost: x\r\n" + fewer + "\r\n") == nil)
    }

    @Test func bodyOverTheLimitIs413BeforeItArrives() {
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")?.status == .contentTooLarge)
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", limits: limits)?.status
                == .contentTooLarge)
        #expect(Self.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits) == nil)
    }

    @Test func chunkedBodyOverTheLimitIs413() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n"
        #expect(Self.error(text, limits: limits)?.status == .contentTooLarge)
        let huge = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n"
        #expect(Self.error(huge, limits: limits)?.status == .contentTooLarge)
    }

    @Test func perRouteBodyLimit() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        // The hook sees the raw path, as the router does.
        limits.decideHead = { request in
            HeadDecision(bodyLimit: request.method == .post && request.rawPath == "/v1/im%70orts" ? 100 : nil)
        }
        #expect(
            Self.error(
                "POST /v1/im%70orts HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n"
                    + String(repeating: "a", count: 50), limits: limits) == nil)
        #expect(
            Self.error("POST /v1/other HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n", limits: limits)?.status
                == .contentTooLarge)
        #expect(
            Self.error("POST /v1/im%70orts HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", limits: limits)?.status
                == .contentTooLarge)
    }

    /// The head is decided once per request, body or not, and the decision travels with the request, so whoever
    /// handles it need not route it again.
    @Test func headDecisionIsMadeOnceAndCarriedWithTheRequest() throws {
        let asked = LockedValue<[String]>([])
        var limits = HTTPLimits()
        limits.decideHead = { request in
            asked.withValue { $0.append("\(request.method) \(request.rawPath)") }
            return HeadDecision(value: "decided " + request.rawPath)
        }
        let requests = try Self.parse(
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx", limits: limits)
        #expect(asked.value == ["GET /a", "POST /b", "POST /c"])
        #expect(requests.map { $0.headDecision as? String } == ["decided /a", "decided /b", "decided /c"])
    }

    // MARK: Malformed

    @Test(arguments: [
        "GET\r\n\r\n",
        "GET /\r\nHost: x\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.x\r\nHost: x\r\n\r\n",
        "GET / http/1.1\r\nHost: x\r\n\r\n",
        "GET relative HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /?q=%G1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nNo-Colon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nName : v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 3\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2x\r\nab\r\n",
    ])
    func malformedRequestsAre400(text: String) {
        #expect(Self.error(text)?.status == .badRequest, "\(text.debugDescription)")
        #expect(Self.error(text, step: 1)?.status == .badRequest, "\(text.debugDescription) byte by byte")
    }

    @Test func sameContentLengthTwiceIsAccepted() throws {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"
        #expect(try Self.parse(text).first?.body == Array("ok".utf8))
    }

    @Test func unsupportedTransferEncodingIs501() {
        #expect(Self.error("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")?.status == .notImplemented)
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.status
                == .notImplemented)
    }

    @Test func otherVersionsAre505() {
        #expect(Self.error("GET / HTTP/2.0\r\nHost: x\r\n\r\n")?.status == .httpVersionNotSupported)
    }

    @Test func unknownExpectationIs417() {
        #expect(
            Self.error("POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n")?.status.code == 417)
    }

    @Test func invalidRequestIdIsReplaced() throws {
        let request = try #require(try Self.parse("GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: a b\r\n\r\n").first)
        #expect(request.requestId != "a b")
        #expect(!request.requestId.isEmpty)
    }
}
