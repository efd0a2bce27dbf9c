import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Booking through real HTTP over the suite's own database: one doctor with a rota two weeks ahead (so the
/// priority hold is in force), one test at a time since they share it.
@Suite(.serialized) struct BookingAPITests {
    struct World {
        let app: TestApp
        let doctor: Doctor
        let date: LocalDate
        let staff: APIClient
    }

    static let doctorName = "Dr. Booking API"

    static func world() async throws -> World {
        try await world(on: TestApp.forSuite())
    }

    /// The suite's doctor and rota on `app`, made on first use, and a staff member signed in.
    static func world(on app: TestApp) async throws -> World {
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 14))
        let existing = try await app.pool.query("SELECT id FROM doctors WHERE name = \(doctorName)")
        let doctor: Doctor
        if let row = existing.first {
            let id = try row.decode(UUID.self, "id")
            doctor = try await app.pool.withConnection { try await DoctorStore.get(id, on: $0) }
        } else {
            doctor = try await Fixture.doctor(doctorName, pool: app.pool)
            _ = try await Fixture.generate(from: date, to: date.adding(days: 9), pool: app.pool)
        }
        let staff = try await app.signIn(.staff).client
        return World(app: app, doctor: doctor, date: date, staff: staff)
    }

    /// A fresh, not held on-site slot with `capacity`, used by no other test.
    static func freeSlot(_ world: World, capacity: Int = 1) async throws -> UUID {
        let rows = try await world.app.pool.query(
            """
            UPDATE slots SET capacity = \(capacity), priority_reserved = false
            WHERE id = (SELECT id FROM slots WHERE doctor_id = \(world.doctor.id)
                          AND date BETWEEN \(world.date) AND \(world.date.adding(days: 9)) AND mode = 'onsite'
                          AND booked = 0 AND NOT priority_reserved AND capacity = 1 AND starts_at > now()
                          AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = slots.id)
                        ORDER BY starts_at DESC LIMIT 1)
            RETURNING id
            """)
        return try #require(rows.first).decode(UUID.self, "id")
    }

    static func booking(_ slot: UUID, _ resident: UUID, mode: String = "onsite", extra: [String: Any] = [:])
        -> [String: Any]
    {
        var body: [String: Any] = ["slotId": slot.uuidString, "residentId": resident.uuidString, "mode": mode]
        body.merge(extra) { _, new in new }
        return body
    }

    static func booked(_ slot: UUID, _ world: World) async throws -> Int {
        try await Fixture.booked(slot, pool: world.app.pool)
    }

    @Test func bookingHappyPathReturnsTheAppointmentAndAudits() async throws {
        let world = try await Self.world()
        let resident = try await Fixture.resident("Happy", pool: world.app.pool)
        let slot = try await Self.freeSlot(world)
        let forged = UUID()
        let response = try await world.staff.post(
            "/v1/appointments",
            Self.booking(
                slot, resident.id,
                extra: [
                    "reason": "blood pressure check", "interpreter": "bo",
                    // Not the client's to set: ignored.
                    "status": "completed", "id": forged.uuidString, "booked": 9, "walkIn": true,
                ]))
        #expect(response.status == 201)
        let id = try #require(response.string("id"))
        #expect(id != forged.uuidString.lowercased() && UUID(uuidString: id) != forged)
        #expect(response.headers["location"] == "/v1/appointments/\(id)")
        #expect(response.string("status") == "booked")
        #expect(response.string("slotId") == slot.uuidString)
        #expect(response.string("residentId") == resident.id.uuidString)
        #expect(response.string("doctorId") == world.doctor.id.uuidString)
        #expect(response.string("mode") == "onsite")
        #expect(response.string("reason") == "blood pressure check" && response.string("interpreter") == "bo")
        #expect(response.json["walkIn"] as? Bool == false)
        #expect(response.string("start")?.hasSuffix("+08:00") == true && response.string("end") != nil)
        #expect(try await Self.booked(slot, world) == 1)
        expectConforms(response.json, to: AppointmentRoutes.schemas["Appointment"])

        let read = try await world.staff.get("/v1/appointments/\(id)")
        #expect(read.status == 200 && read.string("id") == id && read.string("status") == "booked")

        let audit = try await world.app.pool.query(
            """
            SELECT action, count(*) AS n FROM audit_log
            WHERE resource_type = 'appointment' AND resource_id = \(id) AND resident_id = \(resident.id)
            GROUP BY action ORDER BY action
            """)
        let counts = Dictionary(
            uniqueKeysWithValues: try audit.map { (try $0.decode(String.self, "action"), try $0.decode(Int.self, "n")) }
        )
        #expect(counts == ["create": 1, "read": 1])

        let listed = try await world.staff.get("/v1/appointments?residentId=\(resident.id.uuidString)")
        #expect(listed.status == 200 && listed.items.count == 1 && listed.items.first?["id"] as? String == id)
        let search = try await world.app.pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'search' AND resident_id = \(resident.id)")
        #expect(try search[0].decode(Int.self, "n") == 1)
    }

    @Test(arguments: [1, 3])
    func concurrentBookingsNeverExceedCapacity(capacity: Int) async throws {
        let world = try await Self.world()
        for round in 0..<3 {
            let slot = try await Self.freeSlot(world, capacity: capacity)
            let residents = try await Fixture.residents(
                64, prefix: "HTTP race \(capacity)-\(round)", pool: world.app.pool)
            let staff = world.staff
            let outcomes = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for resident in residents {
                    group.addTask {
                        let response = try await staff.post("/v1/appointments", Self.booking(slot, resident))
                        return (response.status, response.string("type"))
                    }
                }
                var all: [(Int, String?)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0.0 == 201 }.count == capacity, "round \(round)")
            #expect(outcomes.filter { $0.0 == 409 && $0.1 == "urn:clinic:problem:slot-full" }.count == 64 - capacity)
            #expect(!outcomes.contains { $0.0 >= 500 })
            #expect(try await Self.booked(slot, world) == capacity)
            let stored = try await world.app.pool.query(
                "SELECT count(*) AS n FROM appointments WHERE slot_id = \(slot)")[0].decode(Int.self, "n")
            #expect(stored == capacity)
        }
    }

    /// The booking statement, its audit row and COMMIT go out together (issue 23): one round trip per booking once the
    /// token is cached. A refusal rolls back the audit row sent with it, so it leaves no trace of a booking.
    @Test func aBookingIsOneRoundTripAndARefusalLeavesNoAuditRow() async throws {
        // A server of its own that trusts a checked token for long enough: on a loaded machine the default 5 s can
        // pass between two bookings, and the token's new check would be counted as the booking's trip.
        let world = try await Self.world(on: TestApp.fresh(environment: ["CLINIC_TOKEN_CACHE_SECONDS": "300"]))
        let pool = world.app.pool
        let trips = { world.app.serverPool.roundTripCount }
        var counted: [Int] = []
        for index in 0..<4 {
            let resident = try await Fixture.resident("One trip \(index)", pool: pool)
            let slot = try await Self.freeSlot(world)
            let before = trips()
            let response = try await world.staff.post("/v1/appointments", Self.booking(slot, resident.id))
            #expect(response.status == 201, "\(response.text)")
            counted.append(trips() - before)
            let id = try #require(response.string("id"))
            let audit = try await pool.query(
                """
                SELECT count(*) AS n FROM audit_log
                WHERE action = 'create' AND resource_type = 'appointment' AND lower(resource_id) = lower(\(id))
                  AND resident_id = \(resident.id) AND lower(detail ->> 'slotId') = \(slot.uuidString.lowercased())
                """)
            #expect(try audit.first?.decode(Int.self, "n") == 1, "the booking's audit row names it")
        }
        // The first checks the token (then remembered for CLINIC_TOKEN_CACHE_SECONDS) and prepares the statements on
        // the pool's connection (lent last in, first out); each after it is one trip.
        #expect(counted.dropFirst().allSatisfy { $0 == 1 }, "round trips per booking: \(counted)")

        // Refused (the slot is full): nothing is written, and the refusal is named.
        let full = try await Self.freeSlot(world)
        let first = try await Fixture.resident("One trip taker", pool: pool)
        let late = try await Fixture.resident("One trip late", pool: pool)
        #expect(try await world.staff.post("/v1/appointments", Self.booking(full, first.id)).status == 201)
        let refused = try await world.staff.post(
            "/v1/appointments", Self.booking(full, late.id), headers: ["Idempotency-Key": "one-trip-\(UUID())"])
        #expect(refused.status == 409 && refused.string("type") == "urn:clinic:problem:slot-full")
        let traces = try await pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND resident_id = \(late.id)")
        #expect(try traces.first?.decode(Int.self, "n") == 0)
        #expect(try await Self.booked(full, world) == 1)
    }

    /// What a one-trip booking whose COMMIT's answers were lost (a connection dropped in flight) runs into, and what
    /// the client is told without an Idempotency-Key: the server runs it again under the same id.
    struct LostCommit: Sendable, CustomTestStringConvertible {
        /// Whether the first run's COMMIT committed.
        let committed: Bool
        /// How many witness asks miss a first run that committed (its backend committed late).
        let witnessMisses: Int
        let status: Int
        var testDescription: String { "committed \(committed), witness misses \(witnessMisses) → \(status)" }

        static let cases = [
            // Committed: the witness (its audit row) finds it, and the booking is read back.
            LostCommit(committed: true, witnessMisses: 0, status: 201),
            // Not committed: the second run books it.
            LostCommit(committed: false, witnessMisses: 0, status: 201),
            // Committed, missed once: the second run finds the seat taken, the witness finds the booking: read back.
            LostCommit(committed: true, witnessMisses: 1, status: 201),
            // Committed, no witness proves it: 503 (it may or may not have committed), never the second run's refusal.
            LostCommit(committed: true, witnessMisses: 2, status: 503),
        ]
    }

    @Test(arguments: LostCommit.cases)
    func aBookingWhoseCommitWasLostRunsAgainAndAnswersOnlyOnProof(_ lost: LostCommit) async throws {
        let world = try await Self.world()
        let resident = try await Fixture.resident("Lost commit \(lost.status)", pool: world.app.pool)
        let slot = try await Self.freeSlot(world)
        world.app.serverPool.faults.loseNextCommit(.init(committed: lost.committed, outage: .zero))
        world.app.serverPool.faults.missNextWitnesses(lost.witnessMisses)
        let response = try await world.staff.post("/v1/appointments", Self.booking(slot, resident.id))
        #expect(response.status == lost.status, "\(response.text)")
        if lost.status == 201 { #expect(response.string("slotId")?.lowercased() == slot.uuidString.lowercased()) }
        // Booked once, audited once, whatever the client was told.
        let rows = try await world.app.pool.query(
            """
            SELECT (SELECT count(*) FROM appointments WHERE resident_id = \(resident.id)) AS booked,
                   (SELECT count(*) FROM appointments WHERE lower(id::text) = lower(\(response.string("id") ?? ""))) AS named,
                   (SELECT count(*) FROM audit_log WHERE action = 'create' AND resident_id = \(resident.id)) AS audited
            """)
        #expect(try rows.first?.decode(Int.self, "booked") == 1)
        #expect(try rows.first?.decode(Int.self, "audited") == 1)
        #expect(try rows.first?.decode(Int.self, "named") == (lost.status == 201 ? 1 : 0))
        #expect(try await Self.booked(slot, world) == 1)
    }

    /// The second run after a lost COMMIT waits at most `rerunLockTimeout` for the slot's row (the first run's
    /// backend, if alive, may hold it): it gives up and answers 503 while another transaction still holds the row.
    /// Had it waited for the holder, it would have booked once the holder let go (well before `statement_timeout`):
    /// a 201, and a seat taken.
    @Test func aSecondRunGivesUpOnAHeldRowInsteadOfWaitingForIt() async throws {
        let world = try await Self.world()
        let resident = try await Fixture.resident("Held row", pool: world.app.pool)
        let slot = try await Self.freeSlot(world)
        let (locked, lockedNow) = AsyncStream<Void>.makeStream()
        let (release, releaseNow) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await world.app.pool.withTransaction { db in
                try await db.query("SELECT id FROM slots WHERE id = \(slot) FOR UPDATE")
                lockedNow.yield()
                for await _ in release {}
            }
        }
        let safety = Task {  // lets go in any case, so a second run that waits cannot hang the suite
            try await Task.sleep(for: .seconds(20))
            releaseNow.finish()
        }
        for await _ in locked { break }
        // Not committed: the first run sent nothing, so only the second run meets the held row.
        world.app.serverPool.faults.loseNextCommit(.init(committed: false, outage: .zero))
        let response = try await world.staff.post("/v1/appointments", Self.booking(slot, resident.id))
        releaseNow.finish()
        safety.cancel()
        try await holder.value
        #expect(response.status == 503, "\(response.text)")
        #expect(response.isProblem)
        #expect(try await Self.booked(slot, world) == 0)
    }

    @Test func refusalsAreDistinctConflicts() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let plain = try await Fixture.resident("Plain HTTP", pool: pool)
        let priority = try await Fixture.resident("Green HTTP", flags: [.disabled], pool: pool)

        // Overlap: the same resident twice at one time.
        let shared = try await Self.freeSlot(world, capacity: 2)
        #expect(try await world.staff.post("/v1/appointments", Self.booking(shared, plain.id)).status == 201)
        let twice = try await world.staff.post("/v1/appointments", Self.booking(shared, plain.id))
        #expect(twice.status == 409 && twice.isProblem)
        #expect(twice.string("type") == "urn:clinic:problem:overlapping-appointment")

        // Past.
        let past = try await Self.freeSlot(world)
        try await pool.query(
            "UPDATE slots SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = \(past)"
        )
        let late = try await world.staff.post("/v1/appointments", Self.booking(past, plain.id))
        #expect(late.status == 409 && late.string("type") == "urn:clinic:problem:slot-in-past")

        // Held for priority residents, found through the slot search.
        let slots = try await world.staff.get(
            "/v1/slots?from=\(world.date)&to=\(world.date)&mode=remote&doctorId=\(world.doctor.id.uuidString)&limit=500"
        )
        #expect(slots.status == 200)
        let held = try #require(slots.items.first { $0["priorityOnly"] as? Bool == true && $0["booked"] as? Int == 0 })
        let heldId = try #require(UUID(uuidString: held["id"] as? String ?? ""))
        let refused = try await world.staff.post("/v1/appointments", Self.booking(heldId, plain.id, mode: "remote"))
        #expect(refused.status == 409 && refused.string("type") == "urn:clinic:problem:slot-priority-only")
        #expect(
            try await world.staff.post("/v1/appointments", Self.booking(heldId, priority.id, mode: "remote")).status
                == 201)

        // Unknown references and a wrong mode are 422 naming the field; a malformed body is 400.
        let unknownSlot = try await world.staff.post("/v1/appointments", Self.booking(UUID(), plain.id))
        #expect(unknownSlot.status == 422 && unknownSlot.errorFields == ["slotId"])
        let free = try await Self.freeSlot(world)
        let unknownResident = try await world.staff.post("/v1/appointments", Self.booking(free, UUID()))
        #expect(unknownResident.status == 422 && unknownResident.errorFields == ["residentId"])
        let wrongMode = try await world.staff.post("/v1/appointments", Self.booking(free, plain.id, mode: "home"))
        #expect(wrongMode.status == 422 && wrongMode.errorFields == ["mode"])
        let missing = try await world.staff.post("/v1/appointments", ["slotId": free.uuidString])
        #expect(missing.status == 400 && missing.isProblem)
        let badInterpreter = try await world.staff.post(
            "/v1/appointments", Self.booking(free, plain.id, extra: ["interpreter": "Tibetan!"]))
        #expect(badInterpreter.status == 422 && badInterpreter.errorFields == ["interpreter"])
        let text = try await world.staff.send(
            "POST", "/v1/appointments", body: Data("x".utf8), contentType: "text/plain")
        #expect(text.status == 415)
        #expect(try await Self.booked(free, world) == 0)
    }

    @Test func cancelFreesTheSeatAndTransitionsAreChecked() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let first = try await Fixture.resident("First", pool: pool)
        let second = try await Fixture.resident("Second", pool: pool)
        let slot = try await Self.freeSlot(world)
        let booked = try await world.staff.post("/v1/appointments", Self.booking(slot, first.id))
        let id = try #require(booked.string("id"))
        #expect(try await world.staff.post("/v1/appointments", Self.booking(slot, second.id)).status == 409)

        let cancelled = try await world.staff.post("/v1/appointments/\(id)/cancel", ["reason": "travelling"])
        #expect(cancelled.status == 200 && cancelled.string("status") == "cancelled")
        #expect(cancelled.string("cancelReason") == "travelling")
        #expect(try await Self.booked(slot, world) == 0)
        let again = try await world.staff.post("/v1/appointments/\(id)/cancel", ["reason": "twice"])
        #expect(again.status == 409 && again.string("type") == "urn:clinic:problem:invalid-transition")
        #expect(try await world.staff.post("/v1/appointments/\(id)/check-in").status == 409)

        // The freed seat is bookable again.
        let rebooked = try await world.staff.post("/v1/appointments", Self.booking(slot, second.id))
        #expect(rebooked.status == 201)
        let other = try #require(rebooked.string("id"))
        // booked → completed directly is not a desk action.
        #expect(try await world.staff.post("/v1/appointments/\(other)/complete").status == 409)
        let checkedIn = try await world.staff.post("/v1/appointments/\(other)/check-in")
        #expect(checkedIn.status == 200 && checkedIn.string("status") == "checkedIn")
        #expect(try await world.staff.post("/v1/appointments/\(other)/no-show").status == 409)
        let completed = try await world.staff.post("/v1/appointments/\(other)/complete")
        #expect(completed.status == 200 && completed.string("status") == "completed")
        #expect(try await world.staff.post("/v1/appointments/\(other)/cancel", [String: Any]()).status == 409)
        #expect(try await Self.booked(slot, world) == 1)

        // No-show gives the seat back; a cancel without a body is fine.
        let third = try await Fixture.resident("Third", pool: pool)
        let spare = try await Self.freeSlot(world)
        let absent = try #require(
            try await world.staff.post("/v1/appointments", Self.booking(spare, third.id)).string("id"))
        let noShow = try await world.staff.post("/v1/appointments/\(absent)/no-show")
        #expect(noShow.status == 200 && noShow.string("status") == "noShow")
        #expect(try await Self.booked(spare, world) == 0)
        let fourth = try await Fixture.resident("Fourth", pool: pool)
        let last = try #require(
            try await world.staff.post("/v1/appointments", Self.booking(spare, fourth.id)).string("id"))
        #expect(try await world.staff.send("POST", "/v1/appointments/\(last)/cancel").status == 200)

        // Updates are audited.
        let updates = try await pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'update' AND resource_id = \(other)")
        #expect(try updates[0].decode(Int.self, "n") == 2)

        // Unknown ids.
        let unknown = UUID().uuidString
        #expect(try await world.staff.get("/v1/appointments/\(unknown)").status == 404)
        #expect(try await world.staff.get("/v1/appointments/not-a-uuid").status == 404)
        #expect(try await world.staff.post("/v1/appointments/\(unknown)/cancel", ["reason": "x"]).status == 404)
        #expect(try await world.staff.post("/v1/appointments/\(unknown)/check-in").status == 404)
        #expect(try await world.staff.post("/v1/appointments/\(unknown)/reschedule", ["slotId": unknown]).status == 404)
    }

    @Test func rescheduleIsAtomic() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let mover = try await Fixture.resident("Mover HTTP", pool: pool)
        let someone = try await Fixture.resident("Someone HTTP", pool: pool)
        let from = try await Self.freeSlot(world)
        let id = try #require(try await world.staff.post("/v1/appointments", Self.booking(from, mover.id)).string("id"))
        let full = try await Self.freeSlot(world)
        #expect(try await world.staff.post("/v1/appointments", Self.booking(full, someone.id)).status == 201)

        let refused = try await world.staff.post("/v1/appointments/\(id)/reschedule", ["slotId": full.uuidString])
        #expect(refused.status == 409 && refused.string("type") == "urn:clinic:problem:slot-full")
        #expect(try await Self.booked(from, world) == 1)
        #expect(try await Self.booked(full, world) == 1)
        #expect(try await world.staff.get("/v1/appointments/\(id)").string("slotId") == from.uuidString)

        let same = try await world.staff.post("/v1/appointments/\(id)/reschedule", ["slotId": from.uuidString])
        #expect(same.status == 409 && same.string("type") == "urn:clinic:problem:same-slot")
        let nowhere = try await world.staff.post("/v1/appointments/\(id)/reschedule", ["slotId": UUID().uuidString])
        #expect(nowhere.status == 422 && nowhere.errorFields == ["slotId"])

        let to = try await Self.freeSlot(world)
        let moved = try await world.staff.post("/v1/appointments/\(id)/reschedule", ["slotId": to.uuidString])
        #expect(moved.status == 200 && moved.string("slotId") == to.uuidString && moved.string("status") == "booked")
        #expect(try await Self.booked(from, world) == 0)
        #expect(try await Self.booked(to, world) == 1)
    }

    @Test func idempotencyKeyReplaysAndRefusesAnotherBody() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let resident = try await Fixture.resident("Idempotent", pool: pool)
        let slot = try await Self.freeSlot(world, capacity: 2)
        let key = ["Idempotency-Key": "book-\(UUID().uuidString)"]
        let body = try JSONSerialization.data(withJSONObject: Self.booking(slot, resident.id))
        let first = try await world.staff.send(
            "POST", "/v1/appointments", body: body, contentType: "application/json", headers: key)
        let second = try await world.staff.send(
            "POST", "/v1/appointments", body: body, contentType: "application/json", headers: key)
        #expect(first.status == 201 && second.status == 201)
        #expect(first.body == second.body)
        #expect(second.headers["location"] == first.headers["location"])
        #expect(second.headers["idempotent-replayed"] == "true")
        let count = try await pool.query(
            "SELECT count(*) AS n FROM appointments WHERE resident_id = \(resident.id)")[0].decode(Int.self, "n")
        #expect(count == 1)
        // The same JSON with its keys in another order is the same request.
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let reordered = "{" + object.keys.sorted(by: >).map { key in
            "\"\(key)\":" + String(decoding: try! JSONSerialization.data(withJSONObject: object[key]!, options: [.fragmentsAllowed]), as: UTF8.self)
        }.joined(separator: ",") + "}"
        let third = try await world.staff.send(
            "POST", "/v1/appointments", body: Data(reordered.utf8), contentType: "application/json", headers: key)
        #expect(third.status == 201 && third.body == first.body)
        let other = try await world.staff.post(
            "/v1/appointments", Self.booking(slot, resident.id, extra: ["reason": "different"]), headers: key)
        #expect(other.status == 422 && other.string("type") == "urn:clinic:problem:idempotency-mismatch")

        // A refusal is replayed too: the same key never books later.
        let full = try await Self.freeSlot(world)
        let taker = try await Fixture.resident("Taker", pool: pool)
        #expect(try await world.staff.post("/v1/appointments", Self.booking(full, taker.id)).status == 201)
        let refusedKey = ["Idempotency-Key": "full-\(UUID().uuidString)"]
        let fullBody = try JSONSerialization.data(withJSONObject: Self.booking(full, resident.id))
        let refused = try await world.staff.send(
            "POST", "/v1/appointments", body: fullBody, contentType: "application/json", headers: refusedKey)
        let replayed = try await world.staff.send(
            "POST", "/v1/appointments", body: fullBody, contentType: "application/json", headers: refusedKey)
        #expect(refused.status == 409 && replayed.status == 409 && refused.body == replayed.body)
    }

    @Test func concurrentDuplicatesWithOneKeyBookOnce() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let resident = try await Fixture.resident("Impatient", pool: pool)
        let slot = try await Self.freeSlot(world, capacity: 5)
        let key = ["Idempotency-Key": "race-\(UUID().uuidString)"]
        let staff = world.staff
        // One serialisation: a retrying client sends the same bytes (the fingerprint is of the raw body).
        let body = try JSONSerialization.data(withJSONObject: Self.booking(slot, resident.id))
        let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try await staff.send(
                        "POST", "/v1/appointments", body: body, contentType: "application/json", headers: key)
                }
            }
            var all: [TestResponse] = []
            for try await response in group { all.append(response) }
            return all
        }
        let created = responses.filter { $0.status == 201 }
        let inProgress = responses.filter {
            $0.status == 409 && $0.string("type") == "urn:clinic:problem:idempotency-in-progress"
        }
        #expect(
            created.count >= 1 && created.count + inProgress.count == 32,
            "\(responses.map { "\($0.status) \($0.string("type") ?? "")" })")
        #expect(Set(created.map(\.body)).count == 1)
        let count = try await pool.query(
            "SELECT count(*) AS n FROM appointments WHERE resident_id = \(resident.id)")[0].decode(Int.self, "n")
        #expect(count == 1)
        #expect(try await Self.booked(slot, world) == 1)
    }

    @Test func dayListAsJSONAndPrintableHTML() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let resident = try await pool.withConnection {
            try await ResidentStore.create(
                NewResident(
                    names: ResidentNames(bo: "བཀྲ་ཤིས་སྒྲོལ་མ", zh: "扎西卓玛", latin: "Tashi Dolma"), sex: .female,
                    birthDate: LocalDate(year: 1941, month: 5, day: 2)!, languages: ["bo"], phone: "13900001111",
                    address: "No. 3 Barkor Lane <b>", grid: "Grid 2", flags: [.emptyNest]),
                today: Fixture.today, on: $0)
        }
        let homeSlots = try await Fixture.slots(doctor: world.doctor.id, date: world.date, mode: .home, pool: pool)
        let home = try #require(homeSlots.first { $0.booked < $0.capacity })
        let booked = try await world.staff.post(
            "/v1/appointments",
            Self.booking(
                home.id, resident.id, mode: "home",
                extra: ["reason": "<script>alert('x')</script> & knee pain", "interpreter": "zh"]))
        #expect(booked.status == 201)
        let query = "/v1/day-list?date=\(world.date)&doctorId=\(world.doctor.id.uuidString)"

        let json = try await world.staff.get(query)
        #expect(json.status == 200 && json.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(json.string("date") == world.date.description)
        let entry = try #require(json.items.first { $0["residentId"] as? String == resident.id.uuidString })
        for item in json.items { expectConforms(item, to: AppointmentRoutes.schemas["DayListEntry"]) }
        #expect((entry["names"] as? [String: String])?["bo"] == "བཀྲ་ཤིས་སྒྲོལ་མ")
        #expect(entry["priority"] as? Bool == true && entry["interpreter"] as? String == "zh")
        #expect(entry["address"] as? String == "No. 3 Barkor Lane <b>" && entry["grid"] as? String == "Grid 2")
        let starts = json.items.compactMap { $0["start"] as? String }
        #expect(starts == starts.sorted())

        let page = try await world.staff.get(query, headers: ["Accept": "text/html"])
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        let html = page.text
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page") && html.contains("A4"))
        #expect(
            html.contains("Noto Serif Tibetan") && html.contains("Microsoft Himalaya") && html.contains("Jomolhari"))
        #expect(html.contains("བཀྲ་ཤིས་སྒྲོལ་མ") && html.contains("扎西卓玛") && html.contains("Tashi Dolma"))
        #expect(
            !html.contains("<script>")
                && html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; knee pain"))
        #expect(html.contains("No. 3 Barkor Lane &lt;b&gt;") && html.contains("Grid 2"))
        #expect(html.contains(world.doctor.name))
        // Words, not codes: the priority flag in the page's language, the interpreter's language by its own name.
        #expect(html.contains("★ Empty nest") && !html.contains("emptyNest"))
        #expect(html.contains("<td>中文</td>"), "the interpreter's language by name")

        let unacceptable = try await world.staff.get(query, headers: ["Accept": "application/xml"])
        #expect(unacceptable.status == 406 && unacceptable.isProblem)
        let preferred = try await world.staff.get(query, headers: ["Accept": "text/html;q=0.5, application/json"])
        #expect(preferred.headers["content-type"]?.hasPrefix("application/json") == true)

        let noDoctor = try await world.staff.get("/v1/day-list?date=\(world.date)")
        #expect(noDoctor.status == 400 && noDoctor.errorFields == ["doctorId"])
        #expect(try await world.staff.get("/v1/day-list?doctorId=\(UUID().uuidString)").status == 404)

        let reads = try await pool.query(
            "SELECT detail FROM audit_log WHERE resource_type = 'dayList' AND action = 'read'")
        #expect(reads.count >= 2)
    }

    @Test func rolesAreEnforced() async throws {
        let world = try await Self.world()
        let pool = world.app.pool
        let resident = try await Fixture.resident("Roles", pool: pool)
        let slot = try await Self.freeSlot(world)
        let own = try await world.app.signIn(.doctor, doctorId: world.doctor.id)
        let stranger = try await world.app.signIn(.doctor)

        let refused = try await own.client.post("/v1/appointments", Self.booking(slot, resident.id))
        #expect(refused.status == 403 && refused.isProblem)
        #expect(try await own.client.post("/v1/walk-ins", ["residentId": resident.id.uuidString]).status == 403)

        let id = try #require(
            try await world.staff.post("/v1/appointments", Self.booking(slot, resident.id)).string("id"))
        #expect(try await own.client.post("/v1/appointments/\(id)/cancel", ["reason": "x"]).status == 403)
        #expect(try await own.client.get("/v1/appointments/\(id)").status == 200)
        #expect(try await stranger.client.get("/v1/appointments/\(id)").status == 404)

        // A doctor's lists are their own.
        let ownList = try await own.client.get(
            "/v1/appointments?from=\(world.date)&to=\(world.date.adding(days: 9))&limit=500")
        #expect(ownList.status == 200 && ownList.items.contains { $0["id"] as? String == id })
        let strangerList = try await stranger.client.get(
            "/v1/appointments?from=\(world.date)&to=\(world.date.adding(days: 9))")
        #expect(strangerList.status == 200 && strangerList.items.isEmpty)
        #expect(try await stranger.client.get("/v1/appointments?doctorId=\(world.doctor.id.uuidString)").status == 403)
        let dayList = try await own.client.get("/v1/day-list?date=\(Fixture.today)")
        #expect(dayList.status == 200 && dayList.string("doctorId") == world.doctor.id.uuidString)
        #expect(try await stranger.client.get("/v1/day-list?doctorId=\(world.doctor.id.uuidString)").status == 403)
        #expect(try await own.client.get("/v1/slots").status == 200)
    }

    @Test func walkInBooksTodayOrQueues() async throws {
        let app = try await TestApp.fresh()
        let staff = try await app.signIn(.staff).client
        let doctor = try await Fixture.doctor("Dr. Walk-in HTTP", modes: [.onsite], pool: app.pool)
        let resident = try await Fixture.resident("Walker HTTP", pool: app.pool)
        // No rota today: queued, once.
        let queued = try await staff.post("/v1/walk-ins", ["residentId": resident.id.uuidString, "reason": "dizzy"])
        #expect(queued.status == 202 && queued.json["position"] as? Int == 1 && queued.string("mode") == "onsite")
        expectConforms(queued.json, to: AppointmentRoutes.schemas["WalkInQueueEntry"])
        let twice = try await staff.post("/v1/walk-ins", ["residentId": resident.id.uuidString])
        #expect(twice.status == 409 && twice.string("type") == "urn:clinic:problem:already-queued")
        let remote = try await staff.post("/v1/walk-ins", ["residentId": resident.id.uuidString, "mode": "remote"])
        #expect(remote.status == 422 && remote.errorFields == ["mode"])
        let nobody = try await staff.post("/v1/walk-ins", ["residentId": UUID().uuidString])
        #expect(nobody.status == 422 && nobody.errorFields == ["residentId"])

        // The queue lists who waits, first come first; one goes home; booking the other serves their entry.
        let second = try await Fixture.resident("Second walker", pool: app.pool)
        #expect(try await staff.post("/v1/walk-ins", ["residentId": second.id.uuidString]).status == 202)
        let queue = try await staff.get("/v1/walk-ins")
        #expect(queue.items.compactMap { $0["residentId"] as? String } == [resident.id.uuidString, second.id.uuidString])
        #expect(queue.items.compactMap { $0["position"] as? Int } == [1, 2])
        #expect(try await staff.post("/v1/walk-ins/\(queued.string("id")!)/leave").status == 204)
        #expect(try await staff.post("/v1/walk-ins/\(queued.string("id")!)/leave").status == 404)
        let after = try await staff.get("/v1/walk-ins")
        #expect(after.items.compactMap { $0["residentId"] as? String } == [second.id.uuidString])
        #expect(after.items.first?["position"] as? Int == 1)
        // Make today a clinic day with a session later today, then walk in.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Fixture.zone
        let hour = calendar.component(.hour, from: Date())
        guard hour < 22 else { return }  // too late in the clinic's zone for a session today
        let today = Fixture.today
        var settings = ClinicSettings.default
        settings.clinicWeekdays = [today.isoWeekday]
        settings.sessions = [
            ClinicSession(
                name: "late", start: LocalTime(hour: hour + 1, minute: 0)!, end: LocalTime(hour: hour + 2, minute: 0)!)
        ]
        _ = try await app.pool.withConnection { try await ClinicSettingsStore.put(settings, on: $0) }
        _ = try await Fixture.generate(from: today, to: today, pool: app.pool)
        let other = try await Fixture.resident("Second walker HTTP", pool: app.pool)
        let key = ["Idempotency-Key": "walk-\(UUID().uuidString)"]
        let booked = try await staff.post("/v1/walk-ins", ["residentId": other.id.uuidString], headers: key)
        #expect(booked.status == 201)
        #expect(booked.json["walkIn"] as? Bool == true && booked.string("doctorId") == doctor.id.uuidString)
        #expect(booked.headers["location"] == "/v1/appointments/\(booked.string("id") ?? "")")
        let replay = try await staff.post("/v1/walk-ins", ["residentId": other.id.uuidString], headers: key)
        #expect(replay.status == 201 && replay.body == booked.body)
        let count = try await app.pool.query(
            "SELECT count(*) AS n FROM appointments WHERE resident_id = \(other.id)")[0].decode(Int.self, "n")
        #expect(count == 1)
        // The resident still waiting gets a seat now that there is one: the booking serves their queue entry.
        let seated = try await staff.post("/v1/walk-ins", ["residentId": second.id.uuidString])
        #expect(seated.status == 201)
        #expect(try await staff.get("/v1/walk-ins").items.isEmpty)
        let entry = try await app.pool.query(
            "SELECT status, appointment_id FROM walk_in_queue WHERE resident_id = \(second.id)")[0]
        #expect(try entry.decode(String.self, "status") == "served")
        #expect(try entry.decode(UUID.self, "appointment_id").uuidString == seated.string("id"))
    }
}
