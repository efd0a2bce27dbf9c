import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The rota and slot search through real HTTP, over the suite's own database (one test at a time: they share
/// the rota).
@Suite(.serialized) struct RotaSlotAPITests {
    /// Two doctors and a rota over two weeks starting a Tuesday three weeks ahead, made once through the API.
    struct World {
        let app: TestApp
        let admin: APIClient
        let staff: APIClient
        let doctors: [Doctor]
        let from: LocalDate
        let to: LocalDate
    }

    static func world() async throws -> World {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin).client
        let staff = try await app.signIn(.staff).client
        let from = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 21))
        let to = from.adding(days: 13)
        let existing = try await app.pool.query("SELECT id FROM doctors WHERE name LIKE 'Dr. Rota %' ORDER BY name")
        var doctors: [Doctor] = []
        if existing.isEmpty {
            doctors.append(try await Fixture.doctor("Dr. Rota A", languages: ["bo", "zh"], pool: app.pool))
            doctors.append(
                try await Fixture.doctor("Dr. Rota B", modes: [.onsite, .remote], languages: ["zh"], pool: app.pool))
            let generated = try await admin.post("/v1/rota/generate", ["from": "\(from)", "to": "\(to)"])
            #expect(generated.status == 201)
        } else {
            for row in existing {
                let id = try row.decode(UUID.self, "id")
                doctors.append(try await app.pool.withConnection { try await DoctorStore.get(id, on: $0) })
            }
        }
        return World(app: app, admin: admin, staff: staff, doctors: doctors, from: from, to: to)
    }

    @Test func generateListAndRegenerate() async throws {
        let world = try await Self.world()
        let listed = try await world.staff.get("/v1/rota?from=\(world.from)&to=\(world.to)")
        #expect(listed.status == 200)
        // Four clinic days (two Tuesdays, two Thursdays), two sessions each, one doctor per session.
        #expect(listed.items.count == 8)
        let first = try #require(listed.items.first)
        for item in listed.items { expectConforms(item, to: RotaRoutes.schemas["RotaAssignment"]) }
        #expect(Set(first.keys) == ["id", "clinicId", "date", "session", "doctorId", "modes", "start", "end"])
        let counts = Dictionary(grouping: listed.items, by: { $0["doctorId"] as? String ?? "" }).mapValues(\.count)
        #expect(counts.count == 2 && counts.values.allSatisfy { $0 == 4 })

        let again = try await world.admin.post("/v1/rota/generate", ["from": "\(world.from)", "to": "\(world.to)"])
        #expect(again.status == 409 && again.string("type") == "urn:clinic:problem:rota-already-generated")
        let replaced = try await world.admin.post(
            "/v1/rota/generate", ["from": "\(world.from)", "to": "\(world.to)", "replace": true])
        #expect(replaced.status == 201)
        #expect((replaced.json["assignments"] as? [Any])?.count == 8)
        #expect(replaced.json["gaps"] as? [Any] != nil && replaced.json["kept"] as? Int == 0)

        // Range sanity and shape.
        let reversed = try await world.admin.post("/v1/rota/generate", ["from": "\(world.to)", "to": "\(world.from)"])
        #expect(reversed.status == 422 && reversed.errorFields == ["to"])
        let tooLong = try await world.admin.post(
            "/v1/rota/generate", ["from": "\(world.from)", "to": "\(world.from.adding(days: 400))"])
        #expect(tooLong.status == 422 && tooLong.errorFields == ["to"])
        let malformed = try await world.admin.post("/v1/rota/generate", ["from": "next tuesday", "to": "\(world.to)"])
        #expect(malformed.status == 400 && malformed.isProblem)
        #expect(
            try await world.staff.post("/v1/rota/generate", ["from": "\(world.from)", "to": "\(world.to)"]).status
                == 403)
        #expect(try await world.staff.get("/v1/rota?from=\(world.to)&to=\(world.from)").status == 400)
        #expect(try await world.staff.get("/v1/rota?from=2026-13-01").status == 400)
        #expect(try await world.staff.get("/v1/rota").status == 200)
    }

    @Test func doctorsSeeTheirOwnRota() async throws {
        let world = try await Self.world()
        let doctor = world.doctors[0]
        let own = try await world.app.signIn(.doctor, doctorId: doctor.id)
        let listed = try await own.client.get("/v1/rota?from=\(world.from)&to=\(world.to)")
        #expect(listed.status == 200 && !listed.items.isEmpty)
        #expect(listed.items.allSatisfy { $0["doctorId"] as? String == doctor.id.uuidString })
        let named = try await own.client.get(
            "/v1/rota?from=\(world.from)&to=\(world.to)&doctorId=\(doctor.id.uuidString)")
        #expect(named.status == 200 && named.items.count == listed.items.count)
        let other = try await own.client.get(
            "/v1/rota?from=\(world.from)&to=\(world.to)&doctorId=\(world.doctors[1].id.uuidString)")
        #expect(other.status == 403)
        let staffView = try await world.staff.get(
            "/v1/rota?from=\(world.from)&to=\(world.to)&doctorId=\(world.doctors[1].id.uuidString)")
        #expect(staffView.status == 200)
        #expect(staffView.items.allSatisfy { $0["doctorId"] as? String == world.doctors[1].id.uuidString })
    }

    @Test func reassignSwapsOrRefuses() async throws {
        let world = try await Self.world()
        let (a, b) = (world.doctors[0], world.doctors[1])
        let listed = try await world.staff.get("/v1/rota?from=\(world.from)&to=\(world.to)")
        // An assignment of A on a day B is free in that session (B serves the other session that day).
        let mine = try #require(listed.items.last { $0["doctorId"] as? String == a.id.uuidString })
        let id = try #require(mine["id"] as? String)
        let date = try #require(LocalDate(mine["date"] as? String ?? ""))

        #expect(try await world.staff.patch("/v1/rota/assignments/\(id)", ["doctorId": b.id.uuidString]).status == 403)
        #expect(
            try await world.admin.patch("/v1/rota/assignments/\(UUID().uuidString)", ["doctorId": b.id.uuidString])
                .status == 404)
        let nobody = try await world.admin.patch("/v1/rota/assignments/\(id)", ["doctorId": UUID().uuidString])
        #expect(nobody.status == 422 && nobody.errorFields == ["doctorId"])

        // B away that day: 409.
        _ = try await world.app.pool.withConnection {
            try await DoctorStore.addUnavailability(doctorId: b.id, NewUnavailability(from: date, to: date), on: $0)
        }
        let away = try await world.admin.patch("/v1/rota/assignments/\(id)", ["doctorId": b.id.uuidString])
        #expect(away.status == 409 && away.string("type") == "urn:clinic:problem:doctor-cannot-serve")
        try await world.app.pool.query("DELETE FROM doctor_unavailability WHERE doctor_id = \(b.id)")

        let swapped = try await world.admin.patch("/v1/rota/assignments/\(id)", ["doctorId": b.id.uuidString])
        #expect(swapped.status == 200 && swapped.string("doctorId") == b.id.uuidString && swapped.string("id") == id)
        #expect((swapped.json["modes"] as? [String]).map(Set.init) == ["onsite", "remote"])
        // Back to A, who is free again.
        let back = try await world.admin.patch("/v1/rota/assignments/\(id)", ["doctorId": a.id.uuidString])
        #expect(back.status == 200 && back.string("doctorId") == a.id.uuidString)
    }

    @Test func twoDoctorsASessionAndNoDoctorTwiceOnOne() async throws {
        let app = try await TestApp.fresh()
        let admin = try await app.signIn(.admin).client
        var ids: [String] = []
        for name in ["Dr. Pair A", "Dr. Pair B"] {
            let created = try await admin.post("/v1/doctors", ["name": name, "languages": ["bo"]])
            ids.append(try #require(created.string("id")))
        }
        let today = ClinicSettingsStore.today(in: .default)
        let from = today.adding(days: 21), to = today.adding(days: 27)
        #expect(try await admin.post("/v1/rota/generate", ["from": "\(from)", "to": "\(to)", "doctorsPerSession": 9]).status == 422)
        let generated = try await admin.post("/v1/rota/generate", ["from": "\(from)", "to": "\(to)", "doctorsPerSession": 2])
        #expect(generated.status == 201)
        let assignments = (generated.json["assignments"] as? [[String: Any]]) ?? []
        // Every session of the week has both doctors.
        let sessions = Dictionary(grouping: assignments) { "\($0["date"]!)-\($0["session"]!)" }
        #expect(!sessions.isEmpty && sessions.values.allSatisfy { $0.count == 2 })
        let first = try #require(assignments.first { $0["doctorId"] as? String == ids[0] })
        let other = first["doctorId"] as? String == ids[0] ? ids[1] : ids[0]
        let clash = try await admin.patch("/v1/rota/assignments/\(first["id"] as! String)", ["doctorId": other])
        #expect(clash.status == 409 && clash.string("type") == "urn:clinic:problem:doctor-cannot-serve")
    }

    @Test func slotSearchFiltersAndCaps() async throws {
        let world = try await Self.world()
        let base = "/v1/slots?from=\(world.from)&to=\(world.to)"
        let all = try await world.staff.get(base + "&limit=500")
        #expect(all.status == 200 && !all.items.isEmpty)
        let slot = try #require(all.items.first)
        for item in all.items { expectConforms(item, to: SlotRoutes.schemas["Slot"]) }
        #expect(
            Set(slot.keys)
                == [
                    "id", "clinicId", "doctorId", "date", "session", "mode", "start", "end", "capacity", "booked",
                    "priorityOnly", "closed",
                ])
        let starts = all.items.compactMap { $0["start"] as? String }
        #expect(starts == starts.sorted())

        let remote = try await world.staff.get(base + "&mode=remote&limit=500")
        #expect(remote.status == 200 && !remote.items.isEmpty)
        #expect(remote.items.allSatisfy { $0["mode"] as? String == "remote" })
        // Only A offers home visits (planned in the last session of a day, so there may be none in the range).
        let home = try await world.staff.get(base + "&mode=home&limit=500")
        #expect(home.status == 200 && home.items.allSatisfy { $0["mode"] as? String == "home" })
        #expect(home.items.allSatisfy { $0["doctorId"] as? String == world.doctors[0].id.uuidString })
        let tibetan = try await world.staff.get(base + "&language=bo&limit=500")
        #expect(tibetan.items.allSatisfy { $0["doctorId"] as? String == world.doctors[0].id.uuidString })
        let ofB = try await world.staff.get(
            base + "&doctorId=\(world.doctors[1].id.uuidString)&available=true&limit=500")
        #expect(
            !ofB.items.isEmpty && ofB.items.allSatisfy { $0["doctorId"] as? String == world.doctors[1].id.uuidString })

        // Pages: every slot exactly once.
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await world.staff.get(
                base + "&limit=37"
                    + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                        ?? ""))
            #expect(page.status == 200)
            seen += page.items.compactMap { $0["id"] as? String }
            cursor = page.json["nextCursor"] as? String
        } while cursor != nil
        #expect(seen.count == all.items.count && Set(seen).count == seen.count)

        // Bad parameters are 400; so is a range over 92 days.
        #expect(try await world.staff.get(base + "&mode=teleport").errorFields == ["mode"])
        #expect(try await world.staff.get(base + "&available=maybe").status == 400)
        #expect(try await world.staff.get(base + "&language=Tibetan").status == 400)
        #expect(try await world.staff.get(base + "&cursor=garbage").status == 400)
        #expect(try await world.staff.get(base + "&limit=501").status == 400)
        let long = try await world.staff.get("/v1/slots?from=\(world.from)&to=\(world.from.adding(days: 92))")
        #expect(long.status == 400 && long.errorFields == ["to"])
        #expect(try await world.staff.get("/v1/slots?from=\(world.to)&to=\(world.from)").status == 400)
        // Defaults: a week from today, for every role that books or serves.
        #expect(try await world.staff.get("/v1/slots").status == 200)
        let doctor = try await world.app.signIn(.doctor, doctorId: world.doctors[0].id)
        #expect(try await doctor.client.get(base).status == 200)
        #expect(try await world.admin.get(base).status == 200)
    }

    @Test func openAPIDescribesTheSchedulingRoutes() async throws {
        let world = try await Self.world()
        let document = try await world.app.anonymous.get("/openapi.json")
        let paths = try #require(document.json["paths"] as? [String: Any])
        for path in [
            "/v1/rota/generate", "/v1/rota", "/v1/rota/assignments/{id}", "/v1/slots", "/v1/appointments",
            "/v1/appointments/{id}", "/v1/appointments/{id}/cancel", "/v1/appointments/{id}/reschedule",
            "/v1/walk-ins", "/v1/day-list",
        ] {
            #expect(paths[path] != nil, "\(path) missing")
        }
        let schemas = try #require((document.json["components"] as? [String: Any])?["schemas"] as? [String: Any])
        for name in ["Slot", "Appointment", "RotaAssignment", "DayListEntry", "WalkInQueueEntry"] {
            #expect(schemas[name] != nil, "\(name) missing")
        }
    }
}
