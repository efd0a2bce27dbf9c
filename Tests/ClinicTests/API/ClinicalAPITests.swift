import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Consultations, health files, assessments and work lists through real HTTP, with the roles and audit trail.
@Suite struct ClinicalAPITests {
    typealias F = ClinicalFixtures

    /// A resident made with SQL (the register's own routes are tested elsewhere).
    static func resident(
        _ app: TestApp, age: Int = 75, grid: String? = nil, flags: [String] = [], name: String = "Test Resident"
    ) async throws -> UUID {
        try await app.pool.withConnection {
            try await F.resident(age: age, grid: grid, flags: flags, name: name, on: $0)
        }
    }

    static func instant(minutesAgo: Double) -> String {
        ZonedInstant(Date().addingTimeInterval(-minutesAgo * 60), in: F.shanghai).description
    }

    /// A valid consultation body that ended a minute ago and lasted 20 minutes; `marker` goes into every piece of
    /// clinical text.
    static func consultation(
        _ residentId: UUID, mode: String = "remote", channel: String? = "video", marker: String = "note",
        extra: [String: Any] = [:]
    ) -> [String: Any] {
        var body: [String: Any] = [
            "residentId": residentId.uuidString, "mode": mode, "startedAt": instant(minutesAgo: 21),
            "endedAt": F.instant(F.justEnded()).description,
            "notes": [
                "subjective": "S \(marker)", "objective": "O \(marker)", "assessment": "A \(marker)",
                "plan": "P \(marker)",
            ],
            "diagnoses": [["code": "i10", "text": "Hypertension \(marker)"]],
            "treatments": [["kind": "tibetanPlaster", "text": "Plaster \(marker)"]],
            "advice": "Advice \(marker)",
        ]
        if let channel { body["channel"] = channel }
        body.merge(extra) { $1 }
        return body
    }

    @Test func consultationsInAllThreeModesWithTheirRules() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let otherDoctor = try await app.signIn(.doctor)
        let residentId = try await Self.resident(app)
        for (mode, channel) in [("onsite", nil), ("remote", "phone"), ("home", nil)] as [(String, String?)] {
            // A doctorId in the body is ignored: the consultation is always the caller's.
            let body = Self.consultation(
                residentId, mode: mode, channel: channel,
                extra: ["doctorId": otherDoctor.doctorId!.uuidString, "signed": true, "id": UUID().uuidString])
            let created = try await doctor.client.post("/v1/consultations", body)
            #expect(created.status == 201, "\(mode): \(created.text)")
            let id = try #require(created.string("id"))
            #expect(created.headers["location"] == "/v1/consultations/\(id)")
            #expect(created.string("mode") == mode && created.string("channel") == channel)
            #expect(created.string("doctorId") == doctor.doctorId!.uuidString)
            #expect(created.json["signed"] as? Bool == false && created.json["durationMinutes"] as? Int == 20)
            #expect((created.json["diagnoses"] as? [[String: Any]])?.first?["code"] as? String == "I10")
        }
        let page = try await doctor.client.get("/v1/residents/\(residentId)/consultations?limit=2")
        #expect(page.status == 200 && page.items.count == 2)
        let cursor = try #require(page.string("nextCursor"))
        let rest = try await doctor.client.get("/v1/residents/\(residentId)/consultations?limit=2&cursor=\(cursor)")
        #expect(rest.items.count == 1 && rest.json["nextCursor"] is NSNull)
        #expect(Set((page.items + rest.items).compactMap { $0["mode"] as? String }) == ["onsite", "remote", "home"])
        #expect(try await doctor.client.get("/v1/residents/\(residentId)/consultations?cursor=junk").status == 400)
        #expect(try await doctor.client.get("/v1/residents/\(UUID())/consultations").status == 404)

