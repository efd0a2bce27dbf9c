import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for a termination signal without tying up a thread of Swift's cooperative pool: the signals'
/// default action is disabled and Dispatch delivers them on its own queue.
public enum SignalWaiter {
    /// Suspends until one of `signals` arrives (SIGTERM or SIGINT by default) and returns it. From then on those
    /// signals stay ignored, so a second Ctrl-C does not kill a server that is draining.
    public static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) async -> Int32 {
        let sources = LockedValue<[any DispatchSourceSignal]>([])
        let resumed = LockedValue(false)
        return await withCheckedContinuation { continuation in
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    let first = resumed.withValue { done -> Bool in
                        defer { done = true }
                        return !done
                    }
                    guard first else { return }
                    for source in sources.value { source.cancel() }
                    continuation.resume(returning: number)
                }
                sources.withValue { $0.append(source) }
                source.resume()
            }
        }
    }
}
