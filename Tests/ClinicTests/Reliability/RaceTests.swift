import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Concurrent bookings through the real server over real HTTP, many times over: a slot never holds more than its
/// capacity, a loser is told 409 (never a 5xx), and one `Idempotency-Key` never books twice.
///
/// Slots are made directly in SQL (one long rota assignment, one slot per trial at its own time) so a trial costs
/// only its 64 requests, not a rota generation.
@Suite(.serialized) struct RaceTests {
    static let trials = 100
    static let contenders = 64

    /// A doctor and one rota assignment spanning `days` days from tomorrow, for slots made by `slot(...)`.
    struct Stage {
        let doctorId: UUID
        let assignmentId: UUID
        let base: Date

        static func make(_ app: TestApp, days: Int) async throws -> Stage {
            let doctorId = try await app.pool.query(
                """
                INSERT INTO doctors (clinic_id, name, institution, languages, modes)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Dr Race', 'Town health centre', '{bo}', '{onsite}') RETURNING id
                """
            )[0].decode(UUID.self, "id")
            let base = Date().addingTimeInterval(2 * 86_400)
            let end = base.addingTimeInterval(Double(days) * 86_400)
            let assignmentId = try await app.pool.query(
                """
                INSERT INTO rota_assignments (clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(LocalDate(base, in: Fixture.zone)), 'race', \(doctorId), '{onsite}', \(base), \(end))
                RETURNING id
                """
            )[0].decode(UUID.self, "id")
            return Stage(doctorId: doctorId, assignmentId: assignmentId, base: base)
        }

        /// A 15-minute on-site slot starting `index` hours after the assignment's start.
        func slot(_ index: Int, capacity: Int, pool: PostgresPool) async throws -> UUID {
            let start = base.addingTimeInterval(Double(index) * 3600)
            return try await pool.query(
                """
                INSERT INTO slots (clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(assignmentId), \(doctorId), \(LocalDate(start, in: Fixture.zone)), 'race', 'onsite',
                        \(start), \(start.addingTimeInterval(900)), \(capacity))
                RETURNING id
                """
            )[0].decode(UUID.self, "id")
        }
    }

    @Test func concurrentBookingsOfOneSlotNeverExceedItsCapacity() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff).client
        let stage = try await Stage.make(app, days: 10)
        let residents = try await Fixture.residents(Self.contenders, prefix: "Racer", pool: app.pool)

        var statusCounts: [Int: Int] = [:]
        for trial in 0..<Self.trials {
            let capacity = 1 + trial % 3
            let slotId = try await stage.slot(trial, capacity: capacity, pool: app.pool)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for resident in residents {
                    group.addTask {
                        try await staff.post(
                            "/v1/appointments",
                            ["slotId": slotId.uuidString, "residentId": resident.uuidString, "mode": "onsite"]
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            for status in statuses { statusCounts[status, default: 0] += 1 }
            let created = statuses.filter { $0 == 201 }.count
            #expect(created == capacity, "trial \(trial): \(created) bookings of a slot with capacity \(capacity)")
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "trial \(trial): \(statuses.sorted())")
            let row = try await app.pool.query(
                """
                SELECT s.booked, (SELECT count(*) FROM appointments a WHERE a.slot_id = s.id) AS appointments
                FROM slots s WHERE s.id = \(slotId)
                """)[0]
            #expect(try row.decode(Int.self, "booked") == capacity)
            #expect(try row.decode(Int.self, "appointments") == capacity)
            if statuses.contains(where: { $0 >= 500 }) { break }  // one broken trial says enough
        }
        #expect(statusCounts.keys.allSatisfy { $0 < 500 }, "statuses seen: \(statusCounts)")
    }

    @Test func concurrentRequestsWithOneIdempotencyKeyBookOnce() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff).client
        let stage = try await Stage.make(app, days: 2)
        let residents = try await Fixture.residents(10, prefix: "Repeater", pool: app.pool)

        for (trial, resident) in residents.enumerated() {
            let slotId = try await stage.slot(trial, capacity: 5, pool: app.pool)
            let key = "race-\(UUID().uuidString)"
            // One byte sequence for all: a dictionary serialised twice may order its keys differently.
            let body = Data(
                #"{"slotId":"\#(slotId.uuidString)","residentId":"\#(resident.uuidString)","mode":"onsite"}"#.utf8)
            let headers = ["Idempotency-Key": key]
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        try await staff.send(
                            "POST", "/v1/appointments", body: body, contentType: "application/json", headers: headers)
                    }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let created = responses.filter { $0.status == 201 }
            let inProgress = responses.filter { $0.status == 409 }
            #expect(created.count + inProgress.count == responses.count, "\(responses.map(\.status).sorted())")
            #expect(!created.isEmpty)
            #expect(Set(created.map(\.body)).count == 1, "every 201 carries the same bytes")
            #expect(created.filter { $0.headers["idempotent-replayed"] == "true" }.count == created.count - 1)
            #expect(inProgress.allSatisfy { $0.string("type") == "urn:clinic:problem:idempotency-in-progress" })
            let count = try await app.pool.query(
                "SELECT count(*) AS n FROM appointments WHERE slot_id = \(slotId) AND resident_id = \(resident)"
            )[0].decode(Int.self, "n")
            #expect(count == 1, "trial \(trial): \(count) appointments for one key")

            // A later retry with the same key replays the first answer.
            let replay = try await staff.send(
                "POST", "/v1/appointments", body: body, contentType: "application/json", headers: headers)
            #expect(replay.status == 201)
            #expect(replay.body == created.first?.body)
        }
    }
}
