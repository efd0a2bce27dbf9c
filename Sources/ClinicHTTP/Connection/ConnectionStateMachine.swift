/// The decisions of one client connection, apart from its socket: when to read, when to dispatch the next
/// pipelined request, when to close or linger, and which timeout has run out. The event loop tells it what
/// happened (bytes read, request dispatched, bytes written, a tick of the clock) and does what it answers, so
/// every rule here is tested without sockets (`ConnectionStateMachineTests`) with the time passed in as `now`
/// (monotonic nanoseconds).
///
/// It counts bytes but holds none: the loop passes the unparsed input (`parserBuffered`) and the unsent output
/// (`pendingOutput`) where a decision depends on them.
struct ConnectionStateMachine {
    /// The request whose handler is running (one at a time, which keeps pipelined answers in order).
    struct InFlight: Equatable {
        var version: HTTPVersion
        var isHead: Bool
        var keepAlive: Bool
        var requestId: String
        var streamFraming: ResponseWriter.Framing?
    }

    /// What a tick asks of the loop.
    enum TimeoutAction: Equatable {
        /// Close without an answer (idle, write, linger): nobody is reading one.
        case close
        /// Answer 408 with this detail, then close (header or body too slow).
        case send408(String)
    }

    /// What the loop does once the output is flushed.
    enum AfterFlush: Equatable {
        case none
        /// Close at once (a failed stream must look incomplete; the client has half-closed anyway).
        case close
        /// Half-close and read until the client closes (see `beginLinger`).
        case linger
    }

    /// How a streamed answer ends, once its producer is done.
    enum StreamEnd: Equatable {
        /// Queue the last chunk (if `lastChunk`) and finish the answer like a fixed one.
        case finish(lastChunk: Bool, keepAlive: Bool)
        /// The producer failed mid-body: close abruptly after what is queued, so the answer looks incomplete.
        case abort
    }

    /// What the loop does after reading.
    enum AfterRead: Equatable {
        /// Parse and dispatch what came in.
        case process
        /// Lingering: the input was discarded; nothing more to do.
        case ignore
        /// Lingering and the client has closed: close.
        case close
    }

    /// Stop reading from a connection whose handler is busy once this much is buffered (pipelining bound).
    static let pauseReadingAt = 256 * 1024
    /// Unsent output above which a connection gets no more: a streaming producer waits, the next pipelined request
    /// is not dispatched and reading stops; all resume once the client has taken the output down to `lowWater`.
    /// So a connection holds at most about `pauseReadingAt` + 4 reads of input and `highWater` + one fixed answer
    /// of output, however many requests it pipelines and however slowly it reads.
    static let highWater = 256 * 1024
    static let lowWater = 64 * 1024

    let limits: HTTPLimits

    private(set) var inFlight: InFlight?
    private(set) var phase = HTTPRequestParser.Phase.idle
    private(set) var phaseStart: UInt64
    /// Close once the output is flushed (Connection: close, HTTP/1.0, errors, draining).
    private(set) var closeAfterWrite = false
    /// Close abruptly once flushed, without lingering (a failed stream must look incomplete).
    private(set) var abortAfterWrite = false
    /// The client has half-closed; answer what was asked, then close.
    private(set) var peerClosed = false
    private(set) var readPaused = false
    /// The next pipelined request waits until the client has taken the answers already queued (above
    /// `highWater` when this was set) down to `lowWater`.
    private(set) var waitingForOutput = false
    /// Writing is done; reading and discarding until the client closes or this time passes.
    private(set) var lingerDeadline: UInt64?
    /// When the client last made progress taking our answers (see `HTTPLimits.minWriteProgressBytes`).
    private(set) var lastWriteProgress: UInt64 = 0
    /// Bytes sent since `lastWriteProgress`, until they add up to `minWriteProgressBytes`.
    private(set) var sentSinceProgress = 0

    init(limits: HTTPLimits, now: UInt64) {
        self.limits = limits
        phaseStart = now
    }

