/// One client connection's state. Owned by a single event loop and touched only on its thread, so it needs no
/// lock (and is deliberately not Sendable); handler tasks refer to it by `id` through loop messages.
final class Connection {
    /// The request whose handler is running (one at a time, which keeps pipelined answers in order).
    struct InFlight {
        var version: HTTPVersion
        var isHead: Bool
        var keepAlive: Bool
        var requestId: String
        var streamFraming: ResponseWriter.Framing?
    }

    let id: UInt64
    let fd: Int32
    let remoteAddress: String
    var parser: HTTPRequestParser

    var output: [UInt8] = []
    var outputIndex = 0
    var pendingOutput: Int { output.count - outputIndex }
    /// What this connection makes the server hold: request bytes not yet parsed plus answer bytes not yet sent.
    var bufferedBytes: Int { parser.bufferedBytes + pendingOutput }
    /// When the client last made progress taking our answers (see `HTTPLimits.minWriteProgressBytes`).
    var lastWriteProgress: UInt64 = 0
    /// Bytes sent since `lastWriteProgress`, until they add up to `minWriteProgressBytes`.
    var sentSinceProgress = 0

    var inFlight: InFlight?
    /// A streaming producer waiting for the queue to drain (back-pressure).
    var writer: CheckedContinuation<Void, any Error>?

    var phase = HTTPRequestParser.Phase.idle
    var phaseStart: UInt64

    /// Close once the output is flushed (Connection: close, HTTP/1.0, errors, draining).
    var closeAfterWrite = false
    /// Close abruptly once flushed, without lingering (a failed stream must look incomplete).
    var abortAfterWrite = false
    /// The client has half-closed; answer what was asked, then close.
    var peerClosed = false
    var readPaused = false
    /// The next pipelined request waits until the client has taken the answers already queued (above the loop's
    /// high-water mark when this was set) down to the low-water mark.
    var waitingForOutput = false
    /// Counts towards `openConnections` (lingering and rejected connections do not).
    var counted: Bool
    /// Writing is done; reading and discarding until the client closes or the linger time passes.
    var lingerDeadline: UInt64?
    var closed = false
    /// The epoll interest currently registered.
    var registeredEvents: UInt32

    init(id: UInt64, fd: Int32, remoteAddress: String, limits: HTTPLimits, now: UInt64, counted: Bool, events: UInt32) {
        self.id = id
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: limits)
        self.phaseStart = now
        self.counted = counted
        self.registeredEvents = events
    }
}
