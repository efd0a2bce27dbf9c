import CLibPQ
import Foundation

/// The rows of a result, copied out of the `PGresult` (which is cleared at once).
@usableFromInline
package struct PostgresRows: Sendable, Sequence {
    @usableFromInline package let columns: [String]
    @usableFromInline let cells: [String?]
    /// Rows affected by INSERT/UPDATE/DELETE (`PQcmdTuples`), 0 when not applicable.
    package let affectedRows: Int

    init(columns: [String], cells: [String?], affectedRows: Int) {
        self.columns = columns
        self.cells = cells
        self.affectedRows = affectedRows
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
    public func text(_ column: Int) -> String? { rows.cells[row * rows.columns.count + column] }

    @inlinable
    public func text(_ column: String) throws -> String? { text(try index(of: column)) }

    /// Decodes a non-NULL column; NULL or an unreadable value throws.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let text = try text(column) else { throw Self.isNull(column, expected: T.self) }
        guard let value = T(postgresText: text) else { throw Self.unreadable(column, as: T.self) }
        return value
    }

    /// Decodes a column that may be NULL.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T?.Type = T?.self, _ column: String) throws -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = T(postgresText: text) else { throw Self.unreadable(column, as: T.self) }
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
