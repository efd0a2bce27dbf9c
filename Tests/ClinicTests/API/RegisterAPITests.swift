import Foundation
import Testing

@testable import Clinic

/// Residents, doctors and clinic settings through real HTTP, with the audit trail they leave.
@Suite struct RegisterAPITests {
    nonisolated(unsafe) static let dolma: [String: Any] = [
        "names": ["bo": "བཀྲ་ཤིས་སྒྲོལ་མ", "zh": "扎西卓玛", "latin": "Tashi Dolma"],
        "sex": "female", "birthDate": "1948-03-02", "languages": ["bo", "zh"], "phone": "139 0891 2345",
        "idNumber": "540102194803021234", "address": "Lhasa road 12", "grid": "grid-3", "household": "H-0012",
        "flags": ["livesAlone", "lowIncome"], "emergencyContact": ["name": "Pema", "phone": "13800001111"],
    ]

    @Test func registerReadCorrectAndSearchAResident() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let created = try await staff.client.post("/v1/residents", Self.dolma)
        #expect(created.status == 201)
        let id = try #require(created.string("id"))
        #expect(created.headers["location"] == "/v1/residents/\(id)")
        #expect(created.string("idNumber") != "540102194803021234")
        #expect(created.string("idNumber")?.hasSuffix("1234") == true)
        #expect((created.json["names"] as? [String: String])?["bo"] == "བཀྲ་ཤིས་སྒྲོལ་མ")

        let read = try await staff.client.get("/v1/residents/\(id)")
        #expect(read.status == 200 && read.string("birthDate") == "1948-03-02")

        let corrected = try await staff.client.patch("/v1/residents/\(id)", ["grid": "grid-4", "phone": NSNull()])
        #expect(corrected.status == 200 && corrected.string("grid") == "grid-4" && corrected.json["phone"] == nil)

