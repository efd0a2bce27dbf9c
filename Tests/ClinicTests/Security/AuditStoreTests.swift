import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

@Suite struct AuditStoreTests {
    @Test func theLogRefusesUpdateDeleteAndTruncate() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let id = try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await AuditStore.record(
                AuditEvent(user.principal, .read, residentId: UUID(), resourceType: "resident"), on: conn)
        }
        let statements: [PostgresQuery] = [
            "UPDATE audit_log SET action = 'update' WHERE id = \(id)",
            "DELETE FROM audit_log WHERE id = \(id)",
            "TRUNCATE audit_log",
            "TRUNCATE audit_log CASCADE",
        ]
        for statement in statements {
            do {
                try await db.pool.query(statement)
                Issue.record("the database accepted: \(statement.sql)")
            } catch let error as PostgresError {
                #expect(error.sqlState == "42501", "\(error)")
                #expect(error.message.contains("append-only"), "\(error)")
            }
        }
        // Deleting the user behind a row is refused too.
        do {
            try await db.pool.query("DELETE FROM users WHERE id = \(user.id)")
            Issue.record("a user with audit rows was deleted")
        } catch let error as PostgresError {
            #expect(error.sqlState == "23503")
        }
        let left = try await db.pool.query("SELECT action FROM audit_log WHERE id = \(id)")
        #expect(try left.first?.decode(String.self, "action") == "read")
    }

    @Test func aRolledBackAccessLeavesNoRowAndACommittedOneDoes() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let resident = UUID()
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await db.pool.withTransaction { conn in
                try await AuditStore.record(
                    AuditEvent(user.principal, .update, residentId: resident, resourceType: "resident"), on: conn)
                throw Failure()
            }
        }
        try await db.pool.withTransaction { conn in
            try await AuditStore.record(
                AuditEvent(user.principal, .read, residentId: resident, resourceType: "resident"), on: conn)
        }
        let page = try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await AuditStore.list(AuditFilter(residentId: resident), on: conn)
        }
        #expect(page.items.map(\.action) == [.read])
    }

    @Test func entriesKeepWhatWasRecorded() async throws {
        let db = try await TestDatabase.forSuite()
        let doctor = try await db.makeDoctor()
        let user = try await db.makeUser(role: .doctor, doctorId: doctor)
        let resident = UUID()
        let event = AuditEvent(
            user.principal, .export, residentId: resident, resourceType: "healthFile", resourceId: resident.uuidString,
            requestId: "req-\(UUID())", remoteAddress: "2001:db8::1",
            detail: [
                "format": .string("fhir"), "count": .int(1), "partial": .bool(false), "flags": .strings(["livesAlone"]),
            ])
        let entry = try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await AuditStore.record(event, on: conn)
            return try #require(try await AuditStore.list(AuditFilter(residentId: resident), on: conn).items.first)
        }
        #expect(entry.userId == user.id && entry.username == user.username && entry.role == .doctor)
        #expect(entry.action == .export && entry.residentId == resident && entry.resourceType == "healthFile")
        #expect(entry.resourceId == resident.uuidString && entry.requestId == event.requestId)
        #expect(entry.remoteAddress == "2001:db8::1" && entry.detail == event.detail)
        #expect(abs(entry.at.timeIntervalSinceNow) < 60)
        let json = try #require(String(data: try JSONEncoder().encode(entry), encoding: .utf8))
        #expect(json.contains("\"action\":\"export\"") && json.contains("\"count\":1"))
    }

    @Test func aBadEventIsRefusedByTheDatabase() async throws {
        let db = try await TestDatabase.forSuite()
        await #expect(throws: PostgresError.self) {
            try await db.pool.withConnection { (conn: PostgresConnection) async throws in
                try await AuditStore.record(
                    AuditEvent(userId: nil, role: nil, action: "drop table", resourceType: "resident"), on: conn)
            }
        }
    }

    @Test func listFiltersAndPagesNewestFirst() async throws {
        let db = try await TestDatabase.forSuite()
        let alice = try await db.makeUser()
        let bob = try await db.makeUser()
        let residentA = UUID()
        let residentB = UUID()
        func record(_ user: User, _ resident: UUID, _ n: Int) async throws {
            try await db.pool.withConnection { (conn: PostgresConnection) async throws in
                try await AuditStore.record(
                    AuditEvent(
                        user.principal, .read, residentId: resident, resourceType: "resident", resourceId: "\(n)"),
                    on: conn)
            }
        }
        func now() async throws -> Date {
            try await db.pool.query("SELECT clock_timestamp() AS t").first!.decode(Date.self, "t")
        }
        // Several rows of one transaction share nothing but their order; make some in one transaction.
        try await db.pool.withTransaction { conn in
            for n in 0..<3 {
                try await AuditStore.record(
                    AuditEvent(
                        alice.principal, .read, residentId: residentA, resourceType: "resident", resourceId: "\(n)"),
                    on: conn)
            }
        }
        let middle = try await now()
        for n in 3..<7 { try await record(alice, residentA, n) }
        for n in 0..<3 { try await record(bob, residentB, n) }
        try await record(bob, residentA, 7)

        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await AuditStore.list(
                    AuditFilter(residentId: residentA, limit: 3, cursor: cursor), on: conn)
                #expect(page.items.allSatisfy { $0.residentId == residentA })
                seen += page.items.compactMap(\.resourceId)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == (0...7).reversed().map(String.init))
            #expect(pages == 3)

            let bobs = try await AuditStore.list(AuditFilter(userId: bob.id), on: conn)
            #expect(bobs.items.count == 4 && bobs.nextCursor == nil)
            let bobOnA = try await AuditStore.list(AuditFilter(residentId: residentA, userId: bob.id), on: conn)
            #expect(bobOnA.items.map(\.resourceId) == ["7"])

            let before = try await AuditStore.list(AuditFilter(residentId: residentA, to: middle), on: conn)
            #expect(before.items.compactMap(\.resourceId) == ["2", "1", "0"])
            let after = try await AuditStore.list(AuditFilter(userId: alice.id, from: middle), on: conn)
            #expect(after.items.compactMap(\.resourceId) == ["6", "5", "4", "3"])

            let all = try await AuditStore.list(AuditFilter(limit: 10_000), on: conn)
            #expect(all.items.count <= AuditFilter.maximumLimit)
            let times = all.items.map(\.at)
            #expect(times == times.sorted(by: >))

            await #expect(throws: ValidationError.self) {
                try await AuditStore.list(AuditFilter(cursor: "garbage!"), on: conn)
            }
            await #expect(throws: ValidationError.self) {
                try await AuditStore.list(
                    AuditFilter(cursor: KeysetCursor.encode(KeysetKey(sort: "yesterday", id: UUID()))), on: conn)
            }
        }
    }
}
