import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Community outreach through real HTTP: grid-worker users and their reach (their grids' residents without clinical
/// data, the unvisited elderly there, outreach visits; nothing else), each outcome's effect, the doctor request's
/// path to a green-channel booking, the work list's bases and walking order, reactivation, and the grid worker as
/// the notices' last resort.
@Suite(.serialized) struct OutreachAPITests {
    typealias World = RotaWorld

    static func world() async throws -> World { try await RotaWorld.make(doctorNamed: "Dr. Outreach") }

    /// A resident of the first clinic, `age` years old, in `grid`.
    static func resident(
        _ name: String, grid: String?, household: String? = nil, address: String? = nil, age: Int = 80,
        phone: String? = "13900000000", flags: [String] = [], _ world: World
    ) async throws -> UUID {
        let birth = LocalDate(year: Fixture.today.year - age, month: 1, day: 1)!
        return try await world.app.pool.query(
            """
            INSERT INTO residents (clinic_id, name_latin, sex, birth_date, grid, household, address, phone, flags)
            VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(name), 'female', \(birth), \(grid),
                    \(household), \(address), \(phone), \(flags))
            RETURNING id
            """
        )[0].decode(UUID.self, "id")
    }

    static func visit(
        _ client: APIClient, _ resident: UUID, _ outcome: String, extra: [String: Any] = [:],
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        var body: [String: Any] = [
            "visitedAt": ZonedInstant(Date().addingTimeInterval(-60), in: Fixture.zone).description, "outcome": outcome,
        ]
        body.merge(extra) { $1 }
        return try await client.post("/v1/residents/\(resident)/outreach-visits", body, headers: headers)
    }

    /// A free on-site slot on the world's date, held for priority residents or not.
    static func slot(_ world: World, priorityOnly: Bool, skip: Int = 0) async throws -> Slot {
        let slots = try await Fixture.slots(doctor: world.doctor.id, date: world.date, mode: .onsite, pool: world.app.pool)
            .filter { $0.priorityOnly == priorityOnly && $0.booked < $0.capacity && !$0.closed }
        return try #require(slots.dropFirst(skip).first)
    }

    static func book(_ resident: UUID, _ world: World, skip: Int = 0, extra: [String: Any] = [:]) async throws
        -> TestResponse
    {
        let slot = try await slot(world, priorityOnly: false, skip: skip)
        var body: [String: Any] = ["slotId": slot.id.uuidString, "residentId": resident.uuidString, "mode": "onsite"]
        body.merge(extra) { $1 }
        return try await world.staff.post("/v1/appointments", body)
    }

    static func unvisited(_ client: APIClient, _ query: String) async throws -> [String] {
        let response = try await client.get("/v1/worklists/unvisited-elderly?limit=500&" + query)
        #expect(response.status == 200, "\(response.text)")
        return response.items.compactMap { $0["residentId"] as? String }
    }

    @Test func gridWorkerUsersNeedGridsAndShowThem() async throws {
        let world = try await Self.world()
        let missing = try await world.admin.post(
            "/v1/users", ["username": "grid-none", "password": "a long password 1", "role": "gridWorker"])
        #expect(missing.status == 422)
        #expect(missing.text.contains("\"grids\""))
        let staffWithGrids = try await world.admin.post(
            "/v1/users",
            ["username": "desk-grids", "password": "a long password 1", "role": "staff", "grids": ["G1"]])
        #expect(staffWithGrids.status == 422 && staffWithGrids.text.contains("\"grids\""))
        let created = try await world.admin.post(
            "/v1/users",
            [
                "username": "grid-dolma", "password": "a long password 1", "role": "gridWorker",
                "grids": ["North 1", "North 2"], "phone": "+86 138 0000 0001",
            ])
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json["grids"] as? [String] == ["North 1", "North 2"])
        #expect(created.string("phone") == "+86 138 0000 0001")
        #expect(created.string("clinicId") != nil)
        let listed = try await world.admin.get("/v1/users")
        let row = listed.items.first { $0["username"] as? String == "grid-dolma" }
        #expect(row?["grids"] as? [String] == ["North 1", "North 2"])
        let login = try await world.app.anonymous.post(
            "/v1/auth/login", ["username": "grid-dolma", "password": "a long password 1"])
        let token = try #require(login.string("token"))
        let me = try await APIClient(baseURL: world.app.baseURL, token: token).get("/v1/me")
        #expect(me.string("role") == "gridWorker" && me.json["grids"] as? [String] == ["North 1", "North 2"])
    }

    @Test func aGridWorkerSeesOnlyTheirGridsResidentsWithoutClinicalData() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker, grids: ["Own A", "Own B"]).client
        let own = try await Self.resident("Own Grid Elder", grid: "Own A", world)
        let other = try await Self.resident("Other Grid Elder", grid: "Elsewhere", world)
        let noGrid = try await Self.resident("No Grid Elder", grid: nil, world)

        let search = try await worker.get("/v1/residents?q=Grid%20Elder&limit=500")
        #expect(search.status == 200)
        let found = Set(search.items.compactMap { $0["id"] as? String })
        #expect(found.contains(own.uuidString))
        #expect(!found.contains(other.uuidString) && !found.contains(noGrid.uuidString))
        #expect(try await worker.get("/v1/residents/\(own)").status == 200)
        #expect(try await worker.get("/v1/residents/\(other)").status == 404)
        #expect(try await Self.visit(worker, other, "seenWell").status == 404)
        #expect(try await worker.get("/v1/residents/\(other)/outreach-visits").status == 404)

        let listed = try await Self.unvisited(worker, "")
        #expect(listed.contains(own.uuidString))
        #expect(!listed.contains(other.uuidString) && !listed.contains(noGrid.uuidString))
        // No clinical data: the health file, consultations and the follow-up list are refused.
        #expect(try await worker.get("/v1/residents/\(own)/health-file").status == 403)
        #expect(try await worker.get("/v1/residents/\(own)/consultations").status == 403)
        #expect(try await worker.get("/v1/worklists/follow-ups-due").status == 403)
        #expect(try await worker.get("/v1/residents/\(own)/summary").status == 403)
        // Staff see both.
        #expect(try await world.staff.get("/v1/residents/\(other)").status == 200)
    }

    @Test func aGridWorkerReachesNoOtherRoute() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker).client
        let allowed: Set<String> = [
            "getMe", "logout", "searchResidents", "getResident", "listUnvisitedElderly", "recordOutreachVisit",
            "listOutreachVisits",
        ]
        var checked = 0
        for route in world.app.application.api.routes
        where route.access != .anyone && !allowed.contains(route.operationId) {
            let body: Any? = route.method == .get || route.method == .delete ? nil : [String: String]()
            let response = try await worker.send(route.method.rawValue, AuthAPITests.samplePath(route), json: body)
            #expect(response.status == 403, "\(route.method) \(route.path) gave a grid worker \(response.status)")
            checked += 1
        }
        #expect(checked > 40)
        // And the routes they may call are in the table.
        let operations = Set(world.app.application.api.routes.map(\.operationId))
        #expect(allowed.isSubset(of: operations))
    }

    @Test func visitsAreValidatedAuditedAndIdempotent() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker, grids: ["Check"]).client
        let elder = try await Self.resident("Checked Elder", grid: "Check", world)
        let half = try await Self.visit(worker, elder, "seenWell", extra: ["systolic": 150])
        #expect(half.status == 422)
        let reversed = try await Self.visit(worker, elder, "seenWell", extra: ["systolic": 80, "diastolic": 90])
        #expect(reversed.status == 422 && reversed.text.contains("diastolic"))
        #expect(try await Self.visit(worker, elder, "asleep").status == 422)
        let future = try await worker.post(
            "/v1/residents/\(elder)/outreach-visits",
            ["visitedAt": ZonedInstant(Date().addingTimeInterval(86_400), in: Fixture.zone).description, "outcome": "seenWell"])
        #expect(future.status == 422)
        let ancient = try await worker.post(
            "/v1/residents/\(elder)/outreach-visits",
            ["visitedAt": "1062-05-01T10:00:00+08:00", "outcome": "seenWell"])
        #expect(ancient.status == 422 && ancient.text.contains("within the last year"), "\(ancient.text)")

        let key = ["Idempotency-Key": "visit-\(UUID().uuidString)"]
        let body: [String: Any] = [
            "visitedAt": ZonedInstant(Date().addingTimeInterval(-60), in: Fixture.zone).description,
            "outcome": "seenWell", "systolic": 150, "diastolic": 95, "note": "dizzy in the mornings",
        ]
        let path = "/v1/residents/\(elder)/outreach-visits"
        let first = try await worker.post(path, body, headers: key)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.json["systolic"] as? Int == 150 && first.string("note") == "dizzy in the mornings")
        let again = try await worker.post(path, body, headers: key)
        #expect(again.status == 201 && again.string("id") == first.string("id"), "\(again.status) \(again.text)")
        let visits = try await world.staff.get("/v1/residents/\(elder)/outreach-visits")
        #expect(visits.items.count == 1)
        #expect(visits.items.first?["note"] as? String == "dizzy in the mornings")
        let audited = try await world.app.pool.query(
            """
            SELECT count(*)::int AS n FROM audit_log
            WHERE resident_id = \(elder) AND resource_type = 'outreachVisit' AND action = 'create' AND role = 'gridWorker'
            """)[0].decode(Int.self, "n")
        #expect(audited == 1)
        let doctor = try await world.app.signIn(.doctor, doctorId: world.doctor.id).client
        #expect(try await doctor.get("/v1/residents/\(elder)/outreach-visits").items.count == 1)
        #expect(try await Self.visit(doctor, elder, "seenWell").status == 403)
    }

    @Test func theListCountsVisitsThatSawTheResidentUnderBasisAny() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker, grids: ["Basis"]).client
        let seen = try await Self.resident("Basis Seen", grid: "Basis", world)
        let asked = try await Self.resident("Basis Needs", grid: "Basis", world)
        let away = try await Self.resident("Basis Not Home", grid: "Basis", world)
        let hospital = try await Self.resident("Basis Hospital", grid: "Basis", world)
        #expect(try await Self.visit(worker, seen, "seenWell").status == 201)
        #expect(try await Self.visit(worker, asked, "needsDoctor").status == 201)
        #expect(try await Self.visit(worker, away, "notHome").status == 201)
        #expect(try await Self.visit(worker, hospital, "hospitalised").status == 201)
        let ids = [seen, asked, away, hospital].map { $0.uuidString }
        let any = try await Self.unvisited(worker, "grid=Basis")
        #expect(any == [ids[2], ids[3]].sorted { any.firstIndex(of: $0)! < any.firstIndex(of: $1)! })
        #expect(Set(any) == [ids[2], ids[3]])
        let clinical = try await Self.unvisited(worker, "grid=Basis&basis=clinical")
        #expect(Set(clinical) == Set(ids))
        #expect(try await worker.get("/v1/worklists/unvisited-elderly?basis=sometimes").status == 400)
        let row = try await worker.get("/v1/worklists/unvisited-elderly?grid=Basis&basis=clinical").items
            .first { $0["residentId"] as? String == ids[0] }
        #expect(row?["lastVisitAt"] == nil && row?["lastSeenAt"] == nil)
        // hospitalised only records: still active, no request.
        #expect(try await world.staff.get("/v1/residents/\(hospital)").json["active"] as? Bool == true)
    }

    @Test func theListIsInWalkingOrder() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker, grids: ["Walk 1", "Walk 2", "Walk 10"]).client
        let w10 = try await Self.resident("Walk Ten", grid: "Walk 10", household: "H1", address: "1 Lane", world)
        let w2 = try await Self.resident("Walk Two", grid: "Walk 2", household: "H1", address: "1 Lane", world)
        // A long Tibetan address ends the second page of two: the cursor after it stays short.
        let longAddress = String(repeating: "ལྷ་སའི་ལམ། ", count: 30)
        let b2 = try await Self.resident("Walk B Two", grid: "Walk 1", household: "H2", address: longAddress, world)
        let a12 = try await Self.resident("Walk A Twelve", grid: "Walk 1", household: "H1", address: "12 Lane", world)
        let a9 = try await Self.resident("Walk A Nine", grid: "Walk 1", household: "H1", address: "9 Lane", world)
        let a1 = try await Self.resident("Walk A One", grid: "Walk 1", household: "H1", address: "1 Lane", world)
        let none = try await Self.resident("Walk No Household", grid: "Walk 1", address: "0 Lane", world)
        let listed = try await Self.unvisited(worker, "")
        // Numbers in grids and addresses as numbers: 9 Lane before 12 Lane, Walk 2 before Walk 10.
        #expect(listed == [a1, a9, a12, b2, none, w2, w10].map { $0.uuidString })
        var paged: [String] = []
        var cursor: String?
        repeat {
            let page = try await worker.get(
                "/v1/worklists/unvisited-elderly?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.status == 200, "\(page.text)")
            paged += page.items.compactMap { $0["residentId"] as? String }
            cursor = page.json["nextCursor"] as? String
            #expect((cursor?.count ?? 0) < 200)
        } while cursor != nil && paged.count <= listed.count
        #expect(paged == listed)
    }

    @Test func needsDoctorOpensARequestTheDeskBooksThroughTheGreenChannel() async throws {
        let world = try await Self.world()
        let signedIn = try await world.app.signIn(.gridWorker, grids: ["Request"])
        let worker = signedIn.client
        let elder = try await Self.resident("Request Elder", grid: "Request", world)
        let other = try await Self.resident("Request Other", grid: "Request", world)
        let visit = try await Self.visit(
            worker, elder, "needsDoctor", extra: ["note": "chest pain when walking", "systolic": 182, "diastolic": 104])
        #expect(visit.status == 201)
        let requestId = try #require(visit.string("doctorRequestId"))
        #expect(try await worker.get("/v1/worklists/doctor-requests").status == 403)
        let open = try await world.staff.get("/v1/worklists/doctor-requests")
        let row = try #require(open.items.first { $0["id"] as? String == requestId })
        #expect(row["status"] as? String == "open" && row["note"] as? String == "chest pain when walking")
        #expect(row["residentId"] as? String == elder.uuidString && row["visitId"] as? String == visit.string("id"))
        // What the worker measured at the door, and who they are, for the desk to judge how soon and call back.
        #expect(row["systolic"] as? Int == 182 && row["diastolic"] as? Int == 104)
        #expect(row["visitedBy"] as? String == signedIn.user.username)
        expectConforms(row, to: OutreachRoutes.schemas["DoctorRequest"])

        // A slot held for priority residents: the green channel may take it, although the resident has no flag.
        let held = try await Self.slot(world, priorityOnly: true)
        let body: [String: Any] = ["slotId": held.id.uuidString, "residentId": elder.uuidString, "mode": "onsite"]
        #expect(try await world.staff.post("/v1/appointments", body).status == 409)
        var withOther = body
        withOther["residentId"] = other.uuidString
        withOther["requestId"] = requestId
        #expect(try await world.staff.post("/v1/appointments", withOther).status == 422)
        var withUnknown = body
        withUnknown["requestId"] = UUID().uuidString
        #expect(try await world.staff.post("/v1/appointments", withUnknown).status == 404)
        var green = body
        green["requestId"] = requestId
        let booked = try await world.staff.post("/v1/appointments", green)
        #expect(booked.status == 201, "\(booked.text)")
        let stored = try await world.app.pool.query(
            "SELECT status, appointment_id FROM doctor_requests WHERE id = \(UUID(uuidString: requestId)!)")[0]
        #expect(try stored.decode(String.self, "status") == "booked")
        #expect(try stored.decode(UUID?.self, "appointment_id")?.uuidString == booked.string("id"))
        let again = try await world.staff.post("/v1/appointments", green)
        #expect(again.status == 409 && again.text.contains("request-not-open"))
        #expect(!(try await world.staff.get("/v1/worklists/doctor-requests").items.contains { $0["id"] as? String == requestId }))

        // Closing: an open request with a reason; a closed one again is 409; another clinic's or none is 404.
        let second = try await Self.visit(worker, other, "needsDoctor")
        let secondId = try #require(second.string("doctorRequestId"))
        #expect(try await world.staff.post("/v1/worklists/doctor-requests/\(secondId)/close", ["reason": " "]).status == 422)
        let closed = try await world.staff.post(
            "/v1/worklists/doctor-requests/\(secondId)/close", ["reason": "family took her to the county hospital"])
        #expect(closed.status == 200 && closed.string("status") == "closed")
        #expect(try await world.staff.post("/v1/worklists/doctor-requests/\(secondId)/close", ["reason": "x"]).status == 409)
        #expect(try await world.staff.post("/v1/worklists/doctor-requests/\(UUID())/close", ["reason": "x"]).status == 404)
    }

    @Test func movedAwayMakesTheResidentInactiveAndCancelsTheirBookings() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker, grids: ["Moving"]).client
        let elder = try await Self.resident("Moving Elder", grid: "Moving", world)
        let booked = try await Self.book(elder, world)
        #expect(booked.status == 201)
        let appointment = try #require(booked.string("id"))
        let slotId = try #require(booked.string("slotId"))
        let seatsBefore = try await Fixture.booked(UUID(uuidString: slotId)!, pool: world.app.pool)
        let problem = try await world.admin.post(
            "/v1/residents/\(elder)/problems", ["code": "I10", "text": "hypertension", "status": "active"])
        #expect(problem.status == 201, "\(problem.text)")
        let request = try await Self.visit(worker, elder, "needsDoctor")
        #expect(try await Self.visit(worker, elder, "movedAway").status == 201)
        let dueAfter = try await world.staff.get("/v1/worklists/follow-ups-due").items
        #expect(!dueAfter.contains { $0["residentId"] as? String == elder.uuidString })

        let cancelled = try await world.staff.get("/v1/appointments/\(appointment)")
        #expect(cancelled.string("status") == "cancelled")
        #expect(cancelled.string("cancelReason") == "movedAway")
        #expect(try await Fixture.booked(UUID(uuidString: slotId)!, pool: world.app.pool) == seatsBefore - 1)
        let notices = try await world.app.pool.query(
            "SELECT count(*)::int AS n FROM notifications WHERE appointment_id = \(UUID(uuidString: appointment)!) AND kind = 'cancelled'"
        )[0].decode(Int.self, "n")
        #expect(notices == 1)
        let requestStatus = try await world.app.pool.query(
            "SELECT status FROM doctor_requests WHERE id = \(UUID(uuidString: request.string("doctorRequestId")!)!)"
        )[0].decode(String.self, "status")
        #expect(requestStatus == "closed")

        let resident = try await world.staff.get("/v1/residents/\(elder)")
        #expect(resident.json["active"] as? Bool == false && resident.string("inactiveReason") == "movedAway")
        #expect(!(try await Self.unvisited(world.staff, "grid=Moving&basis=clinical")).contains(elder.uuidString))
        let refused = try await Self.book(elder, world, skip: 1)
        #expect(refused.status == 409 && refused.text.contains("resident-inactive"), "\(refused.text)")
        let walkIn = try await world.staff.post("/v1/walk-ins", ["residentId": elder.uuidString, "mode": "onsite"])
        #expect(walkIn.status == 409)

        // Only an admin reactivates.
        #expect(try await world.staff.patch("/v1/residents/\(elder)", ["active": true]).status == 403)
        #expect(try await world.admin.patch("/v1/residents/\(elder)", ["active": false]).status == 422)
        let back = try await world.admin.patch("/v1/residents/\(elder)", ["active": true])
        #expect(back.status == 200 && back.json["active"] as? Bool == true && back.json["inactiveReason"] == nil)
        // Back on the work lists: the chronic review is due again (the booking that held it off was cancelled).
        let dueAgain = try await world.staff.get("/v1/worklists/follow-ups-due").items
        #expect(dueAgain.contains { $0["residentId"] as? String == elder.uuidString })
        #expect(try await Self.book(elder, world, skip: 1).status == 201)
        #expect(try await Self.unvisited(world.staff, "grid=Moving&basis=clinical").contains(elder.uuidString))
    }

    @Test func deceasedCancelsBookingsWithoutNoticeToTheResident() async throws {
        let world = try await Self.world()
        let worker = try await world.app.signIn(.gridWorker, grids: ["Grief"]).client
        let elder = try await Self.resident("Late Elder", grid: "Grief", world)
        let booked = try await Self.book(elder, world, skip: 2)
        let appointment = try #require(booked.string("id"))
        #expect(try await Self.visit(worker, elder, "deceased").status == 201)
        let cancelled = try await world.staff.get("/v1/appointments/\(appointment)")
        #expect(cancelled.string("status") == "cancelled" && cancelled.string("cancelReason") == "deceased")
        let notices = try await world.app.pool.query(
            "SELECT count(*)::int AS n FROM notifications WHERE appointment_id = \(UUID(uuidString: appointment)!) AND kind = 'cancelled'"
        )[0].decode(Int.self, "n")
        #expect(notices == 0)
        #expect(try await world.staff.get("/v1/residents/\(elder)").string("inactiveReason") == "deceased")
        // Staff may record one too (a death reported at the front desk).
        let other = try await Self.resident("Desk Reported", grid: "Grief", world)
        #expect(try await Self.visit(world.staff, other, "deceased").status == 201)
    }

    @Test func theGridWorkerIsTheNoticesLastResort() async throws {
        let world = try await Self.world()
        _ = try await world.app.signIn(.gridWorker, grids: ["Reach"], phone: "13812345678")
        let elder = try await Self.resident("Unreachable Elder", grid: "Reach", phone: nil, world)
        let booked = try await Self.book(elder, world, skip: 3)
        #expect(booked.status == 201)
        let notice = try await world.app.pool.query(
            """
            SELECT recipient_relation, recipient_phone, status FROM notifications
            WHERE appointment_id = \(UUID(uuidString: booked.string("id")!)!) AND kind = 'booked'
            """)[0]
        #expect(try notice.decode(String?.self, "recipient_relation") == "gridWorker")
        #expect(try notice.decode(String?.self, "recipient_phone") == "13812345678")
        #expect(try notice.decode(String.self, "status") == "pending")
    }
}
