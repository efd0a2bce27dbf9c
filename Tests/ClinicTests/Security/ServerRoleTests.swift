import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// The server's queries run as `clinic_app`, which may append to the audit log and read it, nothing more, and
/// cannot switch the log's triggers off.
@Suite struct ServerRoleTests {
    /// Runs `body` on a connection made as the server's pool makes them.
    private func asServerRole<T: Sendable>(
        _ db: TestDatabase, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let pool = db.serverPool(maxConnections: 1)
        defer { pool.close() }
        // The county's scope: these tests are about the role's grants, not about which clinic's rows it sees.
        return try await ClinicScope.county.run { try await pool.withConnection { connection in
            let acting = try await connection.query("SELECT current_user AS acting")
            #expect(try acting.first?.decode(String.self, "acting") == "clinic_app")
            return try await body(connection)
        } }
    }

    /// Expects `statement` to be refused for lack of privilege (42501), not by a trigger the role could disable.
    private func expectRefused(_ statement: String, on connection: PostgresConnection) async {
        do {
            try await connection.execute(script: statement)
            Issue.record("the server's role was allowed: \(statement)")
        } catch let error as PostgresError {
            #expect(error.sqlState == "42501", "\(statement): \(error)")
            #expect(!error.message.contains("append-only"), "refused only by the trigger: \(statement): \(error)")
        } catch {
            Issue.record("\(statement): \(error)")
        }
    }

    @Test func theServersPoolActsAsTheServerRole() async throws {
        let app = try await TestApp.forSuite()
        let pool = app.serverPool
        let first = try await pool.query("SELECT current_user AS acting, session_user AS login")
        #expect(try first.first?.decode(String.self, "acting") == "clinic_app")
        #expect(try first.first?.decode(String.self, "login") != "clinic_app")
        // Pinned at connect time: even a RESET keeps the role.
        let reset = try await pool.withConnection { connection in
            try await connection.execute(script: "RESET ROLE; RESET ALL")
            return try await connection.query("SELECT current_user AS acting")
        }
        #expect(try reset.first?.decode(String.self, "acting") == "clinic_app")
        // And a request through the server works under it, audit row included.
        let admin = try await app.signIn(.admin)
        let resident: [String: Any] = ["names": ["latin": "Role Test"], "sex": "female", "birthDate": "1950-01-01"]
        let created = try await admin.client.post("/v1/residents", resident)
        #expect(created.status == 201, "\(created.status) \(created.text)")
        let id = try #require(created.string("id"))
        #expect(try await admin.client.get("/v1/residents/\(id)").status == 200)
        let audited = try await app.pool.query(
            "SELECT count(*)::int AS n FROM audit_log WHERE resident_id = \(id)::uuid")
        #expect(try audited.first?.decode(Int.self, "n") ?? 0 >= 2)
    }

    @Test func theServerRoleCheckPassesOnAMigratedDatabase() async throws {
        let db = try await TestDatabase.forSuite()
        try await ServerRole.check(db.pool)
    }

