import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// The day-before reminders, at chosen moments: none before the reminder time, one per appointment and start time
/// however often (or from however many processes) the job runs, another after a reschedule, a catch-up for those
/// missed while the server was down that have not started, and none for a resident who opted out.
@Suite(.serialized) struct ReminderTests {
    /// The tests share the suite's one rota day: each takes slots the others leave (the early ones are the
    /// catch-up test's, the last the reschedule's).
    struct World {
        let app: TestApp
        let date: LocalDate
        let slots: [Slot]
    }

    static let eveningBefore = LocalTime(hour: 18, minute: 0)!

    static func world() async throws -> World {
        let app = try await TestApp.forSuite()
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 28))
        let existing = try await app.pool.query("SELECT id FROM doctors WHERE name = 'Dr Reminder'")
        let doctor: UUID
        if let row = existing.first {
            doctor = try row.decode(UUID.self, "id")
        } else {
            doctor = try await Fixture.doctor("Dr Reminder", pool: app.pool).id
            _ = try await Fixture.generate(from: date, to: date, pool: app.pool)
        }
        let slots = try await Fixture.slots(doctor: doctor, date: date, mode: .onsite, pool: app.pool)
        return World(app: app, date: date, slots: slots.filter { !$0.priorityOnly && $0.booked == 0 })
    }

    static func resident(_ name: String, pool: PostgresPool) async throws -> UUID {
        try await NoticeFixture.resident(
            ResidentNames(latin: name), languages: ["en"], phone: "139 0891 7000", pool: pool)
    }

    static func remind(at instant: Date, _ world: World) async throws {
        try await world.app.pool.withConnection {
            try await NotificationStore.writeReminders(at: instant, time: eveningBefore, on: $0)
        }
    }

    /// The reminders of `appointment`: their start times.
    static func reminders(_ appointment: UUID, _ world: World) async throws -> [Date] {
        try await world.app.pool.query(
            """
            SELECT starts_at FROM notifications WHERE appointment_id = \(appointment) AND kind = 'reminder'
            ORDER BY starts_at
            """
        ).map { try $0.decode(Date.self, "starts_at") }
    }

    func local(_ date: LocalDate, _ time: String) -> Date { date.instant(at: LocalTime(time)!, in: Fixture.zone) }

    @Test func oneReminderPerAppointmentAndStartTimeAndAgainAfterAReschedule() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident("Reminded Once", pool: world.app.pool)
        let booked = try await Fixture.book(
            world.slots[world.slots.count / 3], resident: resident, pool: world.app.pool)
        let dayBefore = world.date.adding(days: -1)

        try await Self.remind(at: local(dayBefore, "17:59"), world)
        #expect(try await Self.reminders(booked.id, world).isEmpty)

        // Twice in turn, then from two connections at once (two processes): one reminder.
        try await Self.remind(at: local(dayBefore, "18:00"), world)
        try await Self.remind(at: local(dayBefore, "18:05"), world)
        async let one: Void = Self.remind(at: local(dayBefore, "18:10"), world)
        async let two: Void = Self.remind(at: local(dayBefore, "18:10"), world)
        _ = try await (one, two)
        #expect(try await Self.reminders(booked.id, world) == [booked.start.date])
        let notice = try #require(
            try await world.app.pool.withConnection { db in
                try await NotificationStore.list(
                    NotificationStore.Filter(residentId: resident), on: db
                ).items.first { $0.kind == .reminder }
            })
        #expect(NoticeRenderer(templates: .builtIn).text(notice).contains("reminder for Reminded Once"))

        let later = try #require(world.slots.last)
        let moved = try await world.app.pool.withTransaction {
            try await AppointmentStore.reschedule(booked.id, to: later.id, zone: Fixture.zone, on: $0)
        }
        try await Self.remind(at: local(dayBefore, "19:00"), world)
        try await Self.remind(at: local(dayBefore, "19:05"), world)
        #expect(try await Self.reminders(booked.id, world) == [booked.start.date, moved.start.date])
    }

    /// Booked (or moved to this time) after the reminder moment: the booking's notice told the time, no reminder.
    @Test func aBookingToldAfterTheMomentIsNotRemindedAgain() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident("Booked Late", pool: world.app.pool)
        let booked = try await Fixture.book(
            world.slots[world.slots.count / 2], resident: resident, pool: world.app.pool)
        let dayBefore = world.date.adding(days: -1)
        let doctor = booked.doctorId
        try await NoticeFixture.notice(
            .booked, resident: resident, doctor: doctor, start: booked.start.date, appointment: booked.id,
            pool: world.app.pool)
        try await world.app.pool.query(
            """
            UPDATE notifications SET created_at = \(local(dayBefore, "18:30"))
            WHERE appointment_id = \(booked.id) AND kind = 'booked'
            """)
        try await Self.remind(at: local(dayBefore, "19:00"), world)
        #expect(try await Self.reminders(booked.id, world).isEmpty)
    }

    @Test func aServerBackAtSevenRemindsWhatHasNotStartedYet() async throws {
        let world = try await Self.world()
        let early = try #require(world.slots.first { LocalTime($0.start.date, in: Fixture.zone) < LocalTime("10:00")! })
        let late = try #require(world.slots.last { LocalTime($0.start.date, in: Fixture.zone) > LocalTime("10:30")! })
        let started = try await Fixture.book(
            early, resident: try await Self.resident("Already In", pool: world.app.pool), pool: world.app.pool)
        let waiting = try await Fixture.book(
            late, resident: try await Self.resident("Still Waiting", pool: world.app.pool), pool: world.app.pool)
        let optedOut = try await Self.resident("Opted Out", pool: world.app.pool)
        try await world.app.pool.query("UPDATE residents SET notify = false WHERE id = \(optedOut)")
        let quiet = try await Fixture.book(
            try #require(world.slots.last { $0.id != late.id && $0.start > early.start }), resident: optedOut,
            pool: world.app.pool)

        // Down all evening; back at 10:15 on the day: the one that has begun is past reminding.
        try await Self.remind(at: local(world.date, "10:15"), world)
        #expect(try await Self.reminders(started.id, world).isEmpty)
        #expect(try await Self.reminders(waiting.id, world) == [waiting.start.date])
        #expect(try await Self.reminders(quiet.id, world).isEmpty)
    }
}
