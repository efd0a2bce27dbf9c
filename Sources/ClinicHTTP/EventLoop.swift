import CEpoll
import ClinicSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One epoll event loop on its own thread: accepts, reads, parses, writes, and enforces timeouts for the
/// connections it owns. Handlers never run here; they run as tasks and post their responses back.
///
/// `@unchecked Sendable` because other threads hold a reference to post messages: every stored property
/// except `mailbox` is touched only on the loop's own thread (inside `run()`), and `mailbox` is a lock-guarded
/// `LockedValue`. The eventfd is written only while the mailbox lock says the loop is still running.
final class EventLoop: @unchecked Sendable {
    private struct Mailbox {
        var messages: [LoopMessage] = []
        var wakePending = false
        var stopped = false
    }

    private static let listenerToken: UInt64 = 0
    private static let wakeToken: UInt64 = 1
    private static let readChunk = 64 * 1024

    private let core: ServerCore
    private let limits: HTTPLimits
    private let index: Int
    private let epoll: Int32
    private let wakeFD: Int32
    private let listener: Int32
    private let mailbox = LockedValue(Mailbox())

    private var connections: [UInt64: Connection] = [:]
    private var nextId: UInt64 = 16
    private var accepting = true
    private var acceptPausedUntil: UInt64?
    private var draining = false
    private var running = true
    private var stopped: CheckedContinuation<Void, Never>?
    private var now: UInt64 = 0
    private var lastTick: UInt64 = 0
    private let tickNanos: UInt64
    private var dates = HTTPDateCache()
    /// This loop's share of `ServerCore.largestConnectionBuffer`, so the shared lock is taken only on a new peak.
    private var largestBufferSeen = 0
    private let readBuffer: UnsafeMutableRawBufferPointer

