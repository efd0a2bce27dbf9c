import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

@Suite(.serialized) struct RotaStoreTests {
    @Test func fairAcrossPeriodsSkipsClosuresAndUnavailability() async throws {
        let db = try await TestDatabase.fresh()
        var doctors: [Doctor] = []
        for i in 0..<4 { doctors.append(try await Fixture.doctor("Dr. \(i)", pool: db.pool)) }
        let inactive = try await Fixture.doctor("Dr. Away", pool: db.pool)
        _ = try await db.pool.withConnection { try await DoctorStore.patch(inactive.id, DoctorPatch(active: false), on: $0) }
        let start = Fixture.next(1, onOrAfter: Fixture.today.adding(days: 7))  // a Monday
        let closed = start.adding(days: 1)  // its Tuesday
        _ = try await db.pool.withConnection { try await ClosureStore.add(Closure(date: closed, reason: "Losar"), on: $0) }
        let onLeave = start.adding(days: 3)  // its Thursday
        _ = try await db.pool.withConnection {
            try await DoctorStore.addUnavailability(doctorId: doctors[0].id, NewUnavailability(from: onLeave, to: onLeave), on: $0)
        }
        let first = try await Fixture.generate(from: start, to: start.adding(days: 13), pool: db.pool)
        #expect(Set(first.assignments.map(\.date)).allSatisfy { [2, 4].contains($0.isoWeekday) })
        #expect(!first.assignments.contains { $0.date == closed })
        #expect(!first.assignments.contains { $0.date == onLeave && $0.doctorId == doctors[0].id })
        #expect(!first.assignments.contains { $0.doctorId == inactive.id })
        #expect(first.assignments.count == 3 * 2)  // three open clinic days, two sessions each
        // Again over the same range: 409.
        await expectSchedulingError(.rotaAlreadyGenerated(first: start.adding(days: 3), last: start.adding(days: 10))) {
            try await Fixture.generate(from: start, to: start.adding(days: 13), pool: db.pool)
        }
        // A later period continues fairly from the totals so far.
        _ = try await Fixture.generate(from: start.adding(days: 14), to: start.adding(days: 41), pool: db.pool)
        let counts = try await db.pool.query(
            "SELECT doctor_id, count(*) AS n FROM rota_assignments GROUP BY doctor_id"
        ).map { try $0.decode(Int.self, "n") }
        #expect(counts.count == 4)
        #expect(counts.max()! - counts.min()! <= 1)
        // Slots were materialised for every assignment and follow the doctor's modes.
        let missing = try await db.pool.query(
            "SELECT count(*) AS n FROM rota_assignments ra WHERE NOT EXISTS (SELECT 1 FROM slots s WHERE s.assignment_id = ra.id)")
        #expect(try missing[0].decode(Int.self, "n") == 0)
    }

    @Test func replaceKeepsBookedAssignmentsAndSwapsAreChecked() async throws {
        let db = try await TestDatabase.fresh()
        let a = try await Fixture.doctor("Dr. A", pool: db.pool)
        let b = try await Fixture.doctor("Dr. B", modes: [.remote], pool: db.pool)
        let tuesday = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 7))
        let first = try await Fixture.generate(from: tuesday, to: tuesday, pool: db.pool)
        #expect(first.assignments.count == 2)
        // Book one on-site slot of the morning assignment.
        let morning = try #require(first.assignments.first { $0.session == "morning" })
        let slot = try #require(
            try await Fixture.slots(doctor: morning.doctorId, date: tuesday, mode: morning.modes[0], pool: db.pool)
                .first { !$0.priorityOnly })
        let resident = try await Fixture.resident("Keeper", pool: db.pool)
        _ = try await Fixture.book(slot, resident: resident.id, pool: db.pool)
        let again = try await Fixture.generate(from: tuesday, to: tuesday, replace: true, pool: db.pool)
        #expect(again.kept == 1)
        #expect(again.assignments.contains { $0.id == morning.id })
        #expect(try await Fixture.booked(slot.id, pool: db.pool) == 1)
        // Swap the booked morning to a doctor without on-site: refused; to an inactive or unknown doctor: refused.
        let other = morning.doctorId == a.id ? b : a
        if other.id == b.id {
            await expectSchedulingError(.doctorLacksBookedMode(.onsite)) {
                try await db.pool.withTransaction { try await RotaStore.reassign(morning.id, to: b.id, zone: Fixture.zone, on: $0).assignment }
            }
        }
        await expectSchedulingError(.unknownReference(field: "doctorId")) {
            try await db.pool.withTransaction { try await RotaStore.reassign(morning.id, to: UUID(), zone: Fixture.zone, on: $0).assignment }
        }
        // The afternoon assignment (no bookings) moves to the morning's doctor only if free: they are not on it.
        let afternoon = try #require(again.assignments.first { $0.session == "afternoon" })
        let c = try await Fixture.doctor("Dr. C", modes: [.onsite], pool: db.pool)
        try await db.pool.withConnection {
            _ = try await DoctorStore.addUnavailability(doctorId: c.id, NewUnavailability(from: tuesday, to: tuesday), on: $0)
        }
        await expectSchedulingError(.doctorCannotServe(.unavailable)) {
            try await db.pool.withTransaction { try await RotaStore.reassign(afternoon.id, to: c.id, zone: Fixture.zone, on: $0).assignment }
        }
        let d = try await Fixture.doctor("Dr. D", modes: [.onsite], pool: db.pool)
        let moved = try await db.pool.withTransaction { try await RotaStore.reassign(afternoon.id, to: d.id, zone: Fixture.zone, on: $0).assignment }
        #expect(moved.doctorId == d.id && moved.modes == [.onsite])
        let dSlots = try await Fixture.slots(doctor: d.id, date: tuesday, mode: .onsite, pool: db.pool)
        #expect(!dSlots.isEmpty)
        // A doctor never serves two sessions at once: the table refuses it too.
        do {
            try await db.pool.query(
                """
                INSERT INTO rota_assignments (clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
                SELECT clinic_id, date, 'extra', \(d.id), modes, starts_at, ends_at FROM rota_assignments WHERE id = \(afternoon.id)
                """)
            Issue.record("overlapping assignment accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == "23P01")
        }
    }
}
