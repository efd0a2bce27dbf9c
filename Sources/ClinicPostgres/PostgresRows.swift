import CLibPQ
import Foundation

/// The rows of a result, copied out of the `PGresult` (which is cleared at once): every cell's text in one byte
/// buffer, read in place by the decoders. A `String` per cell (600 on a page of slots) cost a heap allocation for
/// each of the 250 UUIDs and timestamps, and a copy before every parse.
@usableFromInline
package struct PostgresRows: Sendable, Sequence {
    /// Where a cell's bytes are in `bytes`; `count` is -1 for NULL.
    @usableFromInline
    struct Cell: Sendable {
        @usableFromInline let start: Int
        @usableFromInline let count: Int
    }

    @usableFromInline package let columns: [String]
    @usableFromInline let cells: [Cell]
    @usableFromInline let bytes: [UInt8]
    /// Rows affected by INSERT/UPDATE/DELETE (`PQcmdTuples`), 0 when not applicable.
    package let affectedRows: Int

    init(columns: [String], cells: [Cell], bytes: [UInt8], affectedRows: Int) {
        self.columns = columns
        self.cells = cells
        self.bytes = bytes
        self.affectedRows = affectedRows
    }

    static let empty = PostgresRows(columns: [], cells: [], bytes: [], affectedRows: 0)

    /// Copies the cells of a tuples result.
    init(of result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns = [String]()
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount { columns.append(String(cString: PQfname(result, Int32(column)))) }
        var cells = [Cell]()
        cells.reserveCapacity(rowCount * columnCount)
        var bytes = [UInt8]()
        bytes.reserveCapacity(rowCount * columnCount * 16)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(Cell(start: 0, count: -1))
                } else {
                    let count = Int(PQgetlength(result, row, column))
                    cells.append(Cell(start: bytes.count, count: count))
                    PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: count) {
                        bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
                    }
                }
            }
        }
        self.init(
            columns: columns, cells: cells, bytes: bytes,
            affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0)
    }

    package var count: Int { columns.isEmpty ? 0 : cells.count / columns.count }
    package var isEmpty: Bool { count == 0 }
    package var first: PostgresRow? { isEmpty ? nil : PostgresRow(rows: self, row: 0) }
    package subscript(row: Int) -> PostgresRow { PostgresRow(rows: self, row: row) }

    @usableFromInline
    package func makeIterator() -> AnyIterator<PostgresRow> {
        var next = 0
        let total = count
        return AnyIterator {
            guard next < total else { return nil }
            defer { next += 1 }
            return PostgresRow(rows: self, row: next)
        }
    }

    /// Calls `body` with a cell's bytes, or returns nil for NULL. The bytes are valid only inside `body`.
    @inlinable
    func withCell<Result>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let cell = cells[row * columns.count + column]
        guard cell.count >= 0 else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[cell.start..<cell.start + cell.count]))
        }
    }
}

/// One row; read columns by name or position. NULL is told apart from the empty string.
///
/// The decoders are `@inlinable` so that a caller's `decode(UUID.self, …)` is compiled for `UUID` in the caller's
/// module: unspecialised, every cell read looked up `Optional<T>`'s metadata at run time (a twentieth of the
/// server's CPU on a list of slots). Their failure paths stay out of line. The row and its decoders are public,
/// not `package`, for that alone: Swift 6.3 does not specialise an `@inlinable` `package` function in another
/// module.
public struct PostgresRow: Sendable {
    @usableFromInline let rows: PostgresRows
    @usableFromInline let row: Int

    /// The first column of that name. A scan, not a dictionary: results have a few short column names, and
    /// comparing them costs less than hashing one (this ran for every cell read).
    @inlinable
    func index(of column: String) throws -> Int {
        guard let i = rows.columns.firstIndex(of: column) else { throw Self.noColumn(column) }
        return i
    }

    /// The raw text of a cell, nil for NULL.
    @inlinable
    public func text(_ column: Int) -> String? {
        rows.withCell(row: row, column: column) { String(decoding: $0, as: UTF8.self) }
    }

    @inlinable
    public func text(_ column: String) throws -> String? { text(try index(of: column)) }

    /// Decodes a non-NULL column; NULL or an unreadable value throws.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let value = rows.withCell(row: row, column: try index(of: column), { T(postgresBytes: $0) }) else {
            throw Self.isNull(column, expected: T.self)
        }
        guard let value else { throw Self.unreadable(column, as: T.self) }
        return value
    }

    /// Decodes a column that may be NULL.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T?.Type = T?.self, _ column: String) throws -> T? {
        guard let value = rows.withCell(row: row, column: try index(of: column), { T(postgresBytes: $0) }) else {
            return nil
        }
        guard let value else { throw Self.unreadable(column, as: T.self) }
        return value
    }

    @usableFromInline
    static func noColumn(_ column: String) -> any Error {
        PostgresError(kind: .decoding, message: "no column \"\(column)\" in result")
    }

    @usableFromInline
    static func isNull(_ column: String, expected type: Any.Type) -> any Error {
        PostgresError(kind: .decoding, message: "column \"\(column)\" is NULL, expected \(type)")
    }

    @usableFromInline
    static func unreadable(_ column: String, as type: Any.Type) -> any Error {
        PostgresError(kind: .decoding, message: "column \"\(column)\" does not read as \(type)")
    }

    /// Decodes a text[]/uuid[] column into its elements (NULL array reads as empty).
    package func decodeArray<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> [T] {
        guard let text = try text(column) else { return [] }
        guard let items = PostgresArrayText.parse(text) else {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" is not an array")
        }
        return try items.map { item in
            guard let item, let value = T(postgresText: item) else {
                throw PostgresError(kind: .decoding, message: "column \"\(column)\" has an unreadable element")
            }
            return value
        }
    }

    /// Decodes a json/jsonb column into a `Decodable` value.
    package func decodeJSON<T: Decodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let text = try text(column) else {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" is NULL, expected JSON")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" JSON does not decode: \(error)")
        }
    }
}
