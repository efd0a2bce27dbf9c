import ClinicPostgres
import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// `noticeMinutes`: the slot the server picks when it rebooks a displaced appointment starts at least that long from
/// now (the console asks for two hours: the resident is not at the desk and must learn of the new time and come).
/// Without it the earliest free slot, as API.md says; a slot the desk names may start sooner. A database of its own,
/// so that no other test's free slot is the earliest.
@Suite struct RebookNoticeTests {
    typealias F = ClinicalFixtures

    /// A free remote slot of `doctorId` in the first clinic starting at `start`, with its rota assignment.
    static func freeSlot(doctorId: UUID, start: Date, pool: PostgresPool) async throws -> UUID {
        try await pool.query(
            """
            WITH a AS (
                INSERT INTO rota_assignments (clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(LocalDate(start, in: F.shanghai)),
                        \(UUID().uuidString), \(doctorId), '{remote}', \(start), \(start.addingTimeInterval(1800)))
                RETURNING id, clinic_id
            )
            INSERT INTO slots (clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity)
            SELECT clinic_id, id, \(doctorId), \(LocalDate(start, in: F.shanghai)), 'morning', 'remote', \(start),
                   \(start.addingTimeInterval(1800)), 1
            FROM a RETURNING id
            """
        )[0].decode(UUID.self, "id")
    }

    @Test func theServersPickRespectsTheNoticeAskedForAndTheDeskMayNameASoonerSlot() async throws {
        let app = try await TestApp.forSuite()
        let doctorId = try await app.pool.withConnection { try await F.doctor("Dr Rebook Notice", on: $0) }
        let now = Date()
        let soon = try await Self.freeSlot(doctorId: doctorId, start: now.addingTimeInterval(40 * 60), pool: app.pool)
        let later = try await Self.freeSlot(doctorId: doctorId, start: now.addingTimeInterval(3 * 3600), pool: app.pool)
        let displaced = try await app.pool.withConnection { db in
            let one = try await F.resident(born: LocalDate(year: 1950, month: 1, day: 1)!, name: "Moved One", on: db)
            let two = try await F.resident(born: LocalDate(year: 1951, month: 1, day: 1)!, name: "Moved Two", on: db)
            let start = now.addingTimeInterval(5 * 86_400)
            return [
                try await F.appointment(residentId: one, doctorId: doctorId, start: start, status: .displaced, on: db),
                try await F.appointment(
                    residentId: two, doctorId: doctorId, start: start.addingTimeInterval(3600), status: .displaced,
                    on: db),
            ]
        }
        let staff = try await app.signIn(.staff).client
        let twoHours: [String: Any] = ["noticeMinutes": 120]
        let tooMuch = try await staff.post("/v1/appointments/\(displaced[0])/rebook", ["noticeMinutes": 100_000])
        #expect(tooMuch.status == 422 && tooMuch.errorFields == ["noticeMinutes"], "\(tooMuch.text)")
        let picked = try await staff.post("/v1/appointments/\(displaced[0])/rebook", twoHours)
        #expect(picked.status == 201, "\(picked.text)")
        #expect(picked.string("slotId")?.lowercased() == later.uuidString.lowercased(), "not the slot in 40 minutes")
        // With only the sooner slot left, the server finds none with that notice, in bulk too; the desk may name it.
        let none = try await staff.post("/v1/appointments/\(displaced[1])/rebook", twoHours)
        #expect(none.status == 409 && none.string("type") == "urn:clinic:problem:no-suitable-slot")
        let bulk = try await staff.post("/v1/appointments/rebook-displaced", twoHours)
        #expect((bulk.json["results"] as? [[String: Any]])?.first?["status"] as? String == "noSlot", "\(bulk.text)")
        let named = try await staff.post("/v1/appointments/\(displaced[1])/rebook", ["slotId": soon.uuidString])
        #expect(named.status == 201 && named.string("slotId")?.lowercased() == soon.uuidString.lowercased())
    }

    /// Without `noticeMinutes` (the API's default), the earliest free slot, however soon: API.md's rule.
    @Test func withoutNoticeTheEarliestFreeSlot() async throws {
        let app = try await TestApp.forSuite("RebookNoticeTests.withoutNotice")  // its own database: see the suite
        let doctorId = try await app.pool.withConnection { try await F.doctor("Dr Rebook Default", on: $0) }
        let soon = try await Self.freeSlot(doctorId: doctorId, start: Date().addingTimeInterval(40 * 60), pool: app.pool)
        _ = try await Self.freeSlot(doctorId: doctorId, start: Date().addingTimeInterval(3 * 3600), pool: app.pool)
        let displaced = try await app.pool.withConnection { db in
            let one = try await F.resident(born: LocalDate(year: 1952, month: 1, day: 1)!, name: "Moved Three", on: db)
            return try await F.appointment(
                residentId: one, doctorId: doctorId, start: Date().addingTimeInterval(6 * 86_400), status: .displaced,
                on: db)
        }
        let staff = try await app.signIn(.staff).client
        let picked = try await staff.post("/v1/appointments/\(displaced)/rebook")
        #expect(picked.status == 201 && picked.string("slotId")?.lowercased() == soon.uuidString.lowercased())
    }
}
