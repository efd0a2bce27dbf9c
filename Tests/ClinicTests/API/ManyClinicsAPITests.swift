import ClinicPostgres
import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Two health rooms in one deployment, over HTTP: each role sees its own clinic's rows only (404 for one of
/// another clinic, filtered lists and exports), a county admin names the clinic it acts in, and one visiting doctor
/// serves both rotas without ever being in two places at once.
@Suite(.serialized) struct ManyClinicsAPITests {
    struct County {
        let app: TestApp
        let county: APIClient
        let first: UUID
        let second: UUID
    }

    /// The suite's app with a second clinic beside the first (made once, by a county admin).
    static func county() async throws -> County {
        let app = try await TestApp.forSuite()
        let county = try await app.signIn(.countyAdmin).client
        let first = try await FirstClinic.id(app.pool)
        let existing = try await county.get("/v1/clinics").items.first { $0["code"] as? String == "upper-valley" }
        if let id = existing?["id"] as? String {
            return County(app: app, county: county, first: first, second: UUID(uuidString: id)!)
        }
        var body = try await Self.settings(of: county)
        body["name"] = "Upper Valley Health Room"
        body["code"] = "upper-valley"
        // An early and an evening session: a doctor of the first clinic's afternoon (until 18:00) reaches the
        // evening, not the early session, which ends 30 minutes before the first clinic's morning.
        body["sessions"] = [
            ["name": "early", "start": "07:00", "end": "09:00"], ["name": "evening", "start": "19:00", "end": "21:00"],
        ]
        let created = try await county.post("/v1/clinics", body)
        #expect(created.status == 201, "\(created.text)")
        let second = try #require(created.string("id").flatMap(UUID.init(uuidString:)))
        #expect(created.headers["location"] == "/v1/clinics/\(created.string("id")!)")
        return County(app: app, county: county, first: first, second: second)
    }

    /// The first clinic's settings as a body (what `GET /v1/clinic` gives, without id and code).
    static func settings(of client: APIClient) async throws -> [String: Any] {
        let clinics = try await client.get("/v1/clinics").items
        var body = try #require(clinics.first)
        body["id"] = nil
        body["code"] = nil
        return body
    }

    static func resident(_ name: String, clinicId: UUID? = nil) -> [String: Any] {
        var body: [String: Any] = [
            "names": ["latin": name], "sex": "female", "birthDate": "1948-03-02", "languages": ["bo"], "grid": "Grid 1",
        ]
        if let clinicId { body["clinicId"] = clinicId.uuidString }
        return body
    }

    @Test func clinicsAreMadeByTheCountyAndSeenByTheirOwn() async throws {
        let world = try await Self.county()
        let admin = try await world.app.signIn(.admin).client
        var body = try await Self.settings(of: admin)
        body["name"] = "Not mine to make"
        #expect(try await admin.post("/v1/clinics", body).status == 403)
        // A clinic's admin sees its own clinic and no other; the county sees both.
        let mine = try await admin.get("/v1/clinics").items.compactMap { $0["id"] as? String }
        #expect(mine.map { $0.lowercased() } == [world.first.uuidString.lowercased()])
        #expect(try await admin.get("/v1/clinics/\(world.second)").status == 404)
        #expect(try await admin.put("/v1/clinics/\(world.second)", body).status == 404)
        let all = try await world.county.get("/v1/clinics").items.compactMap { ($0["id"] as? String)?.lowercased() }
        #expect(Set(all).isSuperset(of: [world.first.uuidString.lowercased(), world.second.uuidString.lowercased()]))
        // A code is unique, whatever its case.
        body["code"] = "UPPER-VALLEY"
        #expect(try await world.county.post("/v1/clinics", body).status == 409)
        // `GET /v1/clinic` is the caller's own; a county admin names the clinic.
        let own = try await admin.get("/v1/clinic")
        #expect((own.string("id")).map { UUID(uuidString: $0) } == world.first)
        let named = try await world.county.get("/v1/clinic?clinicId=\(world.second)")
        #expect(named.string("name") == "Upper Valley Health Room" && named.string("code") == "upper-valley")
    }

