import CLibPQ
import ClinicSupport
import Dispatch
import Foundation

/// A `PGresult` owned by Swift: cleared exactly once, when the last reference goes.
/// Sendable: once made it is only read, by one borrower at a time.
final class PostgresResult: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { PQclear(pointer) }
}

/// One libpq connection, non-blocking, driven by its borrower's task.
///
/// Every libpq call here returns at once: sending a statement writes to the socket's buffer, and reading an answer
/// takes what has arrived. While the answer is on its way the task suspends in `PostgresSocketWaiter`, and no thread
/// blocks. Use a connection from one task at a time, as the pool lends it: a second task's statement fails (it does
/// not wait forever), and the lock keeps `close` from another thread from racing inside libpq.
///
/// An encrypted connection (TLS or GSSAPI, over TCP) waits for its answers inside libpq instead, on a thread of its
/// own (`encryptedReads`): the decrypted bytes its library holds are invisible to epoll.
package final class PostgresConnection: @unchecked Sendable {
    /// Guards `handle` and every libpq call on it; never held across a suspension.
    private let lock = NSLock()
    private var handle: OpaquePointer?
    // Touched only by the borrower.
    private var preparedNames: [String: String] = [:]
    private var preparedCounter = 0
    /// Set when the connection failed in a way that makes it unusable; read by the pool.
    private let brokenFlag = LockedValue(false)
    package let id: Int
    /// The server process id, for `pg_terminate_backend` in tests and for logs.
    package let backendPID: Int32

    /// For an encrypted connection, the thread on which libpq waits for answers; nil for the others. Such a wait
    /// has been seen to hang other non-blocking libpq clients (ruby-pg #325 and #588) with certain answer sizes.
    private let encryptedReads: DispatchQueue?

    /// Whether answers are waited for inside libpq (an encrypted connection), not by `PostgresSocketWaiter`.
    var waitsInsideLibpq: Bool { encryptedReads != nil }

    /// The socket's descriptor, -1 once libpq has dropped it or the connection is closed.
    var socketDescriptor: Int32 { withLock { handle.map { PQsocket($0) } ?? -1 } }

    private static let counter = LockedValue(0)
    private static let sockets = PostgresSocketWaiter.shared

    private init(handle: OpaquePointer, id: Int) {
        self.handle = handle
        self.id = id
        self.backendPID = PQbackendPID(handle)
        let encrypted = PQsslInUse(handle) == 1 || PQgssEncInUse(handle) == 1
        encryptedReads = encrypted ? DispatchQueue(label: "clinic.postgres.encrypted.\(id)") : nil
    }

    deinit {
        if let handle {
            Self.sockets.forget(PQsocket(handle))
            PQfinish(handle)
        }
    }

    package var isBroken: Bool { brokenFlag.value }

    /// Keeps the pool from lending this connection again (e.g. it reaches a standby where a primary is needed).
    package func discard() { brokenFlag.value = true }

    /// What the session holds of the pool's scoped settings (`PostgresConnection+SessionSettings`).
    let sessionSettings = LockedValue(SessionSettings())

    private let statements = LockedValue(0)
    private let trips = LockedValue(0)
    /// Another counter of round trips, the pool's, which counts those of all its connections.
    private let sharedTrips = LockedValue<LockedValue<Int>?>(nil)

    func countRoundTrips(in counter: LockedValue<Int>) { sharedTrips.value = counter }

    /// Counts `count` round trips (a statement, or a pipeline of them, and its answer).
    private func tripped(_ count: Int = 1) {
        trips.withValue { $0 += count }
        sharedTrips.value?.withValue { $0 += count }
    }

    /// A statement waiting to go out ahead of the next `query`, in the same round trip.
    struct Queued: Sendable {
        var query: PostgresQuery
        var prepare: Bool
        /// Gets the statement's rows, on the borrower's task, if it succeeded.
        var onRows: (@Sendable (PostgresRows) -> Void)?
    }

    private let queued = LockedValue<[Queued]>([])

    /// A query that answers `true` once the current transaction has committed (e.g. "does the row it wrote
    /// exist?"), for when the connection is lost during `COMMIT`. Set by the transaction's body, cleared by the pool.
    private let witness = LockedValue<PostgresQuery?>(nil)

    /// Names a query, run later on another connection, that returns one row with one boolean: true if and only
    /// if this transaction committed. It should read something only this transaction writes.
    package func setCommitWitness(_ query: PostgresQuery) { witness.value = query }

    func takeCommitWitness() -> PostgresQuery? { witness.exchange(nil) }

    /// How many statements `query` and `execute` have sent on this connection: lets tests prove that a read
    /// takes a bounded number of round trips (no N+1).
    package var statementCount: Int { statements.value }

    /// How many round trips `query`, `queryAlone` and `execute` have made on this connection: a pipeline of queued
    /// statements and the query that sends them is one. Lets tests prove a request's round trips.
    package var roundTripCount: Int { trips.value }

    /// Opens a connection with the settings of `PostgresConfiguration.connectionParameters` (UTF-8, UTC and ISO
    /// dates, so text results always read the same way; timeouts; keepalives; the role).
    package static func connect(_ configuration: PostgresConfiguration) async throws -> PostgresConnection {
        let id = counter.withValue { value -> Int in
            value += 1
            return value
        }
        // Connecting blocks (name lookup, TCP, authentication): on a queue of its own, whose thread is not one of
        // the cooperative pool's (nor of the global queues it shares them with).
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "clinic.postgres.connect.\(id)").async {
                continuation.resume(with: Result { try connectBlocking(configuration, id: id) })
            }
        }
    }

    private static func connectBlocking(_ configuration: PostgresConfiguration, id: Int) throws -> PostgresConnection {
        let pairs = try configuration.connectionParameters()
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        var keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        var valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let handle = PQconnectdbParams(&keywordPointers, &valuePointers, 1) else {
            throw PostgresError(kind: .connectionLost, message: "out of memory creating a libpq connection")
        }
        guard PQstatus(handle) == CONNECTION_OK, PQsetnonblocking(handle, 1) == 0 else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(kind: .connectionLost, sqlState: "08001", message: message)
        }
        PQsetNoticeReceiver(
            handle,
            { _, result in
                guard let result else { return }
                let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(
                    in: .whitespacesAndNewlines)
                Log.debug("postgres notice", ["notice": message])
            }, nil)
        return PostgresConnection(handle: handle, id: id)
    }

    /// Runs one statement with bound parameters. `prepare: true` prepares it once on this connection
    /// and reuses the plan afterwards: for the hot statements.
    ///
    /// Statements queued with `sendWithNextQuery` go out first, in the same round trip (libpq's pipeline mode);
    /// the first of them to fail fails this call, and the server skips the rest.
    @discardableResult
    package func query(_ query: PostgresQuery, prepare: Bool = false) async throws -> PostgresRows {
        noteSent(query.sql)
        let ahead = takeQueued()
        statements.withValue { $0 += 1 + ahead.count }
        tripped()
        if ahead.isEmpty { return try await run(query, prepare: prepare) }
        return try await runPipeline(ahead + [Queued(query: query, prepare: prepare, onRows: nil)])
    }

    /// For fault injection: runs `query` with the statements queued ahead of it, in one round trip as `query` does,
    /// but hands no statement its answer, as when the connection drops before the answers are read.
    func queryDroppingAnswers(_ query: PostgresQuery, prepare: Bool = false) async throws {
        queued.withValue { $0 = $0.map { Queued(query: $0.query, prepare: $0.prepare, onRows: nil) } }
        try await self.query(query, prepare: prepare)
    }

    /// Runs `query` in a round trip of its own, after the statements queued ahead of it in theirs: for statements
    /// PostgreSQL refuses inside a pipeline's implicit transaction (`VACUUM`).
    @discardableResult
    package func queryAlone(_ query: PostgresQuery) async throws -> PostgresRows {
        noteSent(query.sql)
        let ahead = takeQueued()
        statements.withValue { $0 += 1 + ahead.count }
        tripped(ahead.isEmpty ? 1 : 2)
        if !ahead.isEmpty { _ = try await runPipeline(ahead) }
        return try await run(query, prepare: false)
    }

    /// Queues `query` to be sent with the next `query` call, in one round trip: for statements whose answer
    /// can wait (`BEGIN`, an audit row before `COMMIT`). `onRows` gets its rows if it succeeded.
    package func sendWithNextQuery(
        _ query: PostgresQuery, prepare: Bool = false, onRows: (@Sendable (PostgresRows) -> Void)? = nil
    ) {
        noteSent(query.sql)
        queued.withValue { $0.append(Queued(query: query, prepare: prepare, onRows: onRows)) }
    }

    /// Drops statements queued with `sendWithNextQuery` that were never sent, and any commit witness.
    func discardQueued() {
        _ = takeQueued()
        _ = takeCommitWitness()
    }

    private func takeQueued() -> [Queued] { queued.exchange([]) }

    /// Runs SQL text that may hold several statements and no parameters (migrations, fixed commands), after any
    /// statements queued with `sendWithNextQuery`.
    package func execute(script sql: String) async throws {
        // Only the last statement's answer is read: a ROLLBACK among the others would go unseen.
        sessionSettings.withValue { $0.undone = true }
        let ahead = takeQueued()
        statements.withValue { $0 += 1 + ahead.count }
        tripped(ahead.isEmpty ? 1 : 2)
        if !ahead.isEmpty { _ = try await runPipeline(ahead) }
        try await roundTrip { PQsendQuery($0, sql) }
    }

    /// Closes the connection (`PQfinish`); later calls fail as connection lost, and a call waiting for the server
    /// fails at once.
    package func close() {
        let closed = withLock { () -> Bool in
            guard let handle else { return false }
            Self.sockets.forget(PQsocket(handle))
            PQfinish(handle)
            self.handle = nil
            return true
        }
        brokenFlag.value = true
        if closed { Self.sockets.cancel(connection: id, Self.closedError) }
    }

    /// Cheap liveness check for an idle connection, without a round trip: if the server closed the socket or
    /// sent a termination notice while we were idle, the socket is readable and libpq sees the end.
    /// Only call it while nobody else uses the connection (the pool does, before lending it).
    func looksAlive() -> Bool {
        if brokenFlag.value { return false }
        return withLock {
            guard let handle = self.handle, PQstatus(handle) == CONNECTION_OK else { return false }
            let fd = PQsocket(handle)
            guard fd >= 0 else { return false }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            // Readable while idle: a termination notice, then EOF, which may arrive as separate reads.
            // Let libpq read until the socket is quiet and judge; a few rounds suffice.
            var rounds = 0
            while rounds < 4, poll(&descriptor, 1, 0) > 0 {
                rounds += 1
                if PQconsumeInput(handle) == 0 || PQstatus(handle) != CONNECTION_OK {
                    self.brokenFlag.value = true
                    return false
                }
                while PQisBusy(handle) == 0, let result = PQgetResult(handle) { PQclear(result) }
            }
            return PQstatus(handle) == CONNECTION_OK
        }
    }

    private static let closedError = PostgresError(kind: .connectionLost, message: "connection is closed")

    private func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Calls `body` with the handle, under the lock; connection lost once the connection is closed.
    private func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try withLock {
            guard let handle else { throw Self.closedError }
            return try body(handle)
        }
    }

    /// Checked at the start of each operation: connection lost if closed or known broken.
    private func checkLive() throws {
        guard !brokenFlag.value else { throw Self.closedError }
        try withHandle { _ in }
    }

    /// libpq's account of why the connection failed; marks it broken. Call under the lock.
    private func lost(_ handle: OpaquePointer) -> PostgresError {
        brokenFlag.value = true
        return PostgresError(
            kind: .connectionLost,
            message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Suspends until the socket is readable (or writable, with `writable`), has failed, or the connection closes.
    /// A wait that fails leaves a statement's answer unread: the connection is broken, and what its session holds
    /// is unknown.
    private func waitForSocket(writable: Bool = false) async throws {
        do {
            try await Self.sockets.wait(connection: id) {
                withLock {
                    guard let handle else { return Self.closedError }
                    let socket = PQsocket(handle)
                    guard socket >= 0 else { return lost(handle) }
                    return Self.sockets.arm(socket, connection: id, writable: writable)
                }
            }
        } catch {
            brokenFlag.value = true
            sessionSettings.withValue { $0.undone = true }
            throw error
        }
    }

    /// The next result of an encrypted connection, waited for inside libpq (which looks at the bytes TLS or GSSAPI
    /// has already decrypted before it waits on the socket), on the connection's own thread. `close` meanwhile waits
    /// for it, as it did for every connection when all of them worked this way.
    private func encryptedResult(on queue: DispatchQueue) async throws -> PostgresResult? {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.withHandle { PQgetResult($0).map(PostgresResult.init) } })
            }
        }
    }

    /// Sends what libpq holds for the server, waiting while the socket is full. As libpq asks, what arrives
    /// meanwhile is read, so that a server that waits for us to read cannot stall the flush.
    private func flush() async throws {
        while true {
            let pending = try withHandle { handle in
                let pending = PQflush(handle)
                if pending < 0 { throw lost(handle) }
                return pending
            }
            if pending == 0 { return }
            try await waitForSocket(writable: true)
            try withHandle { handle in if PQconsumeInput(handle) == 0 { throw lost(handle) } }
        }
    }

    /// The next result of what was sent, or nil once a statement's results are done; suspends while the answer is on
    /// its way. When the connection fails, libpq's next result says so (an error without SQLSTATE).
    private func nextResult() async throws -> PostgresResult? {
        while true {
            let ready = try withHandle { handle -> PostgresResult?? in
                PQisBusy(handle) == 1 ? .none : .some(PQgetResult(handle).map(PostgresResult.init))
            }
            if let ready { return ready }
            if let encryptedReads { return try await encryptedResult(on: encryptedReads) }
            try await waitForSocket()
            try withHandle { handle in
                if PQconsumeInput(handle) == 0 && PQisBusy(handle) == 1 { throw lost(handle) }
            }
        }
    }

    /// Reads every result of the statement sent, as `PQexec` would answer: the first failure, or else the last
    /// result; checked (`check`), so a failure throws. A `COPY` state ends the reading (nothing here sends COPY).
    @discardableResult
    private func answer() async throws -> PostgresRows {
        var kept: PostgresResult?
        while let result = try await nextResult() {
            let status = PQresultStatus(result.pointer)
            if kept.map({ PQresultStatus($0.pointer) == PGRES_FATAL_ERROR }) != true { kept = result }
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH { break }
        }
        return try withHandle { handle in
            guard let kept else {
                sessionSettings.withValue { $0.undone = true }
                throw lost(handle)
            }
            return try check(kept, handle: handle)
        }
    }

    /// One statement's round trip: `send` queues it (libpq's 1 for sent), then it goes out and its answer is read.
    @discardableResult
    private func roundTrip(_ send: (OpaquePointer) -> Int32) async throws -> PostgresRows {
        try checkLive()
        try withHandle { handle in if send(handle) != 1 { throw lost(handle) } }
        try await flush()
        return try await answer()
    }

    /// Calls `body` with libpq's parameter arrays for `binds` (count, types, values, lengths, formats), valid
    /// for the duration of the call.
    private func withParameters<T>(
        _ binds: [PostgresBind],
        _ body: (Int32, [UInt32], [UnsafePointer<CChar>?], [Int32], [Int32]) -> T
    ) -> T {
        // One buffer holds every parameter, NUL-terminated; it stays alive for the whole libpq call.
        var storage = [UInt8]()
        var offsets = [Int?]()
        var lengths = [Int32]()
        var formats = [Int32]()
        var types = [UInt32]()
        for bind in binds {
            types.append(bind.oid)
            formats.append(bind.isBinary ? 1 : 0)
            if let bytes = bind.bytes {
                offsets.append(storage.count)
                lengths.append(Int32(bytes.count))
                storage += bytes
                storage.append(0)
            } else {
                offsets.append(nil)
                lengths.append(0)
            }
        }
        if storage.isEmpty { storage.append(0) }
        return storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { base + $0 } }
            return body(Int32(binds.count), types, values, lengths, formats)
        }
    }

    /// A statement name never used before on this connection (a failed pipeline may leave a name behind).
    private func newStatementName() -> String {
        preparedCounter += 1
        return "s\(preparedCounter)"
    }

    private func run(_ query: PostgresQuery, prepare: Bool) async throws -> PostgresRows {
        let sql = query.sql
        var name: String?
        if prepare {
            if let existing = preparedNames[sql] {
                name = existing
            } else {
                let new = newStatementName()
                tripped()  // the PREPARE is a round trip of its own
                let types = query.binds.map(\.oid)
                try await roundTrip { PQsendPrepare($0, new, sql, Int32(types.count), types) }  // a failure throws
                preparedNames[sql] = new
                name = new
            }
        }
        return try await roundTrip { handle in
            withParameters(query.binds) { count, types, values, lengths, formats in
                if let name { return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0) }
                return PQsendQueryParams(handle, sql, count, types, values, lengths, formats, 0)
            }
        }
    }

    /// Sends `commands` in one round trip (pipeline mode, one sync at the end) and returns the last one's rows.
    /// The server skips every command after the first failure; that failure is thrown.
    private func runPipeline(_ commands: [Queued]) async throws -> PostgresRows {
        try checkLive()
        // What each result the server sends back answers: a PREPARE (to remember its name) or a command.
        enum Answer {
            case prepared(sql: String, name: String)
            case command(Int)
        }
        var answers: [Answer] = []
        try withHandle { handle in
            guard PQenterPipelineMode(handle) == 1 else { throw lost(handle) }
            for (index, command) in commands.enumerated() {
                let sql = command.query.sql
                let sent = withParameters(command.query.binds) { count, types, values, lengths, formats -> Int32 in
                    guard command.prepare else {
                        return PQsendQueryParams(handle, sql, count, types, values, lengths, formats, 0)
                    }
                    let name: String
                    if let existing = preparedNames[sql] {
                        name = existing
                    } else {
                        name = newStatementName()
                        guard PQsendPrepare(handle, name, sql, count, types) == 1 else { return 0 }
                        answers.append(.prepared(sql: sql, name: name))
                    }
                    return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0)
                }
                guard sent == 1 else { throw lost(handle) }
                answers.append(.command(index))
            }
            guard PQpipelineSync(handle) == 1 else { throw lost(handle) }
        }
        try await flush()

        // Every answer is one result followed by a NULL; then the sync point.
        var results: [PostgresResult] = []
        for _ in answers {
            guard let result = try await nextResult() else { throw try withHandle { lost($0) } }
            results.append(result)
            while try await nextResult() != nil {}
            if try withHandle({ PQstatus($0) }) != CONNECTION_OK { break }
        }
        if try withHandle({ PQstatus($0) }) == CONNECTION_OK, let sync = try await nextResult() {
            let synced = PQresultStatus(sync.pointer) == PGRES_PIPELINE_SYNC
            if try !synced || withHandle({ PQexitPipelineMode($0) }) != 1 { brokenFlag.value = true }
        } else {
            brokenFlag.value = true
        }

        var failure: (any Error)?
        var last = PostgresRows.empty
        for (answer, result) in zip(answers, results) {
            if PQresultStatus(result.pointer) == PGRES_PIPELINE_ABORTED { continue }
            let rows: PostgresRows
            do {
                rows = try withHandle { try check(result, handle: $0) }
            } catch {
                if failure == nil { failure = error }
                continue
            }
            switch answer {
            case .prepared(let sql, let name):
                preparedNames[sql] = name
            case .command(let index):
                commands[index].onRows?(rows)
                last = rows
            }
        }
        // A missing answer means the connection went mid-way: what ran is unknown, so say lost, not the failure.
        if results.count < answers.count { throw try withHandle { lost($0) } }
        if let failure { throw failure }
        return last
    }

    /// Turns a libpq result into rows or a `PostgresError`. Call under the lock.
    private func check(_ result: PostgresResult, handle: OpaquePointer) throws -> PostgresRows {
        noteAnswer(result.pointer, handle: handle)
        switch PQresultStatus(result.pointer) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(of: result.pointer)
        default:
            func field(_ code: Character) -> String? {
                guard let value = PQresultErrorField(result.pointer, Int32(code.asciiValue!)) else { return nil }
                return String(cString: value)
            }
            let sqlState = field("C")
            // An error without SQLSTATE is libpq's own, and here that means the connection went ("server closed
            // the connection unexpectedly"), even when PQstatus has not caught up yet: 503, never 500.
            let lost = PQstatus(handle) != CONNECTION_OK || sqlState == nil
            // 25006: a write in a read-only session, i.e. this connection reaches a standby (the old primary after a
            // failover). Every write on it would fail: drop it, so the next borrower connects afresh.
            if lost || sqlState == "25006" { brokenFlag.value = true }
            var message = field("M") ?? String(cString: PQresultErrorMessage(result.pointer))
            if message.isEmpty { message = String(cString: PQerrorMessage(handle)) }
            return try {
                throw PostgresError(
                    kind: lost ? .connectionLost : .server, sqlState: sqlState,
                    message: message.trimmingCharacters(in: .whitespacesAndNewlines),
                    detail: field("D"), constraint: field("n"))
            }()
        }
    }
}