    /// Whether a request that asked for keep-alive gets it: not while draining, not after `Connection: close` from
    /// the handler, and not for a body delimited by the close itself.
    static func keepAlive(
        requested: Bool, draining: Bool, handlerClosed: Bool, framing: ResponseWriter.Framing? = nil
    ) -> Bool {
        requested && !draining && !handlerClosed && framing != .closeDelimited
    }

    // MARK: Reading and dispatch: when to read, when the next pipelined request may go to a handler

    /// Whether bytes just read go to the parser: not while lingering or once the last answer is decided.
    var acceptsInput: Bool { lingerDeadline == nil && !closeAfterWrite }

    /// Whether the loop should ask epoll for input. No reading while output waits above `highWater`: input would
    /// only queue more answers.
    func wantsInput(pendingOutput: Int) -> Bool {
        !peerClosed && !readPaused && !waitingForOutput && pendingOutput <= Self.highWater
    }

    /// The client half-closed (a read returned 0).
    mutating func endOfInput() { peerClosed = true }

    /// A round of reads is over: parse it, or (lingering) drop it and close once the client has.
    func readFinished() -> AfterRead {
        guard lingerDeadline != nil else { return .process }
        return peerClosed ? .close : .ignore
    }

    /// The requests read so far are parsed and dispatched. True means close now: the client has half-closed and
    /// nothing is left to answer (an unfinished request at EOF gets no answer: nobody reads it). Otherwise a
    /// connection whose handler is busy, or whose answers wait for the client, stops reading once it has
    /// `pauseReadingAt` bytes of input buffered.
    mutating func inputProcessed(parserBuffered: Int, pendingOutput: Int) -> Bool {
        if peerClosed && inFlight == nil && pendingOutput == 0 { return true }
        if (inFlight != nil || waitingForOutput) && parserBuffered > Self.pauseReadingAt { readPaused = true }
        return false
    }

    /// Whether the loop may parse and dispatch the next request: one handler at a time, none after the last
    /// answer, and none while more than `highWater` of answers wait for the client (then `outputDrained` says
    /// when to go on).
    mutating func mayDispatch(pendingOutput: Int) -> Bool {
        guard inFlight == nil && !closeAfterWrite else { return false }
        if waitingForOutput || pendingOutput > Self.highWater {
            waitingForOutput = true
            return false
        }
        return true
    }

    /// A request went to its handler.
    mutating func requestDispatched(_ request: InFlight) { inFlight = request }

    /// The parser moved to `phase`; its timeout counts from now.
    mutating func parserPhase(_ phase: HTTPRequestParser.Phase, now: UInt64) {
        guard phase != self.phase else { return }
        self.phase = phase
        phaseStart = now
    }

    /// Nothing is running, queued or half-read: a drain may close the connection at once.
    func isIdle(pendingOutput: Int, parserPhase: HTTPRequestParser.Phase) -> Bool {
        inFlight == nil && pendingOutput == 0 && lingerDeadline == nil && parserPhase == .idle
    }

    // MARK: Writing and closing: write progress, back-pressure on producers, how the connection ends

    /// A streamed answer began with this framing; `keepAlive` is what its head announced.
    mutating func streamStarted(framing: ResponseWriter.Framing, keepAlive: Bool) {
        inFlight?.streamFraming = framing
        inFlight?.keepAlive = keepAlive
    }

    /// How a piece of a streamed body goes out; nil when it cannot (no stream running, a HEAD request, or a status
    /// without a body): the producer is told the client is gone.
    var chunkFraming: ResponseWriter.Framing? {
        guard let inFlight, let framing = inFlight.streamFraming, !inFlight.isHead, framing != .none else {
            return nil
        }
        return framing
    }

