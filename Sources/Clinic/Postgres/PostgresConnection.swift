import CLibPQ
import Dispatch
import Foundation

/// How to reach PostgreSQL and the session settings every connection pins.
public struct PostgresConfiguration: Sendable {
    /// A `postgres://` URL or a libpq `key=value` connection string.
    public var url: String
    /// Overrides the database named in `url`, to reach a sibling database on the same server.
    public var database: String?
    public var applicationName: String
    /// Cancels statements running longer than this (0 = never); keeps a stuck query from holding a connection.
    public var statementTimeoutMilliseconds: Int
    public var connectTimeoutSeconds: Int

    public init(
        url: String, database: String? = nil, applicationName: String = "clinic",
        statementTimeoutMilliseconds: Int = 30_000, connectTimeoutSeconds: Int = 5
    ) {
        self.url = url
        self.database = database
        self.applicationName = applicationName
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }
}

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
public final class PostgresConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    // Touched only on `queue`.
    private var handle: OpaquePointer?
    private var preparedNames: [String: String] = [:]
    /// Set when the connection failed in a way that makes it unusable; read by the pool.
    private let brokenFlag = LockedValue(false)
    public let id: Int
    /// The server process id, for `pg_terminate_backend` in tests and for logs.
    public let backendPID: Int32

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

    public var isBroken: Bool { brokenFlag.value }

    private let statements = LockedValue(0)

    /// How many statements `query` and `execute` have sent on this connection: lets tests prove that a read
    /// takes a bounded number of round trips (no N+1).
    public var statementCount: Int { statements.value }

    /// Opens a connection, pinning UTF-8, UTC and ISO dates so text results always read the same way.
    public static func connect(_ configuration: PostgresConfiguration) async throws -> PostgresConnection {
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
        var options = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 -c extra_float_digits=3"
        options += " -c statement_timeout=\(configuration.statementTimeoutMilliseconds)"
        // The URL comes first so that the keywords after it win over anything it says.
        var pairs: [(String, String)] = [
            ("dbname", configuration.url),
            ("client_encoding", "UTF8"),
            ("application_name", configuration.applicationName),
            ("connect_timeout", String(configuration.connectTimeoutSeconds)),
            ("options", options),
            ("keepalives", "1"),
            ("keepalives_idle", "10"),
            ("keepalives_interval", "5"),
            ("keepalives_count", "3"),
        ]
        // Only the first dbname is expanded as a URL; a later one is a plain name and wins.
        if let database = configuration.database { pairs.append(("dbname", database)) }
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
        PQsetNoticeReceiver(handle, { _, result in
            guard let result else { return }
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            Log.debug("postgres notice", ["notice": message])
        }, nil)
        return PostgresConnection(handle: handle, queue: queue, id: id)
    }

    /// Runs one statement with bound parameters. `prepare: true` prepares it once on this connection
    /// and reuses the plan afterwards: for the hot statements.
    @discardableResult
    public func query(_ query: PostgresQuery, prepare: Bool = false) async throws -> PostgresRows {
        statements.withValue { $0 += 1 }
        return try await onQueue { try self.run(query, prepare: prepare) }
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations, fixed commands).
    public func execute(script sql: String) async throws {
        statements.withValue { $0 += 1 }
        try await onQueue {
            let handle = try self.liveHandle()
            _ = try self.check(PQexec(handle, sql), handle: handle)
        }
    }

    /// Closes the connection (`PQfinish`); later calls fail as connection lost.
    public func close() {
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

    private func run(_ query: PostgresQuery, prepare: Bool) throws -> PostgresRows {
        let handle = try liveHandle()
        let binds = query.binds
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
        let result: OpaquePointer? = storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { base + $0 } }
            let count = Int32(binds.count)
            if prepare {
                let name: String
                if let existing = preparedNames[query.sql] {
                    name = existing
                } else {
                    name = "s\(preparedNames.count + 1)"
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

    /// Turns a libpq result into rows or a `PostgresError`, clearing it in every case.
    private func check(_ raw: OpaquePointer?, handle: OpaquePointer) throws -> PostgresRows {
        guard let raw else {
            brokenFlag.value = PQstatus(handle) != CONNECTION_OK
            throw PostgresError(kind: .connectionLost, message: String(cString: PQerrorMessage(handle)))
        }
        let result = PostgresResult(raw)
        switch PQresultStatus(result.pointer) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Self.rows(of: result.pointer)
        default:
            func field(_ code: Character) -> String? {
                guard let value = PQresultErrorField(result.pointer, Int32(code.asciiValue!)) else { return nil }
                return String(cString: value)
            }
            let sqlState = field("C")
            // An error without SQLSTATE is libpq's own, and here that means the connection went ("server closed
            // the connection unexpectedly"), even when PQstatus has not caught up yet: 503, never 500.
            let lost = PQstatus(handle) != CONNECTION_OK || sqlState == nil
            if lost { brokenFlag.value = true }
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

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns = [String]()
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount { columns.append(String(cString: PQfname(result, Int32(column)))) }
        var cells = [String?]()
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(nil)
                } else {
                    cells.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, cells: cells, affectedRows: affected)
    }
}
