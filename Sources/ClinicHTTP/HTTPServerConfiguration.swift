/// How the server listens and what it tolerates.
package struct HTTPServerConfiguration: Sendable {
    /// Address to bind; `127.0.0.1` by default so a development server is not exposed by accident.
    package var host: String
    /// Port to bind; 0 picks a free one (read it back from `HTTPServer.port`).
    package var port: Int
    package var limits: HTTPLimits
    /// Event-loop threads. Each owns its connections (no locks on the request path) and shares the
    /// listening socket. The default is one per core, at most 2: the loops only move bytes and parse, while
    /// handlers run on Swift's cooperative pool (also one thread per core), so more loops would only contend
    /// with the handlers for the same cores.
    var eventLoopCount: Int
    /// Listen backlog.
    package var backlog: Int32
    /// Called once per handled request after the handler (and any streamed body) has finished, with the
    /// response status and the time the handler took, for the access log and metrics. Runs on the request's
    /// task, never on an event loop, so it may log. Errors the server answers itself (400, 408, 413, ...)
    /// are not reported here.
    package var onResponse: (@Sendable (HTTPRequest, HTTPStatus, Duration) -> Void)?

    package init(
        host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits(), eventLoopCount: Int? = nil,
        backlog: Int32 = 1024, onResponse: (@Sendable (HTTPRequest, HTTPStatus, Duration) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.eventLoopCount = max(1, eventLoopCount ?? min(2, ProcessInfoCores.count))
        self.backlog = backlog
        self.onResponse = onResponse
    }
}

enum ProcessInfoCores {
    static var count: Int {
        #if canImport(Glibc)
            Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
            1
        #endif
    }
}

#if canImport(Glibc)
    import Glibc
#endif