        for q in ["སྒྲོལ", "卓玛", "tashi", "1234"] {
            let encoded = q.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await staff.client.get("/v1/residents?q=\(encoded)")
            #expect(found.status == 200)
            #expect(found.items.contains { $0["id"] as? String == id }, "search for \(q)")
        }
        let byFlag = try await staff.client.get("/v1/residents?flag=livesAlone&minAge=65&grid=grid-4")
        #expect(byFlag.items.map { $0["id"] as? String } == [id])
        #expect(try await staff.client.get("/v1/residents?flag=rich").status == 400)
        #expect(try await staff.client.get("/v1/residents?limit=0").status == 400)
        #expect(try await staff.client.get("/v1/residents?cursor=nonsense").status == 400)
    }

    @Test func invalidResidentsAre422NamingEveryField() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        var bad = Self.dolma
        bad["names"] = [String: String]()
        bad["birthDate"] = "2999-01-01"
        bad["flags"] = ["livesAlone", "vip"]
        bad["sex"] = "robot"
        let response = try await staff.client.post("/v1/residents", bad)
        #expect(response.status == 422 && response.isProblem)
        // Every rule the published schema states is named at once; the server's own (a future birth date) once the
        // body keeps the schema.
        let fields = Set(response.errorFields)
        #expect(fields == ["names", "flags[1]", "sex"])
        bad["names"] = ["latin": "X"]
        bad["flags"] = ["livesAlone"]
        bad["sex"] = "female"
        let future = try await staff.client.post("/v1/residents", bad)
        #expect(future.status == 422 && future.errorFields == ["birthDate"])
        let wrongType = try await staff.client.post("/v1/residents", ["names": ["latin": "X"], "sex": "male", "birthDate": 1950])
        #expect(wrongType.status == 400 && wrongType.errorFields == ["birthDate"])
    }

    @Test func rolesAndUnknownIds() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        #expect(try await doctor.client.post("/v1/residents", Self.dolma).status == 403)
        let id = try #require(try await staff.client.post("/v1/residents", Self.dolma).string("id"))
        #expect(try await doctor.client.get("/v1/residents/\(id)").status == 200)
        #expect(try await doctor.client.patch("/v1/residents/\(id)", ["grid": "x"]).status == 403)
        #expect(try await staff.client.get("/v1/residents/\(UUID())").status == 404)
        #expect(try await staff.client.get("/v1/residents/not-a-uuid").status == 404)
        #expect(try await staff.client.patch("/v1/residents/\(UUID())", ["grid": "x"]).status == 404)
    }

    @Test func everyResidentAccessIsAuditedOnce() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let id = try #require(try await staff.client.post("/v1/residents", Self.dolma).string("id"))
        for _ in 0..<3 { _ = try await staff.client.get("/v1/residents/\(id)") }
        _ = try await staff.client.patch("/v1/residents/\(id)", ["household": "H-9"])
        let rows = try await app.pool.query(
            """
            SELECT action, count(*)::int AS n FROM audit_log
            WHERE resident_id = \(UUID(uuidString: id)!) AND user_id = \(staff.user.id) GROUP BY action
            """)
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(String.self, "action")] = try row.decode(Int.self, "n") }
        #expect(counts == ["create": 1, "read": 3, "update": 1])
        let audit = try await app.signIn(.admin).client.get("/v1/audit?residentId=\(id)")
        #expect(audit.items.count == 5)
        #expect(audit.items.allSatisfy { $0["requestId"] is String && $0["remoteAddress"] is String })
    }

    @Test func doctorsAreManagedByAdmins() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let staff = try await app.signIn(.staff)
        let body: [String: Any] = [
            "name": "Dr Lhamo", "institution": "Town health centre", "languages": ["bo", "zh"],
            "modes": ["onsite", "remote"], "active": true,
        ]
        #expect(try await staff.client.post("/v1/doctors", body).status == 403)
        let created = try await admin.client.post("/v1/doctors", body)
        #expect(created.status == 201)
        let id = try #require(created.string("id"))
        #expect(try await staff.client.get("/v1/doctors/\(id)").string("name") == "Dr Lhamo")
        #expect(try await staff.client.get("/v1/doctors").items.contains { $0["id"] as? String == id })
        let changed = try await admin.client.patch("/v1/doctors/\(id)", ["modes": ["onsite", "remote", "home"]])
        #expect((changed.json["modes"] as? [String])?.count == 3)
        #expect(try await admin.client.post("/v1/doctors", ["name": "X", "modes": ["teleport"]]).status == 422)
        let away = try await admin.client.post(
            "/v1/doctors/\(id)/unavailability", ["from": "2026-12-01", "to": "2026-12-10", "reason": "training"])
        #expect(away.status == 201)
        #expect(try await admin.client.post("/v1/doctors/\(id)/unavailability", ["from": "2026-12-10", "to": "2026-12-01"]).status == 422)
        #expect(try await admin.client.post("/v1/doctors/\(UUID())/unavailability", ["from": "2026-12-01", "to": "2026-12-01"]).status == 404)
        let periods = try await staff.client.get("/v1/doctors/\(id)/unavailability?from=2026-11-01&to=2027-01-01")
        #expect(periods.items.count == 1)
    }

    @Test func clinicSettingsAndClosures() async throws {
        let app = try await TestApp.fresh()
        let admin = try await app.signIn(.admin)
        let staff = try await app.signIn(.staff)
        let settings = try await staff.client.get("/v1/clinic")
        #expect(settings.status == 200)
        #expect(settings.json["clinicWeekdays"] as? [Int] == [2, 4])
        #expect(settings.string("timeZone") == "Asia/Shanghai")
        var changed = settings.json
        changed["priorityHoldHours"] = 48
        #expect(try await staff.client.put("/v1/clinic", changed).status == 403)
        let put = try await admin.client.put("/v1/clinic", changed)
        #expect(put.status == 200 && put.json["priorityHoldHours"] as? Int == 48)
        // A weekday outside 1...7 breaks the published schema; an unknown zone only the server's rules.
        changed["clinicWeekdays"] = [2, 9]
        let outside = try await admin.client.put("/v1/clinic", changed)
        #expect(outside.status == 422)
        #expect(outside.errorFields == ["clinicWeekdays[1]"])
        changed["clinicWeekdays"] = [2, 4]
        changed["timeZone"] = "Mars/Olympus"
        let invalid = try await admin.client.put("/v1/clinic", changed)
        #expect(invalid.status == 422)
        #expect(Set(invalid.errorFields).isSuperset(of: ["timeZone"]))

        #expect(try await admin.client.post("/v1/clinic/closures", ["date": "2026-12-24", "reason": "holiday"]).status == 201)
        #expect(try await admin.client.post("/v1/clinic/closures", ["date": "2026-12-24", "reason": "again"]).status == 409)
        #expect(try await staff.client.get("/v1/clinic/closures").items.count == 1)
        #expect(try await staff.client.delete("/v1/clinic/closures/2026-12-24").status == 403)
        #expect(try await admin.client.delete("/v1/clinic/closures/2026-12-24").status == 204)
        #expect(try await admin.client.delete("/v1/clinic/closures/2026-12-24").status == 404)
        #expect(try await admin.client.delete("/v1/clinic/closures/christmas").status == 404)
    }
}
