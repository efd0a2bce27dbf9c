#if canImport(Glibc)
    import Glibc
#endif

/// An incremental HTTP/1.x request parser over a byte buffer: bytes are appended as they are read, and
/// `next()` yields whole requests (head and body) without a system call or a rescan per byte. Every limit of
/// `HTTPLimits` is checked while the bytes arrive, so an oversized line or header is refused before it is
/// buffered whole. Pure and synchronous, so each limit and malformed case is unit-tested without a socket.
struct HTTPRequestParser {
    enum Event {
        /// The request so far asked for `Expect: 100-continue`; send the interim response, then call again.
        case sendContinue
        case request(HTTPRequest)
    }

    /// Which part of a request the buffered bytes are in, for the timeouts.
    enum Phase: Equatable {
        case idle, head, body
    }

    private enum BodyState {
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
    }

    private enum State {
        case head
        case body(BodyState)
    }

    let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var state = State.head

    // Head scanning, so each byte is looked at once however the head is split across reads.
    private var scanIndex = 0
    private var requestLineEnd: Int?
    private var lineStart = 0
    private var headerLines = 0

    // The request whose body is being read.
    private var pending: HTTPRequest?
    private var body: [UInt8] = []
    private var bodyLimit = 0

    init(limits: HTTPLimits) { self.limits = limits }

    var phase: Phase {
        switch state {
        case .head: readIndex < buffer.count ? .head : .idle
        case .body: .body
        }
    }

    /// Bytes received but not yet consumed.
    var bufferedBytes: Int { buffer.count - readIndex }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfConsumed()
        buffer.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next event, nil when more bytes are needed. A thrown error carries the status to answer with; the
    /// connection must close after it, since the stream can no longer be trusted to be in sync.
    mutating func next() throws(HTTPParseError) -> Event? {
        if case .head = state {
            guard let headEnd = try scanHead() else { return nil }
            var request = try parseHead(from: readIndex, to: headEnd)
            readIndex = headEnd
            resetScan()
            let framing = try Self.framing(of: request)
            let continueWanted = try Self.expectsContinue(request)
            // Once per request, body or not: what it decides travels with the request to the handler.
            let decision = limits.decideHead?(request)
            request.headDecision = decision?.value
            if framing == .none || framing == .length(0) { return .request(request) }
            let limit = decision?.bodyLimit ?? limits.maxBodyBytes
            switch framing {
            case .none:
                return .request(request)
            case .length(let length):
                guard length <= limit else {
                    throw HTTPParseError(.contentTooLarge, "The request body exceeds \(limit) bytes.")
                }
                state = .body(.fixed(remaining: length))
            case .chunked:
                state = .body(.chunkSize)
            }
            pending = request
            bodyLimit = limit
            body = []
            if case .length(let length) = framing { body.reserveCapacity(length) }
            if continueWanted {
                return .sendContinue
            }
        }
        return try readBody()
    }

    // MARK: Head

