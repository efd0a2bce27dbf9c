import ClinicSupport
import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The doctor's console pages over real HTTP: the day list, recording a consultation through the form (errors next
/// to their fields, typed values kept), signing and addenda, assessments, and what staff never see.
@Suite struct DoctorPagesTests {
    typealias F = ClinicalFixtures

    /// A console browser signed in as a new user of `role`, reading English.
    static func browser(_ app: TestApp, _ role: Role, doctorId: UUID? = nil) async throws
        -> (ConsoleClient, TestApp.SignedIn)
    {
        let user = try await app.signIn(role, doctorId: doctorId)
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = "en"
        let signedIn = try await browser.signIn(user.user.username, user.password)
        #expect(signedIn.status == 303)
        return (browser, user)
    }

    static func resident(_ app: TestApp, latin: String, bo: String? = nil) async throws -> UUID {
        let id = try await app.pool.withConnection { try await F.resident(age: 80, name: latin, on: $0) }
        if let bo { try await app.pool.query("UPDATE residents SET name_bo = \(bo) WHERE id = \(id)") }
        return id
    }

    /// A `datetime-local` value in the clinic's zone (Asia/Shanghai in tests).
    static func local(minutesAgo: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = F.shanghai
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: Date().addingTimeInterval(-minutesAgo * 60))
    }

    /// The form's fields for a remote consultation of `residentId`; `extra` replaces or adds fields.
    static func consultationFields(_ residentId: UUID, _ extra: [(String, String)] = []) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("residentId", residentId.uuidString), ("appointmentId", ""), ("idempotencyKey", UUID().uuidString),
            ("mode", "remote"), ("channel", ""), ("startedAt", local(minutesAgo: 25)),
            ("endedAt", local(minutesAgo: 5)), ("notes.subjective", "Knee pain zq-subjective-7731"),
            ("notes.objective", ""), ("notes.assessment", "Osteoarthritis zq-assessment-7731"), ("notes.plan", ""),
            ("treatments.0.kind", "tibetanPlaster"), ("treatments.0.text", "Plaster zq-treatment-7731"),
        ]
        for (name, value) in extra {
            fields.removeAll { $0.0 == name }
            fields.append((name, value))
        }
        return fields
    }

    @Test func aDoctorSeesTheirDayListWithNamesAndLinksToRecordEach() async throws {
        let app = try await TestApp.forSuite()
        let (browser, doctor) = try await Self.browser(app, .doctor)
        let residentId = try await Self.resident(app, latin: "Tashi Dolma", bo: "བཀྲ་ཤིས་སྒྲོལ་མ།")
        let hostile = try await Self.resident(app, latin: "<script>alert(1)</script>")
        // Tomorrow at 10:00 in the clinic's zone: both appointments fall on one day whatever the time of the run.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = F.shanghai
        let start = calendar.date(
            bySettingHour: 10, minute: 0, second: 0, of: calendar.date(byAdding: .day, value: 1, to: Date())!)!
        let day = LocalDate(start, in: F.shanghai)
        let appointmentId = try await app.pool.withConnection {
            try await F.appointment(residentId: residentId, doctorId: doctor.doctorId!, start: start, on: $0)
        }
        _ = try await app.pool.withConnection {
            try await F.appointment(
                residentId: hostile, doctorId: doctor.doctorId!, start: start.addingTimeInterval(3600), on: $0)
        }
        // Where to reach each: the phone to call for a remote consultation, the door for a home visit; the
        // interpreter's language by its name.
        try await app.pool.query(
            "UPDATE residents SET phone = '139 0891 6001', address = 'No. 9, Lhalu Road', grid = 'Grid 4' WHERE id = \(residentId)")
        try await app.pool.query("UPDATE appointments SET interpreter = 'bo' WHERE id = \(appointmentId)")
        let visited = try await Self.resident(app, latin: "Home Visit")
        try await app.pool.query("UPDATE residents SET address = 'No. 12, Barkor', grid = 'Grid 7' WHERE id = \(visited)")
        _ = try await app.pool.withConnection {
            try await F.appointment(
                residentId: visited, doctorId: doctor.doctorId!, start: start.addingTimeInterval(7200), mode: "home",
                on: $0)
        }
        let page = try await browser.get("/console/?date=\(day)")
        #expect(page.status == 200)
        let html = page.bodyText
        #expect(html.contains("Tashi Dolma") && html.contains("བཀྲ་ཤིས་སྒྲོལ་མ།"), "\(html)")
        #expect(html.contains("href=\"/console/residents/\(residentId.uuidString)/health-file\""))
        #expect(html.contains("class=\"consult-link\""))
        #expect(
            html.contains(
                "appointmentId=\(appointmentId.uuidString)&amp;residentId=\(residentId.uuidString)&amp;mode=remote"))
        #expect(!html.contains("<script>alert(1)</script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("id=\"drafts-count\">0<"))
        #expect(html.contains("href=\"tel:13908916001\">☎ 139 0891 6001</a>"), "\(html)")
        #expect(html.contains("No. 12, Barkor") && html.contains("Grid 7") && !html.contains("No. 9, Lhalu Road"))
        #expect(html.contains("Interpreter: བོད་ཡིག") && !html.contains("Interpreter: bo<"))
        #expect(!html.contains("Health room</th>"), "one room: no room column")

        let rota = try await browser.get("/console/rota?from=\(day)")
        #expect(rota.status == 200 && rota.bodyText.contains("id=\"rota\""))
        #expect(try await browser.get("/console/rota?from=junk").status == 400)
    }

    /// A visiting doctor who serves two health rooms sees which room each appointment and session is in; a doctor
    /// of one room sees no such column (`aDoctorSeesTheirDayListWithNamesAndLinksToRecordEach`).
    @Test func aDoctorServingTwoRoomsSeesEachRowsRoom() async throws {
        let app = try await TestApp.forSuite()
        let doctorId = try await app.pool.withConnection { try await F.doctor("Dr Two Rooms", on: $0) }
        let other = try await F.clinic("Upper Valley Health Room", pool: app.pool)
        let residentId = try await Self.resident(app, latin: "Norbu of the Upper Valley")
        try await app.pool.query("UPDATE residents SET clinic_id = \(other) WHERE id = \(residentId)")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = F.shanghai
        let start = calendar.date(
            bySettingHour: 10, minute: 0, second: 0, of: calendar.date(byAdding: .day, value: 1, to: Date())!)!
        let day = LocalDate(start, in: F.shanghai)
        _ = try await app.pool.withConnection {
            try await F.appointment(residentId: residentId, doctorId: doctorId, start: start, on: $0)
        }
        let (browser, _) = try await Self.browser(app, .doctor, doctorId: doctorId)
        let dayPage = try await browser.get("/console/?date=\(day)").bodyText
        #expect(dayPage.contains("<th scope=\"col\">Health room</th>"), "\(dayPage)")
        #expect(dayPage.contains("<td>Upper Valley Health Room</td>") && dayPage.contains("Norbu of the Upper Valley"))
        let rota = try await browser.get("/console/rota?from=\(day)").bodyText
        #expect(rota.contains("<th scope=\"col\">Health room</th>") && rota.contains("<td>Upper Valley Health Room</td>"))
    }

    /// The form shows minutes: a time left as shown is not sent back, so a draft's seconds stay; a changed one is.
    @Test func aDraftsTimesKeepTheirSecondsUnlessTheFormChangesThem() {
        let draft: JSONValue = .object([
            "residentId": .string(UUID().uuidString), "mode": .string("onsite"),
            "startedAt": .string("2026-12-01T09:30:45+08:00"), "endedAt": .string("2026-12-01T09:50:20+08:00"),
            "updatedAt": .string("2026-12-01T09:51:00.123456+08:00"),
        ])
        var form = ConsultationForm(draft: draft, zone: F.shanghai)
        #expect(form["startedAt"] == "2026-12-01T09:30" && form["endedAt"] == "2026-12-01T09:50")
        #expect(form["updatedAt"] == "2026-12-01T09:51:00.123456+08:00")
        let unchanged = form.patch(of: draft, zone: F.shanghai).members
        #expect(unchanged["startedAt"] == nil && unchanged["endedAt"] == nil && unchanged["updatedAt"] == nil)
        form.values["endedAt"] = "2026-12-01T10:05"
        let changed = form.patch(of: draft, zone: F.shanghai).members
        #expect(changed["startedAt"] == nil && changed["endedAt"]?.string?.hasPrefix("2026-12-01T10:05") == true)
    }

    @Test func aDoctorRecordsARemoteConsultationSignsItAndAddsAnAddendum() async throws {
        let app = try await TestApp.forSuite()
        let (browser, doctor) = try await Self.browser(app, .doctor)
        let residentId = try await Self.resident(app, latin: "Pema Lhamo")
        let form = try await browser.get("/console/consultations/new?residentId=\(residentId)&mode=remote")
        #expect(form.status == 200 && form.bodyText.contains("id=\"consultation-form\""))
        #expect(form.bodyText.contains("id=\"save-consultation\"") && form.bodyText.contains("Pema Lhamo"))

        // No channel for a remote consultation: the API's error next to the channel field, the notes kept.
        let missing = try await browser.post("/console/consultations/new", Self.consultationFields(residentId))
        #expect(missing.status == 422)
        #expect(missing.bodyText.contains("id=\"f-channel-error\">is required for a remote consultation"))
        #expect(missing.bodyText.contains("Knee pain zq-subjective-7731"))
        #expect(missing.bodyText.contains("Plaster zq-treatment-7731"))

        // An impossible blood pressure and a diagnosis row without text: each error beside its own field.
        let wrong = try await browser.post(
            "/console/consultations/new",
            Self.consultationFields(
                residentId,
                [
                    ("channel", "video"), ("vitals.systolic", "900"), ("diagnoses.1.code", "I10"),
                    ("diagnoses.1.text", ""),
                ]))
        #expect(wrong.status == 422)
        #expect(wrong.bodyText.contains("id=\"f-vitals-systolic-error\">must be at most 300"), "\(wrong.bodyText)")
        #expect(wrong.bodyText.contains("value=\"900\""))
        #expect(wrong.bodyText.contains("id=\"f-diagnoses-1-text-error\">must not be empty"))

        let fields = Self.consultationFields(
            residentId, [("channel", "video"), ("vitals.systolic", "150"), ("vitals.diastolic", "95")])
        let saved = try await browser.post("/console/consultations/new", fields)
        #expect(saved.status == 303)
        let location = try #require(saved.header("Location"))
        // The same form sent twice (a double click, a resend after a lost answer) records one consultation.
        let again = try await browser.post("/console/consultations/new", fields)
        #expect(again.status == 303 && again.header("Location") == location)
        #expect(location.hasPrefix("/console/consultations/") && location.hasSuffix("?done=saved"))
        let id = String(location.dropFirst("/console/consultations/".count).prefix(36))
        let created = try await doctor.client.get("/v1/consultations/\(id)")
        #expect(created.status == 200 && created.string("channel") == "video" && created.string("mode") == "remote")
        #expect((created.json["notes"] as? [String: Any])?["subjective"] as? String == "Knee pain zq-subjective-7731")
        #expect((created.json["vitals"] as? [String: Any])?["systolic"] as? Int == 150)
        #expect(created.json["signed"] as? Bool == false)

        let draft = try await browser.get(location)
        #expect(draft.status == 200 && draft.bodyText.contains("id=\"sign-button\""))
        #expect(draft.bodyText.contains("data-confirm=") && draft.bodyText.contains("Knee pain zq-subjective-7731"))
        #expect(!draft.bodyText.contains("id=\"addendum-form\""))
        let drafts = try await browser.get("/console/drafts")
        #expect(drafts.status == 200 && drafts.bodyText.contains("/console/consultations/\(id)"))

        // The draft changes in the same form, filled from what was saved; what the form clears is cleared.
        #expect(draft.bodyText.contains("href=\"/console/consultations/\(id)/edit\""))
        let editForm = try await browser.get("/console/consultations/\(id)/edit")
        #expect(editForm.status == 200 && editForm.bodyText.contains("action=\"/console/consultations/\(id)/edit\""))
        #expect(editForm.bodyText.contains("Knee pain zq-subjective-7731") && editForm.bodyText.contains("value=\"150\""))
        #expect(editForm.bodyText.contains("<option value=\"video\" selected>"), "\(editForm.bodyText)")
        let opened = try #require(ConsoleClient.hidden("updatedAt", in: editForm.bodyText))
        let badEdit = try await browser.post(
            "/console/consultations/\(id)/edit",
            Self.consultationFields(
                residentId, [("channel", "video"), ("vitals.systolic", "900"), ("updatedAt", opened)]))
        #expect(badEdit.status == 422 && badEdit.bodyText.contains("id=\"f-vitals-systolic-error\""))
        #expect(badEdit.bodyText.contains("value=\"900\""))
        // A form opened before the draft changed elsewhere (another tab, the API) is not saved over it: 409, the form
        // again with the typed values, and the draft unchanged.
        let elsewhere = try await doctor.client.patch("/v1/consultations/\(id)", ["advice": "Rest zq-elsewhere-7731"])
        #expect(elsewhere.status == 200)
        let stale = try await browser.post(
            "/console/consultations/\(id)/edit",
            Self.consultationFields(residentId, [("channel", "video"), ("advice", "stale"), ("updatedAt", opened)]))
        #expect(stale.status == 409 && stale.bodyText.contains("changed after you opened it"), "\(stale.bodyText)")
        #expect(try await doctor.client.get("/v1/consultations/\(id)").string("advice") == "Rest zq-elsewhere-7731")
        let current = try #require(ConsoleClient.hidden("updatedAt", in: stale.bodyText))
        #expect(current != opened)
        let edited = try await browser.post(
            "/console/consultations/\(id)/edit",
            Self.consultationFields(
                residentId,
                [
                    ("updatedAt", current),
                    ("channel", "phone"), ("vitals.systolic", ""), ("vitals.diastolic", "90"),
                    ("notes.assessment", "Osteoarthritis, worse zq-assessment-7731"), ("diagnoses.0.code", "M17"),
                    ("diagnoses.0.text", "Knee osteoarthritis"), ("treatments.0.kind", ""), ("treatments.0.text", ""),
                ]))
        #expect(edited.status == 303 && edited.header("Location") == "/console/consultations/\(id)?done=saved")
        let changed = try await doctor.client.get("/v1/consultations/\(id)").json
        #expect(changed["channel"] as? String == "phone")
        #expect((changed["notes"] as? [String: Any])?["assessment"] as? String == "Osteoarthritis, worse zq-assessment-7731")
        let vitals = changed["vitals"] as? [String: Any] ?? [:]
        #expect(vitals["systolic"] == nil && vitals["diastolic"] as? Int == 90, "\(vitals)")
        #expect((changed["diagnoses"] as? [[String: Any]])?.first?["code"] as? String == "M17")
        #expect((changed["treatments"] as? [Any] ?? []).isEmpty)
        let editedPage = try await browser.get("/console/consultations/\(id)?done=saved").bodyText
        #expect(editedPage.contains("<h2>Treatments</h2><p class=\"muted\">None</p>"), "an empty list says so")
        // Another doctor cannot open it for editing.
        let (otherBrowser, _) = try await Self.browser(app, .doctor)
        #expect(try await otherBrowser.get("/console/consultations/\(id)/edit").status == 403)

        let signed = try await browser.post("/console/consultations/\(id)/sign", [])
        #expect(signed.status == 303 && signed.header("Location") == "/console/consultations/\(id)?done=signed")
        #expect(try await doctor.client.get("/v1/consultations/\(id)").json["signed"] as? Bool == true)
        let after = try await browser.get("/console/consultations/\(id)?done=signed")
        #expect(!after.bodyText.contains("id=\"sign-button\"") && after.bodyText.contains("id=\"addendum-form\""))
        #expect(!after.bodyText.contains("id=\"edit-draft\""))
        let signedEdit = try await browser.get("/console/consultations/\(id)/edit")
        #expect(signedEdit.status == 303 && signedEdit.header("Location") == "/console/consultations/\(id)")

        let emptyAddendum = try await browser.post("/console/consultations/\(id)/addenda", [("text", "  ")])
        #expect(emptyAddendum.status == 422 && emptyAddendum.bodyText.contains("id=\"f-text-error\""))
        let added = try await browser.post(
            "/console/consultations/\(id)/addenda", [("text", "Called back zq-addendum-7731")])
        #expect(added.status == 303)
        let withAddendum = try await doctor.client.get("/v1/consultations/\(id)")
        #expect(
            (withAddendum.json["addenda"] as? [[String: Any]])?.first?["text"] as? String
                == "Called back zq-addendum-7731")
        #expect(try await browser.get("/console/consultations/\(id)").bodyText.contains("zq-addendum-7731"))

        // Staff: no consultation form, and no notes, treatments or addenda on any page they get.
        let (staff, _) = try await Self.browser(app, .staff)
        #expect(try await staff.get("/console/consultations/new?residentId=\(residentId)").status == 403)
        #expect(try await staff.get("/console/drafts").status == 403)
        for path in ["/console/consultations/\(id)", "/console/residents/\(residentId)/health-file"] {
            let page = try await staff.get(path)
            #expect(page.status == 200, "\(path)")
            #expect(!page.bodyText.contains("zq-"), "\(path) shows clinical text to staff")
        }
        let doctorFile = try await browser.get("/console/residents/\(residentId)/health-file")
        #expect(doctorFile.status == 200 && doctorFile.bodyText.contains("zq-assessment-7731"))
        #expect(doctorFile.bodyText.contains(" · 80 years</p>"), "the file's head gives the age")
    }

    @Test func anAssessmentShowsItsScoreAndBand() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await Self.browser(app, .doctor)
        let residentId = try await Self.resident(app, latin: "Dawa Tsering")
        let path = "/console/residents/\(residentId)/assessments/new"
        let form = try await browser.get(path)
        #expect(form.status == 200 && form.bodyText.contains("name=\"items.transfers\" value=\"15\""))
        let items = [
            ("feeding", "10"), ("bathing", "0"), ("grooming", "5"), ("dressing", "5"), ("bowels", "10"),
            ("bladder", "10"), ("toiletUse", "5"), ("transfers", "10"), ("mobility", "10"),
        ]
        let fields =
            [("kind", "barthel"), ("takenAt", Self.local(minutesAgo: 10))] + items.map { ("items." + $0.0, $0.1) }
        let missing = try await browser.post(path, fields)
        #expect(missing.status == 422 && missing.bodyText.contains("is required"))
        #expect(missing.bodyText.contains("id=\"f-items-stairs\" class=\"invalid\""))
        #expect(missing.bodyText.contains("name=\"items.feeding\" value=\"10\" checked"))

        let saved = try await browser.post(path, fields + [("items.stairs", "0")])
        #expect(saved.status == 303)
        let location = try #require(saved.header("Location"))
        #expect(location.hasPrefix("/console/residents/\(residentId)/health-file?done=assessment"))
        let result = try await browser.get(location)
        #expect(result.status == 200)
        #expect(result.bodyText.contains("id=\"assessment-score\">65<"), "\(result.bodyText)")
        #expect(
            result.bodyText.contains("data-band=\"moderateDependency\"")
                && result.bodyText.contains("Moderate dependency"))

        // A problem through the health file's small form: a blank one comes back with the error beside it.
        let filePath = "/console/residents/\(residentId)/health-file"
        let blank = try await browser.post(
            filePath + "/problems", [("code", "E11"), ("text", " "), ("status", "active")])
        #expect(blank.status == 422 && blank.bodyText.contains("id=\"f-text-error\""))
        #expect(blank.bodyText.contains("value=\"E11\""))
        let problem = try await browser.post(
            filePath + "/problems", [("code", "E11"), ("text", "Diabetes zq-problem"), ("status", "active")])
        #expect(problem.status == 303 && problem.header("Location") == filePath + "?done=problems")
        #expect(try await browser.get(filePath).bodyText.contains("Diabetes zq-problem"))
        let (staff, _) = try await Self.browser(app, .staff)
        // Staff read the file (which gives them a form token) but get no form, and the route refuses them.
        #expect(!(try await staff.get(filePath).bodyText.contains("id=\"problem-form\"")))
        let refused = try await staff.post(filePath + "/problems", [("text", "x")])
        #expect(refused.status == 403 && !refused.bodyText.contains("expired"))
    }
}
