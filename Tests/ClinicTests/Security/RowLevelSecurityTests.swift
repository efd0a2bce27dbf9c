import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// Isolation between clinics is PostgreSQL's own: a statement run as the server's role that forgot its
/// `WHERE clinic_id` still reaches only the clinics of the transaction's `clinic.scope` (migration 0014).
/// Every statement below is written the way a careless store function would be: no clinic in it.
@Suite struct RowLevelSecurityTests {
    /// The tables a clinic's rows live in are those with a `clinic_id`, but for these: users and doctors are
    /// county-wide (a user or doctor names a clinic, but is not one clinic's row), and clinics are the clinics.
    static let countyWide: Set<String> = ["users", "doctors", "clinics"]

    @Test func aClinicsScopeSeesReachesAndWritesOnlyItsOwnRows() async throws {
        let db = try await TestDatabase.forSuite()
        let (a, b) = try await Self.twoClinics(db)
        try await asServerRole(db, scope: .clinics([a.clinic])) { connection in
            let residents = try await connection.query("SELECT id FROM residents").map {
                try $0.decode(UUID.self, "id")
            }
            #expect(residents == [a.resident])
            let appointments = try await connection.query(
                """
                SELECT a.id FROM appointments a
                JOIN slots s ON s.id = a.slot_id JOIN residents r ON r.id = a.resident_id
                """
            ).map { try $0.decode(UUID.self, "id") }
            #expect(appointments == [a.appointment])
            let slots = try await connection.query("SELECT id FROM slots").map { try $0.decode(UUID.self, "id") }
            #expect(slots == [a.slot])
            // Naming B's row by its id does not reach it either.
            #expect(try await connection.query("SELECT id FROM residents WHERE id = \(b.resident)").isEmpty)
            #expect(try await connection.query("SELECT id FROM consultations WHERE id = \(b.consultation)").isEmpty)
            #expect(try await connection.query("SELECT 1 FROM audit_log WHERE resident_id = \(b.resident)").isEmpty)
            // The clinics themselves are county-wide: A's scope may read B's name (the clinic picker, the rota).
            #expect(try await connection.query("SELECT 1 FROM clinics WHERE id = \(b.clinic)").count == 1)

            // Writes aimed at B's rows by id change nothing: to the statement, they are not there.
            let writes: [PostgresQuery] = [
                "UPDATE residents SET phone = '000' WHERE id = \(b.resident)",
                "UPDATE appointments SET status = 'cancelled' WHERE id = \(b.appointment)",
                "UPDATE consultations SET plan = 'x' WHERE id = \(b.consultation)",
                "UPDATE problems SET status = 'resolved' WHERE id = \(b.problem)",
                "DELETE FROM slots WHERE id = \(b.slot)",
                "DELETE FROM rota_assignments WHERE id = \(b.assignment)",
                "DELETE FROM closures WHERE clinic_id = \(b.clinic)",
                "DELETE FROM vital_signs WHERE id = \(b.vitals)",
            ]
            for write in writes {
                // The rows the statement changed, counted.
                let counted = "WITH hit AS (" + write + " RETURNING 1) SELECT count(*)::int AS n FROM hit"
                #expect(try await connection.query(counted).first?.decode(Int.self, "n") == 0, "\(write.sql)")
            }
            // An unqualified UPDATE touches A's rows only.
            let updated = try await connection.query(
                "WITH hit AS (UPDATE slots SET capacity = capacity RETURNING id) SELECT array_agg(id) AS ids FROM hit")
            #expect(try updated.first?.decodeArray(UUID.self, "ids") == [a.slot])

            // Rows for B, or A's rows moved into B, are refused (the policy's WITH CHECK).
            for statement in [
                """
                INSERT INTO residents (clinic_id, name_latin, sex, birth_date)
                VALUES ('\(b.clinic)', 'Intruder', 'male', '1960-01-01')
                """,
                "INSERT INTO closures (clinic_id, date, reason) VALUES ('\(b.clinic)', '2031-12-24', 'not ours')",
                """
                INSERT INTO problems (clinic_id, resident_id, text) VALUES ('\(b.clinic)', '\(b.resident)', 'not ours')
                """,
                "INSERT INTO audit_log (clinic_id, action, resource_type) VALUES ('\(b.clinic)', 'read', 'resident')",
                "UPDATE residents SET clinic_id = '\(b.clinic)' WHERE id = '\(a.resident)'",
            ] {
                await expectRefused(statement, on: connection)
            }
        }
        // Seen by the owner (the county's scope), B's rows are as they were, and A's resident stayed in A.
        let bRows = try await db.pool.query(
            """
            SELECT (SELECT phone FROM residents WHERE id = \(b.resident)) AS phone,
                (SELECT status FROM appointments WHERE id = \(b.appointment)) AS status,
                (SELECT plan FROM consultations WHERE id = \(b.consultation)) AS plan,
                (SELECT status FROM problems WHERE id = \(b.problem)) AS problem,
                (SELECT capacity FROM slots WHERE id = \(b.slot)) AS capacity,
                (SELECT count(*) FROM rota_assignments WHERE id = \(b.assignment))::int AS assignments,
                (SELECT count(*) FROM closures WHERE clinic_id = \(b.clinic))::int AS closures,
                (SELECT count(*) FROM vital_signs WHERE id = \(b.vitals))::int AS vitals,
                (SELECT count(*) FROM residents WHERE clinic_id = \(b.clinic))::int AS residents,
                (SELECT count(*) FROM problems WHERE clinic_id = \(b.clinic))::int AS problems,
                (SELECT clinic_id FROM residents WHERE id = \(a.resident)) AS a_clinic
            """)
        let row = try #require(bRows.first)
        #expect(try row.decode(String?.self, "phone") == "13800000000")
        #expect(try row.decode(String.self, "status") == "booked")
        #expect(try row.decode(String.self, "plan") == "rest")
        #expect(try row.decode(String.self, "problem") == "active")
        #expect(try row.decode(Int.self, "capacity") == 1)
        #expect(try row.decode(Int.self, "assignments") == 1)
        #expect(try row.decode(Int.self, "closures") == 1)
        #expect(try row.decode(Int.self, "vitals") == 1)
        #expect(try row.decode(Int.self, "residents") == 1)
        #expect(try row.decode(Int.self, "problems") == 1)
        #expect(try row.decode(UUID.self, "a_clinic") == a.clinic)
    }