        let noChannel = try await doctor.client.post("/v1/consultations", Self.consultation(residentId, channel: nil))
        #expect(noChannel.status == 422 && noChannel.isProblem && noChannel.errorFields == ["channel"])
        let impossible = try await doctor.client.post(
            "/v1/consultations", Self.consultation(residentId, extra: ["vitals": ["systolic": 900, "diastolic": 80]]))
        #expect(impossible.status == 422 && impossible.errorFields == ["vitals.systolic"])
        let altitude = try await doctor.client.post(
            "/v1/consultations", Self.consultation(residentId, extra: ["vitals": ["spo2": 85, "heartRate": 80]]))
        #expect(altitude.status == 201)
        #expect((altitude.json["vitals"] as? [String: Any])?["spo2"] as? Int == 85)
        #expect((altitude.json["vitalFlags"] as? [String])?.contains("lowSpO2") == true)
        let unknown = try await doctor.client.post("/v1/consultations", Self.consultation(UUID()))
        #expect(unknown.status == 422 && unknown.errorFields == ["residentId"])
        let malformed = try await doctor.client.post("/v1/consultations", ["residentId": residentId.uuidString])
        #expect(malformed.status == 400)

        // Roles: only doctors log consultations.
        let staff = try await app.signIn(.staff)
        let admin = try await app.signIn(.admin)
        #expect(try await staff.client.post("/v1/consultations", Self.consultation(residentId)).status == 403)
        #expect(try await admin.client.post("/v1/consultations", Self.consultation(residentId)).status == 403)
        #expect(try await app.anonymous.post("/v1/consultations", Self.consultation(residentId)).status == 401)

