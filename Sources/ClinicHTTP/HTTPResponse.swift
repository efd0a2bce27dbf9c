/// A handler's answer. The server adds `Date`, `X-Request-Id` (from the request, unless set), framing
/// (`Content-Length` or chunked) and `Connection`.
package struct HTTPResponse: Sendable {
    package var status: HTTPStatus
    package var headers: HTTPHeaders
    package var body: HTTPBody

    package init(status: HTTPStatus, headers: HTTPHeaders = [:], body: HTTPBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a fixed body and its content type.
    package init(status: HTTPStatus, contentType: String, body: [UInt8], headers: HTTPHeaders = [:]) {
        var headers = headers
        headers.replaceOrAdd("Content-Type", contentType)
        self.init(status: status, headers: headers, body: .bytes(body))
    }
}

/// A response body: bytes known up front (sent with `Content-Length`), or a stream for large results such as
/// CSV exports, written as it is produced so memory stays flat.
package enum HTTPBody: Sendable {
    case empty
    case bytes([UInt8])
    /// The closure writes the body piece by piece; it goes out chunked on HTTP/1.1 and close-delimited on
    /// HTTP/1.0. When the closure throws, the connection is cut so the client sees an incomplete body
    /// rather than a truncated one that looks whole.
    case stream(@Sendable (BodyWriter) async throws -> Void)

    /// The bytes of a fixed body; nil for a stream.
    package var fixedBytes: [UInt8]? {
        switch self {
        case .empty: []
        case .bytes(let bytes): bytes
        case .stream: nil
        }
    }
}

/// Writes a streamed body. `write` applies back-pressure: it suspends while the connection's outgoing queue is
/// full, and throws `BodyWriter.ClientGone` once the client has disconnected, so a producer reading a
/// database cursor stops instead of buffering the whole result. Write pieces of a few KiB or more; each
/// write is one chunk on the wire.
package struct BodyWriter: Sendable {
    /// Thrown by `write` when the client has gone or the server shut the connection.
    package struct ClientGone: Error, Sendable {
        package init() {}
    }

    private let sink: @Sendable ([UInt8]) async throws -> Void

    /// A writer over any sink; public so handler tests can collect a streamed body.
    package init(_ sink: @escaping @Sendable ([UInt8]) async throws -> Void) { self.sink = sink }

    package func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await sink(bytes)
    }

    package func write(_ string: String) async throws { try await write(Array(string.utf8)) }
}

/// What the server calls for each request. It never throws: the API layer turns errors into responses.
package typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse
