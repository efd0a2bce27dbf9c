/// One client connection: its socket, buffers and state machine. Owned by a single event loop and touched only on
/// its thread, so it needs no lock (and is deliberately not Sendable); handler tasks refer to it by `id` through
/// loop messages. Every decision (when to read, dispatch, time out, linger or close) is `state`'s; this holds what
/// the loop does I/O with.
final class Connection {
    let id: UInt64
    let fd: Int32
    let remoteAddress: String
    var parser: HTTPRequestParser
    var state: ConnectionStateMachine

    var output: [UInt8] = []
    var outputIndex = 0
    var pendingOutput: Int { output.count - outputIndex }
    /// What this connection makes the server hold: request bytes not yet parsed plus answer bytes not yet sent.
    var bufferedBytes: Int { parser.bufferedBytes + pendingOutput }

    /// The request whose handler is running.
    var inFlight: ConnectionStateMachine.InFlight? { state.inFlight }
    /// Nothing running, queued or half-read: a drain closes it at once.
    var isIdle: Bool { state.isIdle(pendingOutput: pendingOutput, parserPhase: parser.phase) }
    /// A streaming producer waiting for the queue to drain (back-pressure).
    var writer: CheckedContinuation<Void, any Error>?

    /// Counts towards `openConnections` (lingering and rejected connections do not).
    var counted: Bool
    /// The descriptor is closed and the connection forgotten by its loop.
    var closed = false
    /// The epoll interest currently registered.
    var registeredEvents: UInt32

    init(id: UInt64, fd: Int32, remoteAddress: String, limits: HTTPLimits, now: UInt64, counted: Bool, events: UInt32) {
        self.id = id
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: limits)
        self.state = ConnectionStateMachine(limits: limits, now: now)
        self.counted = counted
        self.registeredEvents = events
    }
}
