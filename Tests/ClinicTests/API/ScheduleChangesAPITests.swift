import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Displaced bookings through real HTTP: a closure over a booked day (dry run first), the work list, rebooking one
/// and all, and reopening; notices written with each change and none for a change rolled back.
@Suite(.serialized) struct ScheduleChangesAPITests {
    typealias World = RotaWorld

    static func world() async throws -> World { try await RotaWorld.make(doctorNamed: "Dr. Schedule Change") }

    /// Books `resident` into a free on-site slot on `date` not held for priority residents; the appointment's id.
    static func book(_ resident: UUID, on date: LocalDate, _ world: World, skip: Int = 0) async throws -> String {
        let slots = try await Fixture.slots(doctor: world.doctor.id, date: date, mode: .onsite, pool: world.app.pool)
            .filter { !$0.priorityOnly && $0.booked < $0.capacity && !$0.closed }
        let slot = try #require(slots.dropFirst(skip).first)
        let booked = try await world.staff.post(
            "/v1/appointments",
            ["slotId": slot.id.uuidString, "residentId": resident.uuidString, "mode": "onsite"])
        #expect(booked.status == 201)
        return try #require(booked.string("id"))
    }

    static func status(_ id: String, _ world: World) async throws -> String? {
        try await world.staff.get("/v1/appointments/\(id)").string("status")
    }

    static func notices(_ id: String, kind: String, _ world: World) async throws -> Int {
        try await world.app.pool.query(
            "SELECT count(*)::int AS n FROM notifications WHERE appointment_id = \(UUID(uuidString: id)!) AND kind = \(kind)"
        )[0].decode(Int.self, "n")
    }

    @Test func aClosureDisplacesExactlyItsBookingsAndTheyAreRebooked() async throws {
        let world = try await Self.world()
        let plain = try await Fixture.resident("Displaced Plain", pool: world.app.pool)
        let priority = try await Fixture.resident("Displaced Priority", flags: [.livesAlone], pool: world.app.pool)
        let elsewhere = try await Fixture.resident("Booked Another Day", pool: world.app.pool)
        let first = try await Self.book(plain.id, on: world.date, world)
        let second = try await Self.book(priority.id, on: world.date, world, skip: 1)
        let otherDay = try await Self.book(elsewhere.id, on: world.date.adding(days: -7), world)
        #expect(try await Self.notices(first, kind: "booked", world) == 1)

        // The dry run lists them and changes nothing.
        let closure: [String: Any] = ["date": world.date.description, "reason": "road closed"]
        var dry = closure
        dry["dryRun"] = true
        let preview = try await world.admin.post("/v1/clinic/closures", dry)
        #expect(preview.status == 200)
        #expect(preview.json["dryRun"] as? Bool == true)
        #expect(Set(preview.json["displacedAppointments"] as? [String] ?? []) == [first, second])
        #expect(try await Self.status(first, world) == "booked")
        #expect(try await world.admin.get("/v1/clinic/closures?from=\(world.date)&to=\(world.date)").items.isEmpty)

        // The closure displaces exactly the day's bookings, closes its slots and writes their notices.
        let added = try await world.admin.post("/v1/clinic/closures", closure)
        #expect(added.status == 201)
        #expect(Set(added.json["displacedAppointments"] as? [String] ?? []) == [first, second])
        #expect(try await Self.status(first, world) == "displaced")
        #expect(try await Self.status(second, world) == "displaced")
        #expect(try await Self.status(otherDay, world) == "booked")
        #expect(try await Self.notices(first, kind: "displaced", world) == 1)
        #expect(try await Self.notices(otherDay, kind: "displaced", world) == 0)
        let day = try await Fixture.slots(doctor: world.doctor.id, date: world.date, mode: .onsite, pool: world.app.pool)
        #expect(!day.isEmpty && day.allSatisfy { $0.closed && $0.booked == 0 })

        // A closed slot is not bookable.
        let closedSlot = try #require(day.first { !$0.priorityOnly })
        let refused = try await world.staff.post(
            "/v1/appointments",
            ["slotId": closedSlot.id.uuidString, "residentId": elsewhere.id.uuidString, "mode": "onsite"])
        #expect(refused.status == 409 && refused.string("type") == "urn:clinic:problem:slot-closed")

        // The work list: the priority resident first.
        let list = try await world.staff.get("/v1/worklists/displaced").items.compactMap { $0["appointmentId"] as? String }
        #expect(list.filter { [first, second].contains($0) } == [second, first])

        // Rebooking one: a new appointment, the old one rebooked and pointing at it, its notice written.
        let rebooked = try await world.staff.post("/v1/appointments/\(first)/rebook")
        #expect(rebooked.status == 201 && rebooked.string("status") == "booked")
        let newId = try #require(rebooked.string("id"))
        let old = try await world.staff.get("/v1/appointments/\(first)")
        #expect(old.string("status") == "rebooked" && old.string("rebookedTo") == newId)
        #expect(try await Self.notices(newId, kind: "rebooked", world) == 1)
        #expect(try await Self.notices(newId, kind: "booked", world) == 0)
        let again = try await world.staff.post("/v1/appointments/\(first)/rebook")
        #expect(again.status == 409 && again.string("type") == "urn:clinic:problem:invalid-transition")

        // Removing the closure reopens the day's slots; the displaced appointment stays displaced.
        #expect(try await world.admin.delete("/v1/clinic/closures/\(world.date)").status == 204)
        let reopened = try await Fixture.slots(
            doctor: world.doctor.id, date: world.date, mode: .onsite, pool: world.app.pool)
        #expect(reopened.allSatisfy { !$0.closed })
        #expect(try await Self.status(second, world) == "displaced")
    }

