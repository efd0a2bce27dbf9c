import CEpoll
import ClinicSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for the sockets of every connection in the process, on one thread with one epoll set, and resumes the
/// task that waits on each.
///
/// A connection's libpq calls run non-blocking on its borrower's task; only the wait for the server's answer
/// suspends it. When several answers arrive at once, one wake of this thread resumes them all. (Each connection
/// had its own Dispatch thread that blocked inside libpq: two thread switches per statement, a tenth of the
/// server's CPU.)
///
/// Each wait arms the socket once (`EPOLLONESHOT`), with the connection's id as the event's token.
final class PostgresSocketWaiter: @unchecked Sendable {
    static let shared = PostgresSocketWaiter()

    private struct State {
        var waiting: [Int: CheckedContinuation<Void, any Error>] = [:]
        /// Why waiting stopped working (epoll could not be made, or its loop failed): every wait fails with it.
        var failure: PostgresError?
    }

    private let epoll: Int32
    private let state = LockedValue(State())

    private init() {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else {
            state.withValue { $0.failure = Self.failure("epoll_create1", errno) }
            return
        }
        let thread = Thread { [self] in run() }
        thread.name = "clinic.postgres.sockets"
        thread.start()
    }

    /// Suspends the connection's task until the socket that `arming` arms (`arm`) is ready, or has failed or closed:
    /// the caller then asks libpq, which tells which. `arming` runs once the wait is recorded, so an event, or a
    /// `cancel`, that comes at once still finds it; what it returns (an error) ends the wait.
    /// A connection waits once at a time: a second wait (two tasks on one connection) fails rather than take the
    /// first one's place.
    func wait(connection id: Int, arming: () -> (any Error)?) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let refusal = state.withValue { state -> PostgresError? in
                if let failure = state.failure { return failure }
                guard state.waiting[id] == nil else {
                    return PostgresError(kind: .connectionLost, message: "the connection is already waiting")
                }
                state.waiting[id] = continuation
                return nil
            }
            if let refusal { return continuation.resume(throwing: refusal) }
            if let error = arming() { cancel(connection: id, error) }
        }
    }

    /// Arms `socket` for one event, readable (or writable too, with `writable`), the connection's id its token.
    /// A socket is added on its first wait and re-armed on the next; one that libpq closed (the server went) has
    /// left the set on its own. Returns the failure, if any.
    func arm(_ socket: Int32, connection id: Int, writable: Bool) -> (any Error)? {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLONESHOT.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        event.data.u64 = UInt64(id)
        if epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) == 0 { return nil }
        if errno == ENOENT && epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event) == 0 { return nil }
        return Self.failure("epoll_ctl", errno)
    }

    /// Ends the connection's wait, if it has one, with `error`.
    func cancel(connection id: Int, _ error: any Error) {
        state.withValue { $0.waiting.removeValue(forKey: id) }?.resume(throwing: error)
    }

    /// Takes the socket out of the set before its connection closes it, so that a later socket given the same
    /// number starts afresh.
    func forget(_ socket: Int32) {
        guard epoll >= 0, socket >= 0 else { return }
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nil)
    }

    private func run() {
        let capacity = 64
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while true {
            let count = epoll_wait(epoll, events, Int32(capacity), -1)
            if count < 0 {
                if errno == EINTR { continue }
                let failure = Self.failure("epoll_wait", errno)
                Log.error("waiting for the database sockets failed", ["error": failure.message])
                let stranded = state.withValue { state in
                    state.failure = failure
                    defer { state.waiting = [:] }
                    return Array(state.waiting.values)
                }
                stranded.forEach { $0.resume(throwing: failure) }
                return
            }
            let ready = (0..<Int(count)).map { Int(events[$0].data.u64) }
            let continuations = state.withValue { state in ready.compactMap { state.waiting.removeValue(forKey: $0) } }
            continuations.forEach { $0.resume() }
        }
    }

    private static func failure(_ call: String, _ code: Int32) -> PostgresError {
        PostgresError(kind: .connectionLost, message: "\(call) failed: \(String(cString: strerror(code)))")
    }
}
