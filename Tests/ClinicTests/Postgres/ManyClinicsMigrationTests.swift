import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// Migration 0014 on a one-room database that holds data: nothing is lost or changed, every row lands in the one
/// clinic, and that clinic carries the old settings. Run as the tests' superuser and as an owner that is not a
/// superuser (a `DATABASE_URL` deployment), which the forced row-level security holds to its policies.
@Suite struct ManyClinicsMigrationTests {
    /// The tables whose rows must come through unchanged but for the columns 0014 adds.
    static let kept = [
        "closures", "residents", "resident_name_words", "doctors", "users", "rota_assignments", "slots",
        "appointments", "walk_in_queue", "consultations", "consultation_addenda", "problems", "medications",
        "allergies", "vital_signs", "assessments", "audit_log",
    ]

    @Test func aOneRoomDatabaseBecomesTheFirstClinicWithNothingLost() async throws {
        let db = try await TestDatabase.empty()
        defer { db.pool.close() }
        try await migrateWithData(db)
    }

    @Test func anOwnerThatIsNotASuperuserMigratesTheRotaToo() async throws {
        let owner = "clinic_test_owner"
        try await TestDatabase.asAdministrator { admin in
            try await admin.execute(
                script: """
                    DO $$ BEGIN
                        CREATE ROLE \(owner) NOLOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                    END $$;
                    """)
        }
        let db = try await TestDatabase.empty(owner: owner)
        defer { db.pool.close() }
        let acting = try await db.pool.query(
            "SELECT current_user AS acting, rolsuper FROM pg_roles WHERE rolname = current_user")
        #expect(try acting.first?.decode(String.self, "acting") == owner)
        #expect(try acting.first?.decode(Bool.self, "rolsuper") == false)
        try await migrateWithData(db)
    }

