import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// The demo seed's outreach: grid workers with grids and phones, visits to the elderly of their grids, some doctor
/// requests left open for the desk.
@Suite struct DemoOutreachTests {
    @Test func theDemoHasGridWorkersVisitsAndOpenDoctorRequests() async throws {
        let db = try await TestDatabase.fresh()
        _ = try await DemoClinic.seed(pool: db.pool, residents: 600, today: Fixture.today)
        let workers = try await db.pool.query(
            "SELECT count(*)::int AS n FROM users WHERE role = 'gridWorker' AND cardinality(grids) = 3 AND phone IS NOT NULL")
        #expect(try workers[0].decode(Int.self, "n") == DemoOutreach.workersPerClinic)
        let visits = try await db.pool.query(
            """
            SELECT count(*)::int AS n, count(DISTINCT outcome)::int AS outcomes,
                   bool_and(r.grid = ANY (u.grids)) AS own_grids,
                   bool_and(extract(year FROM age(r.birth_date)) >= 65) AS elderly
            FROM outreach_visits v JOIN residents r ON r.id = v.resident_id JOIN users u ON u.id = v.recorded_by
            """)[0]
        #expect(try visits.decode(Int.self, "n") > 10)
        #expect(try visits.decode(Int.self, "outcomes") >= 3)
        #expect(try visits.decode(Bool.self, "own_grids") && visits.decode(Bool.self, "elderly"))
        let open = try await db.pool.query(
            "SELECT count(*)::int AS n FROM doctor_requests WHERE status = 'open'")[0].decode(Int.self, "n")
        let asked = try await db.pool.query(
            "SELECT count(*)::int AS n FROM outreach_visits WHERE outcome = 'needsDoctor'")[0].decode(Int.self, "n")
        #expect(open > 0 && open == asked)
    }
}
