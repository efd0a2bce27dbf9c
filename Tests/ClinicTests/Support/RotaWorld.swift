import Foundation

@testable import Clinic
@testable import ClinicDomain

/// A suite's server with a visiting doctor of its own on the rota from tomorrow through a Tuesday four weeks ahead,
/// and an admin and a staff client: what suites that book, displace and rebook start from. Made once per suite
/// database (`suite`, the calling file, as `TestApp.forSuite`; the doctor is found again by name on a later call).
struct RotaWorld {
    let app: TestApp
    let doctor: Doctor
    /// The Tuesday four weeks ahead, the rota's last day.
    let date: LocalDate
    let admin: APIClient
    let staff: APIClient

    static func make(doctorNamed name: String, suite: String = #fileID) async throws -> RotaWorld {
        let app = try await TestApp.forSuite(suite)
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 28))
        let existing = try await app.pool.query("SELECT id FROM doctors WHERE name = \(name)")
        let doctor: Doctor
        if let row = existing.first {
            let id = try row.decode(UUID.self, "id")
            doctor = try await app.pool.withConnection { try await DoctorStore.get(id, on: $0) }
        } else {
            doctor = try await Fixture.doctor(name, pool: app.pool)
            _ = try await Fixture.generate(from: Fixture.today.adding(days: 1), to: date, pool: app.pool)
        }
        return RotaWorld(
            app: app, doctor: doctor, date: date, admin: try await app.signIn(.admin).client,
            staff: try await app.signIn(.staff).client)
    }
}
