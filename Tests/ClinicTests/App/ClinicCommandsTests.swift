import ClinicDomain
import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// The county's command-line tools: `create-clinic`, `create-user --clinic-id`, `seed --clinics N`.
@Suite struct ClinicCommandsTests {
    @Test func createClinicTakesANameAZoneAndACode() throws {
        #expect(
            try ClinicCommand.parse(["create-clinic", "--name", "Gyalthang Room", "--time-zone", "Asia/Shanghai"])
                == .createClinic(.init(name: "Gyalthang Room", timeZone: "Asia/Shanghai", code: nil)))
        #expect(
            try ClinicCommand.parse(["create-clinic", "--name=Room 2", "--time-zone=Asia/Urumqi", "--code", "GB-02"])
                == .createClinic(.init(name: "Room 2", timeZone: "Asia/Urumqi", code: "GB-02")))
        #expect(throws: CommandLineError.missingOption("--time-zone", command: "create-clinic")) {
            try ClinicCommand.parse(["create-clinic", "--name", "Room"])
        }
        #expect(throws: CommandLineError.missingOption("--name", command: "create-clinic")) {
            try ClinicCommand.parse(["create-clinic", "--time-zone", "Asia/Shanghai"])
        }
        guard case .help(let help) = try ClinicCommand.parse(["create-clinic", "--help"]) else {
            Issue.record("no help for create-clinic")
            return
        }
        #expect(help.contains("prints its id"))
        guard case .help(let overview) = try ClinicCommand.parse(["help"]) else { return }
        #expect(overview.contains("create-clinic --name NAME --time-zone ZONE [--code CODE]"))
    }

    @Test func createUserTakesAClinicOnlyForAdminsAndStaff() throws {
        let id = UUID().uuidString
        #expect(
            try ClinicCommand.parse(["create-user", "--username", "dolma", "--role", "staff", "--clinic-id", id])
                == .createUser(.init(username: "dolma", role: .staff, doctorId: nil, clinicId: id)))
        #expect(
            try ClinicCommand.parse(["create-user", "--username", "bureau", "--role", "countyAdmin"])
                == .createUser(.init(username: "bureau", role: .countyAdmin, doctorId: nil, clinicId: nil)))
        for role in ["doctor", "countyAdmin", "countyViewer"] {
            #expect(throws: CommandLineError.notForRole(option: "--clinic-id", role: role, command: "create-user")) {
                try ClinicCommand.parse(["create-user", "--username", "x.y", "--role", role, "--clinic-id", id])
            }
        }
        let message = CommandLineError.notForRole(option: "--clinic-id", role: "doctor", command: "create-user")
            .description
        #expect(message.contains("only for admin and staff"))
    }

    @Test func aClinicForARoleOfNoClinicIsACommandLineMistake() async {
        let status = await ClinicServerMain.run(
            ["create-user", "--username", "bureau", "--role", "countyViewer", "--clinic-id", UUID().uuidString],
            environment: ["CLINIC_LOG_LEVEL": "error"])
        #expect(status == 2)
    }

    @Test func seedTakesClinicsAndResidentsPerClinic() throws {
        #expect(try ClinicCommand.parse(["seed"]) == .seed(.init(residents: 16_528, today: nil, clinics: 1)))
        #expect(
            try ClinicCommand.parse(["seed", "--clinics", "20", "--residents", "100"])
                == .seed(.init(residents: 100, today: nil, clinics: 20)))
        for bad in ["0", "-1", "many", "101"] {
            #expect(throws: CommandLineError.invalidValue(option: "--clinics", value: bad, command: "seed")) {
                try ClinicCommand.parse(["seed", "--clinics=\(bad)"])
            }
        }
    }

    @Test func createClinicAddsAClinicWithANewInstallsSettings() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        let code = "GB-" + UUID().uuidString.prefix(4)
        let clinic = try await ClinicServerMain.createClinic(
            .init(name: "Gyalthang Room", timeZone: "Asia/Urumqi", code: code), db.pool)
        #expect(clinic.settings.name == "Gyalthang Room")
        #expect(clinic.settings.timeZone == "Asia/Urumqi")
        #expect(clinic.code == code)
        #expect(clinic.settings.clinicWeekdays == ClinicSettings.default.clinicWeekdays)
        #expect(clinic.settings.sessions == ClinicSettings.default.sessions)
        #expect(clinic.settings.slotMinutes == ClinicSettings.default.slotMinutes)
        #expect(clinic.settings.priorityHoldHours == ClinicSettings.default.priorityHoldHours)
        let stored = try await db.pool.withConnection { try await ClinicSettingsStore.clinic(clinic.id, on: $0) }
        #expect(stored == clinic)
        await #expect(throws: SchedulingError.duplicateClinicCode) {
            try await ClinicServerMain.createClinic(
                .init(name: "Another", timeZone: "Asia/Shanghai", code: code.lowercased()), db.pool)
        }
        await #expect(throws: ValidationError.self) {
            try await ClinicServerMain.createClinic(
                .init(name: "Nowhere", timeZone: "Mars/Olympus", code: nil), db.pool)
        }
    }

    @Test func createUserPutsAdminsAndStaffInTheirClinic() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        let first = try await FirstClinic.id(db.pool)
        let password = "correct horse battery staple 19"
        func create(_ name: String, _ role: Role, clinic: UUID? = nil, doctor: UUID? = nil) async throws -> User {
            try await ClinicServerMain.createUser(
                .init(username: name, role: role, doctorId: doctor?.uuidString, clinicId: clinic?.uuidString),
                password: password, cost: 4, db.pool)
        }
        // One clinic: admins and staff default to it, as a single-room install always did.
        #expect(try await create("first.admin", .admin).clinicId == first)
        let second = try await ClinicServerMain.createClinic(
            .init(name: "Room 2", timeZone: "Asia/Shanghai", code: nil), db.pool
        ).id
        // Several: which one must be said.
        await #expect {
            try await create("lost.staff", .staff)
        } throws: { error in
            guard let error = error as? ValidationError else { return false }
            let text = ClinicServerMain.describe(error)
            return text.contains("--clinic-id is required") && text.contains(second.uuidString.lowercased())
        }
        #expect(try await create("second.staff", .staff, clinic: second).clinicId == second)
        #expect(try await create("first.staff", .staff, clinic: first).clinicId == first)
        await #expect(throws: ValidationError(field: "clinicId", message: "no such clinic")) {
            try await create("nowhere.staff", .staff, clinic: UUID())
        }
        // Roles of no clinic belong to none, however many clinics there are.
        #expect(try await create("bureau.admin", .countyAdmin).clinicId == nil)
        #expect(try await create("bureau.viewer", .countyViewer).clinicId == nil)
        let doctor = try await db.pool.withConnection {
            try await DoctorStore.create(NewDoctor(name: "Dr. Shared", institution: "", languages: ["zh"]), on: $0)
        }
        #expect(try await create("dr.shared", .doctor, doctor: doctor.id).clinicId == nil)
        let stored = try await db.pool.query(
            "SELECT count(*)::int AS n FROM users WHERE username = 'lost.staff' OR username = 'nowhere.staff'")
        #expect(try stored.first?.decode(Int.self, "n") == 0)
    }

    @Test func seedBuildsHealthRoomsThatShareTheirDoctors() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        let today = ClinicSettingsStore.today(in: .default)
        let summary = try await DemoClinic.seed(pool: db.pool, clinics: 3, residents: 40, today: today)
        #expect(summary.clinics == 3)
        #expect(summary.residents == 120)
        #expect(summary.doctors == DemoClinic.demoDoctors.count)
        let clinics = try await db.pool.query(
            """
            SELECT c.name, c.code,
                (SELECT count(*) FROM residents r WHERE r.clinic_id = c.id)::int AS residents,
                (SELECT count(*) FROM rota_assignments a WHERE a.clinic_id = c.id)::int AS assignments,
                (SELECT count(*) FROM slots s WHERE s.clinic_id = c.id)::int AS slots
            FROM clinics c ORDER BY c.created_at, c.id
            """)
        #expect(
            try clinics.map { try $0.decode(String.self, "name") } == [
                ClinicSettings.default.name, "Community Health Room 2", "Community Health Room 3",
            ])
        #expect(try clinics.map { try $0.decode(String?.self, "code") } == [nil, "CHR-02", "CHR-03"])
        for row in clinics {
            #expect(try row.decode(Int.self, "residents") == 40)
            #expect(try row.decode(Int.self, "assignments") > 0)
            #expect(try row.decode(Int.self, "slots") > 0)
        }
        // The doctors are shared: some serve more than one room, never in two places at once or without the
        // travel time between them (the database's constraints would have refused the rota).
        let shared = try await db.pool.query(
            """
            SELECT count(*)::int AS n FROM (SELECT doctor_id FROM rota_assignments GROUP BY doctor_id
                                            HAVING count(DISTINCT clinic_id) > 1) d
            """)
        #expect(try shared.first?.decode(Int.self, "n") ?? 0 > 0)
        // Every booking is of a resident of the slot's own clinic, in that clinic.
        let crossed = try await db.pool.query(
            """
            SELECT count(*) FILTER (WHERE a.clinic_id <> s.clinic_id OR r.clinic_id <> s.clinic_id)::int AS crossed,
                count(*)::int AS total
            FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN residents r ON r.id = a.resident_id
            """)
        #expect(try crossed.first?.decode(Int.self, "crossed") == 0)
    }

    @Test func theDefaultSeedIsOneClinic() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        let summary = try await DemoClinic.seed(
            pool: db.pool, residents: 10, today: ClinicSettingsStore.today(in: .default), appointmentsPerClinicDay: 0)
        #expect(summary.clinics == 1)
        let clinics = try await db.pool.query("SELECT count(*)::int AS n FROM clinics")
        #expect(try clinics.first?.decode(Int.self, "n") == 1)
    }

    @Test func aLargeCountyGetsEnoughVisitingDoctors() {
        #expect(DemoClinic.doctors(forClinics: 1).count == 10)
        #expect(DemoClinic.doctors(forClinics: 7).count == 10)
        let county = DemoClinic.doctors(forClinics: 20)
        #expect(county.count == 27)
        #expect(Set(county.map(\.name)).count == county.count)
        #expect(DemoClinic.settings(ofClinic: 2).clinicWeekdays != ClinicSettings.default.clinicWeekdays)
        #expect(DemoClinic.code(ofClinic: 20) == "CHR-20")
    }
}