    /// Every table under row-level security, found in the catalogue rather than listed here: A's scope sees A's
    /// rows there and none of B's, though both clinics have rows in each.
    @Test func everySecuredTableShowsOnlyTheScopesRows() async throws {
        let db = try await TestDatabase.forSuite()
        let (a, b) = try await Self.twoClinics(db)
        let tables = try await Self.securedTables(db)
        #expect(tables.count >= 15)
        for table in tables {
            let counts = try await db.pool.query(Self.countsQuery(table, a.clinic, b.clinic)).first
            #expect(try counts?.decode(Int.self, "a") ?? 0 > 0, "no row of clinic A in \(table) to test with")
            #expect(try counts?.decode(Int.self, "b") ?? 0 > 0, "no row of clinic B in \(table) to test with")
        }
        try await asServerRole(db, scope: .clinics([a.clinic])) { connection in
            for table in tables {
                let counts = try await connection.query(Self.countsQuery(table, a.clinic, b.clinic)).first
                #expect(try counts?.decode(Int.self, "a") ?? 0 > 0, "\(table): A's own rows are hidden from A")
                #expect(try counts?.decode(Int.self, "b") == 0, "\(table): B's rows are visible to A")
                #expect(try counts?.decode(Int.self, "other") == 0, "\(table): rows of no clinic in scope are visible")
            }
        }
        // Both clinics in scope: both are seen.
        try await asServerRole(db, scope: .clinics([a.clinic, b.clinic])) { connection in
            for table in tables {
                let counts = try await connection.query(Self.countsQuery(table, a.clinic, b.clinic)).first
                #expect(try counts?.decode(Int.self, "b") ?? 0 > 0, "\(table): B's rows are hidden from A and B")
            }
        }
    }

