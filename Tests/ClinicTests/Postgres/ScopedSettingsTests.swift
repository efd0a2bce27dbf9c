import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres
@testable import ClinicSupport

/// A borrow skips setting the scoped settings only when the session is known to hold its values
/// (`PostgresConnection+SessionSettings`): every way a setting can be undone leaves them unknown, and every borrow
/// still sees exactly its own values. One connection, so every borrow gets the session the one before it left.
@Suite struct ScopedSettingsTests {
    private static let name = ClinicScope.settingName

    private static func pool(_ db: TestDatabase) -> PostgresPool {
        var options = db.pool.options
        options.maxConnections = 1
        options.scopedSettings = ClinicScope.poolSettings
        return PostgresPool(configuration: db.configuration.acting(as: ServerRole.name), options: options)
    }

    /// The scope a borrow in `value` reads, and how many statements it sent for one query of its own.
    private static func borrow(_ pool: PostgresPool, _ value: String) async throws -> (scope: String?, sent: Int) {
        try await PostgresPool.$scope.withValue([name: value]) {
            try await pool.withConnection { connection in
                let before = connection.statementCount
                let scope = try await connection.query("SELECT current_setting(\(name), true) AS scope").first?
                    .decode(String?.self, "scope")
                return (scope, connection.statementCount - before)
            }
        }
    }

    /// A clinic scope no other test uses.
    private static func newScope() -> String { "{\(UUID.random().uuidString)}" }

    private static func inScope<T>(_ value: String, _ body: () async throws -> T) async rethrows -> T {
        try await PostgresPool.$scope.withValue([name: value], operation: body)
    }

    struct Deliberate: Error {}

    @Test func aBorrowSkipsTheSettingsOnlyWhenTheSessionHoldsThem() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = Self.pool(db)
        defer { pool.close() }
        let a = Self.newScope()
        let b = Self.newScope()
        let c = Self.newScope()

        #expect(try await Self.borrow(pool, a) == (a, 2), "a new session is set")
        #expect(try await Self.borrow(pool, a) == (a, 1), "the session holds a: not set again")
        #expect(try await Self.borrow(pool, b) == (b, 2))
        #expect(try await Self.borrow(pool, a) == (a, 2))