    init(core: ServerCore, index: Int, listener: Int32) throws(SocketError) {
        self.core = core
        self.limits = core.configuration.limits
        self.index = index
        self.listener = listener
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let error = SocketError("eventfd")
            close(epoll)
            throw error
        }
        readBuffer = .allocate(byteCount: Self.readChunk, alignment: 16)
        let shortest =
            [
                limits.headerReadTimeout, limits.bodyReadTimeout, limits.idleTimeout, limits.writeTimeout,
                limits.lingerTimeout,
            ].map(\.nanoseconds).min() ?? 1_000_000_000
        tickNanos = min(max(shortest / 4, 5_000_000), 250_000_000)
        register(wakeFD, token: Self.wakeToken, events: EPOLLIN.rawValue)
        // EPOLLEXCLUSIVE: with several loops on one listener, wake one of them per connection, not all.
        register(listener, token: Self.listenerToken, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    deinit {
        readBuffer.deallocate()
    }

    // MARK: Cross-thread entry

    /// Queues a message for the loop and wakes it if needed. Safe from any thread. After the loop has stopped,
    /// waiting producers are failed and other messages dropped.
    func post(_ message: LoopMessage) {
        let (accepted, wake) = mailbox.withValue { box -> (Bool, Bool) in
            guard !box.stopped else { return (false, false) }
            box.messages.append(message)
            let wake = !box.wakePending
            box.wakePending = true
            return (true, wake)
        }
        guard accepted else {
            Self.discard(message)
            return
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    private static func discard(_ message: LoopMessage) {
        switch message {
        case .chunk(_, _, let continuation): continuation.resume(throwing: BodyWriter.ClientGone())
        case .stopAccepting(let continuation): continuation.resume()
        case .stop(let continuation): continuation.resume()
        default: break
        }
    }

    // MARK: The loop

    func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        now = Socket.monotonicNanos()
        lastTick = now
        while running {
            let count = epoll_wait(epoll, events, Int32(capacity), Int32(tickNanos / 1_000_000))
            now = Socket.monotonicNanos()
            if count < 0 && errno != EINTR {
                Log.error("epoll_wait failed", ["errno": String(errno)])
                break
            }
            for slot in 0..<max(0, Int(count)) {
                let event = events[slot]
                switch event.data.u64 {
                case Self.listenerToken: acceptConnections()
                case Self.wakeToken: readWakeups()
                case let id: connectionEvent(id, event.events)
                }
            }
            handleMessages()
            if now &- lastTick >= tickNanos {
                lastTick = now
                checkTimeouts()
            }
        }
        finish()
    }

    private func finish() {
        let leftover = mailbox.withValue { box -> [LoopMessage] in
            box.stopped = true
            defer { box.messages = [] }
            return box.messages
        }
        leftover.forEach(Self.discard)
        for connection in Array(connections.values) { closeNow(connection) }
        close(wakeFD)
        close(epoll)
        stopped?.resume()
    }

    private func readWakeups() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
    }

    private func handleMessages() {
        let messages = mailbox.withValue { box -> [LoopMessage] in
            box.wakePending = false
            guard !box.messages.isEmpty else { return [] }
            defer { box.messages.removeAll(keepingCapacity: true) }
            return box.messages
        }
        for message in messages { handle(message) }
    }

    private func handle(_ message: LoopMessage) {
        switch message {
        case .response(let id, let response):
            guard let connection = connections[id], connection.inFlight != nil else { return }
            writeResponse(response, on: connection)
        case .streamHead(let id, let response):
            guard let connection = connections[id], connection.inFlight != nil else { return }
            writeStreamHead(response, on: connection)
        case .chunk(let id, let bytes, let continuation):
            guard let connection = connections[id], let framing = connection.state.chunkFraming else {
                continuation.resume(throwing: BodyWriter.ClientGone())
                return
            }
            if framing == .chunked {
                ResponseWriter.writeChunk(bytes, into: &connection.output)
            } else {
                connection.output.append(contentsOf: bytes)
            }
            noteBuffered(connection)
            flush(connection)
            if connection.closed {
                continuation.resume(throwing: BodyWriter.ClientGone())
            } else if ConnectionStateMachine.producerMustWait(pendingOutput: connection.pendingOutput) {
                connection.writer = continuation
            } else {
                continuation.resume()
            }
        case .streamEnd(let id, let ok):
            guard let connection = connections[id] else { return }
            switch connection.state.streamEnded(ok: ok) {
            case .finish(let lastChunk, let keepAlive):
                if lastChunk { connection.output.append(contentsOf: ResponseWriter.lastChunk) }
                finishResponse(on: connection, keepAlive: keepAlive)
            case .abort: flush(connection)
            case nil: break
            }
        case .stopAccepting(let continuation):
            if accepting {
                accepting = false
                epoll_ctl(epoll, EPOLL_CTL_DEL, listener, nil)
            }
            continuation.resume()
        case .drain:
            draining = true
            for connection in Array(connections.values) where connection.isIdle { closeNow(connection) }
        case .closeAll:
            for connection in Array(connections.values) { closeNow(connection) }
        case .stop(let continuation):
            running = false
            stopped = continuation
        }
    }

    // MARK: Accepting

    private func acceptConnections() {
        guard accepting, acceptPausedUntil == nil else { return }
        // A bounded batch, so a connection storm cannot starve the connections this loop already serves.
        for _ in 0..<64 {
            guard let (fd, remote) = Socket.accept(listener) else {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    // Out of descriptors: stop polling the listener briefly instead of spinning on it.
                    Log.warning("accept failed; pausing", ["errno": String(errno)])
                    acceptPausedUntil = now + 100_000_000
                    epoll_ctl(epoll, EPOLL_CTL_DEL, listener, nil)
                }
                return
            }
            let id = nextId
            nextId += 1
            let events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
            if core.reserveConnection() {
                let connection = Connection(
                    id: id, fd: fd, remoteAddress: remote, limits: limits, now: now, counted: true, events: events)
                connections[id] = connection
                register(fd, token: id, events: events)
            } else {
                reject(fd: fd, id: id, remote: remote, events: events)
            }
        }
    }

