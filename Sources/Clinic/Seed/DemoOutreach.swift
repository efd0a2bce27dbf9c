import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// The demo's community outreach: in each clinic four grid workers, three of the twelve demo grids each, with a phone
/// (the notices' last resort there), and two months of their door-knock visits to the elderly of those grids, about
/// one in six of them, most seen well, some not home, a few in hospital, and some in need of a doctor: those requests
/// stay open for the desk's work list. The workers' passwords are random (nobody signs in as them): to try the grid
/// worker's page, create one with `clinic-server create-user --role gridWorker --grids "Grid 1,Grid 2"`.
enum DemoOutreach {
    static let workersPerClinic = 4
    static let gridsPerWorker = 3

    static func seed(clinics: [ClinicRecord], today: LocalDate, rng: inout SplitMix64, pool: PostgresPool) async throws {
        for (number, clinic) in clinics.enumerated() {
            var workers: [String: UUID] = [:]
            for worker in 0..<workersPerClinic {
                let grids = (1...gridsPerWorker).map { "Grid \(worker * gridsPerWorker + $0)" }
                let prefix = number == 0 ? "grid" : "grid-c\(number + 1)"
                let user = try await pool.withConnection {
                    try await UserStore.create(
                        NewUser(
                            username: "\(prefix)-\(worker + 1)",
                            password: UUID.random().uuidString + UUID.random().uuidString,
                            role: Role.gridWorker.rawValue, clinicId: clinic.id, grids: grids,
                            phone: "13800\(String(format: "%06d", number * 100 + worker + 1))"),
                        cost: PasswordHashing.costRange.lowerBound, on: $0)
                }
                for grid in grids { workers[grid] = user.id }
            }
            let latestBirth = LocalDate.latestBirthDate(forAgeAtLeast: 65, on: today)
            let elderly = try await pool.query(
                """
                SELECT id, grid FROM residents
                WHERE clinic_id = \(clinic.id) AND grid IS NOT NULL AND birth_date <= \(latestBirth)
                ORDER BY id
                """)
            var residents: [UUID] = [], recorders: [UUID] = [], outcomes: [String] = [], days: [Int] = []
            // 0 and "" stand for none (NULL) in the arrays sent.
            var systolics: [Int] = [], diastolics: [Int] = [], notes: [String] = []
            for row in elderly where rng.next() % 6 == 0 {
                guard let recorder = workers[try row.decode(String.self, "grid")] else { continue }
                let draw = rng.next() % 100
                let outcome =
                    draw < 68 ? "seenWell" : draw < 84 ? "notHome" : draw < 94 ? "needsDoctor" : "hospitalised"
                residents.append(try row.decode(UUID.self, "id"))
                recorders.append(recorder)
                outcomes.append(outcome)
                days.append(Int(rng.next() % 60))
                let measured = outcome == "seenWell" || outcome == "needsDoctor"
                let systolic = 112 + Int(rng.next() % (outcome == "needsDoctor" ? 80 : 45))
                systolics.append(measured ? systolic : 0)
                diastolics.append(measured ? systolic - 40 - Int(rng.next() % 15) : 0)
                notes.append(outcome == "needsDoctor" ? needs[Int(rng.next() % UInt64(needs.count))] : "")
            }
            guard !residents.isEmpty else { continue }
            try await pool.withTransaction { db in
                try await db.query(
                    """
                    WITH v AS (
                        INSERT INTO outreach_visits (clinic_id, resident_id, visited_at, outcome, systolic, diastolic,
                                                     note, recorded_by)
                        SELECT \(clinic.id), t.resident, now() - make_interval(days => t.days, hours => 2), t.outcome,
                               nullif(t.systolic, 0), nullif(t.diastolic, 0), nullif(t.note, ''), t.recorder
                        FROM unnest(\(residents)::uuid[], \(recorders)::uuid[], \(outcomes)::text[], \(days)::int[],
                                    \(systolics)::int[], \(diastolics)::int[], \(notes)::text[])
                             AS t (resident, recorder, outcome, days, systolic, diastolic, note)
                        RETURNING id, resident_id, outcome, note, visited_at)
                    INSERT INTO doctor_requests (clinic_id, resident_id, visit_id, note, created_at, updated_at)
                    SELECT \(clinic.id), resident_id, id, note, visited_at, visited_at FROM v WHERE outcome = 'needsDoctor'
                    """)
            }
        }
    }

    /// What a grid worker writes when a resident needs a doctor.
    static let needs = [
        "短期内头晕加重 / dizzy more often", "脚踝浮肿 / swollen ankles", "咳嗽两周 / coughing for two weeks",
        "药吃完了 / has run out of medicine", "摔了一跤 / had a fall", "血压高 / high blood pressure",
    ]
}
