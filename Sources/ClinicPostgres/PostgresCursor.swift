import ClinicSupport
import Foundation

extension PostgresConnection {
    /// Reads the rows of `query` in batches of at most `batchSize` through a server-side cursor, so a result of
    /// any size passes through a bounded amount of memory: `body` gets each batch and may stop early by throwing.
    ///
    /// Cursors live in a transaction: call this inside `PostgresPool.withTransaction`. The cursor is closed when
    /// the last batch has been read; on an early stop it closes with the transaction.
    package func forEachBatch(
        _ query: PostgresQuery, batchSize: Int = 1000, _ body: (PostgresRows) async throws -> Void
    ) async throws {
        precondition(batchSize > 0, "a batch holds at least one row")
        let name = "clinic_cursor_\(UUID.random().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await self.query(
            PostgresQuery(unsafeSQL: "DECLARE \(name) NO SCROLL CURSOR FOR " + query.sql, binds: query.binds))
        let fetch = PostgresQuery(unsafeSQL: "FETCH \(batchSize) FROM \(name)")
        while true {
            let rows = try await self.query(fetch)
            if !rows.isEmpty { try await body(rows) }
            if rows.count < batchSize { break }
        }
        try await self.query(PostgresQuery(unsafeSQL: "CLOSE \(name)"))
    }
}
