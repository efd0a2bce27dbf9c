import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// The migrator against a real database: order, one transaction per file, edited files refused,
/// and two runners at once applying each file exactly once. Test migrations use versions from 9000 so
/// they never collide with the real ones already applied by the template.
@Suite struct MigratorTests {
    @Test func loadsFilesInVersionOrderAndIgnoresOthers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("0010_later.sql", "SELECT 10;", in: directory)
        try write("0002_sooner.sql", "SELECT 2;", in: directory)
        try write("README.md", "not a migration", in: directory)
        try write("notes.sql", "no version", in: directory)
        let migrations = try Migration.load(from: directory)
        #expect(migrations.map(\.version) == [2, 10])
        #expect(migrations.map(\.name) == ["sooner", "later"])
    }

    @Test func twoFilesWithOneVersionAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("0003_a.sql", "SELECT 1;", in: directory)
        try write("0003_b.sql", "SELECT 2;", in: directory)
        #expect(throws: MigrationError.duplicateVersion(3)) { try Migration.load(from: directory) }
    }

    @Test func repositoryMigrationsAreAllApplied() async throws {
        let db = try await TestDatabase.forSuite()
        let files = try Migration.load(from: Migration.defaultDirectory())
        let rows = try await db.pool.query("SELECT version, checksum FROM schema_migrations ORDER BY version")
        let applied = try rows.map { try ($0.decode(Int.self, "version"), $0.decode(String.self, "checksum")) }
        #expect(applied.map(\.0) == files.map(\.version))
        #expect(applied.map(\.1) == files.map(\.checksum))
    }

    @Test func appliesInOrderOnceAndRecordsChecksums() async throws {
        let db = try await TestDatabase.fresh()
        let migrations = [
            Migration(version: 9001, name: "create", sql: "CREATE TABLE m_order (step int);"),
            Migration(version: 9002, name: "fill", sql: "INSERT INTO m_order VALUES (2);"),
        ]
        let applied = try await Migrator(pool: db.pool, migrations: migrations).migrate()
        #expect(applied.map(\.version) == [9001, 9002])
        // A second run finds nothing to do.
        #expect(try await Migrator(pool: db.pool, migrations: migrations).migrate().isEmpty)
        let count = try await db.pool.query("SELECT count(*)::int AS n FROM m_order").first!.decode(Int.self, "n")
        #expect(count == 1)
        let checksum = try await db.pool.query("SELECT checksum FROM schema_migrations WHERE version = 9002")
            .first!.decode(String.self, "checksum")
        #expect(checksum == migrations[1].checksum)
    }

    @Test func aFailingFileRollsBackAloneAndStopsTheRun() async throws {
        let db = try await TestDatabase.fresh()
        let migrations = [
            Migration(version: 9101, name: "good", sql: "CREATE TABLE m_good (x int);"),
            Migration(version: 9102, name: "bad", sql: "CREATE TABLE m_half (x int); SELECT no_such_function();"),
            Migration(version: 9103, name: "after", sql: "CREATE TABLE m_after (x int);"),
        ]
        await #expect {
            try await Migrator(pool: db.pool, migrations: migrations).migrate()
        } throws: { error in
            guard case .failed(let version, _, let message) = error as? MigrationError else { return false }
            return version == 9102 && message.contains("no_such_function")
        }
        let tables = try await db.pool.query(
            "SELECT array_agg(tablename::text ORDER BY tablename) AS t FROM pg_tables WHERE tablename LIKE 'm\\_%'"
        ).first!.decodeArray(String.self, "t")
        #expect(tables == ["m_good"])
        let versions = try await db.pool.query("SELECT array_agg(version) AS v FROM schema_migrations WHERE version > 9000")
            .first!.decodeArray(Int.self, "v")
        #expect(versions == [9101])
    }

    @Test func anEditedAppliedFileIsRefusedWithAClearMessage() async throws {
        let db = try await TestDatabase.fresh()
        let original = Migration(version: 9201, name: "table", sql: "CREATE TABLE m_edit (x int);")
        try await Migrator(pool: db.pool, migrations: [original]).migrate()
        let edited = Migration(version: 9201, name: "table", sql: "CREATE TABLE m_edit (x bigint);")
        let next = Migration(version: 9202, name: "next", sql: "CREATE TABLE m_next (x int);")
        await #expect(throws: MigrationError.edited(version: 9201, name: "table")) {
            try await Migrator(pool: db.pool, migrations: [edited, next]).migrate()
        }
        #expect(MigrationError.edited(version: 9201, name: "table").description.contains("new migration"))
        // Nothing after the refusal ran.
        let next_ = try await db.pool.query("SELECT to_regclass('m_next') IS NULL AS missing").first!
        #expect(try next_.decode(Bool.self, "missing"))
    }

    @Test func concurrentRunnersApplyEachFileExactlyOnce() async throws {
        let db = try await TestDatabase.fresh()
        // Not idempotent on purpose: a second application would fail or insert twice.
        let migrations = [
            Migration(version: 9301, name: "create", sql: "CREATE TABLE m_race (n int); SELECT pg_sleep(0.2);"),
            Migration(version: 9302, name: "insert", sql: "INSERT INTO m_race VALUES (1);"),
        ]
        let pools = (0..<4).map { _ in PostgresPool(configuration: db.configuration, options: .init(maxConnections: 1)) }
        defer { pools.forEach { $0.close() } }
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for pool in pools {
                group.addTask { try await Migrator(pool: pool, migrations: migrations).migrate().count }
            }
            return try await group.reduce(0, +)
        }
        #expect(applied == 2)
        let rows = try await db.pool.query("SELECT count(*)::int AS n FROM m_race").first!.decode(Int.self, "n")
        #expect(rows == 1)
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-migrations-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func write(_ name: String, _ text: String, in directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }
}