    /// Scans for the blank line that ends the head, enforcing the line and header limits on the way.
    /// Returns the index just past it.
    private mutating func scanHead() throws(HTTPParseError) -> Int? {
        // Ignore empty lines before a request line (RFC 9112 2.2), as some clients send a CRLF after a body.
        if requestLineEnd == nil && scanIndex <= readIndex {
            while readIndex < buffer.count && (buffer[readIndex] == 0x0D || buffer[readIndex] == 0x0A) {
                readIndex += 1
            }
            scanIndex = readIndex
            lineStart = readIndex
        }
        let count = buffer.count
        var index = scanIndex
        defer { scanIndex = index }
        while index < count {
            guard let newline = Self.firstNewline(in: buffer, from: index, to: count) else {
                index = count
                break
            }
            index = newline + 1
            if requestLineEnd == nil {
                requestLineEnd = newline
                let length = newline - readIndex - (newline > readIndex && buffer[newline - 1] == 0x0D ? 1 : 0)
                guard length <= limits.maxRequestLineBytes else {
                    throw HTTPParseError(.uriTooLong, "The request line exceeds \(limits.maxRequestLineBytes) bytes.")
                }
            } else {
                let lineLength = newline - lineStart - (newline > lineStart && buffer[newline - 1] == 0x0D ? 1 : 0)
                if lineLength == 0 { return index }
                headerLines += 1
                guard headerLines <= limits.maxHeaderCount else {
                    throw HTTPParseError(
                        .requestHeaderFieldsTooLarge, "More than \(limits.maxHeaderCount) header fields.")
                }
            }
            lineStart = index
            try checkHeaderBytes(upTo: index)
        }
        if requestLineEnd != nil {
            try checkHeaderBytes(upTo: index)
        } else if index - readIndex > limits.maxRequestLineBytes + 1 {  // + 1: a CR may still end it
            throw HTTPParseError(.uriTooLong, "The request line exceeds \(limits.maxRequestLineBytes) bytes.")
        }
        return nil
    }

    private func checkHeaderBytes(upTo index: Int) throws(HTTPParseError) {
        guard let requestLineEnd else { return }
        // The terminating blank line does not count.
        if index - (requestLineEnd + 1) > limits.maxHeaderBytes + 2 {
            throw HTTPParseError(
                .requestHeaderFieldsTooLarge, "The header fields exceed \(limits.maxHeaderBytes) bytes.")
        }
    }

    private mutating func resetScan() {
        requestLineEnd = nil
        headerLines = 0
        scanIndex = readIndex
        lineStart = readIndex
    }

    private static func firstNewline(in buffer: [UInt8], from: Int, to: Int) -> Int? {
        buffer.withUnsafeBufferPointer { pointer -> Int? in
            guard let base = pointer.baseAddress, from < to else { return nil }
            guard let found = memchr(base + from, 0x0A, to - from) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Parses the complete head in `buffer[start..<end]` (which ends with the blank line).
    private func parseHead(from start: Int, to end: Int) throws(HTTPParseError) -> HTTPRequest {
        try buffer.withUnsafeBufferPointer { pointer throws(HTTPParseError) -> HTTPRequest in
            var lines: [Range<Int>] = []
            var lineBegin = start
            var index = start
            while index < end {
                if pointer[index] == 0x0A {
                    var lineEnd = index
                    if lineEnd > lineBegin && pointer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    lines.append(lineBegin..<lineEnd)
                    lineBegin = index + 1
                }
                index += 1
            }
            // The last line is the empty one ending the head.
            guard let requestLine = lines.first else { throw .badRequest("Missing request line.") }
            let (method, target, version) = try Self.parseRequestLine(pointer, requestLine)
            var headers = HTTPHeaders()
            for line in lines.dropFirst() where !line.isEmpty {
                let (name, value) = try Self.parseHeaderLine(pointer, line)
                headers.add(name, value)
            }
            let parts = try RequestTarget(parsing: target)
            if version == .http1_1 {
                let hosts = headers.values("Host")
                guard hosts.count == 1 else { throw .badRequest("HTTP/1.1 requests need exactly one Host header.") }
            }
            return HTTPRequest(
                method: method, target: target, parts: parts, version: version, headers: headers,
                requestId: RequestID.accept(headers["X-Request-Id"]), serverRequestId: RequestID.make())
        }
    }

    private static func parseRequestLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        let slice = bytes[line]
        guard let firstSpace = slice.firstIndex(of: 0x20) else { throw .badRequest("Malformed request line.") }
        let methodBytes = bytes[line.lowerBound..<firstSpace]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(isTokenByte) else {
            throw .badRequest("Malformed request method.")
        }
        let rest = bytes[(firstSpace + 1)..<line.upperBound]
        guard let secondSpace = rest.firstIndex(of: 0x20) else { throw .badRequest("Malformed request line.") }
        let targetBytes = bytes[(firstSpace + 1)..<secondSpace]
        let versionBytes = bytes[(secondSpace + 1)..<line.upperBound]
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .badRequest("Malformed request target.")
        }
        let version = try parseVersion(versionBytes)
        let method = HTTPMethod(String(decoding: methodBytes, as: UTF8.self))
        return (method, String(decoding: targetBytes, as: UTF8.self), version)
    }