        // Set inside a transaction that rolls back (a Swift error): the session is back at a, and b is set again.
        await #expect(throws: Deliberate.self) {
            try await Self.inScope(b) {
                try await pool.withTransaction { connection in
                    try await connection.query("SELECT 1")
                    throw Deliberate()
                }
            }
        }
        #expect(try await Self.borrow(pool, b) == (b, 2), "a rolled-back setting is not taken as held")

        // Set with a first statement that fails: the pipeline's implicit transaction undoes the setting too.
        #expect(try await Self.borrow(pool, a) == (a, 2))
        await #expect(throws: PostgresError.self) {
            try await Self.inScope(b) { try await pool.query("SELECT no_such_column FROM clinics") }
        }
        #expect(try await Self.borrow(pool, b) == (b, 2), "a setting undone with its failed statement is set again")

        // A transaction that fails inside but is committed: COMMIT answers ROLLBACK, and the setting went with it.
        #expect(try await Self.borrow(pool, a) == (a, 2))
        try await Self.inScope(b) {
            try await pool.withTransaction { connection in
                _ = try? await connection.query("SELECT 1 / 0")
            }
        }
        #expect(try await Self.borrow(pool, b) == (b, 2), "COMMIT of a failed transaction undid the setting")

        // Set in a transaction that commits: held afterwards.
        try await Self.inScope(c) { try await pool.withTransaction { try await $0.query("SELECT 1") } }
        #expect(try await Self.borrow(pool, c) == (c, 1))

        // A borrow that sends nothing never set its values: they are not taken as held.
        try await Self.inScope(a) { try await pool.withConnection { _ in } }
        #expect(try await Self.borrow(pool, a) == (a, 2))
        try await Self.inScope(a) { try await pool.withConnection { _ in } }  // held, nothing queued
        #expect(try await Self.borrow(pool, a) == (a, 1))

        // County-wide work widens the scope for its transaction only, but through set_config, which makes the
        // session's values unknown: the next borrow sets a again.
        try await Self.inScope(a) {
            try await pool.withTransaction { connection in
                try await ClinicScope.countyWide(on: connection) {
                    let inside = try await connection.query("SELECT current_setting(\(Self.name)) AS scope").first?
                        .decode(String.self, "scope")
                    #expect(inside == "*")
                }
            }
        }
        #expect(try await Self.borrow(pool, a) == (a, 2))
        #expect(try await Self.borrow(pool, a) == (a, 1))
    }

    /// A borrower's own statements that change the settings or end a transaction without a ROLLBACK tag (found by a
    /// hostile review): each leaves the session's values unknown, so the next borrow sets its own.
    @Test func whatABorrowerRunsCannotLeaveItsSettingsBehind() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = Self.pool(db)
        defer { pool.close() }
        let a = Self.newScope()
        let b = Self.newScope()
        let name = Self.name

        // A DO block's ROLLBACK, pipelined with the setting statement, undoes it; its answer is tagged DO.
        #expect(try await Self.borrow(pool, a) == (a, 2))
        let inside = try await Self.inScope(b) {
            try await pool.withConnection { connection in
                try await connection.query("DO $$ BEGIN ROLLBACK; END $$")
                return try await connection.query("SELECT current_setting(\(name), true) AS scope").first?
                    .decode(String?.self, "scope")
            }
        }
        #expect(inside == a, "the DO block rolled the setting back (else this proves nothing)")
        #expect(try await Self.borrow(pool, b) == (b, 2))

        // The borrower sets the scope for the session itself, in any spelling, or with SET or RESET. (DISCARD ALL is
        // refused the same way, by its tag; it also drops the connection's prepared statements, so it is not run here.)
        for statement: PostgresQuery in [
            "SELECT set_config(\(name), \(b), false)", "SELECT pg_catalog.SET_CONFIG(\(name), \(b), false)",
            PostgresQuery(unsafeSQL: "SET clinic.scope = '\(b)'"), "RESET ALL",
        ] {
            #expect(try await Self.borrow(pool, a).scope == a)
            try await Self.inScope(a) { try await pool.withConnection { try await $0.query(statement) } }
            #expect(try await Self.borrow(pool, a) == (a, 2), "after \(statement.sql)")
        }

        // RESET ALL by a grid worker would otherwise lift their grid limit on their next borrow.
        let worker = [name: a, ClinicScope.gridsSettingName: ClinicScope.gridsSettingValue(["Grid 3"])]
        func grids() async throws -> String? {
            try await PostgresPool.$scope.withValue(worker) {
                try await pool.query("SELECT current_setting(\(ClinicScope.gridsSettingName), true) AS g").first?
                    .decode(String?.self, "g")
            }
        }
        #expect(try await grids() == #"{"Grid 3"}"#)
        try await PostgresPool.$scope.withValue(worker) { try await pool.query("RESET ALL") }
        #expect(try await grids() == #"{"Grid 3"}"#)
    }

    /// With rooms taking turns, each borrow gets an idle connection whose session holds its scope, if one does, not
    /// merely the last one back (which holds another room's): no setting statement once each scope has a session.
    @Test func aBorrowPrefersAConnectionHoldingItsScope() async throws {
        let db = try await TestDatabase.forSuite()
        var options = db.pool.options
        options.maxConnections = 2
        options.scopedSettings = ClinicScope.poolSettings
        let pool = PostgresPool(configuration: db.configuration.acting(as: ServerRole.name), options: options)
        defer { pool.close() }
        let a = Self.newScope()
        let b = Self.newScope()
        // Two sessions at once, one in each scope.
        let bothOpen = LockedValue(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for value in [a, b] {
                group.addTask {
                    try await Self.inScope(value) {
                        try await pool.withConnection { connection in
                            try await connection.query("SELECT 1")
                            bothOpen.withValue { $0 += 1 }
                            while bothOpen.value < 2 { try await Task.sleep(for: .milliseconds(5)) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        for value in [a, b, a, b, b, a] {
            #expect(try await Self.borrow(pool, value) == (value, 1), "a borrow in \(value)")
        }
        let sentInTransaction = try await Self.inScope(a) {
            try await pool.withTransaction { connection in
                let before = connection.statementCount
                try await connection.query("SELECT 1")
                return connection.statementCount - before
            }
        }
        #expect(sentInTransaction == 2, "BEGIN and the query, no setting")
        let inTransaction = try await Self.inScope(b) {
            try await pool.withTransaction { connection in
                try await connection.query("SELECT current_setting(\(Self.name)) AS scope").first?.decode(
                    String.self, "scope")
            }
        }
        #expect(inTransaction == b)
    }

    /// The database's functions and migrations set the scope for their transaction only (`set_config(…, true)`), so
    /// no statement the server sends changes it for the session behind the pool's back.
    @Test func everySetConfigInTheMigrationsIsLocal() throws {
        var calls = 0
        for migration in try Migration.load(from: Migration.defaultDirectory()) {
            var rest = Substring(migration.sql)
            while let found = rest.range(of: "set_config(", options: .caseInsensitive) {
                var depth = 1
                var end = found.upperBound
                while depth > 0, end < rest.endIndex {
                    if rest[end] == "(" { depth += 1 } else if rest[end] == ")" { depth -= 1 }
                    end = rest.index(after: end)
                }
                let arguments = rest[found.upperBound..<rest.index(before: end)]
                let last = arguments.split(separator: ",").last?.trimmingCharacters(in: .whitespaces).lowercased()
                #expect(last == "true", "\(migration.name): set_config(\(arguments)) is not local")
                calls += 1
                rest = rest[end...]
            }
        }
        #expect(calls >= 10)
    }

    @Test func statementsThatCallSetConfigAreFound() {
        #expect(PostgresConnection.callsSetConfig("SELECT set_config($1, $2, false)"))
        #expect(PostgresConnection.callsSetConfig("select PG_CATALOG.Set_Config('x', 'y', true)"))
        #expect(!PostgresConnection.callsSetConfig("SELECT current_setting('clinic.scope', true)"))
        #expect(!PostgresConnection.callsSetConfig("SELECT setconfig, set_confi FROM t"))
        #expect(!PostgresConnection.callsSetConfig(""))
    }

    /// The grids setting is part of what is held: a grid worker's borrow after a clinic's, in the same clinic scope,
    /// sets its grids, and the clinic's next borrow clears them again.
    @Test func theGridsAreHeldWithTheScope() async throws {
        let db = try await TestDatabase.forSuite()
        let pool = Self.pool(db)
        defer { pool.close() }
        let scope = Self.newScope()
        func grids(_ values: [String: String]) async throws -> String? {
            try await PostgresPool.$scope.withValue(values) {
                try await pool.query("SELECT current_setting(\(ClinicScope.gridsSettingName), true) AS grids").first?
                    .decode(String?.self, "grids")
            }
        }
        let worker = [Self.name: scope, ClinicScope.gridsSettingName: ClinicScope.gridsSettingValue(["Grid 3"])]
        #expect(try await grids([Self.name: scope]) == "")
        #expect(try await grids(worker) == #"{"Grid 3"}"#)
        #expect(try await grids(worker) == #"{"Grid 3"}"#)
        #expect(try await grids([Self.name: scope]) == "")
    }
}
