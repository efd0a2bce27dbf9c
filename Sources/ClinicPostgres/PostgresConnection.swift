import CLibPQ
import ClinicSupport
import Dispatch
import Foundation

/// A `PGresult` owned by Swift: cleared exactly once, when the last reference goes.
final class PostgresResult {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { PQclear(pointer) }
}

/// One libpq connection, confined to its own serial queue.
///
/// libpq calls block, so they never run on Swift's cooperative pool: every call hops to `queue`
/// (a dedicated Dispatch thread) and the caller awaits the answer. Use a connection from one task at a time
/// (the pool hands it to one borrower); the queue keeps even misuse from racing inside libpq.
package final class PostgresConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    // Touched only on `queue`.
    private var handle: OpaquePointer?
    private var preparedNames: [String: String] = [:]
    private var preparedCounter = 0
    /// Set when the connection failed in a way that makes it unusable; read by the pool.
    private let brokenFlag = LockedValue(false)
    package let id: Int
    /// The server process id, for `pg_terminate_backend` in tests and for logs.
    package let backendPID: Int32

    private static let counter = LockedValue(0)

    private init(handle: OpaquePointer, queue: DispatchQueue, id: Int) {
        self.handle = handle
        self.queue = queue
        self.id = id
        self.backendPID = PQbackendPID(handle)
    }

    deinit {
        if let handle { PQfinish(handle) }
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
        /// Gets the statement's rows, on the connection's queue, if it succeeded.
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
        let queue = DispatchQueue(label: "clinic.postgres.\(id)")
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try connectBlocking(configuration, queue: queue, id: id) })
            }
        }
    }

    private static func connectBlocking(
        _ configuration: PostgresConfiguration, queue: DispatchQueue, id: Int
    ) throws -> PostgresConnection {
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
        guard PQstatus(handle) == CONNECTION_OK else {
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
        return PostgresConnection(handle: handle, queue: queue, id: id)
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
        if ahead.isEmpty { return try await onQueue { try self.run(query, prepare: prepare) } }
        let commands = ahead + [Queued(query: query, prepare: prepare, onRows: nil)]
        return try await onQueue { try self.runPipeline(commands) }
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
        if !ahead.isEmpty { _ = try await onQueue { try self.runPipeline(ahead) } }
        return try await onQueue { try self.run(query, prepare: false) }
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
        // Only the last statement's answer comes back: a ROLLBACK among the others would go unseen.
        sessionSettings.withValue { $0.undone = true }
        let ahead = takeQueued()
        statements.withValue { $0 += 1 + ahead.count }
        tripped(ahead.isEmpty ? 1 : 2)
        try await onQueue {
            if !ahead.isEmpty { _ = try self.runPipeline(ahead) }
            let handle = try self.liveHandle()
            _ = try self.check(PQexec(handle, sql), handle: handle)
        }
    }

    /// Closes the connection (`PQfinish`); later calls fail as connection lost.
    package func close() {
        queue.async {
            if let handle = self.handle {
                PQfinish(handle)
                self.handle = nil
            }
            self.brokenFlag.value = true
        }
    }

    /// Cheap liveness check for an idle connection, without a round trip: if the server closed the socket or
    /// sent a termination notice while we were idle, the socket is readable and libpq sees the end.
    /// Only call it while nobody else uses the connection (the pool does, before lending it).
    func looksAlive() -> Bool {
        if brokenFlag.value { return false }
        return queue.sync {
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

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func liveHandle() throws -> OpaquePointer {
        guard let handle, !brokenFlag.value else {
            throw PostgresError(kind: .connectionLost, message: "connection is closed")
        }
        return handle
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

    private func run(_ query: PostgresQuery, prepare: Bool) throws -> PostgresRows {
        let handle = try liveHandle()
        let result: OpaquePointer? = withParameters(query.binds) { count, types, values, lengths, formats in
            if prepare {
                let name: String
                if let existing = preparedNames[query.sql] {
                    name = existing
                } else {
                    name = newStatementName()
                    tripped()  // the PREPARE is a round trip of its own
                    guard let prepared = PQprepare(handle, name, query.sql, count, types) else { return nil }
                    // A failed PREPARE is the answer: `check` reports and clears it.
                    if PQresultStatus(prepared) != PGRES_COMMAND_OK { return prepared }
                    PQclear(prepared)
                    preparedNames[query.sql] = name
                }
                return PQexecPrepared(handle, name, count, values, lengths, formats, 0)
            }
            return PQexecParams(handle, query.sql, count, types, values, lengths, formats, 0)
        }
        return try check(result, handle: handle)
    }

    /// Sends `commands` in one round trip (pipeline mode, one sync at the end) and returns the last one's rows.
    /// The server skips every command after the first failure; that failure is thrown.
    private func runPipeline(_ commands: [Queued]) throws -> PostgresRows {
        let handle = try liveHandle()
        func lost() -> PostgresError {
            brokenFlag.value = true
            return PostgresError(
                kind: .connectionLost,
                message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard PQenterPipelineMode(handle) == 1 else { throw lost() }
        // What each result the server sends back answers: a PREPARE (to remember its name) or a command.
        enum Answer {
            case prepared(sql: String, name: String)
            case command(Int)
        }
        var answers: [Answer] = []
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
            guard sent == 1 else { throw lost() }
            answers.append(.command(index))
        }
        guard PQpipelineSync(handle) == 1 else { throw lost() }

        // Every answer is one result followed by a NULL; then the sync point.
        var results: [PostgresResult] = []
        for _ in answers {
            guard let raw = PQgetResult(handle) else { throw lost() }
            results.append(PostgresResult(raw))
            while let extra = PQgetResult(handle) { PQclear(extra) }
            if PQstatus(handle) != CONNECTION_OK { break }
        }
        if PQstatus(handle) == CONNECTION_OK, let sync = PQgetResult(handle) {
            let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
            PQclear(sync)
            if !synced || PQexitPipelineMode(handle) != 1 { brokenFlag.value = true }
        } else {
            brokenFlag.value = true
        }

        var failure: (any Error)?
        var last = PostgresRows.empty
        for (answer, result) in zip(answers, results) {
            if PQresultStatus(result.pointer) == PGRES_PIPELINE_ABORTED { continue }
            let rows: PostgresRows
            do {
                rows = try check(result, handle: handle)
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
        if results.count < answers.count { throw lost() }
        if let failure { throw failure }
        return last
    }

    /// Turns a libpq result into rows or a `PostgresError`, clearing it in every case.
    private func check(_ raw: OpaquePointer?, handle: OpaquePointer) throws -> PostgresRows {
        guard let raw else {
            sessionSettings.withValue { $0.undone = true }
            brokenFlag.value = PQstatus(handle) != CONNECTION_OK
            throw PostgresError(kind: .connectionLost, message: String(cString: PQerrorMessage(handle)))
        }
        return try check(PostgresResult(raw), handle: handle)
    }

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