    @Test func theServerRoleMayOnlyAppendToAndReadTheAuditLog() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        try await asServerRole(db) { connection in
            let id = try await AuditStore.record(
                AuditEvent(user.principal, .read, residentId: UUID(), resourceType: "resident"), on: connection)
            let read = try await connection.query("SELECT action FROM audit_log WHERE id = \(id)")
            #expect(try read.first?.decode(String.self, "action") == "read")
            for statement in [
                "UPDATE audit_log SET action = 'update' WHERE id = '\(id)'",
                "DELETE FROM audit_log WHERE id = '\(id)'",
                "TRUNCATE audit_log",
                // Needs superuser: with it, ordinary triggers would not fire.
                "SET session_replication_role = replica",
                // Needs the table's owner.
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete",
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_log_no_truncate ON audit_log",
            ] {
                await expectRefused(statement, on: connection)
            }
        }
        let left = try await db.pool.query("SELECT action FROM audit_log WHERE user_id = \(user.id)")
        #expect(try left.map { try $0.decode(String.self, "action") } == ["read"])
    }

    @Test func theServerRoleIsNeitherSuperuserNorBypassingRowSecurityNorAnOwner() async throws {
        let db = try await TestDatabase.forSuite()
        let role = try await db.pool.query(
            """
            SELECT rolsuper, rolbypassrls, rolcanlogin, rolcreaterole, rolcreatedb,
                (SELECT count(*) FROM pg_class WHERE relowner = r.oid)::int AS owned
            FROM pg_roles r WHERE rolname = 'clinic_app'
            """)
        let row = try #require(role.first, "the role clinic_app does not exist")
        #expect(try row.decode(Bool.self, "rolsuper") == false)
        #expect(try row.decode(Bool.self, "rolbypassrls") == false)
        #expect(try row.decode(Bool.self, "rolcanlogin") == false)
        #expect(try row.decode(Bool.self, "rolcreaterole") == false)
        #expect(try row.decode(Bool.self, "rolcreatedb") == false)
        #expect(try row.decode(Int.self, "owned") == 0)
        // Nor a member of the role that owns the tables (it would inherit the owner's rights).
        let member = try await db.pool.query(
            """
            SELECT pg_has_role('clinic_app', tableowner, 'MEMBER') AS member FROM pg_tables
            WHERE tablename = 'audit_log'
            """)
        #expect(try member.first?.decode(Bool.self, "member") == false)
    }

    @Test func theAuditTriggersFireAlwaysEvenInReplicaMode() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let triggers = try await db.pool.query(
            """
            SELECT tgname, tgenabled::text AS enabled FROM pg_trigger
            WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname
            """)
        #expect(
            try triggers.map { try $0.decode(String.self, "tgname") } == [
                "audit_log_no_truncate", "audit_log_no_update_delete",
            ])
        #expect(try triggers.map { try $0.decode(String.self, "enabled") } == ["A", "A"])
        // The tests' own user is a superuser, which may set replica mode: the triggers fire anyway.
        let id = try await db.pool.withConnection { (connection: PostgresConnection) async throws in
            try await AuditStore.record(
                AuditEvent(user.principal, .read, residentId: UUID(), resourceType: "resident"), on: connection)
        }
        try await db.pool.withConnection { connection in
            try await connection.execute(script: "SET session_replication_role = replica")
            do {
                try await connection.execute(script: "DELETE FROM audit_log WHERE id = '\(id)'")
                Issue.record("an audit row was deleted in replica mode")
            } catch let error as PostgresError {
                #expect(error.message.contains("append-only"), "\(error)")
            }
            try await connection.execute(script: "RESET session_replication_role")
        }
        #expect(try await db.pool.query("SELECT 1 FROM audit_log WHERE id = \(id)").count == 1)
    }

    @Test func everyTableIsGrantedToTheServerRoleAndTheAuditLogOnlyForReadingAndAppending() async throws {
        let db = try await TestDatabase.forSuite()
        let rows = try await db.pool.query(
            """
            SELECT c.relname AS name,
                has_table_privilege('clinic_app', c.oid, 'SELECT') AS can_select,
                has_table_privilege('clinic_app', c.oid, 'INSERT') AS can_insert,
                has_table_privilege('clinic_app', c.oid, 'UPDATE') AS can_update,
                has_table_privilege('clinic_app', c.oid, 'DELETE') AS can_delete,
                has_table_privilege('clinic_app', c.oid, 'TRUNCATE') AS can_truncate
            FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
            ORDER BY c.relname
            """)
        var privileges: [String: [Bool]] = [:]
        for row in rows {
            let columns = ["can_select", "can_insert", "can_update", "can_delete", "can_truncate"]
            privileges[try row.decode(String.self, "name")] = try columns.map { try row.decode(Bool.self, $0) }
        }
        #expect(privileges["audit_log"] == [true, true, false, false, false])
        // The server never touches the migrations' own bookkeeping.
        #expect(privileges["schema_migrations"] == [false, false, false, false, false])
        // A later migration that adds a table must grant on it, or the server cannot read it.
        for (table, granted) in privileges where table != "schema_migrations" {
            #expect(granted[0], "clinic_app may not read \(table)")
            #expect(!granted[4], "clinic_app may truncate \(table)")
        }
    }
}