    /// 16 callers rebook the same displaced appointments at once: each is rebooked once, and no slot holds more
    /// than its capacity.
    @Test func concurrentBulkRebookingKeepsCapacity() async throws {
        let world = try await Self.world()
        let date = world.date.adding(days: -7)
        let residents = try await Fixture.residents(6, prefix: "Bulk Rebook", pool: world.app.pool)
        var appointments: [String] = []
        for resident in residents {
            appointments.append(try await Self.book(resident, on: date, world))
        }
        let unavailable = try await world.admin.post(
            "/v1/doctors/\(world.doctor.id)/unavailability",
            ["from": date.description, "to": date.description, "reason": "recalled"])
        #expect(unavailable.status == 201)
        // Every booking of that day: these, and any an earlier test left there.
        #expect(Set(unavailable.json["displacedAppointments"] as? [String] ?? []).isSuperset(of: appointments))
        // One audit row per displaced appointment, naming its resident, written with the change.
        let period = try #require(unavailable.string("id"))
        let audited = try await world.app.pool.query(
            """
            SELECT resource_id, resident_id FROM audit_log
            WHERE action = 'update' AND resource_type = 'appointment' AND detail ->> 'unavailability' = \(period)
            """)
        let auditedIds = Set(try audited.map { try $0.decode(String.self, "resource_id").lowercased() })
        #expect(auditedIds.isSuperset(of: appointments.map { $0.lowercased() }))
        #expect(Set(try audited.map { try $0.decode(UUID.self, "resident_id") }).isSuperset(of: residents))

        let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<16 {
                group.addTask { try await world.staff.post("/v1/appointments/rebook-displaced") }
            }
            return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
        }
        #expect(responses.allSatisfy { $0.status == 200 })
        let rows = try await world.app.pool.query(
            """
            SELECT a.id::text AS id, a.status, a.rebooked_to FROM appointments a
            WHERE a.id = ANY(\(appointments.compactMap(UUID.init(uuidString:)))::uuid[])
            """)
        #expect(try rows.allSatisfy { try $0.decode(String.self, "status") == "rebooked" })
        let overfull = try await world.app.pool.query("SELECT count(*)::int AS n FROM slots WHERE booked > capacity")
        #expect(try overfull[0].decode(Int.self, "n") == 0)
        let counted = try await world.app.pool.query(
            """
            SELECT count(*)::int AS n FROM slots s
            WHERE s.booked <> (SELECT count(*) FROM appointments a
                               WHERE a.slot_id = s.id AND a.status IN ('booked', 'checkedIn', 'completed'))
            """)
        #expect(try counted[0].decode(Int.self, "n") == 0)
    }

    /// A swap: the session's booking moves to the new doctor, the resident is told (`doctorChanged`), and the
    /// appointment's own audit row names the resident, in the swap's transaction.
    @Test func aSwapMovesTheBookingsToTheNewDoctorWithANoticeAndAnAuditRow() async throws {
        let world = try await Self.world()
        let date = world.date.adding(days: -21)
        let resident = try await Fixture.resident("Swapped Doctor", pool: world.app.pool)
        let booked = try await Self.book(resident.id, on: date, world)
        let assignment = try await world.app.pool.query(
            """
            SELECT s.assignment_id FROM appointments a JOIN slots s ON s.id = a.slot_id
            WHERE a.id = \(UUID(uuidString: booked)!)
            """)[0].decode(UUID.self, "assignment_id")
        let newcomer = try await Fixture.doctor("Dr. Swapped In \(UUID().uuidString.prefix(6))", pool: world.app.pool)
        let swapped = try await world.admin.patch(
            "/v1/rota/assignments/\(assignment)", ["doctorId": newcomer.id.uuidString])
        #expect(swapped.status == 200, "\(swapped.text)")
        let moved = try await world.staff.get("/v1/appointments/\(booked)")
        #expect(moved.string("status") == "booked" && moved.string("doctorId")?.lowercased() == newcomer.id.uuidString.lowercased())
        #expect(try await Self.notices(booked, kind: "doctorChanged", world) == 1)
        let audited = try await world.app.pool.query(
            """
            SELECT resident_id, detail->>'rotaAssignment' AS assignment FROM audit_log
            WHERE resource_type = 'appointment' AND lower(resource_id) = \(booked.lowercased()) AND action = 'update'
            """)
        #expect(audited.count == 1)
        #expect(try audited.first?.decode(UUID.self, "resident_id") == resident.id)
        #expect(try audited.first?.decode(String.self, "assignment") == assignment.uuidString)
    }

    /// A booking refused, or rolled back with its transaction, leaves no notice.
    @Test func aRolledBackBookingLeavesNoNotice() async throws {
        let world = try await Self.world()
        let resident = try await Fixture.resident("Rolled Back", pool: world.app.pool)
        let slot = try #require(
            try await Fixture.slots(
                doctor: world.doctor.id, date: world.date.adding(days: -14), mode: .onsite, pool: world.app.pool
            ).first { !$0.priorityOnly && $0.booked < $0.capacity })
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await world.app.pool.withTransaction { db in
                _ = try await AppointmentStore.book(
                    NewAppointment(slotId: slot.id, residentId: resident.id, mode: .onsite), zone: Fixture.zone, on: db)
                throw Abort()
            }
        }
        let left = try await world.app.pool.query(
            "SELECT count(*)::int AS n FROM notifications WHERE resident_id = \(resident.id)")
        #expect(try left[0].decode(Int.self, "n") == 0)
        #expect(try await Fixture.booked(slot.id, pool: world.app.pool) == 0)
    }
}
