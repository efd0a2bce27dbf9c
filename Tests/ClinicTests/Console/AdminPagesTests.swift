import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The admin console over real HTTP: every form changes data as the API would (checked through the API), errors
/// come back next to their field with what was typed kept (never a password), changes that move booked
/// appointments say so first, and no other role opens an admin page.
@Suite struct AdminPagesTests {
    static let pages = [
        "/console/admin", "/console/admin/users", "/console/admin/doctors", "/console/admin/clinic",
        "/console/admin/rota", "/console/admin/audit",
    ]

    /// A browser signed in as a new admin, speaking English, and that admin's API client.
    static func admin(_ app: TestApp) async throws -> (ConsoleClient, APIClient) {
        let admin = try await app.signIn(.admin)
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = "en"
        #expect(try await browser.signIn(admin.user.username, admin.password).status == 303)
        return (browser, admin.client)
    }

    /// The last path segment of a redirect's Location, before its query.
    static func lastSegment(_ location: String?) -> String {
        String((location ?? "").split(separator: "?")[0].split(separator: "/").last ?? "")
    }

    @Test func aDoctorAndAUserAreCreatedAndChangedThroughTheForms() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        #expect(try await browser.get("/console/admin").bodyText.contains("href=\"/console/admin/rota\""))
        #expect(try await browser.get("/console/admin/doctors").status == 200)
        let created = try await browser.post(
            "/console/admin/doctors",
            [
                ("name", "Dr <script>alert(1)</script> Dolma"), ("institution", "County hospital"),
                ("languages", "bo"), ("languages", "zh"), ("modes", "onsite"), ("modes", "remote"),
                ("active", "true"),
            ])
        #expect(created.status == 303, "\(created.bodyText)")
        let doctorId = Self.lastSegment(created.header("Location"))
        let doctor = try await api.get("/v1/doctors/\(doctorId)")
        #expect(doctor.status == 200 && doctor.string("institution") == "County hospital")
        #expect(doctor.json["languages"] as? [String] == ["bo", "zh"])
        #expect((doctor.json["modes"] as? [String]).map(Set.init) == ["onsite", "remote"])

        let page = try await browser.get(created.header("Location")!)
        #expect(page.status == 200 && page.bodyText.contains("role=\"status\""))
        #expect(page.bodyText.contains("Dr &lt;script&gt;alert(1)&lt;/script&gt; Dolma"))
        #expect(!page.bodyText.contains("<script>alert(1)"))

        // Edit: an unticked box sends nothing, so the doctor is no longer active.
        let edited = try await browser.post(
            "/console/admin/doctors/\(doctorId)",
            [("name", "Dr Dolma"), ("institution", "County hospital"), ("languages", "bo"), ("modes", "home")])
        #expect(edited.status == 303, "\(edited.bodyText)")
        let changed = try await api.get("/v1/doctors/\(doctorId)")
        #expect(changed.string("name") == "Dr Dolma" && changed.json["active"] as? Bool == false)
        #expect(changed.json["modes"] as? [String] == ["home"])

