import ClinicSupport
import Foundation

/// One parsed request, handed to the handler complete with its body (bodies are capped by `HTTPLimits`, so
/// buffering them is bounded; streaming uploads are not needed by the API).
package struct HTTPRequest: Sendable {
    package var method: HTTPMethod
    /// The request target exactly as received (`/v1/residents?q=Dr%C3%B6lma`), for logs and redirects.
    package var target: String
    /// The path without the query, percent-decoded. Use `rawPath` for routing, so that an encoded `/`
    /// inside a segment is not taken for a separator.
    package var path: String
    /// The path without the query, still percent-encoded.
    package var rawPath: String
    package var query: QueryParameters
    package var version: HTTPVersion
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// The peer's address (`127.0.0.1:53122`), for the audit trail.
    package var remoteAddress: String
    /// The incoming `X-Request-Id` when `RequestID.accept` takes it, else `serverRequestId`; echoed on the response.
    package var requestId: String
    /// The id the server gave this request, whatever the client sent: unique, and not the client's to choose, so
    /// the audit log keeps it beside `requestId`.
    package var serverRequestId: String
    /// What `HTTPLimits.decideHead` made of this request's head (the API's route match), opaque to the HTTP
    /// layer; nil when nothing decided.
    package var headDecision: (any Sendable)?

    /// Builds a request from a raw target, splitting and decoding path and query as the server does.
    /// Public so handlers can be tested without a socket.
    package init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:],
        body: [UInt8] = [], remoteAddress: String = "", requestId: String? = nil
    ) throws(HTTPParseError) {
        let parts = try RequestTarget(parsing: target)
        self.method = method
        self.target = target
        self.path = parts.path
        self.rawPath = parts.rawPath
        self.query = parts.query
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.serverRequestId = RequestID.make()
        self.requestId = RequestID.accept(requestId ?? headers["X-Request-Id"]) ?? serverRequestId
        self.headDecision = nil
    }

    /// The parser's initialiser: the target is already split and checked.
    init(
        method: HTTPMethod, target: String, parts: RequestTarget, version: HTTPVersion, headers: HTTPHeaders,
        requestId: String?, serverRequestId: String
    ) {
        self.method = method
        self.target = target
        self.path = parts.path
        self.rawPath = parts.rawPath
        self.query = parts.query
        self.version = version
        self.headers = headers
        self.body = []
        self.remoteAddress = ""
        self.requestId = requestId ?? serverRequestId
        self.serverRequestId = serverRequestId
        self.headDecision = nil
    }

    /// The body as `Data`, for `JSONDecoder`.
    package var bodyData: Data { Data(body) }

    /// Whether the connection may stay open after this request: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    var keepAlive: Bool {
        if version == .http1_0 { return headers.listContains("Connection", token: "keep-alive") }
        return !headers.listContains("Connection", token: "close")
    }
}

/// The split of a request target into decoded path and query.
struct RequestTarget {
    var rawPath: String
    var path: String
    var query: QueryParameters

    init(parsing target: String) throws(HTTPParseError) {
        if target == "*" {
            rawPath = "*"
            path = "*"
            query = QueryParameters()
            return
        }
        var pathAndQuery = Substring(target)
        if target.utf8.first != UInt8(ascii: "/") {
            // Absolute form (`http://host/path?q`), which servers must accept (RFC 9112 3.2.2): drop the
            // scheme and authority.
            guard target.hasPrefix("http://") || target.hasPrefix("https://"),
                let schemeEnd = target.range(of: "://")
            else { throw .badRequest("The request target must be an absolute path.") }
            let afterAuthority = target[schemeEnd.upperBound...]
            if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                pathAndQuery = afterAuthority[slash...]
                if pathAndQuery.first == "?" { pathAndQuery = "/" + pathAndQuery }
            } else {
                pathAndQuery = "/"
            }
        }
        let rawQuery: Substring
        if let mark = pathAndQuery.firstIndex(of: "?") {
            rawPath = String(pathAndQuery[..<mark])
            rawQuery = pathAndQuery[pathAndQuery.index(after: mark)...]
        } else {
            rawPath = String(pathAndQuery)
            rawQuery = ""
        }
        guard let decoded = PercentDecoding.decode(rawPath.utf8, plusAsSpace: false) else {
            throw .badRequest("The request path has an invalid percent-encoding.")
        }
        path = decoded
        query = rawQuery.isEmpty ? QueryParameters() : try QueryParameters(parsing: rawQuery)
    }
}

/// Request ids: accepted from clients when harmless in logs and headers, else made up cheaply.
package enum RequestID {
    /// Returns `candidate` if it is 1...128 letters, digits and `-._:/+=@` (what UUIDs, trace ids and base64 are
    /// made of), else nil. Nothing else gets through: no controls that could split a header or a log line, no
    /// quotes, commas, semicolons or angle brackets that could break the audit log's CSV, HTML or JSON readers.
    package static func accept(_ candidate: String?) -> String? {
        guard let candidate, !candidate.isEmpty, candidate.utf8.count <= 128 else { return nil }
        guard candidate.utf8.allSatisfy(isAllowed) else { return nil }
        return candidate
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._:/+=@".utf8.contains(byte)
        }
    }

    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        return String(value & 0xFFFF_FFFF_FFFF, radix: 16)
    }()
    private static let counter = LockedValue<UInt64>(0)

    /// A new id unique within this process and very likely across restarts: a random per-process prefix and
    /// a counter (no system call per request, unlike a random UUID).
    package static func make() -> String {
        let next = counter.withValue { value -> UInt64 in
            value &+= 1
            return value
        }
        return prefix + "-" + String(next, radix: 16)
    }
}