    private func migrateWithData(_ db: TestDatabase) async throws {
        let all = try Migration.load(from: Migration.defaultDirectory())
        let upTo13 = all.filter { $0.version <= 13 }
        #expect(upTo13.map(\.version) == Array(1...13))
        try await Migrator(pool: db.pool, migrations: upTo13).migrate()
        try await db.pool.withConnection { try await $0.execute(script: Self.oneRoom) }
        let before = try await snapshot(db)
        #expect(before["residents"]?.count == 40)
        #expect(before["consultations"]?.count == 1)
        let signedBefore = try await db.pool.query(
            "SELECT signed_at, updated_at FROM consultations WHERE id = \(UUID(uuidString: Self.consultation)!)")

        // As `serve` and `migrate` do, with the owner's pool whose borrows default to the scope of no clinic.
        // Up to 0014 only: later migrations add columns of their own (and are tested on their own).
        let through14 = all.filter { $0.version <= 14 }
        let applied = try await ClinicServerMain.migrate(db.pool, through14)
        #expect(applied.map(\.version) == [14])

        try await ClinicScope.county.run {
            let after = try await snapshot(db)
            for table in Self.kept {
                #expect(after[table]?.count == before[table]?.count, "\(table): rows lost or added")
                #expect(after[table]?.digest == before[table]?.digest, "\(table): rows changed")
            }
            let clinics = try await db.pool.query(
                """
                SELECT id, name, code, time_zone, clinic_weekdays::int[] AS weekdays, sessions::text AS sessions,
                    slot_minutes::text AS slot_minutes, priority_hold_hours FROM clinics
                """)
            #expect(clinics.count == 1)
            let clinic = try #require(clinics.first)
            let clinicId = try clinic.decode(UUID.self, "id")
            #expect(try clinic.decode(String.self, "name") == "Gyalthang Community Health Room")
            #expect(try clinic.decode(String?.self, "code") == nil)
            #expect(try clinic.decode(String.self, "time_zone") == "Asia/Chongqing")
            #expect(try clinic.decodeArray(Int.self, "weekdays") == [1, 3, 5])
            #expect(try clinic.decode(String.self, "sessions") == Self.sessionsJSON)
            #expect(try clinic.decode(String.self, "slot_minutes") == #"{"home": 45, "onsite": 10, "remote": 20}"#)
            #expect(try clinic.decode(Int.self, "priority_hold_hours") == 12)
            #expect(
                try await db.pool.query("SELECT to_regclass('clinic_settings') IS NULL AS gone").first?
                    .decode(Bool.self, "gone") == true)

            // Every clinic-scoped row belongs to the one clinic.
            for table in Self.kept where table != "users" && table != "doctors" {
                let stray = try await db.pool.query(
                    """
                    SELECT count(*)::int AS n FROM \(PostgresQuery(unsafeSQL: table))
                    WHERE clinic_id IS DISTINCT FROM \(clinicId)
                    """)
                #expect(try stray.first?.decode(Int.self, "n") == 0, "\(table) has rows outside the first clinic")
            }
            let users = try await db.pool.query(
                "SELECT username, clinic_id FROM users ORDER BY username"
            ).map { (try $0.decode(String.self, "username"), try $0.decode(UUID?.self, "clinic_id")) }
            #expect(users.map(\.0) == ["dolma.admin", "dr.wangmo", "pemba.staff"])
            #expect(users.map(\.1) == [clinicId, nil, clinicId])
            let doctors = try await db.pool.query(
                "SELECT count(*)::int AS n FROM doctors WHERE clinic_id = \(clinicId)")
            #expect(try doctors.first?.decode(Int.self, "n") == 2)

            // The signed consultation is as it was (its guard refuses any update, so 0014 must not touch it).
            let signedAfter = try await db.pool.query(
                "SELECT signed_at, updated_at FROM consultations WHERE id = \(UUID(uuidString: Self.consultation)!)")
            #expect(
                try signedAfter.first?.decode(Date.self, "signed_at")
                    == signedBefore.first?.decode(Date.self, "signed_at"))
            #expect(
                try signedAfter.first?.decode(Date.self, "updated_at")
                    == signedBefore.first?.decode(Date.self, "updated_at"))
            // Each rota assignment carries its session widened by half the travel time (60 minutes by default).
            let spans = try await db.pool.query(
                """
                SELECT count(*) FILTER (WHERE travel_span = tstzrange(starts_at - interval '30 minutes',
                    ends_at + interval '30 minutes'))::int AS n, count(*)::int AS total FROM rota_assignments
                """)
            #expect(try spans.first?.decode(Int.self, "n") == 2)
            #expect(try spans.first?.decode(Int.self, "total") == 2)
        }

        // The server's role sees the migrated rows in the clinic's scope, and none in the scope of no clinic.
        let clinicId = try await ClinicScope.county.run { try await FirstClinic.id(db.pool) }
        let server = db.serverPool(maxConnections: 1)
        defer { server.close() }
        let seen = try await ClinicScope.clinics([clinicId]).run {
            try await server.query(
                "SELECT (SELECT count(*) FROM residents)::int AS r, (SELECT count(*) FROM audit_log)::int AS a")
        }
        #expect(try seen.first?.decode(Int.self, "r") == 40)
        #expect(try seen.first?.decode(Int.self, "a") == 2)
        let unseen = try await server.query("SELECT count(*)::int AS n FROM residents")
        #expect(try unseen.first?.decode(Int.self, "n") == 0)
    }

    /// Each kept table's row count and a digest of its rows without the columns 0014 adds.
    private func snapshot(_ db: TestDatabase) async throws -> [String: (count: Int, digest: String)] {
        var result: [String: (count: Int, digest: String)] = [:]
        for table in Self.kept {
            let row = try await db.pool.query(
                """
                SELECT count(*)::int AS n, coalesce(md5(string_agg(j, E'\\n' ORDER BY j)), '') AS digest
                FROM (SELECT (to_jsonb(t) - 'clinic_id' - 'travel_span')::text AS j
                      FROM \(PostgresQuery(unsafeSQL: table)) t) rows
                """
            ).first
            result[table] = (try row?.decode(Int.self, "n") ?? -1, try row?.decode(String.self, "digest") ?? "")
        }
        return result
    }

    static let consultation = "c0000000-0000-4000-8000-000000000001"
    static let sessionsJSON =
        #"[{"end": "12:00", "name": "morning", "start": "09:00"}, "#
        + #"{"end": "17:30", "name": "afternoon", "start": "14:30"}]"#

    /// A one-room clinic's data as the schema of migration 13 holds it: changed settings, staff, two visiting
    /// doctors, residents, a rota with slots and bookings, a walk-in, a signed consultation with its addendum and
    /// vitals, health records, a closure and audit rows.
    static let oneRoom = """
        UPDATE clinic_settings SET name = 'Gyalthang Community Health Room', time_zone = 'Asia/Chongqing',
            clinic_weekdays = '{1,3,5}', sessions = '\(sessionsJSON)',
            slot_minutes = '{"onsite":10,"remote":20,"home":45}', priority_hold_hours = 12,
            updated_at = '2030-11-02 08:00+08';

        INSERT INTO doctors (id, name, institution, languages) VALUES
            ('d0000000-0000-4000-8000-000000000001', 'Wangmo', 'County Hospital', '{bo,zh}'),
            ('d0000000-0000-4000-8000-000000000002', 'Li Wei', 'Prefecture Hospital', '{zh,en}');

        INSERT INTO users (username, password_hash, role, doctor_id) VALUES
            ('dolma.admin', '$2b$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0', 'admin', NULL),
            ('pemba.staff', '$2b$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1', 'staff', NULL),
            ('dr.wangmo', '$2b$10$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ2', 'doctor',
             'd0000000-0000-4000-8000-000000000001');

        INSERT INTO residents (id, name_bo, name_zh, name_latin, sex, birth_date, languages, phone, grid, flags)
        SELECT ('a0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
            CASE WHEN n % 2 = 0 THEN 'བཀྲ་ཤིས་' || n END, '扎西' || n, 'Tashi ' || n,
            CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END, date '1930-01-01' + n * 400,
            '{bo,zh}', '1390000' || lpad(n::text, 4, '0'), 'grid-' || (n % 4),
            CASE WHEN n % 5 = 0 THEN '{livesAlone}'::text[] ELSE '{}' END
        FROM generate_series(1, 40) AS n;

        INSERT INTO closures (date, reason) VALUES ('2031-05-01', 'Labour Day');

        INSERT INTO rota_assignments (id, date, session, doctor_id, modes, starts_at, ends_at) VALUES
            ('b0000000-0000-4000-8000-000000000001', '2031-03-05', 'morning', 'd0000000-0000-4000-8000-000000000001',
             '{onsite,remote}', '2031-03-05 09:00+08', '2031-03-05 12:00+08'),
            ('b0000000-0000-4000-8000-000000000002', '2031-03-05', 'afternoon', 'd0000000-0000-4000-8000-000000000002',
             '{onsite}', '2031-03-05 14:30+08', '2031-03-05 17:30+08');

        INSERT INTO slots (id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity, booked,
            priority_reserved)
        SELECT ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'b0000000-0000-4000-8000-000000000001',
            'd0000000-0000-4000-8000-000000000001', '2031-03-05', 'morning', 'onsite',
            timestamptz '2031-03-05 09:00+08' + (n - 1) * interval '10 minutes',
            timestamptz '2031-03-05 09:10+08' + (n - 1) * interval '10 minutes', 1, CASE WHEN n <= 2 THEN 1 ELSE 0 END,
            n = 6
        FROM generate_series(1, 6) AS n;

        INSERT INTO walk_in_queue (resident_id, date, reason) VALUES
            ('a0000000-0000-4000-8000-000000000003', '2031-03-05', 'cough');

        INSERT INTO appointments (id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at, status, reason,
            interpreter, completed_at)
        VALUES
            ('f0000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000001',
             'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', 'onsite',
             '2031-03-05 09:00+08', '2031-03-05 09:10+08', 'completed', 'blood pressure review', 'bo',
             '2031-03-05 09:12+08'),
            ('f0000000-0000-4000-8000-000000000002', 'e0000000-0000-4000-8000-000000000002',
             'a0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', 'onsite',
             '2031-03-05 09:10+08', '2031-03-05 09:20+08', 'booked', NULL, NULL, NULL);

        INSERT INTO consultations (id, resident_id, doctor_id, appointment_id, mode, started_at, ended_at, subjective,
            objective, assessment, plan, vitals, diagnoses, follow_up_in_days, follow_up_mode, follow_up_due, signed_at,
            signed_by)
        VALUES ('\(consultation)', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
            'f0000000-0000-4000-8000-000000000001', 'onsite', '2031-03-05 09:00+08', '2031-03-05 09:11+08',
            'headache', 'BP 162/98', 'hypertension, poorly controlled', 'amlodipine 5 mg',
            '{"systolic":162,"diastolic":98}', '[{"code":"I10","text":"Essential hypertension"}]', 28, 'onsite',
            '2031-04-02', '2031-03-05 09:12+08', 'd0000000-0000-4000-8000-000000000001');

        INSERT INTO consultation_addenda (consultation_id, author_id, text) VALUES
            ('\(consultation)', 'd0000000-0000-4000-8000-000000000001', 'Phoned: headache gone.');
        INSERT INTO vital_signs (resident_id, taken_at, vitals, source, consultation_id) VALUES
            ('a0000000-0000-4000-8000-000000000001', '2031-03-05 09:05+08', '{"systolic":162,"diastolic":98}',
             'consultation', '\(consultation)'),
            ('a0000000-0000-4000-8000-000000000004', '2031-02-20 10:00+08', '{"pulse":80}', 'screening', NULL);
        INSERT INTO problems (resident_id, code, text, onset) VALUES
            ('a0000000-0000-4000-8000-000000000001', 'I10', 'Essential hypertension', '2025-06-01'),
            ('a0000000-0000-4000-8000-000000000002', 'E11.9', 'Type 2 diabetes', '2027-01-01');
        INSERT INTO medications (resident_id, name, dose, since) VALUES
            ('a0000000-0000-4000-8000-000000000001', 'Amlodipine', '5 mg daily', '2031-03-05');
        INSERT INTO allergies (resident_id, substance, reaction, severity) VALUES
            ('a0000000-0000-4000-8000-000000000002', 'Penicillin', 'rash', 'moderate');
        INSERT INTO assessments (resident_id, kind, items, score, band, taken_at) VALUES
            ('a0000000-0000-4000-8000-000000000001', 'barthel', '{"feeding":10}', 90, 'mild', '2031-02-01 10:00+08');

        INSERT INTO audit_log (user_id, role, action, resident_id, resource_type, resource_id, request_id,
            server_request_id, detail)
        SELECT id, 'doctor', 'sign', 'a0000000-0000-4000-8000-000000000001'::uuid, 'consultation', '\(consultation)',
            'req-1', 'srv-1', '{"note":"signed"}'::jsonb FROM users WHERE username = 'dr.wangmo'
        UNION ALL
        SELECT id, 'staff', 'read', 'a0000000-0000-4000-8000-000000000002'::uuid, 'resident', NULL, NULL, 'srv-2',
            '{}'::jsonb
        FROM users WHERE username = 'pemba.staff';
        """
}
