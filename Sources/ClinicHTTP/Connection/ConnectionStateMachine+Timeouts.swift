/// The clock: which of the connection's timeouts has run out at `now`.
extension ConnectionStateMachine {
    /// One timeout applies at a time: linger while lingering, write while answers wait, otherwise idle, header or
    /// body by the parser's phase. None while a handler runs or the last answer is queued.
    func timeout(now: UInt64, pendingOutput: Int) -> TimeoutAction? {
        if let lingerDeadline {
            return now >= lingerDeadline ? .close : nil
        }
        if pendingOutput > 0 {
            return now &- lastWriteProgress >= limits.writeTimeout.nanoseconds ? .close : nil
        }
        guard inFlight == nil && !closeAfterWrite else { return nil }
        let waited = now &- phaseStart
        switch phase {
        case .idle:
            return waited >= limits.idleTimeout.nanoseconds ? .close : nil
        case .head:
            return waited >= limits.headerReadTimeout.nanoseconds
                ? .send408("The request header was not received in time.") : nil
        case .body:
            return waited >= limits.bodyReadTimeout.nanoseconds
                ? .send408("The request body was not received in time.") : nil
        }
    }
}