    private static func parseVersion(
        _ bytes: Slice<UnsafeBufferPointer<UInt8>>
    ) throws(HTTPParseError) -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard bytes.count == 8, bytes.starts(with: prefix) else { throw .badRequest("Malformed HTTP version.") }
        let major = bytes[bytes.startIndex + 5]
        let dot = bytes[bytes.startIndex + 6]
        let minor = bytes[bytes.startIndex + 7]
        guard dot == UInt8(ascii: "."), (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else {
            throw .badRequest("Malformed HTTP version.")
        }
        switch (major, minor) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http1_0
        default: throw HTTPParseError(.httpVersionNotSupported, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
    }

    private static func parseHeaderLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) throws(HTTPParseError) -> (String, String) {
        let first = bytes[line.lowerBound]
        guard first != 0x20 && first != 0x09 else { throw .badRequest("Folded header lines are not accepted.") }
        guard let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")) else {
            throw .badRequest("A header line has no colon.")
        }
        let nameBytes = bytes[line.lowerBound..<colon]
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(isTokenByte) else {
            throw .badRequest("Malformed header field name.")
        }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) { valueStart += 1 }
        while valueEnd > valueStart && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09) { valueEnd -= 1 }
        let valueBytes = bytes[valueStart..<valueEnd]
        // Field values may hold visible ASCII, spaces, tabs and obs-text, never other control bytes.
        guard valueBytes.allSatisfy({ $0 >= 0x20 ? $0 != 0x7F : $0 == 0x09 }) else {
            throw .badRequest("A header value holds a control character.")
        }
        return (String(decoding: nameBytes, as: UTF8.self), String(decoding: valueBytes, as: UTF8.self))
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    // MARK: Framing

    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    static func framing(of request: HTTPRequest) throws(HTTPParseError) -> Framing {
        let encodings = request.headers.values("Transfer-Encoding")
        let lengths = request.headers.values("Content-Length")
        if !encodings.isEmpty {
            guard lengths.isEmpty else {
                throw .badRequest("Content-Length and Transfer-Encoding must not both be sent.")
            }
            let codings = encodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingASCIISpaces() }
            guard codings.count == 1, HTTPHeaders.equalsIgnoringCase(codings[0], "chunked") else {
                throw HTTPParseError(.notImplemented, "Only the chunked transfer coding is supported.")
            }
            return .chunked
        }
        guard !lengths.isEmpty else { return .none }
        var length: Int?
        for item in lengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = item.trimmingASCIISpaces()
            guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let value = Int(digits)
            else { throw .badRequest("Invalid Content-Length.") }
            if let length, length != value { throw .badRequest("Conflicting Content-Length values.") }
            length = value
        }
        return .length(length ?? 0)
    }

    private static func expectsContinue(_ request: HTTPRequest) throws(HTTPParseError) -> Bool {
        guard let expect = request.headers["Expect"] else { return false }
        guard HTTPHeaders.equalsIgnoringCase(expect.trimmingASCIISpaces(), "100-continue") else {
            throw HTTPParseError(HTTPStatus(code: 417), "Only Expect: 100-continue is supported.")
        }
        return request.version == .http1_1
    }

    // MARK: Body

    private mutating func readBody() throws(HTTPParseError) -> Event? {
        while case .body(let bodyState) = state {
            switch bodyState {
            case .fixed(let remaining):
                let take = min(remaining, buffer.count - readIndex)
                guard take > 0 else { return nil }
                body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
                readIndex += take
                if take == remaining { return finishBody() }
                state = .body(.fixed(remaining: remaining - take))
            case .chunkSize:
                guard let size = try readChunkSize() else { return nil }
                state = .body(size == 0 ? .trailers(bytes: 0) : .chunkData(remaining: size))
            case .chunkData(let remaining):
                let take = min(remaining, buffer.count - readIndex)
                guard take > 0 else { return nil }
                body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
                readIndex += take
                state = .body(take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take))
            case .chunkDataEnd:
                let searchEnd = min(buffer.count, readIndex + 2)
                guard let lineEnd = Self.firstNewline(in: buffer, from: readIndex, to: searchEnd) else {
                    if buffer.count - readIndex >= 2 { throw .badRequest("A chunk is longer than its size.") }
                    return nil
                }
                guard lineEnd == readIndex || (lineEnd == readIndex + 1 && buffer[readIndex] == 0x0D) else {
                    throw .badRequest("A chunk is longer than its size.")
                }
                readIndex = lineEnd + 1
                state = .body(.chunkSize)
            case .trailers(let bytes):
                guard let lineEnd = Self.firstNewline(in: buffer, from: readIndex, to: buffer.count) else {
                    if bytes + buffer.count - readIndex > limits.maxHeaderBytes {
                        throw HTTPParseError(.requestHeaderFieldsTooLarge, "The trailer fields are too large.")
                    }
                    return nil
                }
                let length = lineEnd - readIndex
                let total = bytes + length + 1
                guard total <= limits.maxHeaderBytes + 2 else {
                    throw HTTPParseError(.requestHeaderFieldsTooLarge, "The trailer fields are too large.")
                }
                let empty = length == 0 || (length == 1 && buffer[readIndex] == 0x0D)
                readIndex = lineEnd + 1
                if empty { return finishBody() }
                state = .body(.trailers(bytes: total))
            }
        }
        return nil
    }

    /// Reads `1a;ext=x\r\n`; nil when the line is not complete yet.
    private mutating func readChunkSize() throws(HTTPParseError) -> Int? {
        let maxLine = 1024
        let searchEnd = min(buffer.count, readIndex + maxLine)
        guard let lineEnd = Self.firstNewline(in: buffer, from: readIndex, to: searchEnd) else {
            if buffer.count - readIndex >= maxLine { throw .badRequest("A chunk size line is too long.") }
            return nil
        }
        var index = readIndex
        var size = 0
        var digits = 0
        while index < lineEnd, let digit = PercentDecoding.hexValue(buffer[index]) {
            digits += 1
            guard digits <= 15 else { throw HTTPParseError(.contentTooLarge, "A chunk is too large.") }
            size = size * 16 + Int(digit)
            index += 1
        }
        guard digits > 0 else { throw .badRequest("Malformed chunk size.") }
        // What follows the digits may only be whitespace, extensions (ignored) and the line end.
        if index < lineEnd {
            let next = buffer[index]
            guard next == UInt8(ascii: ";") || next == 0x20 || next == 0x09 || (next == 0x0D && index == lineEnd - 1)
            else { throw .badRequest("Malformed chunk size.") }
        }
        guard body.count + size <= bodyLimit else {
            throw HTTPParseError(.contentTooLarge, "The request body exceeds \(bodyLimit) bytes.")
        }
        readIndex = lineEnd + 1
        return size
    }

    private mutating func finishBody() -> Event? {
        guard var request = pending else { return nil }
        request.body = body
        body = []
        pending = nil
        state = .head
        resetScan()
        return .request(request)
    }

    /// Drops consumed bytes so the buffer does not grow over a long keep-alive connection.
    private mutating func compactIfConsumed() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
        } else {
            return
        }
        let shift = readIndex
        readIndex = 0
        scanIndex -= shift
        lineStart -= shift
        if let end = requestLineEnd { requestLineEnd = end - shift }
    }
}