        // Unavailability: recorded, then listed on the page.
        try await browser.get("/console/admin/doctors/\(doctorId)")
        // Over a year ahead: further than the API lists by default.
        let (awayFrom, awayTo) = (Fixture.today.adding(days: 400), Fixture.today.adding(days: 402))
        let awayFields = [("from", awayFrom.description), ("to", awayTo.description), ("reason", "Training in Lhasa")]
        // First the preview (nothing booked then: nothing displaced), changing nothing; then the confirmation.
        let preview = try await browser.post("/console/admin/doctors/\(doctorId)/unavailability", awayFields)
        #expect(preview.status == 200 && preview.bodyText.contains("id=\"preview-none\""))
        #expect(preview.bodyText.contains("name=\"dryRun\" value=\"false\""))
        #expect(try await api.get("/v1/doctors/\(doctorId)/unavailability?from=\(awayFrom)&to=\(awayTo)").items.isEmpty)
        let away = try await browser.post(
            "/console/admin/doctors/\(doctorId)/unavailability", awayFields + [("dryRun", "false")])
        #expect(away.status == 303, "\(away.bodyText)")
        let periods = try await api.get("/v1/doctors/\(doctorId)/unavailability?from=\(awayFrom)&to=\(awayTo)")
        #expect(periods.items.count == 1 && periods.items.first?["reason"] as? String == "Training in Lhasa")
        #expect(try await browser.get("/console/admin/doctors/\(doctorId)").bodyText.contains("Training in Lhasa"))
        let backwards = try await browser.post(
            "/console/admin/doctors/\(doctorId)/unavailability", [("from", "2031-05-03"), ("to", "2031-05-01")])
        #expect(backwards.status == 422 && backwards.bodyText.contains("id=\"f-to-error\""))
        #expect(backwards.bodyText.contains("value=\"2031-05-03\""))

