import CLibPQ
import Foundation

/// The rows of a result, copied out of the `PGresult` (which is cleared at once).
public struct PostgresRows: Sendable, Sequence {
    public let columns: [String]
    let cells: [String?]
    /// Rows affected by INSERT/UPDATE/DELETE (`PQcmdTuples`), 0 when not applicable.
    public let affectedRows: Int

    init(columns: [String], cells: [String?], affectedRows: Int) {
        self.columns = columns
        self.cells = cells
        self.affectedRows = affectedRows
    }

    public var count: Int { columns.isEmpty ? 0 : cells.count / columns.count }
    public var isEmpty: Bool { count == 0 }
    public var first: PostgresRow? { isEmpty ? nil : PostgresRow(rows: self, row: 0) }
    public subscript(row: Int) -> PostgresRow { PostgresRow(rows: self, row: row) }

    public func makeIterator() -> AnyIterator<PostgresRow> {
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
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let row: Int

    /// The first column of that name. A scan, not a dictionary: results have a few short column names, and
    /// comparing them costs less than hashing one (this ran for every cell read).
    func index(of column: String) throws -> Int {
        guard let i = rows.columns.firstIndex(of: column) else {
            throw PostgresError(kind: .decoding, message: "no column \"\(column)\" in result")
        }
        return i
    }

    /// The raw text of a cell, nil for NULL.
    public func text(_ column: Int) -> String? { rows.cells[row * rows.columns.count + column] }

    public func text(_ column: String) throws -> String? { text(try index(of: column)) }

    /// Decodes a non-NULL column; NULL or an unreadable value throws.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let text = try text(column) else {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" is NULL, expected \(T.self)")
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" does not read as \(T.self)")
        }
        return value
    }

    /// Decodes a column that may be NULL.
    public func decode<T: PostgresDecodable>(_ type: T?.Type = T?.self, _ column: String) throws -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" does not read as \(T.self)")
        }
        return value
    }

    /// Decodes a text[]/uuid[] column into its elements (NULL array reads as empty).
    public func decodeArray<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> [T] {
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
    public func decodeJSON<T: Decodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
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
