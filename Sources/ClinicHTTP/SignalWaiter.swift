import ClinicSupport
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Catches termination signals from its creation on, without tying up a thread of Swift's cooperative pool: the
/// signals' default action is disabled and Dispatch delivers them on its own queue. A signal that arrives before
/// anyone waits is kept, so a server can start catching before a long start-up (a migration) and still stop
/// cleanly when told to during it. After the first signal, the others are ignored, so a second Ctrl-C does not kill
/// a server that is draining.
package final class SignalWaiter: Sendable {
    private struct State {
        var caught: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
        var sources: [any DispatchSourceSignal] = []
    }

    private let state = LockedValue(State())

    /// Starts catching `signals` (SIGTERM and SIGINT by default).
    package init(for signals: [Int32] = [SIGTERM, SIGINT]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [state] in
                let waiters = state.withValue { state -> [CheckedContinuation<Int32, Never>] in
                    guard state.caught == nil else { return [] }
                    state.caught = number
                    for source in state.sources { source.cancel() }
                    defer { state.waiters = [] }
                    return state.waiters
                }
                for waiter in waiters { waiter.resume(returning: number) }
            }
            state.withValue { $0.sources.append(source) }
            source.resume()
        }
    }

    /// The first signal caught, as soon as there is one (at once if it came already). Any number may wait.
    package func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let caught = state.withValue { state -> Int32? in
                if state.caught == nil { state.waiters.append(continuation) }
                return state.caught
            }
            if let caught { continuation.resume(returning: caught) }
        }
    }
}
