import ClinicSupport

/// Turns responses into bytes on the wire. The server owns framing: it sets `Content-Length` or chunked
/// encoding itself (a handler's own framing headers are replaced, as a wrong one would desynchronise the
/// connection) and adds `Date`, `X-Request-Id` and `Connection`.
enum ResponseWriter {
    /// How the body of a response goes out.
    enum Framing: Equatable {
        case length(Int)
        /// Chunked (HTTP/1.1 streams).
        case chunked
        /// Until the connection closes (HTTP/1.0 streams).
        case closeDelimited
        /// No body allowed (204, 304).
        case none
    }

    /// Appends the status line and headers to `out`.
    static func writeHead(
        _ response: HTTPResponse, framing: Framing, keepAlive: Bool, requestVersion: HTTPVersion, requestId: String,
        date: [UInt8], into out: inout [UInt8]
    ) {
        out.append(contentsOf: "HTTP/1.1 \(response.status.code) ".utf8)
        appendSanitized(response.status.reasonPhrase, into: &out)
        out.append(contentsOf: crlf)
        var sawDate = false
        var sawRequestId = false
        for field in response.headers.fields {
            let name = field.name
            if HTTPHeaders.equalsIgnoringCase(name, "Content-Length")
                || HTTPHeaders.equalsIgnoringCase(name, "Transfer-Encoding")
                || HTTPHeaders.equalsIgnoringCase(name, "Connection")
            {
                continue
            }
            guard isToken(name) else { continue }
            if !sawDate && HTTPHeaders.equalsIgnoringCase(name, "Date") { sawDate = true }
            if !sawRequestId && HTTPHeaders.equalsIgnoringCase(name, "X-Request-Id") { sawRequestId = true }
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: colonSpace)
            appendSanitized(field.value, into: &out)
            out.append(contentsOf: crlf)
        }
        if !sawDate {
            out.append(contentsOf: dateName)
            out.append(contentsOf: date)
            out.append(contentsOf: crlf)
        }
        if !sawRequestId {
            out.append(contentsOf: requestIdName)
            out.append(contentsOf: requestId.utf8)
            out.append(contentsOf: crlf)
        }
        switch framing {
        case .length(let length):
            out.append(contentsOf: contentLengthName)
            out.append(contentsOf: String(length).utf8)
            out.append(contentsOf: crlf)
        case .chunked:
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .closeDelimited, .none:
            break
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if requestVersion == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
    }

    /// Appends one chunk of a chunked body.
    static func writeChunk(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: String(bytes.count, radix: 16).utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: bytes)
        out.append(contentsOf: crlf)
    }

    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The problem+json answer for errors the server itself detects (RFC 9457), always closing. These come before
    /// any route (an oversized or malformed request), so they carry, for every path, the headers a page would:
    /// nothing to run or frame, nothing to sniff, nothing to cache.
    static func problem(_ status: HTTPStatus, detail: String, extraHeaders: HTTPHeaders = [:]) -> HTTPResponse {
        let body =
            #"{"type":"about:blank","title":"# + JSONString.quoted(status.reasonPhrase)
            + #","status":\#(status.code),"detail":"#
            + JSONString.quoted(detail) + "}"
        var headers = extraHeaders
        headers.replaceOrAdd("Content-Type", "application/problem+json")
        headers.replaceOrAdd("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        headers.replaceOrAdd("X-Content-Type-Options", "nosniff")
        headers.replaceOrAdd("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: .bytes(Array(body.utf8)))
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]
    private static let colonSpace: [UInt8] = [UInt8(ascii: ":"), 0x20]
    private static let dateName: [UInt8] = Array("Date: ".utf8)
    private static let requestIdName: [UInt8] = Array("X-Request-Id: ".utf8)
    private static let contentLengthName: [UInt8] = Array("Content-Length: ".utf8)

    /// Header values go out without CR, LF or NUL, so no handler can split a response (header injection).
    private static func appendSanitized(_ value: String, into out: inout [UInt8]) {
        for byte in value.utf8 {
            out.append(byte == 0x0D || byte == 0x0A || byte == 0 ? 0x20 : byte)
        }
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }
}
