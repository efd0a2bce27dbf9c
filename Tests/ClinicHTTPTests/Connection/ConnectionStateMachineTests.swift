import Testing

@testable import ClinicHTTP

/// The connection's decisions without a socket: time is a number the test moves, bytes are counts.
@Suite struct ConnectionStateMachineTests {
    /// A clock the test advances by hand (monotonic nanoseconds, as the event loop passes them).
    struct FakeClock {
        var now: UInt64 = 1_000_000_000
        mutating func advance(_ duration: Duration) { now += duration.nanoseconds }
        mutating func advance(nanoseconds: UInt64) { now += nanoseconds }
    }

    static let limits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.headerReadTimeout = .seconds(10)
        limits.bodyReadTimeout = .seconds(30)
        limits.idleTimeout = .seconds(20)
        limits.writeTimeout = .seconds(5)
        limits.minWriteProgressBytes = 1000
        limits.lingerTimeout = .seconds(2)
        return limits
    }()

    static func request(keepAlive: Bool = true, version: HTTPVersion = .http1_1) -> ConnectionStateMachine.InFlight {
        ConnectionStateMachine.InFlight(
            version: version, isHead: false, keepAlive: keepAlive, requestId: "rid", streamFraming: nil)
    }

    // MARK: Timeouts

    @Test func idleConnectionClosesSilentlyAfterIdleTimeout() {
        var clock = FakeClock()
        let machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        clock.advance(.seconds(20))
        clock.now -= 1
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == nil)
        clock.advance(nanoseconds: 1)
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == .close)
    }

    @Test func slowHeaderGets408FromWhenTheHeaderBegan() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        clock.advance(.seconds(15))
        machine.parserPhase(.head, now: clock.now)
        clock.advance(.seconds(9))
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == nil)
        machine.parserPhase(.head, now: clock.now)
        clock.advance(.seconds(1))
        #expect(
            machine.timeout(now: clock.now, pendingOutput: 0)
                == .send408("The request header was not received in time."))
    }

    @Test func slowBodyGets408AfterBodyTimeout() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        machine.parserPhase(.head, now: clock.now)
        clock.advance(.seconds(5))
        machine.parserPhase(.body, now: clock.now)
        clock.advance(.seconds(29))
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == nil)
        clock.advance(.seconds(1))
        #expect(
            machine.timeout(now: clock.now, pendingOutput: 0) == .send408("The request body was not received in time."))
    }

    @Test func noReadTimeoutWhileAHandlerRunsOrAfterTheLastAnswer() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        machine.requestDispatched(Self.request())
        clock.advance(.seconds(3600))
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == nil)
        machine.responseFinished(keepAlive: false)
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == nil)
    }

    @Test func writeTimeoutNeedsRealProgressNotATrickle() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        machine.writeBlocked(armed: false, now: clock.now)
        // 999 bytes over the whole timeout, one at a time: below minWriteProgressBytes.
        for _ in 0..<9 {
            clock.advance(.milliseconds(500))
            machine.bytesWritten(111, now: clock.now)
            machine.writeBlocked(armed: true, now: clock.now)
        }
        #expect(machine.timeout(now: clock.now, pendingOutput: 5000) == nil)
        clock.advance(.milliseconds(500))
        #expect(machine.timeout(now: clock.now, pendingOutput: 5000) == .close)
    }

    @Test func enoughWrittenBytesRestartTheWriteTimeout() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        machine.writeBlocked(armed: false, now: clock.now)
        clock.advance(.seconds(4))
        machine.bytesWritten(1000, now: clock.now)
        clock.advance(.seconds(4))
        #expect(machine.timeout(now: clock.now, pendingOutput: 5000) == nil)
        clock.advance(.seconds(1))
        #expect(machine.timeout(now: clock.now, pendingOutput: 5000) == .close)
    }

    @Test func writeTimeoutCountsFromWhenTheClientStoppedTaking() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        // Long idle before the answer: the write timeout starts when the socket first refuses bytes.
        clock.advance(.seconds(60))
        machine.writeBlocked(armed: false, now: clock.now)
        clock.advance(.seconds(4))
        machine.writeBlocked(armed: true, now: clock.now)
        #expect(machine.timeout(now: clock.now, pendingOutput: 1) == nil)
        clock.advance(.seconds(1))
        #expect(machine.timeout(now: clock.now, pendingOutput: 1) == .close)
    }

    @Test func lingerEndsAfterLingerTimeoutOrWhenTheClientCloses() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        machine.errorQueued()
        #expect(machine.afterFlush(pendingOutput: 10) == .none)
        #expect(machine.afterFlush(pendingOutput: 0) == .linger)
        var lingers = machine.lingerBegan(now: clock.now)
        #expect(lingers)
        lingers = machine.lingerBegan(now: clock.now)
        #expect(!lingers)
        #expect(!machine.acceptsInput)
        #expect(machine.readFinished() == .ignore)
        clock.advance(.milliseconds(1999))
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == nil)
        clock.advance(.milliseconds(1))
        #expect(machine.timeout(now: clock.now, pendingOutput: 0) == .close)
        machine.endOfInput()
        #expect(machine.readFinished() == .close)
    }

    // MARK: Pipelining

    @Test func pipelinedRequestsGoOneAtATimeInOrder() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        var mayDispatch = machine.mayDispatch(pendingOutput: 0)
        #expect(mayDispatch)
        machine.requestDispatched(Self.request())
        mayDispatch = machine.mayDispatch(pendingOutput: 0)
        #expect(!mayDispatch)
        // More input while the handler runs: read on, up to the pause mark.
        let closeNow = machine.inputProcessed(parserBuffered: 100, pendingOutput: 0)
        #expect(!closeNow)
        #expect(machine.wantsInput(pendingOutput: 0))
        clock.advance(.seconds(1))
        machine.responseFinished(keepAlive: true)
        let goesOn = machine.nextRequest(draining: false, now: clock.now)
        #expect(goesOn)
        #expect(machine.phase == .idle && machine.phaseStart == clock.now)
        mayDispatch = machine.mayDispatch(pendingOutput: 0)
        #expect(mayDispatch)
    }

    @Test func readingPausesWhileAHandlerRunsAndInputPilesUp() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        machine.requestDispatched(Self.request())
        var closeNow = machine.inputProcessed(parserBuffered: ConnectionStateMachine.pauseReadingAt, pendingOutput: 0)
        #expect(!closeNow)
        #expect(machine.wantsInput(pendingOutput: 0))
        closeNow = machine.inputProcessed(parserBuffered: ConnectionStateMachine.pauseReadingAt + 1, pendingOutput: 0)
        #expect(!closeNow)
        #expect(!machine.wantsInput(pendingOutput: 0))
        clock.advance(.seconds(1))
        machine.responseFinished(keepAlive: true)
        let goesOn = machine.nextRequest(draining: false, now: clock.now)
        #expect(goesOn)
        #expect(machine.wantsInput(pendingOutput: 0))
    }

    // MARK: Back-pressure

    @Test func answersAboveHighWaterHoldTheNextRequestAndReadingUntilLowWater() {
        var clock = FakeClock()
        var machine = ConnectionStateMachine(limits: Self.limits, now: clock.now)
        let high = ConnectionStateMachine.highWater
        let low = ConnectionStateMachine.lowWater
        #expect(machine.wantsInput(pendingOutput: high))
        #expect(!machine.wantsInput(pendingOutput: high + 1))
        var mayDispatch = machine.mayDispatch(pendingOutput: high + 1)
        #expect(!mayDispatch)
        #expect(machine.waitingForOutput)
        // Held back even once below high water, until the client reads down to low water.
        mayDispatch = machine.mayDispatch(pendingOutput: low + 1)
        #expect(!mayDispatch)
        #expect(!machine.wantsInput(pendingOutput: 0))
        let closeNow = machine.inputProcessed(
            parserBuffered: ConnectionStateMachine.pauseReadingAt + 1, pendingOutput: high)
        #expect(!closeNow)
        var drained = machine.outputDrained(pendingOutput: low + 1)
        #expect(!drained)
        drained = machine.outputDrained(pendingOutput: low)
        #expect(drained)
        #expect(!machine.waitingForOutput)
        clock.advance(.seconds(1))
        let goesOn = machine.nextRequest(draining: false, now: clock.now)
        #expect(goesOn)
        #expect(machine.wantsInput(pendingOutput: low))
        mayDispatch = machine.mayDispatch(pendingOutput: low)
        #expect(mayDispatch)
    }

    @Test func streamingProducerWaitsAboveHighWaterAndResumesAtLowWater() {
        #expect(!ConnectionStateMachine.producerMustWait(pendingOutput: ConnectionStateMachine.highWater))
        #expect(ConnectionStateMachine.producerMustWait(pendingOutput: ConnectionStateMachine.highWater + 1))
        #expect(!ConnectionStateMachine.producerMayResume(pendingOutput: ConnectionStateMachine.lowWater + 1))
        #expect(ConnectionStateMachine.producerMayResume(pendingOutput: ConnectionStateMachine.lowWater))
    }

    // MARK: Closing

    @Test func connectionCloseFromTheHandlerEndsTheConnectionAfterTheAnswer() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        machine.requestDispatched(Self.request())
        let keepAlive = ConnectionStateMachine.keepAlive(requested: true, draining: false, handlerClosed: true)
        #expect(!keepAlive)
        machine.responseFinished(keepAlive: keepAlive)
        let goesOn = machine.nextRequest(draining: false, now: 1)
        #expect(!goesOn)
        let mayDispatch = machine.mayDispatch(pendingOutput: 0)
        #expect(!mayDispatch)
        #expect(!machine.acceptsInput)
        #expect(machine.afterFlush(pendingOutput: 1) == .none)
        #expect(machine.afterFlush(pendingOutput: 0) == .linger)
    }

    @Test func http10EndsTheConnectionAfterTheAnswer() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        // The parser gives HTTP/1.0 without keep-alive `keepAlive: false`; a streamed 1.0 body ends with the close.
        #expect(
            !ConnectionStateMachine.keepAlive(
                requested: true, draining: false, handlerClosed: false, framing: .closeDelimited))
        machine.requestDispatched(Self.request(keepAlive: false, version: .http1_0))
        let keepAlive = ConnectionStateMachine.keepAlive(requested: false, draining: false, handlerClosed: false)
        machine.responseFinished(keepAlive: keepAlive)
        let goesOn = machine.nextRequest(draining: false, now: 1)
        #expect(!goesOn)
        #expect(machine.afterFlush(pendingOutput: 0) == .linger)
    }

    @Test func keepAliveIsTheDefault() {
        #expect(ConnectionStateMachine.keepAlive(requested: true, draining: false, handlerClosed: false))
        #expect(
            ConnectionStateMachine.keepAlive(requested: true, draining: false, handlerClosed: false, framing: .chunked))
    }

    // MARK: Streaming

    @Test func failedStreamClosesAbruptlyWithoutLinger() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        machine.requestDispatched(Self.request())
        machine.streamStarted(framing: .chunked, keepAlive: true)
        #expect(machine.chunkFraming == .chunked)
        let end = machine.streamEnded(ok: false)
        #expect(end == .abort)
        #expect(machine.inFlight == nil)
        #expect(machine.chunkFraming == nil)
        #expect(machine.afterFlush(pendingOutput: 0) == .close)
    }

    @Test func finishedChunkedStreamSendsTheLastChunkAndKeepsTheConnection() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        machine.requestDispatched(Self.request())
        machine.streamStarted(framing: .chunked, keepAlive: true)
        let end = machine.streamEnded(ok: true)
        #expect(end == .finish(lastChunk: true, keepAlive: true))
    }

    @Test func http10StreamIsDelimitedByTheClose() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        machine.requestDispatched(Self.request(version: .http1_0))
        machine.streamStarted(framing: .closeDelimited, keepAlive: false)
        #expect(machine.chunkFraming == .closeDelimited)
        let end = machine.streamEnded(ok: true)
        #expect(end == .finish(lastChunk: false, keepAlive: false))
    }

    @Test func streamWithoutABodyTakesNoChunksAndFinishesEvenIfTheProducerFails() {
        var head = ConnectionStateMachine(limits: Self.limits, now: 0)
        head.requestDispatched(
            ConnectionStateMachine.InFlight(
                version: .http1_1, isHead: true, keepAlive: true, requestId: "rid", streamFraming: nil))
        head.streamStarted(framing: .chunked, keepAlive: true)
        #expect(head.chunkFraming == nil)
        let headEnd = head.streamEnded(ok: false)
        #expect(headEnd == .finish(lastChunk: false, keepAlive: true))

        var noContent = ConnectionStateMachine(limits: Self.limits, now: 0)
        noContent.requestDispatched(Self.request())
        noContent.streamStarted(framing: .none, keepAlive: true)
        #expect(noContent.chunkFraming == nil)
        let noContentEnd = noContent.streamEnded(ok: false)
        #expect(noContentEnd == .finish(lastChunk: false, keepAlive: true))
    }

    @Test func streamMessagesWithoutAStreamAreRefused() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        #expect(machine.chunkFraming == nil)
        var end = machine.streamEnded(ok: true)
        #expect(end == nil)
        // A fixed answer is running, not a stream.
        machine.requestDispatched(Self.request())
        #expect(machine.chunkFraming == nil)
        end = machine.streamEnded(ok: true)
        #expect(end == nil)
    }

    // MARK: Half-close

    @Test func halfClosedClientGetsItsAnswersThenTheClose() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        machine.requestDispatched(Self.request())
        machine.endOfInput()
        #expect(!machine.wantsInput(pendingOutput: 0))
        let closeNow = machine.inputProcessed(parserBuffered: 0, pendingOutput: 0)
        #expect(!closeNow)
        machine.responseFinished(keepAlive: true)
        let goesOn = machine.nextRequest(draining: false, now: 1)
        #expect(goesOn)
        machine.nextRequestServed()
        #expect(machine.afterFlush(pendingOutput: 0) == .close)
    }

    @Test func halfClosedClientWithNothingToAnswerIsClosedAtOnce() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        machine.endOfInput()
        let closeNow = machine.inputProcessed(parserBuffered: 10, pendingOutput: 0)
        #expect(closeNow)
    }

    // MARK: Shutdown

    @Test func drainClosesIdleConnectionsAndEndsBusyOnesAfterTheirAnswer() {
        var machine = ConnectionStateMachine(limits: Self.limits, now: 0)
        #expect(machine.isIdle(pendingOutput: 0, parserPhase: .idle))
        #expect(!machine.isIdle(pendingOutput: 0, parserPhase: .head))
        #expect(!machine.isIdle(pendingOutput: 1, parserPhase: .idle))
        machine.requestDispatched(Self.request())
        #expect(!machine.isIdle(pendingOutput: 0, parserPhase: .idle))
        // The answer of a draining server says `Connection: close` and no further request is served.
        let keepAlive = ConnectionStateMachine.keepAlive(requested: true, draining: true, handlerClosed: false)
        #expect(!keepAlive)
        machine.responseFinished(keepAlive: true)
        let goesOn = machine.nextRequest(draining: true, now: 1)
        #expect(!goesOn)
        let mayDispatch = machine.mayDispatch(pendingOutput: 0)
        #expect(!mayDispatch)
        #expect(machine.afterFlush(pendingOutput: 0) == .linger)
        let lingers = machine.lingerBegan(now: 1)
        #expect(lingers)
        #expect(!machine.isIdle(pendingOutput: 0, parserPhase: .idle))
    }
}
