import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Booking against the real database. One doctor offering every mode, a rota a week or more ahead (so the
/// priority hold is in force), one test at a time since they share the rota.
@Suite(.serialized) struct AppointmentStoreTests {
    /// The shared setup: a doctor on a Tuesday two weeks ahead.
    static func setUp() async throws -> (db: TestDatabase, doctor: Doctor, date: LocalDate) {
        let db = try await TestDatabase.forSuite()
        let existing = try await db.pool.query("SELECT id FROM doctors")
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 14))
        if let row = existing.first {
            let doctor = try await db.pool.withConnection { try await DoctorStore.get(try row.decode(UUID.self, "id"), on: $0) }
            return (db, doctor, date)
        }
        let doctor = try await Fixture.doctor("Dr. Booking", pool: db.pool)
        _ = try await Fixture.generate(from: date, to: date.adding(days: 9), pool: db.pool)
        return (db, doctor, date)
    }

    /// A fresh non-held on-site slot with `capacity`, not used by another test.
    static func freeSlot(capacity: Int, db: TestDatabase, doctor: Doctor, date: LocalDate) async throws -> Slot {
        let rows = try await db.pool.query(
            """
            UPDATE slots SET capacity = \(capacity), priority_reserved = false
            WHERE id = (SELECT id FROM slots WHERE doctor_id = \(doctor.id) AND date BETWEEN \(date) AND \(date.adding(days: 9))
                          AND mode = 'onsite'
                          AND booked = 0 AND NOT priority_reserved AND capacity = 1 AND starts_at > now()
                          AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = slots.id)
                        ORDER BY starts_at DESC LIMIT 1)
            RETURNING id
            """)
        let id = try #require(rows.first).decode(UUID.self, "id")
        return try await db.pool.withConnection { try await SlotStore.get(id, on: $0) }
    }

    @Test(arguments: [1, 3])
    func concurrentBookingsNeverExceedCapacity(capacity: Int) async throws {
        let (db, doctor, date) = try await Self.setUp()
        for round in 0..<3 {
            let slot = try await Self.freeSlot(capacity: capacity, db: db, doctor: doctor, date: date)
            let residents = try await Fixture.residents(64, prefix: "Race \(capacity)-\(round)", pool: db.pool)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for resident in residents {
                    group.addTask {
                        do {
                            _ = try await Fixture.book(slot, resident: resident, pool: db.pool)
                            return "ok"
                        } catch let error as SchedulingError {
                            return "\(error)"
                        } catch {
                            return "unexpected \(error)"
                        }
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "ok" }.count == capacity)
            #expect(outcomes.filter { $0 == "\(SchedulingError.slotFull)" }.count == 64 - capacity)
            #expect(try await Fixture.booked(slot.id, pool: db.pool) == capacity)
            let stored = try await db.pool.query(
                "SELECT count(*) AS n FROM appointments WHERE slot_id = \(slot.id)")[0].decode(Int.self, "n")
            #expect(stored == capacity)
        }
    }

    @Test func overlappingAppointmentsAreRefusedByTheDatabase() async throws {
        let (db, doctor, date) = try await Self.setUp()
        let resident = try await Fixture.resident("Overlap", pool: db.pool)
        let a = try await Self.freeSlot(capacity: 2, db: db, doctor: doctor, date: date)
        let appointment = try await Fixture.book(a, resident: resident.id, pool: db.pool)
        #expect(appointment.status == .booked)
        #expect(appointment.start == a.start)
        // The same slot again overlaps itself.
        await expectSchedulingError(.overlappingAppointment) {
            try await Fixture.book(a, resident: resident.id, pool: db.pool)
        }
        #expect(try await Fixture.booked(a.id, pool: db.pool) == 1)
        // Even straight into the table, the exclusion constraint refuses it.
        do {
            try await db.pool.query(
                """
                INSERT INTO appointments (clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at)
                VALUES ((SELECT clinic_id FROM slots WHERE id = \(a.id)), \(a.id), \(resident.id), \(doctor.id), 'onsite', \(a.start.date.addingTimeInterval(60)),
                        \(a.end.date.addingTimeInterval(60)))
                """)
            Issue.record("overlapping insert accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == "23P01")
        }
        // Once cancelled, the time is free for the resident again.
        _ = try await db.pool.withConnection { try await AppointmentStore.cancel(appointment.id, reason: "ill", zone: Fixture.zone, on: $0) }
        #expect(try await Fixture.booked(a.id, pool: db.pool) == 0)
        _ = try await Fixture.book(a, resident: resident.id, pool: db.pool)
    }

    @Test func pastFullPriorityAndUnknownAreDistinct() async throws {
        let (db, doctor, date) = try await Self.setUp()
        let plain = try await Fixture.resident("Plain", pool: db.pool)
        let priority = try await Fixture.resident("Green Channel", flags: [.livesAlone], pool: db.pool)
        // Priority hold: two weeks ahead, a held slot is closed to a resident without flags.
        let held = try await Fixture.slots(doctor: doctor.id, date: date, mode: .remote, pool: db.pool)
            .first { $0.priorityOnly }!
        await expectSchedulingError(.slotPriorityOnly) { try await Fixture.book(held, resident: plain.id, pool: db.pool) }
        _ = try await Fixture.book(held, resident: priority.id, pool: db.pool)
        // Full.
        let other = try await Fixture.resident("Other", pool: db.pool)
        let single = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        _ = try await Fixture.book(single, resident: other.id, pool: db.pool)
        await expectSchedulingError(.slotFull) { try await Fixture.book(single, resident: plain.id, pool: db.pool) }
        // Past: move a slot into the past.
        let past = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        try await db.pool.query(
            """
            UPDATE slots SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
            WHERE id = \(past.id)
            """)
        await expectSchedulingError(.slotInPast) { try await Fixture.book(past, resident: plain.id, pool: db.pool) }
        // Unknown slot, unknown resident, wrong mode.
        await expectSchedulingError(.unknownReference(field: "slotId")) {
            try await db.pool.withConnection {
                try await AppointmentStore.book(NewAppointment(slotId: UUID(), residentId: plain.id, mode: .onsite), zone: Fixture.zone, on: $0)
            }
        }
        await expectSchedulingError(.unknownReference(field: "residentId")) {
            try await Fixture.book(single, resident: UUID(), pool: db.pool)
        }
        let free = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        await expectSchedulingError(.modeMismatch) {
            try await db.pool.withConnection {
                try await AppointmentStore.book(NewAppointment(slotId: free.id, residentId: plain.id, mode: .home), zone: Fixture.zone, on: $0)
            }
        }
        // A hold released: once within priorityHoldHours of the start, anyone may book a held slot.
        try await db.pool.query("UPDATE clinics SET priority_hold_hours = 720")
        let released = try await Fixture.slots(doctor: doctor.id, date: date, mode: .onsite, pool: db.pool)
        #expect(!released.contains { $0.priorityOnly })
        let reservedId = try await db.pool.query(
            """
            SELECT id FROM slots WHERE doctor_id = \(doctor.id) AND date = \(date) AND mode = 'onsite'
              AND priority_reserved AND booked = 0 LIMIT 1
            """).first?.decode(UUID.self, "id")
        let reserved = try #require(reservedId)
        let reservedSlot = try await db.pool.withConnection { try await SlotStore.get(reserved, on: $0) }
        _ = try await Fixture.book(reservedSlot, resident: plain.id, pool: db.pool)
        try await db.pool.query("UPDATE clinics SET priority_hold_hours = 24")
    }

    @Test func transitionsAreChecked() async throws {
        let (db, doctor, date) = try await Self.setUp()
        let resident = try await Fixture.resident("Transitions", pool: db.pool)
        let slot = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        let appointment = try await Fixture.book(slot, resident: resident.id, pool: db.pool)
        await expectSchedulingError(.invalidTransition(from: .booked, action: "complete")) {
            try await db.pool.withConnection { try await AppointmentStore.complete(appointment.id, zone: Fixture.zone, on: $0) }
        }
        let checkedIn = try await db.pool.withConnection { try await AppointmentStore.checkIn(appointment.id, zone: Fixture.zone, on: $0) }
        #expect(checkedIn.status == .checkedIn)
        await expectSchedulingError(.invalidTransition(from: .checkedIn, action: "cancel")) {
            try await db.pool.withConnection { try await AppointmentStore.cancel(appointment.id, reason: nil, zone: Fixture.zone, on: $0) }
        }
        let done = try await db.pool.withConnection { try await AppointmentStore.complete(appointment.id, zone: Fixture.zone, on: $0) }
        #expect(done.status == .completed)
        #expect(try await Fixture.booked(slot.id, pool: db.pool) == 1)  // a completed visit keeps its seat
        await expectSchedulingError(.notFound(.appointment)) {
            try await db.pool.withConnection { try await AppointmentStore.checkIn(UUID(), zone: Fixture.zone, on: $0) }
        }
        // No-show gives the seat back.
        let slot2 = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        let second = try await Fixture.book(slot2, resident: resident.id, pool: db.pool)
        _ = try await db.pool.withConnection { try await AppointmentStore.noShow(second.id, zone: Fixture.zone, on: $0) }
        #expect(try await Fixture.booked(slot2.id, pool: db.pool) == 0)
    }

    @Test func rescheduleIsAtomic() async throws {
        let (db, doctor, date) = try await Self.setUp()
        let resident = try await Fixture.resident("Mover", pool: db.pool)
        let from = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        let appointment = try await Fixture.book(from, resident: resident.id, pool: db.pool)
        let to = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        let moved = try await db.pool.withConnection { try await AppointmentStore.reschedule(appointment.id, to: to.id, zone: Fixture.zone, on: $0) }
        #expect(moved.slotId == to.id)
        #expect(moved.start == to.start)
        #expect(try await Fixture.booked(from.id, pool: db.pool) == 0)
        #expect(try await Fixture.booked(to.id, pool: db.pool) == 1)
        // Into a full slot: nothing changes.
        let full = try await Self.freeSlot(capacity: 1, db: db, doctor: doctor, date: date)
        let someone = try await Fixture.resident("Someone", pool: db.pool)
        _ = try await Fixture.book(full, resident: someone.id, pool: db.pool)
        await expectSchedulingError(.slotFull) {
            try await db.pool.withConnection { try await AppointmentStore.reschedule(appointment.id, to: full.id, zone: Fixture.zone, on: $0) }
        }
        #expect(try await Fixture.booked(to.id, pool: db.pool) == 1)
        #expect(try await Fixture.booked(full.id, pool: db.pool) == 1)
        let unchanged = try await db.pool.withConnection { try await AppointmentStore.get(appointment.id, zone: Fixture.zone, on: $0) }
        #expect(unchanged.slotId == to.id)
        await expectSchedulingError(.sameSlot) {
            try await db.pool.withConnection { try await AppointmentStore.reschedule(appointment.id, to: to.id, zone: Fixture.zone, on: $0) }
        }
        // Into a slot overlapping another appointment of the same resident: refused, nothing changes.
        let elsewhere = try await Self.freeSlot(capacity: 2, db: db, doctor: doctor, date: date)
        _ = try await Fixture.book(elsewhere, resident: resident.id, pool: db.pool)
        let overlapping = try await db.pool.query(
            """
            INSERT INTO slots (clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity)
            SELECT clinic_id, assignment_id, doctor_id, date, session, 'remote', starts_at, ends_at, 1 FROM slots
            WHERE id = \(elsewhere.id) RETURNING id
            """)[0].decode(UUID.self, "id")
        await expectSchedulingError(.overlappingAppointment) {
            try await db.pool.withTransaction { try await AppointmentStore.reschedule(appointment.id, to: overlapping, zone: Fixture.zone, on: $0) }
        }
        #expect(try await Fixture.booked(overlapping, pool: db.pool) == 0)
        #expect(try await Fixture.booked(to.id, pool: db.pool) == 1)
    }

    @Test func dayListAndListing() async throws {
        let (db, doctor, date) = try await Self.setUp()
        let resident = try await db.pool.withConnection {
            try await ResidentStore.create(
                NewResident(
                    names: ResidentNames(bo: "བཀྲ་ཤིས་སྒྲོལ་མ", zh: "扎西卓玛", latin: "Tashi Dolma"), sex: .female,
                    birthDate: LocalDate(year: 1940, month: 1, day: 1)!, phone: "13900001111",
                    address: "No. 3 Barkor Lane", grid: "Grid 2", flags: [.emptyNest]),
                today: Fixture.today, on: $0)
        }
        let home = try await Fixture.slots(doctor: doctor.id, date: date, mode: .home, pool: db.pool).first!
        _ = try await db.pool.withTransaction {
            try await AppointmentStore.book(
                NewAppointment(slotId: home.id, residentId: resident.id, mode: .home, interpreter: "zh"),
                zone: Fixture.zone, on: $0)
        }
        let list = try await db.pool.withConnection { try await AppointmentStore.dayList(doctorId: doctor.id, date: date, zone: Fixture.zone, on: $0) }
        let entry = try #require(list.first { $0.residentId == resident.id })
        #expect(entry.names.bo == "བཀྲ་ཤིས་སྒྲོལ་མ")
        #expect(entry.address == "No. 3 Barkor Lane" && entry.grid == "Grid 2" && entry.priority)
        #expect(entry.interpreter == "zh" && entry.mode == .home)
        #expect(list.map(\.start) == list.map(\.start).sorted())
        #expect(entry.start.description.hasSuffix("+08:00"))
        // Listing pages through everything exactly once.
        var seen: [UUID] = []
        var cursor: String?
        repeat {
            let page = try await db.pool.withConnection {
                try await AppointmentStore.list(AppointmentQuery(from: date, to: date.adding(days: 9), limit: 7, cursor: cursor), zone: Fixture.zone, on: $0)
            }
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        let total = try await db.pool.query(
            "SELECT count(*) AS n FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE s.date BETWEEN \(date) AND \(date.adding(days: 9))"
        )[0].decode(Int.self, "n")
        #expect(total > 7)
        #expect(seen.count == total && Set(seen).count == total)
    }

    @Test func walkInTakesTodaysNextSlotOrQueues() async throws {
        let db = try await TestDatabase.fresh()
        let doctor = try await Fixture.doctor("Dr. Walk-in", modes: [.onsite], pool: db.pool)
        let resident = try await Fixture.resident("Walker", pool: db.pool)
        // No rota today: queued, once.
        let outcome = try await db.pool.withConnection {
            try await AppointmentStore.walkIn(residentId: resident.id, reason: "dizzy", zone: Fixture.zone, on: $0)
        }
        guard case .queued(let entry) = outcome else { Issue.record("expected a queue place"); return }
        #expect(entry.position == 1)
        await expectSchedulingError(.alreadyQueued) {
            try await db.pool.withConnection { try await AppointmentStore.walkIn(residentId: resident.id, reason: nil, zone: Fixture.zone, on: $0) }
        }
        // Make today a clinic day with a session later today, then walk in.
        let now = Date()
        let today = Fixture.today
        let clock = Calendar(identifier: .gregorian)
        var calendar = clock
        calendar.timeZone = Fixture.zone
        let hour = calendar.component(.hour, from: now)
        guard hour < 22 else { return }  // too late in Shanghai for a session today; the queue path was covered
        let start = LocalTime(hour: hour + 1, minute: 0)!
        let end = LocalTime(hour: hour + 2, minute: 0)!
        var settings = ClinicSettings.default
        settings.clinicWeekdays = [today.isoWeekday]
        settings.sessions = [ClinicSession(name: "late", start: start, end: end)]
        settings.slotMinutes = SlotMinutes(onsite: 15, remote: 20, home: 60)
        _ = try await db.pool.withConnection { try await ClinicSettingsStore.put(settings, on: $0) }
        _ = try await Fixture.generate(from: today, to: today, pool: db.pool)
        let other = try await Fixture.resident("Second walker", pool: db.pool)
        let booked = try await db.pool.withTransaction {
            try await AppointmentStore.walkIn(residentId: other.id, reason: nil, zone: Fixture.zone, on: $0)
        }
        guard case .booked(let appointment) = booked else { Issue.record("expected a booking"); return }
        #expect(appointment.walkIn && appointment.doctorId == doctor.id && appointment.mode == .onsite)
    }
}
