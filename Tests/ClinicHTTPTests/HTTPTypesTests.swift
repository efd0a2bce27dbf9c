import Testing

@testable import ClinicHTTP
@testable import ClinicSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct HTTPTypesTests {
    @Test func headersAreOrderedAndCaseInsensitive() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Set-Cookie": "a=1"]
        headers.add("set-cookie", "b=2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers.values("SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["X-Missing"] == nil)

        headers.replaceOrAdd("SET-COOKIE", "c=3")
        #expect(headers.values("set-cookie") == ["c=3"])
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie"])

        headers.replaceOrAdd("X-New", "1")
        #expect(headers.map(\.name).last == "X-New")
        headers.remove("content-type")
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 2)
    }

    @Test func caseInsensitiveComparisonOnlyFoldsLetters() {
        #expect(HTTPHeaders.equalsIgnoringCase("Content-Length", "content-length"))
        #expect(!HTTPHeaders.equalsIgnoringCase("a@", "a`"))  // 0x40 and 0x60 differ by the case bit only
        #expect(!HTTPHeaders.equalsIgnoringCase("abc", "abcd"))
    }

    @Test func connectionTokens() {
        let headers: HTTPHeaders = ["Connection": "Upgrade, Keep-Alive"]
        #expect(headers.listContains("connection", token: "keep-alive"))
        #expect(!headers.listContains("connection", token: "close"))
    }

    @Test func statusEqualityIsByCode() {
        #expect(HTTPStatus(code: 404, reasonPhrase: "Nope") == .notFound)
        #expect(HTTPStatus.contentTooLarge.reasonPhrase == "Content Too Large")
        #expect(HTTPStatus(code: 599).reasonPhrase == "Server Error")
        #expect(!HTTPStatus.noContent.allowsBody)
        #expect(HTTPStatus.ok.allowsBody)
    }

    @Test func queryFormDecoding() throws {
        let query = try QueryParameters(parsing: "q=Dr%C3%B6lma+Tso&flag=livesAlone&flag=emptyNest&&empty&x=a%2Bb=c")
        #expect(query["q"] == "Drölma Tso")
        #expect(query.all("flag") == ["livesAlone", "emptyNest"])
        #expect(query["empty"] == "")
        #expect(query["x"] == "a+b=c")
        #expect(query["missing"] == nil)
        #expect(query.map(\.name) == ["q", "flag", "flag", "empty", "x"])
    }

    @Test(arguments: ["q=%", "q=%2", "q=%zz", "q=%C3", "%ff=1", "q=%00"])
    func queryWithInvalidEscapeIsBadRequest(query: String) {
        #expect(throws: HTTPParseError.self) { try QueryParameters(parsing: query) }
        do {
            _ = try QueryParameters(parsing: query)
        } catch {
            #expect(error.status == .badRequest)
        }
    }

    @Test func requestSplitsTarget() throws {
        let request = try HTTPRequest(method: .get, target: "/v1/residents/a%20b?limit=5&q=x+y")
        #expect(request.path == "/v1/residents/a b")
        #expect(request.rawPath == "/v1/residents/a%20b")
        #expect(request.query["limit"] == "5")
        #expect(request.query["q"] == "x y")
        #expect(request.target == "/v1/residents/a%20b?limit=5&q=x+y")
        #expect(request.keepAlive)
        #expect(throws: HTTPParseError.self) { try HTTPRequest(method: .get, target: "/a%2") }
        #expect(throws: HTTPParseError.self) { try HTTPRequest(method: .get, target: "relative") }
        #expect(throws: HTTPParseError.self) { try HTTPRequest(method: .get, target: "ftp://x/y") }
        let absolute = try HTTPRequest(method: .get, target: "http://clinic:8080/v1/x%20y?limit=2")
        #expect(absolute.path == "/v1/x y" && absolute.rawPath == "/v1/x%20y" && absolute.query["limit"] == "2")
        #expect(try HTTPRequest(method: .get, target: "http://clinic").path == "/")
        #expect(try HTTPRequest(method: .get, target: "http://clinic?a=1").query["a"] == "1")
        // A `+` in a path is a plus, not a space.
        #expect(try HTTPRequest(method: .get, target: "/a+b").path == "/a+b")
    }

    @Test func requestIdIsEchoedWhenValidElseMade() throws {
        let echoed = try HTTPRequest(method: .get, target: "/", headers: ["X-Request-Id": "abc-123"])
        #expect(echoed.requestId == "abc-123")
        for bad in ["", String(repeating: "a", count: 129), "has space", "tab\t", "ünï"] {
            let made = try HTTPRequest(method: .get, target: "/", headers: ["X-Request-Id": bad])
            #expect(made.requestId != bad)
            #expect(!made.requestId.isEmpty)
        }
        #expect(RequestID.accept(String(repeating: "a", count: 128)) != nil)
        #expect(RequestID.make() != RequestID.make())
    }

    @Test func keepAliveByVersion() throws {
        #expect(!(try HTTPRequest(method: .get, target: "/", headers: ["Connection": "close"])).keepAlive)
        #expect(!(try HTTPRequest(method: .get, target: "/", version: .http1_0)).keepAlive)
        let kept = try HTTPRequest(method: .get, target: "/", version: .http1_0, headers: ["Connection": "keep-alive"])
        #expect(kept.keepAlive)
    }

    @Test func bodyWriterSkipsEmptyWrites() async throws {
        let collected = LockedValue<[[UInt8]]>([])
        let writer = BodyWriter { bytes in collected.withValue { $0.append(bytes) } }
        try await writer.write([])
        try await writer.write("a,b\r\n")
        #expect(collected.value == [Array("a,b\r\n".utf8)])
    }

    @Test func signalWaiterKeepsTheFirstSignalForEveryWaiter() async throws {
        let signals = SignalWaiter(for: [SIGUSR2])
        let received = LockedValue<Int32?>(nil)
        let waiter = Task { received.value = await signals.wait() }
        // Raise until the source is installed (a signal before that is ignored, not fatal).
        for _ in 0..<200 where received.value == nil {
            kill(getpid(), SIGUSR2)
            try await Task.sleep(for: .milliseconds(10))
        }
        await waiter.value
        #expect(received.value == SIGUSR2)
        // A waiter that comes after the signal gets it at once: a server told to stop during start-up stops.
        #expect(await signals.wait() == SIGUSR2)
    }
}
