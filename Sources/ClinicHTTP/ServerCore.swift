import ClinicSupport

/// Shared, immutable server state handed to every loop.
final class ServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: HTTPHandler
    let openConnections = LockedValue(0)
    /// Bytes buffered (unparsed input plus unsent output) over each loop's connections, as each loop last counted
    /// them (every tick), indexed by loop.
    let bufferedBytes: LockedValue<[Int]>
    /// The most bytes any one connection has made the server buffer since start: the bound tests hold it to.
    let largestConnectionBuffer = LockedValue(0)

    init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
        bufferedBytes = LockedValue([Int](repeating: 0, count: configuration.eventLoopCount))
    }

    /// Reserves a connection slot; false when `maxConnections` are open.
    func reserveConnection() -> Bool {
        openConnections.withValue { count in
            guard count < configuration.limits.maxConnections else { return false }
            count += 1
            return true
        }
    }

    func releaseConnection() { openConnections.withValue { $0 -= 1 } }

    /// Runs the handler for one request on the cooperative pool and sends the result to the connection's loop.
    func respond(to request: HTTPRequest, connection: UInt64, loop: EventLoop) async {
        let started = ContinuousClock.now
        let response = await handler(request)
        if case .stream(let produce) = response.body {
            loop.post(.streamHead(connection: connection, response))
            let writer = BodyWriter { bytes in
                try await withCheckedThrowingContinuation { continuation in
                    loop.post(.chunk(connection: connection, bytes, continuation))
                }
            }
            var ok = true
            do { try await produce(writer) } catch { ok = false }
            loop.post(.streamEnd(connection: connection, ok: ok))
        } else {
            loop.post(.response(connection: connection, response))
        }
        configuration.onResponse?(request, response.status, started.duration(to: .now))
    }
}