    @Test func eachRoleSeesItsOwnClinicOnly() async throws {
        let world = try await Self.county()
        let staffA = try await world.app.signIn(.staff).client
        let staffB = try await world.app.signIn(.staff, clinicId: world.second).client
        let adminB = try await world.app.signIn(.admin, clinicId: world.second).client
        let tag = "x" + UUID().uuidString.prefix(6).lowercased()

        let inA = try await staffA.post("/v1/residents", Self.resident("Dolma \(tag) Alpha"))
        let inB = try await staffB.post("/v1/residents", Self.resident("Dolma \(tag) Beta"))
        #expect(inA.status == 201 && inB.status == 201)
        let (a, b) = (try #require(inA.string("id")), try #require(inB.string("id")))
        #expect(inA.string("clinicId").flatMap(UUID.init(uuidString:)) == world.first)
        #expect(inB.string("clinicId").flatMap(UUID.init(uuidString:)) == world.second)

        // One row of another clinic: 404, as if it did not exist; in every list: absent.
        #expect(try await staffA.get("/v1/residents/\(b)").status == 404)
        #expect(try await staffB.get("/v1/residents/\(a)").status == 404)
        #expect(try await staffA.get("/v1/residents/\(b)/health-file").status == 404)
        #expect(try await staffA.patch("/v1/residents/\(b)", ["grid": "Grid 9"]).status == 404)
        let foundByA = try await staffA.get("/v1/residents?q=\(tag)").items.compactMap { $0["id"] as? String }
        #expect(foundByA == [a])
        let foundByB = try await staffB.get("/v1/residents?q=\(tag)").items.compactMap { $0["id"] as? String }
        #expect(foundByB == [b])
        // Naming another clinic is 404 too; a county admin must name one (422) and then creates there.
        #expect(try await staffA.post("/v1/residents", Self.resident("Pema \(tag)", clinicId: world.second)).status == 404)
        let unnamed = try await world.county.post("/v1/residents", Self.resident("Pema \(tag)"))
        #expect(unnamed.status == 422 && unnamed.errorFields == ["clinicId"])
        let byCounty = try await world.county.post("/v1/residents", Self.resident("Pema \(tag)", clinicId: world.second))
        #expect(byCounty.status == 201)
        #expect(byCounty.string("clinicId").flatMap(UUID.init(uuidString:)) == world.second)
        let countyInB = try await world.county.get("/v1/residents?q=\(tag)&clinicId=\(world.second)").items
        #expect(Set(countyInB.compactMap { $0["id"] as? String }) == [b, byCounty.string("id")!])
        #expect(try await staffA.get("/v1/residents?clinicId=\(world.second)").status == 404)

        // Closures: each clinic's own.
        let closure = ["date": "2031-03-04", "reason": "Road closed \(tag)"]
        #expect(try await adminB.post("/v1/clinic/closures", closure).status == 201)
        let closuresA = try await staffA.get("/v1/clinic/closures?from=2031-03-01&to=2031-03-31")
        #expect(!closuresA.text.contains("Road closed \(tag)"))
        let closuresB = try await adminB.get("/v1/clinic/closures?from=2031-03-01&to=2031-03-31")
        #expect(closuresB.text.contains("Road closed \(tag)"))
        var elsewhere = closure
        elsewhere["clinicId"] = world.first.uuidString
        #expect(try await adminB.post("/v1/clinic/closures", elsewhere).status == 404)

        // Exports and the audit log: the other clinic's residents are not in them.
        let csv = try await staffA.get("/v1/exports/health-files.csv")
        #expect(csv.status == 200 && csv.text.contains("Dolma \(tag) Alpha") && !csv.text.contains("Dolma \(tag) Beta"))
        let adminA = try await world.app.signIn(.admin).client
        let audit = try await adminA.get("/v1/audit?residentId=\(b)")
        #expect(audit.status == 200 && audit.items.isEmpty)
        let auditB = try await adminB.get("/v1/audit?residentId=\(b)")
        #expect(!auditB.items.isEmpty)
        #expect(auditB.items.allSatisfy { ($0["residentId"] as? String) == b })
    }

    /// The rule for a resident who moves: the health file goes along, what happened in the old clinic stays there.
    @Test func aResidentMovesWithTheHealthFileAndTheOldClinicKeepsItsHistory() async throws {
        let world = try await Self.county()
        let staffA = try await world.app.signIn(.staff).client
        let staffB = try await world.app.signIn(.staff, clinicId: world.second).client
        let admin = try await world.app.signIn(.admin).client
        let doctor = try await world.app.signIn(.doctor)
        let id = try #require(try await staffA.post("/v1/residents", Self.resident("Moving Lhamo")).string("id"))
        #expect(try await admin.post("/v1/residents/\(id)/medications", ["name": "Amlodipine"]).status == 201)
        // A signed consultation, which otherwise never changes, and an addendum.
        let consultation = try await doctor.client.post(
            "/v1/consultations", ClinicalAPITests.consultation(UUID(uuidString: id)!))
        let consultationId = try #require(consultation.string("id"))
        #expect(try await doctor.client.post("/v1/consultations/\(consultationId)/sign", [:]).status == 200)
        #expect(
            try await doctor.client.post("/v1/consultations/\(consultationId)/addenda", ["text": "Seen again"]).status
                == 201)

        // Only a county admin moves residents; to a clinic that exists.
        #expect(try await admin.post("/v1/residents/\(id)/move", ["clinicId": world.second.uuidString]).status == 403)
        let nowhere = try await world.county.post("/v1/residents/\(id)/move", ["clinicId": UUID().uuidString])
        #expect(nowhere.status == 422 && nowhere.errorFields == ["clinicId"])
        #expect(try await world.county.post("/v1/residents/\(UUID())/move", ["clinicId": world.second.uuidString]).status == 404)
        // The audit log names whose file was read, while its reader may see the resident.
        let before = try await admin.get("/v1/audit?residentId=\(id)")
        #expect(before.items.contains { ($0["residentNames"] as? [String: String])?["latin"] == "Moving Lhamo" })
        let moved = try await world.county.post("/v1/residents/\(id)/move", ["clinicId": world.second.uuidString])
        #expect(moved.status == 200, "\(moved.text)")
        #expect(moved.string("clinicId")?.lowercased() == world.second.uuidString.lowercased())

        // The new clinic has the whole file, signed consultation included; the old one no longer sees the resident.
        #expect(try await staffA.get("/v1/residents/\(id)").status == 404)
        let file = try await staffB.get("/v1/residents/\(id)/health-file")
        #expect(file.status == 200, "\(file.text)")
        #expect(file.text.contains("Amlodipine") && file.text.lowercased().contains(consultationId.lowercased()))
        let signed = try await world.county.get("/v1/consultations/\(consultationId)")
        #expect(signed.json["signed"] as? Bool == true)
        #expect(signed.string("clinicId")?.lowercased() == world.second.uuidString.lowercased())
        #expect(try await staffB.get("/v1/residents?q=moving%20lhamo").items.count == 1)
        // The old clinic's audit rows of the resident stay its own.
        let auditA = try await admin.get("/v1/audit?residentId=\(id)")
        #expect(!auditA.items.isEmpty)
        // ... without the name, which the old clinic may no longer read.
        #expect(auditA.items.allSatisfy { $0["residentNames"] == nil }, "\(auditA.text)")
        // Moving back is as simple; moving to where the resident is changes nothing.
        #expect(try await world.county.post("/v1/residents/\(id)/move", ["clinicId": world.second.uuidString]).status == 200)
        #expect(try await world.county.post("/v1/residents/\(id)/move", ["clinicId": world.first.uuidString]).status == 200)
        #expect(try await staffA.get("/v1/residents/\(id)").status == 200)
    }