    /// A search's LIKE still uses the trigram index under the policies (migration 0022 marks LIKE leakproof; else
    /// the policies' conditions run first and every resident of the database is read), and finds only A's rows.
    @Test func aSearchUsesItsIndexUnderRowSecurity() async throws {
        let db = try await TestDatabase.forSuite()
        let (a, _) = try await Self.twoClinics(db)
        let plan = try await asServerRole(db, scope: .clinics([a.clinic])) { connection in
            // Only this test's own pool uses the connection (asServerRole closes it after).
            // Bitmap scans only: the trigram index serves LIKE, or another index with LIKE as a later filter.
            try await connection.execute(
                script: "SET enable_seqscan = off; SET enable_indexscan = off; SET enable_indexonlyscan = off")
            return try await connection.queryAlone(
                "EXPLAIN SELECT id FROM residents WHERE search_text LIKE '%resident%'"
            ).map { try $0.decode(String.self, "QUERY PLAN") }.joined(separator: "\n")
        }
        #expect(plan.contains("residents_search_trgm"), "\(plan)")
        let found = try await asServerRole(db, scope: .clinics([a.clinic])) { connection in
            try await connection.query("SELECT clinic_id FROM residents WHERE search_text LIKE '%resident%'")
                .map { try $0.decode(UUID.self, "clinic_id") }
        }
        #expect(!found.isEmpty && found.allSatisfy { $0 == a.clinic })
    }

    /// The policies read the caller's scope once per statement (initplans, migration 0024), not once per row: a
    /// plan's row filter compares with computed values and calls no current_setting.
    @Test func thePoliciesReadTheScopeOncePerStatement() async throws {
        let db = try await TestDatabase.forSuite()
        let (a, _) = try await Self.twoClinics(db)
        for table in try await Self.securedTables(db) {
            let plan = try await asServerRole(db, scope: .clinics([a.clinic])) { connection in
                try await connection.queryAlone("EXPLAIN VERBOSE SELECT * FROM \(PostgresQuery(unsafeSQL: table))")
                    .map { try $0.decode(String.self, "QUERY PLAN") }.joined(separator: "\n")
            }
            let filters = plan.split(separator: "\n").filter { $0.contains("Filter:") }
            #expect(plan.contains("InitPlan") && !filters.isEmpty, "\(table): \(plan)")
            #expect(!filters.contains { $0.contains("current_setting") }, "\(table): \(plan)")
        }
    }

    @Test func withTheScopeUnsetOrEmptyNothingIsVisible() async throws {
        let db = try await TestDatabase.forSuite()
        _ = try await Self.twoClinics(db)
        let tables = try await Self.securedTables(db)
        // A pool that never sets clinic.scope: the setting does not exist in its sessions.
        var options = db.pool.options
        options.maxConnections = 1
        options.scopedSettings = [:]
        let unset = PostgresPool(configuration: db.configuration.acting(as: ServerRole.name), options: options)
        defer { unset.close() }
        try await unset.withConnection { connection in
            let setting = try await connection.query("SELECT current_setting('clinic.scope', true) AS scope").first
            #expect(try setting?.decode(String?.self, "scope") == nil)
            for table in tables {
                let n = try await connection.query("SELECT count(*)::int AS n FROM \(PostgresQuery(unsafeSQL: table))")
                    .first
                #expect(try n?.decode(Int.self, "n") == 0, "\(table) shows rows with no scope set")
            }
            await expectRefused(
                "INSERT INTO closures (clinic_id, date, reason) SELECT id, '2031-12-25', 'x' FROM clinics LIMIT 1",
                on: connection)
        }
        // The server pool's default, a scope of no clinic: nothing either.
        try await asServerRole(db, scope: .nobody) { connection in
            for table in tables {
                let n = try await connection.query("SELECT count(*)::int AS n FROM \(PostgresQuery(unsafeSQL: table))")
                    .first
                #expect(try n?.decode(Int.self, "n") == 0, "\(table) shows rows to the scope of no clinic")
            }
        }
    }