    /// Over `maxConnections`: answer 503 at once, then linger so the answer is not lost to a reset.
    private func reject(fd: Int32, id: UInt64, remote: String, events: UInt32) {
        let connection = Connection(
            id: id, fd: fd, remoteAddress: remote, limits: limits, now: now, counted: false, events: events)
        connections[id] = connection
        register(fd, token: id, events: events)
        let response = ResponseWriter.problem(
            .serviceUnavailable, detail: "The server has too many open connections; try again shortly.",
            extraHeaders: ["Retry-After": String(limits.retryAfterSeconds)])
        writeFixed(
            response, framing: nil, version: .http1_1, isHead: false, keepAlive: false,
            requestId: RequestID.make(), on: connection)
        connection.state.errorQueued()
        flush(connection)
    }

    // MARK: Reading

    private func connectionEvent(_ id: UInt64, _ events: UInt32) {
        guard let connection = connections[id] else { return }
        if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 && events & EPOLLIN.rawValue == 0 {
            closeNow(connection)
            return
        }
        if events & EPOLLOUT.rawValue != 0 {
            flush(connection)
            if connection.closed { return }
        }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            readAvailable(connection)
            if connection.closed { return }
            if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                closeNow(connection)
            }
        }
    }

    private func readAvailable(_ connection: Connection) {
        // At most a few buffers per wake-up: a client that sends without pause must not hold the loop (level-
        // triggered epoll reports the rest next time round), and the parser sees the bytes before more come.
        var reads = 0
        while !connection.state.peerClosed && reads < 4 {
            reads += 1
            let count = read(connection.fd, readBuffer.baseAddress, Self.readChunk)
            if count > 0 {
                if connection.state.acceptsInput {
                    connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
                }
                noteBuffered(connection)
                if count < Self.readChunk { break }
            } else if count == 0 {
                connection.state.endOfInput()
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                closeNow(connection)
                return
            }
        }
        switch connection.state.readFinished() {
        case .close: closeNow(connection)
        case .ignore: return
        case .process:
            processRequests(connection)
            if connection.closed { return }
            let nothingToAnswer = connection.state.inputProcessed(
                parserBuffered: connection.parser.bufferedBytes, pendingOutput: connection.pendingOutput)
            if nothingToAnswer {
                closeNow(connection)
            } else {
                updateInterest(connection)
            }
        }
    }

    /// Parses and dispatches buffered requests, one at a time; none while too much output waits for the client.
    private func processRequests(_ connection: Connection) {
        // While answers wait above the high-water mark, `flush` goes on once the client has read enough (a
        // pipelining slow reader, issue 16.7).
        while !connection.closed && connection.state.mayDispatch(pendingOutput: connection.pendingOutput) {
            let event: HTTPRequestParser.Event?
            do {
                event = try connection.parser.next()
            } catch {
                answerError(error, on: connection)
                return
            }
            guard let event else { break }
            switch event {
            case .sendContinue:
                connection.output.append(contentsOf: ResponseWriter.continueResponse)
                flush(connection)
            case .request(var request):
                request.remoteAddress = connection.remoteAddress
                dispatch(request, on: connection)
            }
        }
        connection.state.parserPhase(connection.parser.phase, now: now)
    }

    private func dispatch(_ request: HTTPRequest, on connection: Connection) {
        connection.state.requestDispatched(
            ConnectionStateMachine.InFlight(
                version: request.version, isHead: request.method == .head, keepAlive: request.keepAlive,
                requestId: request.requestId, streamFraming: nil))
        let core = core
        let id = connection.id
        Task { [self] in await core.respond(to: request, connection: id, loop: self) }
    }

    // MARK: Writing

    private func answerError(_ error: HTTPParseError, on connection: Connection) {
        let response = ResponseWriter.problem(error.status, detail: error.detail)
        connection.state.errorQueued()
        if let writer = connection.writer {
            connection.writer = nil
            writer.resume(throwing: BodyWriter.ClientGone())
        }
        writeFixed(
            response, framing: nil, version: .http1_1, isHead: false, keepAlive: false,
            requestId: RequestID.make(), on: connection)
        flush(connection)
    }

    private func writeResponse(_ response: HTTPResponse, on connection: Connection) {
        guard let inFlight = connection.inFlight else { return }
        let keepAlive = ConnectionStateMachine.keepAlive(
            requested: inFlight.keepAlive, draining: draining,
            handlerClosed: response.headers.listContains("Connection", token: "close"))
        writeFixed(
            response, framing: nil, version: inFlight.version, isHead: inFlight.isHead, keepAlive: keepAlive,
            requestId: inFlight.requestId, on: connection)
        finishResponse(on: connection, keepAlive: keepAlive)
    }

    private func writeFixed(
        _ response: HTTPResponse, framing: ResponseWriter.Framing?, version: HTTPVersion, isHead: Bool,
        keepAlive: Bool, requestId: String, on connection: Connection
    ) {
        let body = response.body.fixedBytes ?? []
        let framing = framing ?? (response.status.allowsBody ? .length(body.count) : .none)
        connection.output.reserveCapacity(connection.output.count + 256 + body.count)
        ResponseWriter.writeHead(
            response, framing: framing, keepAlive: keepAlive, requestVersion: version,
            requestId: requestId, date: dates.bytes(), into: &connection.output)
        if !isHead && framing != .none { connection.output.append(contentsOf: body) }
        noteBuffered(connection)
    }

    /// Records a new peak of bytes buffered for one connection (see `ServerCore.largestConnectionBuffer`).
    private func noteBuffered(_ connection: Connection) {
        let buffered = connection.bufferedBytes
        guard buffered > largestBufferSeen else { return }
        largestBufferSeen = buffered
        core.largestConnectionBuffer.withValue { $0 = max($0, buffered) }
    }

    private func writeStreamHead(_ response: HTTPResponse, on connection: Connection) {
        guard let inFlight = connection.inFlight else { return }
        let framing: ResponseWriter.Framing =
            !response.status.allowsBody ? .none : inFlight.version == .http1_0 ? .closeDelimited : .chunked
        let keepAlive = ConnectionStateMachine.keepAlive(
            requested: inFlight.keepAlive, draining: draining,
            handlerClosed: response.headers.listContains("Connection", token: "close"), framing: framing)
        connection.state.streamStarted(framing: framing, keepAlive: keepAlive)
        writeFixed(
            response, framing: framing, version: inFlight.version, isHead: true, keepAlive: keepAlive,
            requestId: inFlight.requestId, on: connection)
        flush(connection)
    }

    /// The current response is fully queued: close after it, or go on with the next (pipelined) request.
    private func finishResponse(on connection: Connection, keepAlive: Bool) {
        connection.state.responseFinished(keepAlive: keepAlive)
        serveNextRequest(connection)
        if connection.closed { return }
        flush(connection)
    }

    /// Between two requests of a keep-alive connection: dispatches the next pipelined one, or closes after the
    /// output when draining or when a client that half-closed has had every complete request answered. While the
    /// queued output is above `highWater`, `processRequests` holds the next request back and `flush` calls this
    /// again once the client has read down to `lowWater`.
    private func serveNextRequest(_ connection: Connection) {
        guard connection.state.nextRequest(draining: draining, now: now) else { return }
        processRequests(connection)
        if connection.closed { return }
        connection.state.nextRequestServed()
    }

    private func flush(_ connection: Connection) {
        guard !connection.closed else { return }
        while connection.outputIndex < connection.output.count {
            let sent = connection.output.withUnsafeBytes { bytes in
                send(
                    connection.fd, bytes.baseAddress! + connection.outputIndex, bytes.count - connection.outputIndex,
                    Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputIndex += sent
                connection.state.bytesWritten(sent, now: now)
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                connection.state.writeBlocked(armed: connection.registeredEvents & EPOLLOUT.rawValue != 0, now: now)
                break
            } else {
                closeNow(connection)
                return
            }
        }
        if connection.outputIndex == connection.output.count {
            connection.state.outputEmptied(now: now)
            if connection.output.capacity > 1024 * 1024 {
                connection.output = []
            } else {
                connection.output.removeAll(keepingCapacity: true)
            }
            connection.outputIndex = 0
        } else if connection.outputIndex >= 64 * 1024 && connection.outputIndex * 2 >= connection.output.count {
            connection.output.removeFirst(connection.outputIndex)
            connection.outputIndex = 0
        }
        if let writer = connection.writer,
            ConnectionStateMachine.producerMayResume(pendingOutput: connection.pendingOutput)
        {
            connection.writer = nil
            writer.resume()
        }
        if connection.state.outputDrained(pendingOutput: connection.pendingOutput) {
            serveNextRequest(connection)
            if connection.closed { return }
        }
        switch connection.state.afterFlush(pendingOutput: connection.pendingOutput) {
        case .close: closeNow(connection)
        case .linger: beginLinger(connection)
        case .none: updateInterest(connection)
        }
    }

    // MARK: Closing

    /// Half-closes and keeps reading (discarding) until the client closes or `lingerTimeout` passes, so
    /// unread request bytes do not make the kernel reset the connection before the client reads our answer.
    private func beginLinger(_ connection: Connection) {
        guard connection.state.lingerBegan(now: now) else { return }
        release(connection)
        shutdown(connection.fd, Int32(SHUT_WR))
        updateInterest(connection)
    }

    private func closeNow(_ connection: Connection) {
        guard !connection.closed else { return }
        connection.closed = true
        // Released before the close, so nobody who sees the close can still count the connection as open.
        release(connection)
        close(connection.fd)
        connections[connection.id] = nil
        if let writer = connection.writer {
            connection.writer = nil
            writer.resume(throwing: BodyWriter.ClientGone())
        }
    }

    private func release(_ connection: Connection) {
        if connection.counted {
            connection.counted = false
            core.releaseConnection()
        }
    }

    // MARK: Timeouts

    private func checkTimeouts() {
        if let until = acceptPausedUntil, now >= until, accepting {
            acceptPausedUntil = nil
            register(listener, token: Self.listenerToken, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
        }
        var silent: [Connection] = []
        var timedOut: [(Connection, String)] = []
        var buffered = 0
        for connection in connections.values {
            buffered += connection.bufferedBytes
            switch connection.state.timeout(now: now, pendingOutput: connection.pendingOutput) {
            case .close: silent.append(connection)
            case .send408(let detail): timedOut.append((connection, detail))
            case nil: break
            }
        }
        core.bufferedBytes.withValue { $0[index] = buffered }
        silent.forEach(closeNow)
        for (connection, detail) in timedOut {
            answerError(HTTPParseError(.requestTimeout, detail), on: connection)
        }
    }

    // MARK: epoll

    private func register(_ fd: Int32, token: UInt64, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: token))
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    private func updateInterest(_ connection: Connection) {
        guard !connection.closed else { return }
        var events: UInt32 = 0
        if connection.state.wantsInput(pendingOutput: connection.pendingOutput) {
            events |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        }
        if connection.pendingOutput > 0 { events |= EPOLLOUT.rawValue }
        guard events != connection.registeredEvents else { return }
        connection.registeredEvents = events
        var event = epoll_event(events: events, data: epoll_data_t(u64: connection.id))
        epoll_ctl(epoll, EPOLL_CTL_MOD, connection.fd, &event)
    }
}