    @Test func oneVisitingDoctorServesBothRotasNeverInTwoPlacesAtOnce() async throws {
        let world = try await Self.county()
        let adminA = try await world.app.signIn(.admin).client
        let adminB = try await world.app.signIn(.admin, clinicId: world.second).client
        // A week of its own, with the suite's doctors and one more: a Tuesday far ahead.
        let tuesday = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 400))
        let range: [String: Any] = ["from": tuesday.description, "to": tuesday.adding(days: 2).description]
        let shared = try await Fixture.doctor("Dr Shared \(UUID().uuidString.prefix(4))", pool: world.app.pool)
        _ = try await Fixture.doctor("Dr Second \(UUID().uuidString.prefix(4))", pool: world.app.pool)

        let first = try await adminA.post("/v1/rota/generate", range)
        #expect(first.status == 201, "\(first.text)")
        let second = try await adminB.post("/v1/rota/generate", range)
        #expect(second.status == 201, "\(second.text)")
        let madeInB = (second.json["assignments"] as? [[String: Any]]) ?? []
        #expect(!madeInB.isEmpty, "\(second.text.prefix(3000))")
        // Every doctor's sessions, across both clinics: never overlapping, and an hour apart between clinics.
        let assignments = try await world.county.get(
            "/v1/rota?from=\(tuesday)&to=\(tuesday.adding(days: 2))"
        ).items
        let byDoctor = Dictionary(grouping: assignments) { $0["doctorId"] as? String ?? "" }
        for (_, sessions) in byDoctor {
            let spans = try sessions.map { item -> (clinic: String, start: Date, end: Date) in
                (
                    item["clinicId"] as? String ?? "",
                    try #require(RFC3339.parse(item["start"] as? String ?? "")),
                    try #require(RFC3339.parse(item["end"] as? String ?? ""))
                )
            }
            for (i, x) in spans.enumerated() {
                for y in spans[(i + 1)...] {
                    let gap = max(y.start.timeIntervalSince(x.end), x.start.timeIntervalSince(y.end))
                    #expect(gap >= 0, "overlapping sessions")
                    if x.clinic != y.clinic { #expect(gap >= 3600, "less than the travel time between clinics") }
                }
            }
        }
        // Both clinics have their sessions staffed, each by its own fair count.
        let clinics = Set(assignments.compactMap { $0["clinicId"] as? String }.map { $0.lowercased() })
        #expect(clinics == [world.first.uuidString.lowercased(), world.second.uuidString.lowercased()])

        // A swap of the early session onto the doctor of the first clinic's morning that day, who could not travel
        // in time: 409.
        func inClinic(_ item: [String: Any], _ clinic: UUID) -> Bool {
            (item["clinicId"] as? String)?.lowercased() == clinic.uuidString.lowercased()
        }
        let inB = try #require(assignments.first { inClinic($0, world.second) && $0["session"] as? String == "early" })
        let busy = try #require(assignments.first {
            inClinic($0, world.first) && $0["session"] as? String == "morning" && $0["date"] as? String == inB["date"] as? String
        })
        let swap = try await adminB.patch(
            "/v1/rota/assignments/\(inB["id"] as! String)", ["doctorId": busy["doctorId"] as! String])
        #expect(swap.status == 409, "\(swap.text)")
        // A clinic's admin cannot touch the other clinic's rota.
        #expect(
            try await adminA.patch("/v1/rota/assignments/\(inB["id"] as! String)", ["doctorId": shared.id.uuidString])
                .status == 404)

        // A doctor user sees every session of theirs, in whichever clinic: here the early session's doctor.
        let doctorId = try #require(inB["doctorId"] as? String)
        let doctor = try await world.app.signIn(.doctor, doctorId: UUID(uuidString: doctorId)!).client
        let own = try await doctor.get("/v1/rota?from=\(tuesday)&to=\(tuesday.adding(days: 2))").items
        #expect(Set(own.compactMap { $0["id"] as? String }) == Set(byDoctor[doctorId, default: []].compactMap { $0["id"] as? String }))
        #expect(own.contains { inClinic($0, world.second) })
    }
}
