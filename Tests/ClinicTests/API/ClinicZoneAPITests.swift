import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Issue 17, item 5: the stores are given the request's zone (the settings the server holds) rather than reading
/// it from the database again. The stored zone is changed behind the server's back: answers keep the request's.
@Suite struct ClinicZoneAPITests {
    @Test func appointmentsAndRotaAnswerInTheRequestsZone() async throws {
        let app = try await TestApp.fresh()
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 14))
        let doctor = try await Fixture.doctor("Dr. Zone", pool: app.pool)
        _ = try await Fixture.generate(from: date, to: date, pool: app.pool)
        let resident = try await Fixture.resident("Zone Resident", flags: [.livesAlone], pool: app.pool)
        let slots = try await Fixture.slots(doctor: doctor.id, date: date, mode: .onsite, pool: app.pool)
        let slot = try #require(slots.first)
        let appointment = try await Fixture.book(slot, resident: resident.id, pool: app.pool)
        let staff = try await app.signIn(.staff)
        let admin = try await app.signIn(.admin)
        // The server read Asia/Shanghai at start; the row now says UTC, which only GET/PUT /v1/clinic would read.
        try await app.pool.query("UPDATE clinics SET time_zone = 'UTC'")

        let one = try await staff.client.get("/v1/appointments/\(appointment.id)")
        #expect(one.status == 200)
        #expect((one.json["start"] as? String)?.hasSuffix("+08:00") == true, "\(one.json["start"] ?? "none")")

        let list = try await staff.client.get("/v1/appointments?date=\(date)")
        #expect(list.status == 200)
        #expect(!list.items.isEmpty)
        #expect(list.items.allSatisfy { ($0["start"] as? String)?.hasSuffix("+08:00") == true })

        let rota = try await admin.client.get("/v1/rota?from=\(date)&to=\(date)")
        #expect(rota.status == 200)
        #expect(!rota.items.isEmpty)
        #expect(rota.items.allSatisfy { ($0["start"] as? String)?.hasSuffix("+08:00") == true }, "\(rota.items)")
    }
}