        // A doctor's user account, tied to the doctor.
        try await browser.get("/console/admin/users")
        let user = try await browser.post(
            "/console/admin/users",
            [
                ("username", "dolma.doctor"), ("password", "a long enough password"), ("role", "doctor"),
                ("doctorId", doctorId),
            ])
        #expect(user.status == 303 && user.header("Location") == "/console/admin/users?done=created")
        let users = try await api.get("/v1/users")
        let made = try #require(users.items.first { $0["username"] as? String == "dolma.doctor" })
        #expect(made["role"] as? String == "doctor")
        #expect((made["doctorId"] as? String)?.lowercased() == doctorId.lowercased())
        let list = try await browser.get("/console/admin/users?done=created")
        #expect(list.bodyText.contains("dolma.doctor") && list.bodyText.contains("role=\"status\""))
    }

    @Test func aRefusedUserShowsErrorsNextToTheFieldsKeepsWhatWasTypedAndNeverThePassword() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        try await browser.get("/console/admin/users")
        let shortName = try await browser.post(
            "/console/admin/users", [("username", "x!"), ("password", "Hunter2 never echoed"), ("role", "staff")])
        #expect(shortName.status == 422)
        let page = shortName.bodyText
        #expect(page.contains("id=\"f-username-error\"") && page.contains("aria-invalid=\"true\""))
        #expect(page.contains("value=\"x!\"") && page.contains("role=\"alert\""))
        #expect(!page.contains("Hunter2"), "a password is never written back")
        #expect(page.contains("<option value=\"staff\" selected>"))

        let weak = try await browser.post(
            "/console/admin/users", [("username", "kept.name"), ("password", "short1"), ("role", "staff")])
        #expect(weak.status == 422 && weak.bodyText.contains("id=\"f-password-error\""))
        #expect(weak.bodyText.contains("value=\"kept.name\"") && !weak.bodyText.contains("short1"))
        let users = try await api.get("/v1/users")
        #expect(!users.items.contains { ["x!", "kept.name"].contains($0["username"] as? String) })
    }

    /// An admin makes a grid worker from the console: their grids typed as a list, their phone; a grid worker
    /// without grids is refused next to the field, and grids typed for another role are not sent.
    @Test func anAdminMakesAGridWorkerWithTheirGridsAndPhone() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        let form = try await browser.get("/console/admin/users")
        #expect(form.bodyText.contains("<option value=\"gridWorker\">") && form.bodyText.contains("id=\"f-grids\""))
        let made = try await browser.post(
            "/console/admin/users",
            [
                ("username", "yangzom.grid"), ("password", "a long enough password"), ("role", "gridWorker"),
                ("grids", " North 3，North 12、 North 3 ,, "), ("phone", "139 0891 7001"),
            ])
        #expect(made.status == 303 && made.header("Location") == "/console/admin/users?done=created", "\(made.bodyText)")
        let users = try await api.get("/v1/users").items
        let worker = try #require(users.first { $0["username"] as? String == "yangzom.grid" })
        #expect(worker["role"] as? String == "gridWorker" && worker["phone"] as? String == "139 0891 7001")
        #expect(worker["grids"] as? [String] == ["North 3", "North 12"])
        let list = try await browser.get("/console/admin/users?done=created").bodyText
        #expect(list.contains("North 3, North 12") && list.contains("139 0891 7001"))
        // The worker signs in and sees their round.
        let signedIn = try await app.anonymous.post(
            "/v1/auth/login", ["username": "yangzom.grid", "password": "a long enough password"])
        #expect(signedIn.status == 200)

        let noGrids = try await browser.post(
            "/console/admin/users",
            [("username", "no.grids"), ("password", "a long enough password"), ("role", "gridWorker"), ("grids", " , ")])
        #expect(noGrids.status == 422 && noGrids.bodyText.contains("id=\"f-grids-error\""), "\(noGrids.bodyText)")
        let staff = try await browser.post(
            "/console/admin/users",
            [
                ("username", "desk.with.grids"), ("password", "a long enough password"), ("role", "staff"),
                ("grids", "North 3"), ("phone", "139 0891 7002"),
            ])
        #expect(staff.status == 303, "\(staff.bodyText)")
        let desk = try #require(try await api.get("/v1/users").items.first { $0["username"] as? String == "desk.with.grids" })
        #expect((desk["grids"] as? [String] ?? []).isEmpty && desk["phone"] == nil)
    }

    @Test func theClinicSettingsChangeThroughTheForm() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        let form = try await browser.get("/console/admin/clinic")
        #expect(form.status == 200 && form.bodyText.contains("value=\"Asia/Shanghai\""))
        #expect(form.bodyText.contains("name=\"sessions[1].start\" type=\"time\" value=\"15:00\""))
        var fields: [(String, String)] = [
            ("name", "Community Smart Health Room"), ("timeZone", "Asia/Shanghai"), ("clinicWeekdays", "2"),
            ("clinicWeekdays", "4"), ("sessions[0].name", "morning"), ("sessions[0].start", "09:30"),
            ("sessions[0].end", "12:30"), ("sessions[1].name", "afternoon"), ("sessions[1].start", "15:00"),
            ("sessions[1].end", "18:00"), ("sessions[2].name", ""), ("sessions[2].start", ""), ("sessions[2].end", ""),
            ("slotMinutes.remote", "20"), ("slotMinutes.home", "60"), ("priorityHoldHours", "36"),
        ]
        let wrong = try await browser.post("/console/admin/clinic", fields + [("slotMinutes.onsite", "7")])
        #expect(wrong.status == 422 && wrong.bodyText.contains("id=\"f-slotMinutes-onsite-error\""))
        #expect(wrong.bodyText.contains("value=\"7\"") && wrong.bodyText.contains("value=\"36\""))
        #expect(try await api.get("/v1/clinic").json["priorityHoldHours"] as? Int == 24, "nothing changed")

        fields.append(("slotMinutes.onsite", "15"))
        let saved = try await browser.post("/console/admin/clinic", fields)
        #expect(saved.status == 303 && saved.header("Location") == "/console/admin/clinic?done=saved")
        let settings = try await api.get("/v1/clinic")
        #expect(settings.json["priorityHoldHours"] as? Int == 36)
        #expect((settings.json["sessions"] as? [[String: Any]])?.count == 2)
        #expect(try await browser.get("/console/admin/clinic").bodyText.contains("value=\"36\""))
        // Back to the default, for the other tests of the suite.
        var restore = fields.filter { $0.0 != "priorityHoldHours" }
        restore.append(("priorityHoldHours", "24"))
        #expect(try await browser.post("/console/admin/clinic", restore).status == 303)
    }

    @Test func aClosureIsAddedAndRemoved() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        try await browser.get("/console/admin/clinic")
        let noReason = try await browser.post("/console/admin/clinic/closures", [("date", "2032-02-12")])
        #expect(noReason.status == 422 && noReason.bodyText.contains("id=\"f-reason-error\""))
        #expect(noReason.bodyText.contains("value=\"2032-02-12\""))

        let closure = [("date", "2032-02-12"), ("reason", "Losar <b>holiday</b>")]
        let preview = try await browser.post("/console/admin/clinic/closures", closure)
        #expect(preview.status == 200 && preview.bodyText.contains("id=\"preview-confirm\""))
        #expect(preview.bodyText.contains("value=\"Losar &lt;b&gt;holiday&lt;/b&gt;\""))
        #expect(try await api.get("/v1/clinic/closures?from=2032-02-12&to=2032-02-12").items.isEmpty)
        let added = try await browser.post("/console/admin/clinic/closures", closure + [("dryRun", "false")])
        #expect(added.status == 303, "\(added.bodyText)")
        let closures = try await api.get("/v1/clinic/closures?from=2032-02-12&to=2032-02-12")
        #expect(closures.items.count == 1)
        let page = try await browser.get("/console/admin/clinic")
        #expect(page.bodyText.contains("Losar &lt;b&gt;holiday&lt;/b&gt;"))
        #expect(page.bodyText.contains("action=\"/console/admin/clinic/closures/2032-02-12/delete\""))

        let removed = try await browser.post("/console/admin/clinic/closures/2032-02-12/delete", [])
        #expect(removed.status == 303)
        #expect(try await api.get("/v1/clinic/closures?from=2032-02-12&to=2032-02-12").items.isEmpty)
    }

    @Test func generatingARangeAgainOffersToReplaceIt() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        #expect(try await api.post("/v1/doctors", ["name": "Dr Rota", "modes": ["onsite"]]).status == 201)
        let from = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 700))
        let to = from.adding(days: 6)
        let range = [("from", from.description), ("to", to.description)]
        try await browser.get("/console/admin/rota")
        let first = try await browser.post("/console/admin/rota/generate", range)
        #expect(first.status == 303, "\(first.bodyText)")
        #expect(first.header("Location") == "/console/admin/rota?from=\(from)&to=\(to)&done=generated")
        let rota = try await browser.get(first.header("Location")!)
        #expect(rota.bodyText.contains("id=\"rota-table\"") && rota.bodyText.contains("role=\"status\""))
        let assignments = try await api.get("/v1/rota?from=\(from)&to=\(to)").items
        #expect(!assignments.isEmpty)

        let again = try await browser.post("/console/admin/rota/generate", range)
        #expect(again.status == 409 && again.bodyText.contains("id=\"rota-conflict\""))
        #expect(again.bodyText.contains("keeps every assignment that has booked appointments"))
        #expect(again.bodyText.contains("id=\"rota-replace\""))
        let replaced = try await browser.post("/console/admin/rota/generate", range + [("replace", "true")])
        #expect(replaced.status == 303)

        let backwards = try await browser.post(
            "/console/admin/rota/generate", [("from", to.description), ("to", from.description)])
        #expect(backwards.status == 422 && backwards.bodyText.contains("id=\"f-to-error\""), "\(backwards.status)")
    }

    @Test func aSwapThatMovesBookedAppointmentsAsksFirst() async throws {
        let app = try await TestApp.forSuite()
        let (browser, api) = try await Self.admin(app)
        let staff = try await app.signIn(.staff)
        #expect(try await api.post("/v1/doctors", ["name": "Dr First", "modes": ["onsite"]]).status == 201)
        let date = Fixture.next(4, onOrAfter: Fixture.today.adding(days: 900))
        let generated = try await api.post("/v1/rota/generate", ["from": date.description, "to": date.description])
        #expect(generated.status == 201)
        let assignments = try await api.get("/v1/rota?from=\(date)&to=\(date)").items
        let assignment = try #require(assignments.first)
        let id = try #require(assignment["id"] as? String)
        let doctorA = try #require(assignment["doctorId"] as? String)
        let (start, end) = (assignment["start"] as? String ?? "", assignment["end"] as? String ?? "")

        // One booked appointment in that session.
        let slots = try await staff.client.get("/v1/slots?from=\(date)&to=\(date)&doctorId=\(doctorA)").items
        let slot = try #require(
            slots.first {
                $0["priorityOnly"] as? Bool == false && ($0["start"] as? String ?? "") >= start
                    && ($0["start"] as? String ?? "") < end
            })
        let resident = try await Fixture.resident("Swap Resident", pool: app.pool)
        let booked = try await staff.client.post(
            "/v1/appointments",
            ["slotId": slot["id"] as! String, "residentId": resident.id.uuidString, "mode": slot["mode"] as! String])
        #expect(booked.status == 201, "\(booked.text)")

        let cover = try await api.post(
            "/v1/doctors", ["name": "Dr <i>Cover</i>", "modes": ["onsite", "remote", "home"]])
        let doctorB = try #require(cover.string("id"))
        let page = try await browser.get("/console/admin/rota?from=\(date)&to=\(date)")
        #expect(page.bodyText.contains("id=\"swap-\(id)\""))
        let fields = [
            ("doctorId", doctorB), ("date", date.description), ("from", date.description),
            ("to", date.description),
        ]
        let asked = try await browser.post("/console/admin/rota/assignments/\(id)", fields)
        #expect(asked.status == 200 && asked.bodyText.contains("id=\"swap-warning\""))
        #expect(asked.bodyText.contains("1 booked appointment will move to Dr &lt;i&gt;Cover&lt;/i&gt;."))
        #expect(
            asked.bodyText.contains("id=\"swap-confirm\"") && asked.bodyText.contains("name=\"confirm\" value=\"1\""))
        let unchanged = try await api.get("/v1/rota?from=\(date)&to=\(date)").items.first { $0["id"] as? String == id }
        #expect(unchanged?["doctorId"] as? String == doctorA, "nothing changes before the confirmation")

        let confirmed = try await browser.post("/console/admin/rota/assignments/\(id)", fields + [("confirm", "1")])
        #expect(confirmed.status == 303, "\(confirmed.bodyText)")
        let swapped = try await api.get("/v1/rota?from=\(date)&to=\(date)").items.first { $0["id"] as? String == id }
        #expect(swapped?["doctorId"] as? String == doctorB)

        // Generating the day again keeps the assignment with its booking, and says so.
        try await browser.get("/console/admin/rota")
        let regenerated = try await browser.post(
            "/console/admin/rota/generate",
            [("from", date.description), ("to", date.description), ("replace", "true")])
        #expect(regenerated.status == 303 && regenerated.header("Location")?.contains("kept=1") == true)
        let kept = try await browser.get(regenerated.header("Location")!)
        #expect(kept.bodyText.contains("1 assignment with appointments was kept as it was."))
        let still = try await api.get("/v1/rota?from=\(date)&to=\(date)").items.first { $0["id"] as? String == id }
        #expect(still?["doctorId"] as? String == doctorB)

        // A doctor away that day: the API's 409 shows above the rota.
        let away = try await api.post("/v1/doctors", ["name": "Dr Away", "modes": ["onsite", "remote", "home"]])
        let doctorC = try #require(away.string("id"))
        #expect(
            try await api.post(
                "/v1/doctors/\(doctorC)/unavailability", ["from": date.description, "to": date.description]
            ).status == 201)
        try await browser.get("/console/admin/rota?from=\(date)&to=\(date)")
        let refused = try await browser.post(
            "/console/admin/rota/assignments/\(id)",
            [("doctorId", doctorC), ("date", date.description), ("confirm", "1")])
        #expect(refused.status == 409 && refused.bodyText.contains("id=\"swap-problem\""))
    }

    @Test func theAuditLogListsAReadOfAResident() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await Self.admin(app)
        let staff = try await app.signIn(.staff)
        let resident = try await Fixture.resident("Audited Resident", pool: app.pool)
        #expect(try await staff.client.get("/v1/residents/\(resident.id.uuidString)").status == 200)

        let log = try await browser.get("/console/admin/audit?residentId=\(resident.id.uuidString)")
        #expect(log.status == 200 && log.bodyText.contains("id=\"audit-table\""))
        #expect(log.bodyText.contains(staff.user.username) && log.bodyText.contains("read"))
        #expect(log.bodyText.lowercased().contains(resident.id.uuidString.lowercased()))
        #expect(log.bodyText.contains("Audited Resident"), "whose file: the name, a link to the resident")
        #expect(log.bodyText.contains("127.0.0.1"))
        let today = Fixture.today
        let dated = try await browser.get(
            "/console/admin/audit?residentId=\(resident.id.uuidString)&from=\(today.adding(days: -1))&to=\(today)")
        #expect(dated.status == 200 && dated.bodyText.contains(staff.user.username))
        let future = try await browser.get(
            "/console/admin/audit?residentId=\(resident.id.uuidString)&from=\(today.adding(days: 2))")
        #expect(future.status == 200 && !future.bodyText.contains("id=\"audit-table\""))

        let bad = try await browser.get("/console/admin/audit?residentId=not-an-id")
        #expect(bad.status == 422 && bad.bodyText.contains("id=\"f-residentId-error\""))
        #expect(bad.bodyText.contains("value=\"not-an-id\""))
    }

    @Test func theAuditLogPagesWithTheCursor() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await Self.admin(app)
        let staff = try await app.signIn(.staff)
        let resident = try await Fixture.resident("Often Read", pool: app.pool)
        for _ in 0..<52 { _ = try await staff.client.get("/v1/residents/\(resident.id.uuidString)") }
        let first = try await browser.get("/console/admin/audit?residentId=\(resident.id.uuidString)")
        #expect(first.status == 200 && first.bodyText.contains("id=\"audit-next\""))
        let html = first.bodyText
        let start = try #require(html.range(of: "id=\"audit-next\" href=\""))
        let rest = html[start.upperBound...]
        let href = String(rest[..<rest.firstIndex(of: "\"")!]).replacingOccurrences(of: "&amp;", with: "&")
        #expect(href.contains("residentId=") && href.contains("cursor="))
        let second = try await browser.get(href)
        #expect(second.status == 200 && second.bodyText.contains("id=\"audit-table\""))
        #expect(!second.bodyText.contains("id=\"audit-next\""))
    }

    @Test func staffAndDoctorsGet403OnEveryAdminPage() async throws {
        let app = try await TestApp.forSuite()
        for role in [Role.staff, .doctor] {
            let user = try await app.signIn(role)
            let browser = ConsoleClient(app: app)
            #expect(try await browser.signIn(user.user.username, user.password).status == 303)
            for page in Self.pages + ["/console/admin/doctors/\(UUID().uuidString)"] {
                #expect(try await browser.get(page).status == 403, "\(role) \(page)")
            }
            try await browser.get("/console/")
            let post = try await browser.post(
                "/console/admin/users",
                [
                    ("username", "sneaky.one"), ("password", "a long enough password"),
                    ("role", "admin"),
                ])
            #expect(post.status == 403, "\(role)")
            #expect(try await browser.post("/console/admin/clinic/closures", [("date", "2033-01-01")]).status == 403)
        }
        let admin = try await app.signIn(.admin)
        let users = try await admin.client.get("/v1/users")
        #expect(!users.items.contains { $0["username"] as? String == "sneaky.one" })
    }
}
