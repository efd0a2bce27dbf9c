import ClinicSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The clinic's HTTP/1.1 server: epoll event loops on their own threads move bytes and parse; each request's
/// handler runs as a Swift task, so slow handlers (database work) never hold up reading or writing for other
/// clients, and slow clients only cost a buffer, never a thread.
///
/// Lifecycle: `start()` once, then `shutdown(gracePeriod:)` once. Both are safe to call from any thread.
package final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running(listener: Int32, loops: [EventLoop], port: Int)
        case stopping
        case stopped
    }

    private let core: ServerCore
    private let state = LockedValue(State.idle)

    package init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) {
        core = ServerCore(configuration: configuration, handler: handler)
    }

    /// Binds and starts serving. Throws when the address cannot be bound; calling it twice is an error.
    package func start() throws {
        try state.withValue { state in
            guard case .idle = state else { throw SocketError("start (already started)", EINVAL) }
            // Writes to a closed socket must fail with EPIPE, not kill the process (send also passes MSG_NOSIGNAL).
            signal(SIGPIPE, SIG_IGN)
            let configuration = core.configuration
            Self.raiseDescriptorLimit(toAtLeast: configuration.limits.maxConnections + 256)
            let (listener, port) = try Socket.listen(
                host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            var loops: [EventLoop] = []
            do {
                for index in 0..<configuration.eventLoopCount {
                    loops.append(try EventLoop(core: core, index: index, listener: listener))
                }
            } catch {
                close(listener)
                throw error
            }
            for (index, loop) in loops.enumerated() {
                let thread = Thread { loop.run() }
                thread.name = "http-loop-\(index)"
                thread.start()
            }
            state = .running(listener: listener, loops: loops, port: port)
        }
    }

    /// Raises the soft limit on open files (often 1024) towards the hard limit, so `maxConnections` is reached,
    /// and answered with 503, before `accept` starts failing with EMFILE.
    private static func raiseDescriptorLimit(toAtLeast wanted: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
        let target = min(limit.rlim_max, rlim_t(wanted))
        guard target > limit.rlim_cur else { return }
        limit.rlim_cur = target
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 || target < rlim_t(wanted) {
            Log.warning("open-file limit is below maxConnections", ["limit": String(target), "wanted": String(wanted)])
        }
    }

    /// The bound port (the chosen one when configured with port 0); 0 before `start()`.
    package var port: Int {
        if case .running(_, _, let port) = state.value { return port }
        return 0
    }

    /// Connections currently open (not counting ones being closed after their last answer).
    package var openConnections: Int { core.openConnections.value }

    /// Bytes the server holds for its clients (request bytes not yet parsed, answer bytes not yet sent), as the
    /// event loops last counted them (every timeout tick, at most a quarter of a second old).
    package var bufferedBytes: Int { core.bufferedBytes.value.reduce(0, +) }

    /// The most bytes any single connection has made the server buffer since start.
    package var largestConnectionBuffer: Int { core.largestConnectionBuffer.value }

    /// Stops accepting (new connections are refused), closes idle keep-alive connections, lets requests in
    /// progress finish and be answered with `Connection: close` until `gracePeriod` has passed, then closes
    /// whatever is left and stops the event loops.
    package func shutdown(gracePeriod: Duration) async {
        let loops: [EventLoop]
        let listener: Int32
        let running = state.withValue { state -> (Int32, [EventLoop])? in
            guard case .running(let listener, let loops, _) = state else { return nil }
            state = .stopping
            return (listener, loops)
        }
        guard let running else { return }
        (listener, loops) = running
        for loop in loops {
            await withCheckedContinuation { loop.post(.stopAccepting($0)) }
        }
        close(listener)
        for loop in loops { loop.post(.drain) }
        let deadline = ContinuousClock.now + gracePeriod
        while core.openConnections.value > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for loop in loops { loop.post(.closeAll) }
        for loop in loops {
            await withCheckedContinuation { loop.post(.stop($0)) }
        }
        state.value = .stopped
    }
}