    /// The migration's intent: every clinic-scoped table (one with a `clinic_id`, the county-wide ones aside) has
    /// row-level security enabled and forced (so the owner is held to it too), with a policy.
    @Test func everyClinicScopedTableIsForcedUnderRowSecurity() async throws {
        let db = try await TestDatabase.forSuite()
        let secured = try await Self.securedTables(db)
        let enabledOnly = try await db.pool.query(
            """
            SELECT relname::text AS name FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relrowsecurity AND NOT relforcerowsecurity
            """
        ).map { try $0.decode(String.self, "name") }
        #expect(enabledOnly.isEmpty, "row security enabled but not forced: \(enabledOnly)")
        let scoped = try await db.pool.query(
            """
            SELECT c.table_name::text AS name FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND c.column_name = 'clinic_id' AND t.table_type = 'BASE TABLE'
            ORDER BY 1
            """
        ).map { try $0.decode(String.self, "name") }
        #expect(Set(scoped).isSuperset(of: Self.countyWide.subtracting(["clinics"])))
        #expect(Set(secured) == Set(scoped).subtracting(Self.countyWide))
        // The ones 0014 names, at least.
        #expect(
            Set(secured).isSuperset(of: [
                "closures", "residents", "resident_name_words", "rota_assignments", "slots", "appointments",
                "walk_in_queue", "consultations", "consultation_addenda", "problems", "medications", "allergies",
                "vital_signs", "assessments", "audit_log",
            ]))
        let policies = try await db.pool.query(
            """
            SELECT tablename::text AS name, qual, with_check FROM pg_policies
            WHERE schemaname = 'public' AND policyname = tablename || '_clinic'
            """)
        var policed: [String: (String?, String?)] = [:]
        for row in policies {
            policed[try row.decode(String.self, "name")] = (
                try row.decode(String?.self, "qual"), try row.decode(String?.self, "with_check")
            )
        }
        // The scope as 0024 reads it, once per statement.
        let inScope = "clinic_id = ANY (( SELECT scope_clinic_ids() AS scope_clinic_ids)::uuid[])"
        for table in secured {
            let policy = policed[table]
            #expect(policy?.0?.contains(inScope) == true, "\(table) has no clinic policy")
            #expect(policy?.1?.contains(inScope) == true, "\(table) has no WITH CHECK")
        }
    }

    @Test func theServerRoleCannotBypassRowSecurity() async throws {
        let db = try await TestDatabase.forSuite()
        let role = try await db.pool.query(
            """
            SELECT rolsuper, rolbypassrls,
                (SELECT count(*) FROM pg_class WHERE relowner = r.oid)::int AS owned,
                (SELECT count(*) FROM pg_class c
                 WHERE c.relrowsecurity AND pg_has_role(r.oid, c.relowner, 'MEMBER'))::int
                    AS owner_member
            FROM pg_roles r WHERE rolname = \(ServerRole.name)
            """)
        let row = try #require(role.first)
        #expect(try row.decode(Bool.self, "rolsuper") == false)
        #expect(try row.decode(Bool.self, "rolbypassrls") == false)
        #expect(try row.decode(Int.self, "owned") == 0)
        #expect(try row.decode(Int.self, "owner_member") == 0)
        // And the server's connections really act as that role, so the policies apply to them.
        try await asServerRole(db, scope: .nobody) { connection in
            let acting = try await connection.query(
                "SELECT current_user AS acting, row_security_active('residents') AS active")
            #expect(try acting.first?.decode(String.self, "acting") == ServerRole.name)
            #expect(try acting.first?.decode(Bool.self, "active") == true)
            // Turning row security off does not let the role past it: the query is refused instead.
            try await connection.execute(script: "SET row_security = off")
            await expectRefused("SELECT id FROM residents", on: connection)
            try await connection.execute(script: "RESET row_security")
        }
    }

    // MARK: - Two clinics with a row in every clinic-scoped table

    /// The ids of one clinic's rows.
    struct ClinicRows: Sendable {
        let clinic = UUID(), resident = UUID(), assignment = UUID(), slot = UUID(), appointment = UUID()
        let consultation = UUID(), problem = UUID(), vitals = UUID(), visit = UUID()
    }

    /// Two new clinics served by one shared doctor, each with a row in every clinic-scoped table; set up by the owner.
    static func twoClinics(_ db: TestDatabase) async throws -> (ClinicRows, ClinicRows) {
        let a = ClinicRows()
        let b = ClinicRows()
        let doctor = UUID()
        let recorder = UUID()
        try await db.pool.withConnection { connection in
            try await connection.execute(
                script: """
                    INSERT INTO doctors (id, name) VALUES ('\(doctor)', 'Dr Shared \(doctor.uuidString.prefix(8))');
                    INSERT INTO users (id, username, password_hash, role)
                    VALUES ('\(recorder)', 'rls-\(recorder.uuidString.prefix(8).lowercased())',
                        '$2b$10$' || repeat('a', 53), 'countyAdmin');
                    """)
            // Different days: the doctor's sessions neither overlap nor fall within the travel time.
            try await connection.execute(script: rowsScript(a, doctor: doctor, recorder: recorder, day: "2031-03-04"))
            try await connection.execute(script: rowsScript(b, doctor: doctor, recorder: recorder, day: "2031-03-06"))
        }
        return (a, b)
    }

    private static func rowsScript(_ rows: ClinicRows, doctor: UUID, recorder: UUID, day: String) -> String {
        let c = rows.clinic
        let code = "RLS-" + c.uuidString.prefix(8)
        return """
            INSERT INTO clinics (id, name, code, time_zone, clinic_weekdays, sessions, slot_minutes,
                priority_hold_hours)
            VALUES ('\(c)', 'Health Room \(code)', '\(code)', 'Asia/Shanghai', '{2,4}',
                '[{"name":"morning","start":"09:30","end":"12:30"}]', '{"onsite":15,"remote":20,"home":60}', 24);
            INSERT INTO residents (id, clinic_id, name_latin, sex, birth_date, phone)
            VALUES ('\(rows.resident)', '\(c)', 'Resident \(code)', 'female', '1950-01-01', '13800000000');
            INSERT INTO closures (clinic_id, date, reason) VALUES ('\(c)', '2031-05-01', 'holiday');
            INSERT INTO rota_assignments (id, clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
            VALUES ('\(rows.assignment)', '\(c)', '\(day)', 'morning', '\(doctor)', '{onsite}',
                '\(day) 09:30+08', '\(day) 12:30+08');
            INSERT INTO slots (id, clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at,
                capacity, booked)
            VALUES ('\(rows.slot)', '\(c)', '\(rows.assignment)', '\(doctor)', '\(day)', 'morning', 'onsite',
                '\(day) 09:30+08', '\(day) 09:45+08', 1, 1);
            INSERT INTO walk_in_queue (clinic_id, resident_id, date) VALUES ('\(c)', '\(rows.resident)', '\(day)');
            INSERT INTO appointments (id, clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at)
            VALUES ('\(rows.appointment)', '\(c)', '\(rows.slot)', '\(rows.resident)', '\(doctor)', 'onsite',
                '\(day) 09:30+08', '\(day) 09:45+08');
            SELECT appointment_notice('booked', '\(c)', '\(rows.appointment)', '\(rows.resident)', '\(doctor)', 'onsite',
                '\(day) 09:30+08', '\(day) 09:45+08');
            INSERT INTO consultations (id, clinic_id, resident_id, doctor_id, appointment_id, mode, started_at,
                ended_at, plan)
            VALUES ('\(rows.consultation)', '\(c)', '\(rows.resident)', '\(doctor)', '\(rows.appointment)', 'onsite',
                '\(day) 09:30+08', '\(day) 09:45+08', 'rest');
            INSERT INTO consultation_addenda (clinic_id, consultation_id, author_id, text)
            VALUES ('\(c)', '\(rows.consultation)', '\(doctor)', 'called back: better');
            INSERT INTO problems (id, clinic_id, resident_id, code, text)
            VALUES ('\(rows.problem)', '\(c)', '\(rows.resident)', 'I10', 'Essential hypertension');
            INSERT INTO medications (clinic_id, resident_id, name) VALUES ('\(c)', '\(rows.resident)', 'Amlodipine');
            INSERT INTO allergies (clinic_id, resident_id, substance) VALUES ('\(c)', '\(rows.resident)', 'Penicillin');
            INSERT INTO vital_signs (id, clinic_id, resident_id, taken_at, vitals, source)
            VALUES ('\(rows.vitals)', '\(c)', '\(rows.resident)', '\(day) 10:00+08', '{"pulse":72}', 'screening');
            INSERT INTO assessments (clinic_id, resident_id, kind, items, score, band, taken_at)
            VALUES ('\(c)', '\(rows.resident)', 'barthel', '{}', 100, 'independent', '\(day) 10:00+08');
            INSERT INTO audit_log (clinic_id, action, resident_id, resource_type)
            VALUES ('\(c)', 'read', '\(rows.resident)', 'resident');
            INSERT INTO outreach_visits (id, clinic_id, resident_id, visited_at, outcome, recorded_by)
            VALUES ('\(rows.visit)', '\(c)', '\(rows.resident)', '\(day) 15:00+08', 'needsDoctor', '\(recorder)');
            INSERT INTO doctor_requests (clinic_id, resident_id, visit_id, note)
            VALUES ('\(c)', '\(rows.resident)', '\(rows.visit)', 'dizzy');
            INSERT INTO report_submissions (clinic_id, month, figures, submitted_by, submitted_by_name)
            VALUES ('\(c)', '2026-11-01', '{}', '\(recorder)', 'admin');
            """
    }

    /// The tables under row-level security, from the catalogue.
    static func securedTables(_ db: TestDatabase) async throws -> [String] {
        try await db.pool.query(
            """
            SELECT relname::text AS name FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relrowsecurity
            ORDER BY 1
            """
        ).map { try $0.decode(String.self, "name") }
    }

    private static func countsQuery(_ table: String, _ a: UUID, _ b: UUID) -> PostgresQuery {
        """
        SELECT count(*) FILTER (WHERE clinic_id = \(a))::int AS a, count(*) FILTER (WHERE clinic_id = \(b))::int AS b,
            count(*) FILTER (WHERE clinic_id IS DISTINCT FROM \(a))::int - count(*) FILTER (WHERE clinic_id = \(b))::int
                AS other
        FROM \(PostgresQuery(unsafeSQL: table))
        """
    }

    // MARK: - Acting as the server

    /// Runs `body` on a connection of the server's pool (role clinic_app), with `scope` set as the server sets it.
    private func asServerRole<T: Sendable>(
        _ db: TestDatabase, scope: ClinicScope, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let pool = db.serverPool(maxConnections: 1)
        defer { pool.close() }
        return try await scope.run { try await pool.withConnection(body) }
    }

    /// Expects `statement` to be refused for lack of privilege or by a row-security policy (both 42501).
    private func expectRefused(_ statement: String, on connection: PostgresConnection) async {
        do {
            try await connection.execute(script: statement)
            Issue.record("allowed: \(statement)")
        } catch let error as PostgresError {
            #expect(error.sqlState == "42501", "\(statement): \(error)")
        } catch {
            Issue.record("\(statement): \(error)")
        }
    }
}
