/// How long delivery waits before trying a notice again: `first` after the first failed attempt, twice as long after
/// each further one, at most `maximum`, each wait drawn between half and all of that ("equal jitter"), so notices
/// that failed together (a gateway down) do not all come back at the same moment.
struct RetryBackoff: Sendable, Equatable {
    var first: Duration
    var maximum: Duration

    /// The longest wait after the `attempt`-th failed attempt (1-based), before jitter.
    func ceiling(afterAttempt attempt: Int) -> Duration {
        var delay = first
        for _ in 1..<max(attempt, 1) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    func delay(afterAttempt attempt: Int) -> Duration {
        ceiling(afterAttempt: attempt) * Double.random(in: 0.5...1)
    }
}