    /// The producer of the streamed answer is done (`ok`) or failed; nil when no stream is running. A failure after
    /// a head that carries no body (HEAD, 204, 304) loses nothing, so that answer finishes normally; a body delimited
    /// by the close ends the connection.
    mutating func streamEnded(ok: Bool) -> StreamEnd? {
        guard let inFlight, let framing = inFlight.streamFraming else { return nil }
        guard ok || inFlight.isHead || framing == .none else {
            streamFailed()
            return .abort
        }
        return .finish(
            lastChunk: framing == .chunked && !inFlight.isHead,
            keepAlive: inFlight.keepAlive && framing != .closeDelimited)
    }

    /// The current answer is fully queued.
    mutating func responseFinished(keepAlive: Bool) {
        inFlight = nil
        if !keepAlive { closeAfterWrite = true }
    }

    /// A streamed answer's producer failed: close abruptly after what is queued, so it looks incomplete.
    private mutating func streamFailed() {
        inFlight = nil
        closeAfterWrite = true
        abortAfterWrite = true
    }

    /// An error answer (400, 408, 413, 503...) was queued: it is the last one.
    mutating func errorQueued() {
        inFlight = nil
        closeAfterWrite = true
    }

    /// Between two requests of a keep-alive connection. False: no next request (draining, or the last answer is
    /// queued). True: the connection is idle again, reading resumes, and the loop parses what is buffered.
    mutating func nextRequest(draining: Bool, now: UInt64) -> Bool {
        if draining { closeAfterWrite = true }
        guard !closeAfterWrite else { return false }
        phase = .idle
        phaseStart = now
        readPaused = false
        return true
    }

    /// After `nextRequest` and the parsing it allowed: a client that half-closed and has had every complete request
    /// answered gets its answers, then the close.
    mutating func nextRequestServed() {
        if waitingForOutput { return }
        if peerClosed && inFlight == nil { closeAfterWrite = true }
    }

    /// `count` bytes went out. Progress is `minWriteProgressBytes`, not any byte: a client reading a trickle must not
    /// hold the connection (and its queued output) for ever.
    mutating func bytesWritten(_ count: Int, now: UInt64) {
        sentSinceProgress += count
        if sentSinceProgress >= limits.minWriteProgressBytes { writeProgress(now: now) }
    }

    /// The socket took no more. The write timeout counts from when the client stopped taking bytes, so it starts
    /// here unless the loop was already waiting to write (`armed`).
    mutating func writeBlocked(armed: Bool, now: UInt64) {
        if !armed { writeProgress(now: now) }
    }

    /// The client took everything there was: progress, however little it was.
    mutating func outputEmptied(now: UInt64) { writeProgress(now: now) }

    private mutating func writeProgress(now: UInt64) {
        lastWriteProgress = now
        sentSinceProgress = 0
    }

    /// A streaming producer with this much unsent output must wait.
    static func producerMustWait(pendingOutput: Int) -> Bool { pendingOutput > highWater }

    /// A waiting streaming producer may go on.
    static func producerMayResume(pendingOutput: Int) -> Bool { pendingOutput <= lowWater }

    /// True once the answers held back by `mayDispatch` are down to `lowWater`: the loop serves the next request.
    mutating func outputDrained(pendingOutput: Int) -> Bool {
        guard waitingForOutput && pendingOutput <= Self.lowWater else { return false }
        waitingForOutput = false
        return true
    }

    /// What to do with the connection after a flush.
    func afterFlush(pendingOutput: Int) -> AfterFlush {
        guard pendingOutput == 0 && closeAfterWrite && inFlight == nil else { return .none }
        return abortAfterWrite || peerClosed ? .close : .linger
    }

    /// The loop half-closes and reads until the client closes or `lingerTimeout` passes, so unread request bytes do
    /// not make the kernel reset the connection before the client reads our answer. False if already lingering.
    mutating func lingerBegan(now: UInt64) -> Bool {
        guard lingerDeadline == nil else { return false }
        lingerDeadline = now + limits.lingerTimeout.nanoseconds
        readPaused = false
        return true
    }
}