        // The same Idempotency-Key with the same bytes logs once (the key is checked against the exact body).
        let bytes = try JSONSerialization.data(
            withJSONObject: Self.consultation(residentId, mode: "onsite", channel: nil), options: [.sortedKeys])
        let key = "c-\(UUID())"
        let once = try await doctor.client.send(
            "POST", "/v1/consultations", body: bytes, contentType: "application/json", headers: ["Idempotency-Key": key])
        let again = try await doctor.client.send(
            "POST", "/v1/consultations", body: bytes, contentType: "application/json", headers: ["Idempotency-Key": key])
        #expect(once.status == 201 && again.status == 201, "\(again.status) \(again.text)")
        #expect(once.string("id") == again.string("id") && again.headers["idempotent-replayed"] == "true")
    }

    @Test func aConsultationForABookedAppointmentCompletesIt() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let residentId = try await Self.resident(app)
        let otherResident = try await Self.resident(app)
        let appointmentId = try await app.pool.withConnection {
            try await F.appointment(
                residentId: residentId, doctorId: doctor.doctorId!, start: Date().addingTimeInterval(-1800), on: $0)
        }
        let wrongResident = try await doctor.client.post(
            "/v1/consultations", Self.consultation(otherResident, extra: ["appointmentId": appointmentId.uuidString]))
        #expect(wrongResident.status == 422 && wrongResident.errorFields == ["appointmentId"])
        let created = try await doctor.client.post(
            "/v1/consultations", Self.consultation(residentId, extra: ["appointmentId": appointmentId.uuidString]))
        #expect(created.status == 201 && created.string("appointmentId") == appointmentId.uuidString)
        let status = try await app.pool.query("SELECT status FROM appointments WHERE id = \(appointmentId)")
        #expect(try status.first?.decode(String.self, "status") == "completed")
        let twice = try await doctor.client.post(
            "/v1/consultations", Self.consultation(residentId, extra: ["appointmentId": appointmentId.uuidString]))
        #expect(twice.status == 409 && twice.isProblem)
    }

    @Test func signingDraftChangesAndAddenda() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let colleague = try await app.signIn(.doctor)
        let residentId = try await Self.resident(app)
        let id = try #require(
            try await doctor.client.post("/v1/consultations", Self.consultation(residentId)).string("id"))

        // A merge patch changes what it names and keeps the rest.
        let changed = try await doctor.client.patch(
            "/v1/consultations/\(id)",
            ["notes": ["plan": "Recheck in a week"], "vitals": ["systolic": 150, "diastolic": 95], "advice": NSNull()])
        #expect(changed.status == 200, "\(changed.text)")
        let notes = changed.json["notes"] as? [String: String]
        #expect(notes?["plan"] == "Recheck in a week" && notes?["subjective"] == "S note")
        #expect((changed.json["vitals"] as? [String: Any])?["systolic"] as? Int == 150)
        #expect(changed.json["advice"] == nil && changed.string("channel") == "video")
        let badPatch = try await doctor.client.patch("/v1/consultations/\(id)", ["vitals": ["systolic": 900]])
        #expect(badPatch.status == 422 && badPatch.errorFields == ["vitals.systolic"])
        let relink = try await doctor.client.patch("/v1/consultations/\(id)", ["residentId": UUID().uuidString])
        #expect(relink.status == 422 && relink.errorFields == ["residentId"])
        #expect(try await doctor.client.patch("/v1/consultations/\(id)", [1, 2]).status == 400)
        #expect(try await colleague.client.patch("/v1/consultations/\(id)", ["advice": "x"]).status == 403)
        #expect(try await doctor.client.patch("/v1/consultations/\(UUID())", ["advice": "x"]).status == 404)

        // The unsigned draft is in its doctor's list once old enough, and only in its doctor's.
        let drafts = try await doctor.client.get("/v1/consultations/drafts?olderThanHours=0")
        #expect(drafts.status == 200 && drafts.items.contains { $0["consultationId"] as? String == id })
        #expect(try await doctor.client.get("/v1/consultations/drafts").items.isEmpty)
        #expect(try await colleague.client.get("/v1/consultations/drafts?olderThanHours=0").items.isEmpty)
        #expect(try await app.signIn(.staff).client.get("/v1/consultations/drafts").status == 403)

        // Only its own doctor signs it, once; then it cannot change, only gain addenda.
        #expect(try await colleague.client.post("/v1/consultations/\(id)/sign").status == 403)
        #expect(try await app.signIn(.admin).client.post("/v1/consultations/\(id)/sign").status == 403)
        let signed = try await doctor.client.post("/v1/consultations/\(id)/sign")
        #expect(signed.status == 200 && signed.json["signed"] as? Bool == true && signed.string("signedAt") != nil)
        #expect(signed.string("signedBy") == doctor.doctorId!.uuidString)
        let again = try await doctor.client.post("/v1/consultations/\(id)/sign")
        #expect(again.status == 409 && again.string("type") == "urn:clinic:problem:consultation-signed")
        #expect(try await doctor.client.patch("/v1/consultations/\(id)", ["advice": "x"]).status == 409)
        #expect(try await doctor.client.get("/v1/consultations/drafts?olderThanHours=0").items.isEmpty)
        #expect(try await doctor.client.post("/v1/consultations/\(UUID())/sign").status == 404)

        let addendum = try await colleague.client.post("/v1/consultations/\(id)/addenda", ["text": "BP 135/85 at home"])
        #expect(addendum.status == 201 && addendum.string("authorId") == colleague.doctorId!.uuidString)
        #expect(try await doctor.client.post("/v1/consultations/\(id)/addenda", ["text": "  "]).status == 422)
        #expect(try await doctor.client.post("/v1/consultations/\(UUID())/addenda", ["text": "x"]).status == 404)
        let read = try await doctor.client.get("/v1/consultations/\(id)")
        #expect((read.json["addenda"] as? [[String: Any]])?.first?["text"] as? String == "BP 135/85 at home")
    }

    @Test func staffNeverReceiveNotes() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        let admin = try await app.signIn(.admin)
        let residentId = try await Self.resident(app)
        let marker = "MARKER-\(UUID().uuidString.prefix(8))"
        let created = try await doctor.client.post(
            "/v1/consultations",
            Self.consultation(
                residentId, marker: marker, extra: ["followUp": ["inDays": 14, "mode": "remote"]]))
        let id = try #require(created.string("id"))
        #expect(
            try await doctor.client.post("/v1/consultations/\(id)/addenda", ["text": "Addendum \(marker)"]).status
                == 201)

        for path in [
            "/v1/consultations/\(id)", "/v1/residents/\(residentId)/consultations",
            "/v1/residents/\(residentId)/health-file",
        ] {
            let seen = try await staff.client.get(path)
            #expect(seen.status == 200, "\(path)")
            #expect(!seen.text.contains(marker), "staff received notes from \(path)")
            #expect(!seen.text.contains("\"notes\""), "\(path)")
            for reader in [doctor, admin] {
                let full = try await reader.client.get(path)
                #expect(full.status == 200 && full.text.contains(marker) && full.text.contains("Addendum \(marker)"))
            }
        }
        // What staff do see: that it took place, when, how, with whom, and the follow-up.
        let overview = try await staff.client.get("/v1/consultations/\(id)")
        #expect(overview.string("mode") == "remote" && overview.string("doctorId") == doctor.doctorId!.uuidString)
        #expect(
            overview.string("startedAt") != nil
                && (overview.json["followUp"] as? [String: Any])?["inDays"] as? Int == 14)
        #expect(overview.json["diagnoses"] == nil && overview.json["advice"] == nil && overview.json["addenda"] == nil)
    }

    /// Barthel items that leave bathing 5, grooming 5 and bowels 10 of a full score: 20 points.
    static let barthelLow = [
        "feeding": 0, "dressing": 0, "bladder": 0, "toiletUse": 0, "transfers": 0, "mobility": 0, "stairs": 0,
    ]

    @Test func assessmentsAreScoredAtTheirBandEdges() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let residentId = try await Self.resident(app, age: 82)
        let path = "/v1/residents/\(residentId)/assessments"
        let selfCareZero = ["eating": 0, "grooming": 0, "dressing": 0, "toileting": 0, "activity": 0]
        let selfCare: [(Int, String, [String: Int])] = [
            (0, "independent", [:]),
            (3, "independent", ["eating": 3]),
            (4, "mildDependency", ["eating": 3, "grooming": 1]),
            (8, "mildDependency", ["eating": 3, "dressing": 5]),
            (9, "moderateDependency", ["eating": 3, "dressing": 5, "grooming": 1]),
            (18, "moderateDependency", ["toileting": 10, "grooming": 7, "activity": 1]),
            (19, "dependent", ["toileting": 10, "activity": 5, "eating": 3, "grooming": 1]),
            (37, "dependent", ["eating": 5, "grooming": 7, "dressing": 5, "toileting": 10, "activity": 10]),
        ]
        for (score, band, items) in selfCare {
            let response = try await staff.client.post(
                path, ["kind": "selfCare", "items": selfCareZero.merging(items) { $1 }])
            #expect(response.status == 201, "\(response.text)")
            #expect(response.json["score"] as? Int == score && response.string("band") == band, "selfCare \(score)")
        }
        let barthelFull = [
            "feeding": 10, "bathing": 5, "grooming": 5, "dressing": 10, "bowels": 10, "bladder": 10, "toiletUse": 10,
            "transfers": 15, "mobility": 15, "stairs": 10,
        ]
        let barthel: [(Int, String, [String: Int])] = [
            (100, "independent", [:]),
            (95, "slightDependency", ["bathing": 0]),
            (90, "moderateDependency", ["stairs": 0]),
            (65, "moderateDependency", ["stairs": 0, "transfers": 0, "mobility": 5]),
            (60, "severeDependency", ["stairs": 0, "transfers": 0, "mobility": 0]),
            (25, "severeDependency", Self.barthelLow.merging(["feeding": 5]) { $1 }),
            (20, "totalDependency", Self.barthelLow),
        ]
        for (score, band, items) in barthel {
            let response = try await staff.client.post(
                path,
                ["kind": "barthel", "items": barthelFull.merging(items) { $1 }, "takenAt": Self.instant(minutesAgo: 5)])
            #expect(response.status == 201, "\(response.text)")
            #expect(response.json["score"] as? Int == score && response.string("band") == band, "barthel \(score)")
        }
        // Only the form's points, every item, nothing else; the client's score is ignored.
        var wrong = selfCareZero
        wrong["grooming"] = 2
        let offForm = try await staff.client.post(path, ["kind": "selfCare", "items": wrong, "score": 0])
        #expect(offForm.status == 422 && offForm.errorFields == ["items.grooming"])
        var text: [String: Any] = selfCareZero
        text["eating"] = "3"
        #expect(try await staff.client.post(path, ["kind": "selfCare", "items": text]).errorFields == ["items.eating"])
        let missing = try await staff.client.post(path, ["kind": "barthel", "items": ["feeding": 10]])
        #expect(missing.status == 422 && missing.errorFields.count == 9)
        #expect(try await staff.client.post(path, ["kind": "katz", "items": [String: Int]()]).status == 422)
        #expect(
            try await staff.client.post(
                "/v1/residents/\(UUID())/assessments", ["kind": "selfCare", "items": selfCareZero]
            ).status == 404)
        let file = try await staff.client.get("/v1/residents/\(residentId)/health-file")
        #expect((file.json["assessments"] as? [[String: Any]])?.count == selfCare.count + barthel.count)
    }

    @Test func theHealthFileGathersEverything() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        let residentId = try await Self.resident(app, age: 78)
        let base = "/v1/residents/\(residentId)"
        let problem = try await doctor.client.post(
            base + "/problems", ["code": "i10", "text": "Essential hypertension", "onset": "2019-05-01"])
        #expect(problem.status == 201 && problem.string("code") == "I10" && problem.string("status") == "active")
        #expect(problem.string("chronicCondition") == "hypertension")
        let problemId = try #require(problem.string("id"))
        #expect(
            try await doctor.client.post(base + "/problems", ["text": "x", "code": "hello"]).errorFields == ["code"])
        #expect(
            try await doctor.client.post(base + "/medications", ["name": "Amlodipine", "dose": "5 mg daily"]).status
                == 201)
        #expect(
            try await doctor.client.post(base + "/allergies", ["substance": "Penicillin", "severity": "severe"]).status
                == 201)
        #expect(
            try await doctor.client.post(base + "/allergies", ["substance": "Dust", "severity": "deadly"]).errorFields
                == ["severity"])
        let vitals = try await doctor.client.post(
            base + "/vitals", ["takenAt": Self.instant(minutesAgo: 30), "systolic": 145, "diastolic": 92, "spo2": 85])
        #expect(vitals.status == 201 && vitals.string("source") == "screening")
        #expect((vitals.json["flags"] as? [String]).map { Set($0) } == ["hypertensive", "lowSpO2"])
        let impossible = try await doctor.client.post(
            base + "/vitals", ["takenAt": Self.instant(minutesAgo: 5), "systolic": 900])
        #expect(impossible.status == 422 && impossible.errorFields == ["systolic"])
        _ = try await doctor.client.post(
            "/v1/consultations", Self.consultation(residentId, extra: ["followUp": ["inDays": 30, "mode": "home"]]))

        let resolved = try await doctor.client.patch(base + "/problems/\(problemId)", ["status": "resolved"])
        #expect(resolved.status == 200 && resolved.string("status") == "resolved")
        #expect(try await doctor.client.patch(base + "/problems/\(problemId)", ["status": "gone"]).status == 422)
        let elsewhere = try await Self.resident(app)
        #expect(
            try await doctor.client.patch("/v1/residents/\(elsewhere)/problems/\(problemId)", ["status": "active"])
                .status == 404)

        let file = try await doctor.client.get(base + "/health-file")
        #expect(file.status == 200)
        #expect(file.string("residentId") == residentId.uuidString)
        for (part, count) in [
            ("problems", 1), ("medications", 1), ("allergies", 1), ("vitalsHistory", 1),
            ("consultations", 1), ("followUpsDue", 1), ("assessments", 0),
        ] {
            #expect((file.json[part] as? [Any])?.count == count, "\(part)")
        }
        #expect((file.json["latestVitals"] as? [String: Any])?["spo2"] as? Int == 85)
        #expect((file.json["followUpsDue"] as? [[String: Any]])?.first?["mode"] as? String == "home")
        #expect(try await doctor.client.get("/v1/residents/\(UUID())/health-file").status == 404)

        // Staff read the file and record assessments; the other clinical entries are for doctors and admins.
        #expect(try await staff.client.get(base + "/health-file").status == 200)
        #expect(try await staff.client.post(base + "/problems", ["text": "Cough"]).status == 403)
        #expect(
            try await staff.client.post(base + "/vitals", ["takenAt": Self.instant(minutesAgo: 1), "spo2": 95]).status
                == 403)
        #expect(try await staff.client.patch(base + "/problems/\(problemId)", ["status": "active"]).status == 403)
        let admin = try await app.signIn(.admin)
        #expect(try await admin.client.post(base + "/medications", ["name": "Metformin"]).status == 201)
        #expect(try await admin.client.post("/v1/residents/\(UUID())/medications", ["name": "Metformin"]).status == 404)
    }

    @Test func workListsAsJSONAndCSV() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        let grid = "grid-\(UUID().uuidString.prefix(6))"
        let lonely = try await Self.resident(app, age: 81, grid: grid, flags: ["livesAlone"], name: "=Lonely, \"Dawa\"")
        let plain = try await Self.resident(app, age: 70, grid: grid, name: "Plain Pema")
        _ = try await Self.resident(app, age: 50, grid: grid, name: "Young Tenzin")
        let seen = try await Self.resident(app, age: 75, grid: grid, name: "Seen Lhamo")
        let followUp = try await doctor.client.post(
            "/v1/consultations", Self.consultation(seen, extra: ["followUp": ["inDays": 7, "mode": "onsite"]]))
        #expect(followUp.status == 201)
        let chronic = try await Self.resident(app, age: 68, grid: grid, name: "Chronic Norbu")
        #expect(
            try await doctor.client.post(
                "/v1/residents/\(chronic)/problems", ["code": "E11.9", "text": "Type 2 diabetes"]
            ).status == 201)

        let list = try await staff.client.get("/v1/worklists/unvisited-elderly?grid=\(grid)&days=90&minAge=65")
        #expect(list.status == 200, "\(list.text)")
        #expect(list.items.map { $0["residentId"] as? String } == [lonely, chronic, plain].map(\.uuidString))
        #expect(list.items.first?["priority"] as? Bool == true && list.items.first?["age"] as? Int == 81)
        let paged = try await staff.client.get("/v1/worklists/unvisited-elderly?grid=\(grid)&limit=2")
        let next = try #require(paged.string("nextCursor"))
        #expect(
            try await staff.client.get("/v1/worklists/unvisited-elderly?grid=\(grid)&limit=2&cursor=\(next)").items
                .count == 1)
        #expect(try await staff.client.get("/v1/worklists/unvisited-elderly?days=0").status == 400)
        #expect(try await staff.client.get("/v1/worklists/unvisited-elderly?format=xml").status == 400)
        #expect(
            try await staff.client.get("/v1/worklists/unvisited-elderly", headers: ["Accept": "text/html"]).status
                == 406)

        for (query, headers) in [("", ["Accept": "text/csv"]), ("&format=csv", ["Accept": "application/json"])] {
            let csv = try await staff.client.get(
                "/v1/worklists/unvisited-elderly?grid=\(grid)\(query)", headers: headers)
            #expect(csv.status == 200)
            #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(csv.headers["content-disposition"]?.hasPrefix("attachment; filename=") == true)
            #expect(Array(csv.body.prefix(3)) == CSVWriter.bom)
            let records = try CSVParser.parse(String(decoding: csv.body.dropFirst(3), as: UTF8.self))
            #expect(records.first == WorklistRoutes.csvHeader)
            #expect(records.dropFirst().map { $0.last } == [lonely, chronic, plain].map(\.uuidString))
            // A name that would run as a formula is neutralised, and the quotes and comma read back.
            #expect(records.dropFirst().first?[5] == "'=Lonely, \"Dawa\"")
        }

        let today = F.today
        let due = try await staff.client.get("/v1/worklists/follow-ups-due?before=\(today.adding(days: 30))")
        #expect(due.status == 200)
        let mine = due.items.filter { [seen, chronic].map(\.uuidString).contains($0["residentId"] as? String ?? "") }
        #expect(Set(mine.compactMap { $0["reason"] as? String }) == ["requested", "chronicReview"])
        #expect(
            mine.first { $0["reason"] as? String == "requested" }?["dueDate"] as? String
                == today.adding(days: 7).description)
        let notYet = try await staff.client.get("/v1/worklists/follow-ups-due?before=\(today.adding(days: 6))")
        #expect(!notYet.items.contains { $0["residentId"] as? String == seen.uuidString })
        #expect(try await staff.client.get("/v1/worklists/follow-ups-due?before=tomorrow").status == 400)
        #expect(try await app.anonymous.get("/v1/worklists/follow-ups-due").status == 401)
    }

    @Test func everyAccessLeavesOneAuditRow() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        let residentId = try await Self.resident(app)
        let id = try #require(
            try await doctor.client.post("/v1/consultations", Self.consultation(residentId)).string("id"))
        _ = try await doctor.client.get("/v1/consultations/\(id)")
        _ = try await doctor.client.get("/v1/residents/\(residentId)/consultations")
        _ = try await doctor.client.patch("/v1/consultations/\(id)", ["advice": "More water"])
        _ = try await doctor.client.post("/v1/consultations/\(id)/sign")
        _ = try await doctor.client.post("/v1/consultations/\(id)/addenda", ["text": "Later finding"])
        _ = try await doctor.client.get("/v1/residents/\(residentId)/health-file")
        _ = try await doctor.client.post("/v1/residents/\(residentId)/problems", ["text": "Knee pain"])
        _ = try await doctor.client.post(
            "/v1/residents/\(residentId)/vitals", ["takenAt": Self.instant(minutesAgo: 2), "spo2": 91])
        // Refused accesses leave no row.
        _ = try await doctor.client.post("/v1/consultations/\(id)/sign")
        _ = try await doctor.client.patch("/v1/consultations/\(id)", ["advice": "x"])
        _ = try await doctor.client.post(
            "/v1/residents/\(residentId)/vitals", ["takenAt": Self.instant(minutesAgo: 2), "spo2": 10])
        _ = try await staff.client.get("/v1/consultations/\(id)")
        _ = try await staff.client.get("/v1/residents/\(residentId)/health-file")
        _ = try await staff.client.post(
            "/v1/residents/\(residentId)/assessments",
            ["kind": "selfCare", "items": ["eating": 0, "grooming": 0, "dressing": 0, "toileting": 0, "activity": 0]])
        _ = try await staff.client.get("/v1/worklists/follow-ups-due")
        _ = try await staff.client.get("/v1/worklists/unvisited-elderly?grid=nowhere")
        _ = try await staff.client.get("/v1/worklists/unvisited-elderly?grid=nowhere&format=csv")

        func counts(_ userId: UUID) async throws -> [String: Int] {
            let rows = try await app.pool.query(
                """
                SELECT action || ' ' || resource_type AS kind, count(*)::int AS n FROM audit_log
                WHERE user_id = \(userId) AND action NOT IN ('login') GROUP BY 1
                """)
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.decode(String.self, "kind")] = try row.decode(Int.self, "n") }
            return counts
        }
        #expect(
            try await counts(doctor.user.id) == [
                "create consultation": 1, "read consultation": 2, "update consultation": 1, "sign consultation": 1,
                "create consultationAddendum": 1, "read healthFile": 1, "create problem": 1, "create vitals": 1,
            ])
        #expect(
            try await counts(staff.user.id) == [
                "read consultation": 1, "read healthFile": 1, "create assessment": 1, "read worklist": 2,
                "export worklist": 1,
            ])
        let residentRows = try await app.pool.query(
            "SELECT count(*)::int AS n FROM audit_log WHERE resident_id = \(residentId)")
        #expect(try residentRows.first?.decode(Int.self, "n") == 12)
    }

    @Test func theContractPublishesTheClinicalRoutes() async throws {
        let app = try await TestApp.forSuite()
        let document = try await app.anonymous.get("/openapi.json").json
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let expected: [(String, String)] = [
            ("/v1/consultations", "post"), ("/v1/consultations/drafts", "get"), ("/v1/consultations/{id}", "get"),
            ("/v1/consultations/{id}", "patch"), ("/v1/consultations/{id}/sign", "post"),
            ("/v1/consultations/{id}/addenda", "post"), ("/v1/residents/{id}/consultations", "get"),
            ("/v1/residents/{id}/health-file", "get"), ("/v1/residents/{id}/problems", "post"),
            ("/v1/residents/{id}/problems/{problemId}", "patch"), ("/v1/residents/{id}/medications", "post"),
            ("/v1/residents/{id}/allergies", "post"), ("/v1/residents/{id}/vitals", "post"),
            ("/v1/residents/{id}/assessments", "post"), ("/v1/worklists/follow-ups-due", "get"),
            ("/v1/worklists/unvisited-elderly", "get"),
        ]
        for (path, method) in expected {
            #expect(paths[path]?[method] != nil, "\(method) \(path)")
        }
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        for name in [
            "Consultation", "Addendum", "UnsignedDraft", "HealthFile", "HealthProblem", "Medication", "Allergy",
            "VitalSignsEntry", "Assessment", "PendingFollowUp", "FollowUpDue", "UnvisitedElderly",
        ] {
            #expect(schemas[name] != nil, "\(name)")
        }
        // "Problem" is the error body (RFC 9457); a health problem is "HealthProblem" (the fuzz run found the two
        // under one name, so the contract described health problems as error bodies).
        #expect((schemas["Problem"]?["required"] as? [String])?.contains("title") == true)
        // Staff receive consultations without notes, so the schema must not require them.
        let required = schemas["Consultation"]?["required"] as? [String] ?? []
        #expect(!required.contains("notes") && required.contains("signed"))
        let csv = (paths["/v1/worklists/unvisited-elderly"]?["get"] as? [String: Any]).flatMap {
            (($0["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any]
        }
        #expect(csv?["text/csv"] != nil && csv?["application/json"] != nil)
    }
}
