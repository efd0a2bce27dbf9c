/// Caps on what one client may make the server hold or wait for. Every limit answers with a status before
/// closing (414, 431, 413, 408, 503), so a client learns why, and none can be exceeded by sending slowly.
package struct HTTPLimits: Sendable {
    /// Longest request line (method, target, version) → 414.
    var maxRequestLineBytes = 8 * 1024
    /// Most bytes of header fields after the request line → 431.
    var maxHeaderBytes = 16 * 1024
    /// Most header fields → 431.
    var maxHeaderCount = 100
    /// Largest request body when `decideHead` has no opinion → 413, sent before the body is read.
    package var maxBodyBytes = 1024 * 1024
    /// The application's one look at a request's head (e.g. routing it), made once per request before its body is
    /// read: the body limit it allows (larger for imports), and an opaque value the server hands on with the request
    /// (`HTTPRequest.headDecision`), so the handler need not decide again. Called on an event loop, so keep it quick
    /// and non-blocking.
    package var decideHead: (@Sendable (HTTPRequest) -> HeadDecision)?
    /// Time from the first byte of a request to the end of its header → 408.
    package var headerReadTimeout: Duration = .seconds(10)
    /// Time from the end of the header to the end of the body → 408.
    package var bodyReadTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may sit between requests (or a new one before its first byte) before
    /// it is closed without an answer.
    package var idleTimeout: Duration = .seconds(30)
    /// How long the server waits for a client to take `minWriteProgressBytes` more of the answers queued for it
    /// (or all of them, when fewer are queued) before giving up on it.
    package var writeTimeout: Duration = .seconds(30)
    /// The progress a client must make within each `writeTimeout` while answers wait for it: a client that reads a
    /// trickle (a few bytes now and then) makes progress, but too little to keep the connection. The default,
    /// 64 KB per 30 s (about 2 KB/s), is below the slowest mobile data links the clinic's phones use.
    package var minWriteProgressBytes = 64 * 1024
    /// How long, after an error response, the server keeps reading and discarding what the client still
    /// sends, so the response is not destroyed by a TCP reset.
    package var lingerTimeout: Duration = .seconds(2)
    /// Open connections beyond which new ones get 503 with `Retry-After` and are closed.
    package var maxConnections = 1024
    /// The `Retry-After` seconds sent with that 503.
    package var retryAfterSeconds = 1

    package init() {}
}

/// What the application decided from a request's head alone (see `HTTPLimits.decideHead`).
package struct HeadDecision: Sendable {
    /// The largest body this request may carry; nil means `HTTPLimits.maxBodyBytes`.
    package var bodyLimit: Int?
    /// Handed on with the request as `HTTPRequest.headDecision`; the HTTP layer never looks inside.
    package var value: (any Sendable)?

    package init(bodyLimit: Int? = nil, value: (any Sendable)? = nil) {
        self.bodyLimit = bodyLimit
        self.value = value
    }
}
