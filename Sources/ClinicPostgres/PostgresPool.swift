import ClinicSupport
import Dispatch
import Foundation

/// A bounded pool of connections.
///
/// Borrowers wait (FIFO, with a deadline) when every connection is lent out. Broken connections are dropped on
/// return and replaced on demand; idle ones are checked for a closed socket before being lent, so a database
/// restart costs no request more than it must.
package final class PostgresPool: @unchecked Sendable {
    package struct Options: Sendable {
        package var maxConnections: Int
        /// How long a borrower waits for a free connection before `poolTimeout`.
        package var acquireTimeout: Duration
        /// Settings set on every borrow (`PostgresPool+Scope.swift`): name and the value a task that names none gets.
        package var scopedSettings: [String: String]
        package init(
            maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5), scopedSettings: [String: String] = [:]
        ) {
            self.maxConnections = maxConnections
            self.acquireTimeout = acquireTimeout
            self.scopedSettings = scopedSettings
        }
    }

    package struct Statistics: Sendable, Equatable {
        package var open: Int
        package var idle: Int
        package var inUse: Int { open - idle }
        package var waiting: Int
    }

    private typealias Waiter = CheckedContinuation<PostgresConnection, any Error>

    private struct State {
        var idle: [PostgresConnection] = []
        /// Connections open or being opened, lent or idle.
        var total = 0
        var waiters: [(id: Int, deadline: ContinuousClock.Instant, continuation: Waiter)] = []
        var nextWaiterID = 0
        /// Whether a sweep for waiters past their deadline is scheduled (one at a time, while anyone waits).
        var sweeping = false
        var closed = false
    }

    package let configuration: PostgresConfiguration
    package let options: Options
    /// `options.scopedSettings`' names in a fixed order, so the statement that sets them is prepared once.
    let scopeNames: [String]
    private let state = LockedValue(State())
    /// Round trips to the server on every connection this pool opened (`PostgresConnection.roundTripCount`).
    private let trips = LockedValue(0)
    package var roundTripCount: Int { trips.value }
    /// Test-only: a lost `COMMIT` answer, a database outage.
    let faults = PostgresPoolFaults()

    package init(configuration: PostgresConfiguration, options: Options = Options()) {
        self.configuration = configuration
        self.options = options
        self.scopeNames = options.scopedSettings.keys.sorted()
    }

    package var statistics: Statistics {
        state.withValue { Statistics(open: $0.total, idle: $0.idle.count, waiting: $0.waiters.count) }
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    @discardableResult
    package func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// `BEGIN` goes out with the body's first statement and `COMMIT` with whatever the body queued last
    /// (`sendWithNextQuery`, e.g. its audit row), so a one-statement transaction costs two round trips.
    ///
    /// Serialization failures and deadlocks run the whole body again (up to `maxAttempts`, with a short random
    /// back-off), so `body` must be safe to repeat: it should only touch the database. A connection found
    /// dead before the transaction began is replaced without counting as an attempt, since nothing ran yet.
    ///
    /// When the connection is lost during `COMMIT` and the body named a commit witness
    /// (`setCommitWitness`), the witness is asked on another connection (waiting up to `acquireTimeout` for the
    /// database to come back): a transaction that committed returns normally. Otherwise the loss is thrown
    /// (`connectionLost`, `commitUnknown`): the transaction may or may not have committed. (A transaction id is no
    /// witness: after a crash, an id whose commit never reached the disk can be handed out again and commit something
    /// else.)
    @discardableResult
    package func withTransaction<T>(
        isolation: IsolationLevel = .readCommitted, maxAttempts: Int = 5,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 1
        var deadConnections = 0
        while true {
            // BEGIN goes first: a statement ahead of it in the same round trip would open the transaction (and
            // take a serializable snapshot) before the isolation level is set. The scope follows inside it.
            let settings = scopeValues()
            let connection = try await lend(preferring: settings)
            let begun = LockedValue(false)
            connection.discardQueued()
            connection.sendWithNextQuery(isolation.beginStatement, prepare: true) { _ in begun.value = true }
            enterScope(connection, settings, clearing: false)
            var result: T?
            var witness: PostgresQuery?
            do {
                let value = try await body(connection)
                result = value
                witness = connection.takeCommitWitness()
                if let fault = faults.takeCommitFault() {
                    try await lose(connection, committing: fault.committed, outage: fault.outage)
                }
                try await connection.query("COMMIT", prepare: true)
                release(connection)
                return value
            } catch {
                if begun.value, !connection.isBroken { _ = try? await connection.query("ROLLBACK") }
                release(connection)
                if var error = error as? PostgresError {
                    if error.kind == .connectionLost, let result {
                        // Lost during COMMIT. Even with BEGIN still unanswered (a body that only queued statements),
                        // BEGIN … COMMIT went out together and may have run: never run the body again, ask the
                        // witness.
                        if let witness, await committed(according: witness) { return result }
                        error.message =
                            "connection lost during COMMIT; the transaction may or may not have "
                            + "committed: " + error.message
                        error.commitUnknown = true
                        throw error
                    }
                    if error.kind == .connectionLost, !begun.value {  // nothing was sent that could have run
                        deadConnections += 1
                        if deadConnections <= options.maxConnections { continue }
                    }
                    if error.isRetryable, attempt < maxAttempts {
                        attempt += 1
                        try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
                        continue
                    }
                }
                throw error
            }
        }
    }

    /// An injected fault: `COMMIT` runs or not, then the connection drops and the database stays away for `outage`.
    /// No answer of the `COMMIT`'s round trip arrives (statements queued with it included).
    private func lose(_ connection: PostgresConnection, committing: Bool, outage: Duration) async throws {
        if committing {
            try await connection.queryDroppingAnswers("COMMIT", prepare: true)
        } else {
            connection.discardQueued()
        }
        connection.close()
        faults.beginOutage(outage)
        throw PostgresError(kind: .connectionLost, message: "simulated: the connection dropped during COMMIT")
    }

    /// Asks `witness` on fresh connections until the database answers or `acquireTimeout` passes. A "no" is
    /// asked once more after a moment, in case the lost connection's backend was still finishing its COMMIT.
    /// Only a primary answers: a session in recovery (a standby, which may lag behind what the lost primary
    /// committed, as after a failover to a standby that was not synchronous) is dropped and asked again, so a
    /// transaction that committed is never reported as not committed because a standby had not seen it yet.
    package func committed(according witness: PostgresQuery) async -> Bool {
        if faults.takeWitnessMiss() { return false }
        let deadline = ContinuousClock.now + options.acquireTimeout
        var noes = 0
        while ContinuousClock.now < deadline {
            let text = try? await withConnection { connection -> String? in
                let standby = try await connection.query("SELECT pg_is_in_recovery()", prepare: true).first?.text(0)
                guard standby.flatMap(Bool.init(postgresText:)) == false else {
                    connection.discard()
                    return nil
                }
                return try await connection.query(witness).first?.text(0)
            }
            if let text = text ?? nil, let answer = Bool(postgresText: text) {
                if answer { return true }
                noes += 1
                if noes == 2 { return false }
            }
            try? await Task.sleep(for: .milliseconds(100))  // down, restarting, or a "no" to confirm
        }
        return false
    }

    package enum IsolationLevel: Sendable {
        case readCommitted, repeatableRead, serializable
        var beginStatement: PostgresQuery {
            switch self {
            case .readCommitted: "BEGIN"
            case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
            }
        }
    }

    /// One statement on any connection; for reads and single-statement writes.
    @discardableResult
    package func query(_ query: PostgresQuery, prepare: Bool = false) async throws -> PostgresRows {
        try await withConnection { try await $0.query(query, prepare: prepare) }
    }

    /// Closes idle connections and refuses new borrowers; lent connections close when returned.
    package func close() {
        let (idle, waiters) = state.withValue { state -> ([PostgresConnection], [Waiter]) in
            state.closed = true
            let idle = state.idle
            state.total -= idle.count
            state.idle = []
            let waiters = state.waiters.map(\.continuation)
            state.waiters = []
            return (idle, waiters)
        }
        idle.forEach { $0.close() }
        waiters.forEach { $0.resume(throwing: PostgresError(kind: .poolClosed, message: "the pool is closed")) }
    }

    // MARK: lending

    private enum Decision {
        case use(PostgresConnection)
        case open
        case wait(Int)
        case fail(PostgresError)
    }

    /// A connection for one borrow, its scoped settings queued ahead of the borrower's first statement.
    func acquire() async throws -> PostgresConnection {
        let settings = scopeValues()
        let connection = try await lend(preferring: settings)
        enterScope(connection, settings)
        return connection
    }

    /// An idle connection (the most recently used, or else one whose session holds `settings`, so the borrow need
    /// not set them), a new one, or the next to come back.
    func lend(preferring settings: [String]?) async throws -> PostgresConnection {
        try faults.checkReachable()
        while true {
            let (decision, stale) = state.withValue { state -> (Decision, [PostgresConnection]) in
                if state.closed { return (.fail(PostgresError(kind: .poolClosed, message: "the pool is closed")), []) }
                if let settings,
                    let index = state.idle.lastIndex(where: { !$0.isBroken && $0.holdsSettings(settings) })
                {
                    return (.use(state.idle.remove(at: index)), [])
                }
                var stale: [PostgresConnection] = []
                while let candidate = state.idle.popLast() {
                    if candidate.isBroken {
                        stale.append(candidate)
                        state.total -= 1
                    } else {
                        return (.use(candidate), stale)
                    }
                }
                if state.total < options.maxConnections {
                    state.total += 1
                    return (.open, stale)
                }
                state.nextWaiterID += 1
                return (.wait(state.nextWaiterID), stale)
            }
            stale.forEach { $0.close() }
            switch decision {
            case .fail(let error):
                throw error
            case .use(let connection):
                if connection.looksAlive() { return connection }
                state.withValue { $0.total -= 1 }
                connection.close()
                continue
            case .open:
                return try await open()
            case .wait(let id):
                return try await wait(id: id)
            }
        }
    }

    private func open() async throws -> PostgresConnection {
        do {
            let connection = try await PostgresConnection.connect(configuration)
            connection.countRoundTrips(in: trips)
            return connection
        } catch {
            state.withValue { $0.total -= 1 }
            throw error
        }
    }

    private func wait(id: Int) async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { (continuation: Waiter) in
            // A connection may have come back, or a broken one been dropped, between the decision and now.
            let (now, startSweeping) = state.withValue { state -> (Decision, Bool) in
                if let connection = state.idle.popLast() { return (.use(connection), false) }
                if state.total < options.maxConnections {
                    state.total += 1
                    return (.open, false)
                }
                state.waiters.append((id, ContinuousClock.now + options.acquireTimeout, continuation))
                defer { state.sweeping = true }
                return (.wait(id), !state.sweeping)
            }
            switch now {
            case .use(let connection):
                continuation.resume(returning: connection)
            case .open:
                Task {
                    do { continuation.resume(returning: try await self.open()) } catch {
                        continuation.resume(throwing: error)
                    }
                }
            case .wait, .fail:
                if startSweeping { scheduleSweep() }
            }
        }
    }

    /// Fails waiters past their deadline, every 50 ms while anyone waits: one timer for all of them rather than
    /// one per waiter (under load nearly every request waits a moment for a connection).
    private func scheduleSweep() {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { [self] in
            let now = ContinuousClock.now
            let (expired, again) = state.withValue { state -> ([Waiter], Bool) in
                var expired: [Waiter] = []
                state.waiters.removeAll { waiter in
                    guard waiter.deadline <= now else { return false }
                    expired.append(waiter.continuation)
                    return true
                }
                state.sweeping = !state.waiters.isEmpty
                return (expired, state.sweeping)
            }
            for waiter in expired {
                waiter.resume(
                    throwing: PostgresError(
                        kind: .poolTimeout,
                        message: "no database connection became free within \(options.acquireTimeout)"))
            }
            if again { scheduleSweep() }
        }
    }

    func release(_ connection: PostgresConnection) {
        connection.settleSettings()
        connection.discardQueued()
        enum Next {
            case handOver(Waiter)
            case replace(Waiter)
            case keep
            case discard
        }
        let next = state.withValue { state -> Next in
            if connection.isBroken || state.closed {
                state.total -= 1
                if !state.closed, !state.waiters.isEmpty {
                    state.total += 1
                    return .replace(state.waiters.removeFirst().continuation)
                }
                return .discard
            }
            if !state.waiters.isEmpty { return .handOver(state.waiters.removeFirst().continuation) }
            state.idle.append(connection)
            return .keep
        }
        switch next {
        case .handOver(let waiter):
            waiter.resume(returning: connection)
        case .replace(let waiter):
            connection.close()
            Task {
                do {
                    waiter.resume(returning: try await self.open())
                } catch {
                    waiter.resume(throwing: error)
                }
            }
        case .discard:
            connection.close()
        case .keep:
            break
        }
    }
}
