import Foundation
import Testing

@testable import Clinic

@Suite struct PostgresCursorTests {
    @Test func readsEveryRowInBoundedBatchesWithBinds() async throws {
        let db = try await TestDatabase.forSuite()
        let batches = try await db.pool.withTransaction { connection in
            var sizes: [Int] = []
            var values: [Int] = []
            try await connection.forEachBatch(
                "SELECT g AS n, \("tag") AS t FROM generate_series(1, \(2_500)) g ORDER BY g", batchSize: 1000
            ) { rows in
                sizes.append(rows.count)
                for row in rows {
                    values.append(try row.decode(Int.self, "n"))
                    #expect(try row.decode(String.self, "t") == "tag")
                }
            }
            #expect(values == Array(1...2_500))
            return sizes
        }
        #expect(batches == [1000, 1000, 500])
    }

    @Test func exactMultipleAndEmptyResults() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withTransaction { connection in
            var sizes: [Int] = []
            try await connection.forEachBatch("SELECT g FROM generate_series(1, 20) g", batchSize: 10) {
                sizes.append($0.count)
            }
            #expect(sizes == [10, 10])
            var calls = 0
            try await connection.forEachBatch("SELECT 1 WHERE false", batchSize: 10) { _ in calls += 1 }
            #expect(calls == 0)
        }
    }

    @Test func stoppingEarlyLeavesTheTransactionUsable() async throws {
        struct Enough: Error {}
        let db = try await TestDatabase.forSuite()
        let after = try await db.pool.withTransaction { connection in
            do {
                try await connection.forEachBatch("SELECT g FROM generate_series(1, 100) g", batchSize: 10) { _ in
                    throw Enough()
                }
            } catch is Enough {}
            return try await connection.query("SELECT 7 AS x").first!.decode(Int.self, "x")
        }
        #expect(after == 7)
    }
}
