import Testing

@testable import ClinicHTTP

@Suite struct HTTPResponseWriterTests {
    static func head(
        _ response: HTTPResponse, framing: ResponseWriter.Framing, keepAlive: Bool = true,
        version: HTTPVersion = .http1_1
    ) -> String {
        var out: [UInt8] = []
        ResponseWriter.writeHead(
            response, framing: framing, keepAlive: keepAlive, requestVersion: version, requestId: "rid",
            date: Array("Mon, 23 Nov 2026 10:00:00 GMT".utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func serverOwnsFramingAndAddsDateAndRequestId() {
        let response = HTTPResponse(
            status: .ok, headers: ["Content-Type": "text/plain", "Content-Length": "999", "Connection": "upgrade"])
        #expect(
            Self.head(response, framing: .length(2))
                == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Mon, 23 Nov 2026 10:00:00 GMT\r\n"
                + "X-Request-Id: rid\r\nContent-Length: 2\r\n\r\n")
    }

    @Test func connectionHeaderFollowsKeepAliveAndVersion() {
        let response = HTTPResponse(status: .noContent)
        #expect(Self.head(response, framing: .none, keepAlive: false).contains("Connection: close\r\n"))
        #expect(Self.head(response, framing: .none, version: .http1_0).contains("Connection: keep-alive\r\n"))
        #expect(!Self.head(response, framing: .none).contains("Connection:"))
        #expect(Self.head(response, framing: .chunked).contains("Transfer-Encoding: chunked\r\n"))
    }

    @Test func handlerRequestIdAndDateWin() {
        let response = HTTPResponse(status: .ok, headers: ["X-Request-Id": "mine", "Date": "then"])
        let text = Self.head(response, framing: .length(0))
        #expect(text.contains("X-Request-Id: mine\r\n") && !text.contains("rid"))
        #expect(text.contains("Date: then\r\n") && !text.contains("2026"))
    }

    @Test func headerValuesCannotSplitTheResponse() {
        let response = HTTPResponse(status: .ok, headers: ["X-Evil": "a\r\nSet-Cookie: x=1", "Bad Name": "v"])
        let text = Self.head(response, framing: .length(0))
        #expect(text.contains("X-Evil: a  Set-Cookie: x=1\r\n"))
        #expect(!text.contains("Bad Name"))
    }

    @Test func problemBodyIsJSON() {
        let response = ResponseWriter.problem(.requestTimeout, detail: "said \"slow\"\n")
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(
            response.body.fixedBytes.map { String(decoding: $0, as: UTF8.self) }
                == #"{"type":"about:blank","title":"Request Timeout","status":408,"detail":"said \"slow\"\n"}"#)
    }

    @Test func chunkFraming() {
        var out: [UInt8] = []
        ResponseWriter.writeChunk(Array(repeating: 0x61, count: 26), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "1a\r\n" + String(repeating: "a", count: 26) + "\r\n")
    }

    @Test func httpDate() {
        #expect(HTTPDateCache.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
