import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The console's resident pages over real HTTP and a real database: finding, registering, editing, a resident's
/// page (no consultation notes for staff), the printable summary and the CSV passed through, the work lists, and
/// names that look like markup shown as text.
@Suite struct ResidentPagesTests {
    /// A run of characters from `base` on, spelled from a UUID, so each test's names are its own.
    static func unique(_ base: UInt32, _ count: Int = 4) -> String {
        let hex = Array(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().utf8)
        return String(String.UnicodeScalarView(hex.prefix(count).map { Unicode.Scalar(base + UInt32($0 % 16))! }))
    }

    static func digits(_ count: Int) -> String { String((0..<count).map { _ in "0123456789".randomElement()! }) }

    /// A browser signed in as a new user of `role`, reading English.
    static func browser(_ app: TestApp, _ role: Role) async throws -> (ConsoleClient, TestApp.SignedIn) {
        let user = try await app.signIn(role)
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = "en"
        let signedIn = try await browser.signIn(user.user.username, user.password)
        #expect(signedIn.status == 303)
        return (browser, user)
    }

    static func register(_ client: APIClient, _ body: [String: Any]) async throws -> String {
        let created = try await client.post("/v1/residents", body)
        return try #require(created.string("id"), "\(created.status) \(created.text)")
    }

    @Test func searchFindsAResidentByTibetanChinesePhoneAndIDTail() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let tibetan = "བཀྲ་ཤིས་" + Self.unique(0x0F40)
        let chinese = "扎西" + Self.unique(0x4E00)
        let phone = "139" + Self.digits(8)
        let idNumber = "54010219500101" + Self.digits(4)
        let id = try await Self.register(
            staff.client,
            [
                "names": ["bo": tibetan, "zh": chinese, "latin": "Tashi"], "sex": "male", "birthDate": "1950-01-01",
                "phone": phone, "idNumber": idNumber, "grid": "north-1", "flags": ["livesAlone"],
            ])
        let link = "<a class=\"resident-link\" href=\"/console/residents/\(id)\">"
        for q in [tibetan, chinese, phone, String(idNumber.suffix(4))] {
            let page = try await browser.get("/console/residents?q=" + ConsoleClient.encode(q))
            #expect(page.status == 200, "\(q)")
            #expect(page.bodyText.contains("id=\"residents\""), "\(q)")
            #expect(page.bodyText.contains(link), "q=\(q) did not find the resident")
        }
        let page = try await browser.get("/console/residents?q=" + ConsoleClient.encode(tibetan))
        #expect(page.bodyText.contains(tibetan) && page.bodyText.contains(chinese) && page.bodyText.contains(phone))
        #expect(
            page.bodyText.contains("(\(LocalDate(Date(), in: TimeZone(identifier: "Asia/Shanghai")!).year - 1950))"))
        #expect(page.bodyText.contains("Lives alone"))
        #expect(!page.bodyText.contains(idNumber), "the whole ID number is never shown")
        // Before the form is sent the page lists nobody; a bad flag is a field error, not a 500.
        let empty = try await browser.get("/console/residents")
        #expect(
            empty.status == 200 && empty.bodyText.contains("id=\"resident-search\"") && !empty.bodyText.contains(link))
        let bad = try await browser.get("/console/residents?q=x&flag=rich")
        #expect(bad.status == 400 && bad.bodyText.contains("id=\"f-flag-error\""))
    }

    @Test func searchPagesThroughTheAPIsCursor() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let grid = "page-" + UUID().uuidString.prefix(8)
        for n in 0..<52 {
            _ = try await Self.register(
                staff.client,
                ["names": ["latin": "Pager \(n)"], "sex": "female", "birthDate": "1960-01-01", "grid": grid])
        }
        let first = try await browser.get("/console/residents?q=&grid=\(grid)")
        #expect(first.bodyText.components(separatedBy: "class=\"resident-link\"").count - 1 == 50)
        let body = first.bodyText
        let range = try #require(body.range(of: "id=\"residents-next\" rel=\"next\" href=\""))
        let href = String(body[range.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
        let second = try await browser.get(href)
        #expect(second.status == 200)
        #expect(second.bodyText.components(separatedBy: "class=\"resident-link\"").count - 1 == 2)
        #expect(!second.bodyText.contains("residents-next"))
    }

    @Test func registeringShowsErrorsBesideTheFieldsKeepsWhatWasTypedAndRegistersOnce() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let form = try await browser.get("/console/residents/new")
        #expect(form.status == 200 && form.bodyText.contains("id=\"resident-form\""))
        let household = "house-" + UUID().uuidString.prefix(8)
        let wrong = try await browser.post(
            "/console/residents/new",
            [
                ("names.bo", ""), ("names.zh", ""), ("names.latin", ""), ("sex", "female"), ("birthDate", "1890-13-45"),
                ("phone", "call me"), ("household", household), ("languages", "bo"), ("flags", "disabled"),
            ])
        #expect(wrong.status == 422)
        let html = wrong.bodyText
        #expect(html.contains("class=\"alert error\" role=\"alert\""))
        #expect(html.contains("id=\"f-names-error\""), "the names group says at least one name is needed")
        #expect(html.contains("id=\"f-birthDate-error\""))
        #expect(html.contains("id=\"f-phone-error\""))
        #expect(html.contains("value=\"call me\"") && html.contains("value=\"\(household)\""))
        #expect(html.contains("value=\"1890-13-45\""))
        #expect(html.contains("name=\"languages\" value=\"bo\" checked"))
        #expect(html.contains("name=\"flags\" value=\"disabled\" checked"))
        #expect(html.contains("<option value=\"female\" selected>"))

        // The corrected form is sent twice (a double click): one resident.
        let key = try #require(ConsoleClient.hidden("_key", in: html))
        let fields = [
            ("_key", key), ("names.bo", "ཚེ་རིང་"), ("names.zh", "次仁"), ("names.latin", "Tsering"), ("sex", "female"),
            ("birthDate", "1944-03-02"), ("phone", "13800001111"), ("household", household), ("languages", "bo"),
            ("languages", "zh"), ("flags", "disabled"), ("emergencyContact.name", "Dawa"),
        ]
        let first = try await browser.post("/console/residents/new", fields)
        let second = try await browser.post("/console/residents/new", fields)
        #expect(first.status == 303 && second.status == 303)
        let location = try #require(first.header("Location"))
        #expect(location.hasPrefix("/console/residents/") && location.hasSuffix("?done=registered"))
        #expect(second.header("Location") == location)
        let found = try await staff.client.get("/v1/residents?q=" + ConsoleClient.encode("次仁"))
        let matching = (found.json["items"] as? [[String: Any]] ?? []).filter {
            $0["household"] as? String == household
        }
        #expect(matching.count == 1)
        #expect(matching.first?["languages"] as? [String] == ["bo", "zh"])
        #expect((matching.first?["emergencyContact"] as? [String: Any])?["name"] as? String == "Dawa")

        let page = try await browser.get(location)
        #expect(page.status == 200 && page.bodyText.contains("class=\"alert ok\" role=\"status\""))

        // Back, change a field, send the same form again: the key's first answer is not replayed for other values.
        var changed = fields
        changed[1] = ("names.bo", "ཚེ་རིང་ལྷ་མོ")
        let again = try await browser.post("/console/residents/new", changed)
        #expect(again.status == 422 && again.bodyText.contains("already sent with other values"))
        #expect(!again.bodyText.contains("Idempotency-Key") && !again.bodyText.contains("value=\"\(key)\""))
    }

    @Test func editingChangesOnlyWhatChanged() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let id = try await Self.register(
            staff.client,
            [
                "names": ["latin": "Editable"], "sex": "male", "birthDate": "1955-05-05", "phone": "13700000001",
                "grid": "east-2", "idNumber": "540102195505051234", "address": "Old street 1",
            ])
        let form = try await browser.get("/console/residents/\(id)/edit")
        #expect(form.status == 200)
        #expect(form.bodyText.contains("value=\"13700000001\"") && form.bodyText.contains("value=\"east-2\""))
        #expect(form.bodyText.contains("1234") && !form.bodyText.contains("540102195505051234"))
        let saved = try await browser.post(
            "/console/residents/\(id)/edit",
            [
                ("names.latin", "Editable"), ("sex", "male"), ("birthDate", "1955-05-05"), ("phone", "13700000002"),
                ("grid", "east-2"), ("idNumber", ""), ("address", ""),
            ])
        #expect(saved.status == 303 && saved.header("Location") == "/console/residents/\(id)?done=saved")
        let after = try await staff.client.get("/v1/residents/\(id)")
        #expect(after.string("phone") == "13700000002")
        #expect(after.string("grid") == "east-2")
        #expect(after.string("idNumber")?.hasSuffix("1234") == true, "a blank ID field keeps the number on file")
        #expect(after.json["address"] == nil || after.json["address"] is NSNull, "a blanked field is cleared")

        let wrong = try await browser.post(
            "/console/residents/\(id)/edit",
            [
                ("names.latin", "Editable"), ("sex", "male"), ("birthDate", "1955-05-05"), ("phone", "no phone"),
                ("grid", "east-2"),
            ])
        #expect(wrong.status == 422 && wrong.bodyText.contains("id=\"f-phone-error\""))
        #expect(wrong.bodyText.contains("value=\"no phone\""))
        #expect(try await staff.client.get("/v1/residents/\(id)").string("phone") == "13700000002")
    }

    @Test func staffSeeThatAConsultationTookPlaceButNotItsNotes() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let marker = "CONSOLE\(UUID().uuidString.prefix(8))"
        let seen = try await ConsultationPrivacyAPITests.consultationWithMarkers(
            app, doctor: doctor, marker: marker, grid: "priv-\(UUID().uuidString.prefix(8))")
        let (staffBrowser, _) = try await Self.browser(app, .staff)
        let page = try await staffBrowser.get("/console/residents/\(seen.residentId)")
        #expect(page.status == 200)
        let html = page.bodyText
        #expect(html.contains("id=\"resident-consultations\""))
        #expect(html.contains(ConsoleDates.date(seen.date, .en)), "the consultation's date is shown")
        #expect(!html.contains(marker), "staff saw a consultation's words")
        #expect(
            html.lowercased().contains("href=\"/console/appointments/\(seen.appointmentId.uuidString.lowercased())\""))
        for id in ["book-for-resident", "walk-in-for-resident", "print-summary", "edit-resident"] {
            #expect(html.contains("id=\"\(id)\""), "\(id)")
        }
        #expect(!html.contains("id=\"health-file\""))

        let before = ClinicalFixtures.today.adding(days: 30)
        let worklist = try await staffBrowser.get("/console/worklists?before=\(before)&days=1&minAge=70")
        #expect(worklist.status == 200)
        let residentLink = "href=\"/console/residents/\(seen.residentId.uuidString.lowercased())\""
        #expect(worklist.bodyText.lowercased().contains(residentLink), "the follow-up is on the work list")
        #expect(!worklist.bodyText.contains(marker), "staff saw the follow-up note")

        let doctorBrowser = ConsoleClient(app: app)
        doctorBrowser.headers["Accept-Language"] = "en"
        #expect(try await doctorBrowser.signIn(doctor.user.username, doctor.password).status == 303)
        let doctors = try await doctorBrowser.get("/console/residents/\(seen.residentId)")
        #expect(doctors.status == 200)
        #expect(doctors.bodyText.contains("\(marker)-assessment"))
        #expect(doctors.bodyText.contains("id=\"health-file\"") && !doctors.bodyText.contains("id=\"edit-resident\""))
        let doctorsList = try await doctorBrowser.get("/console/worklists?before=\(before)&days=1&minAge=70")
        #expect(doctorsList.bodyText.contains("\(marker)-followUpNote"), "doctors read the follow-up note")

        let (adminBrowser, _) = try await Self.browser(app, .admin)
        let full = try await adminBrowser.get("/console/residents/\(seen.residentId)")
        #expect(full.bodyText.contains("\(marker)-assessment"), "admins read what the API gives them")
        #expect(full.bodyText.contains("id=\"health-file\""))
    }

    @Test func theSummaryPrintAndTheCSVArePassedThrough() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let grid = "csv-" + UUID().uuidString.prefix(8)
        let id = try await Self.register(
            staff.client,
            [
                "names": ["latin": "Printable", "bo": "སྒྲོལ་མ"], "sex": "female", "birthDate": "1940-02-02",
                "grid": grid,
            ])
        let print = try await browser.get("/console/residents/\(id)/summary/print")
        #expect(print.status == 200)
        #expect(print.header("Content-Type") == "text/html; charset=utf-8")
        #expect(print.bodyText.contains("སྒྲོལ་མ"))
        #expect(print.header("Content-Security-Policy") != nil)

        let form = try await browser.get("/console/exports")
        #expect(form.status == 200 && form.bodyText.contains("id=\"export-form\""))
        let csv = try await browser.get("/console/exports/health-files.csv?minAge=&grid=\(grid)&problem=&flag=")
        #expect(csv.status == 200, "\(csv.bodyText.prefix(300))")
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition")?.hasPrefix("attachment; filename=\"health-files-") == true)
        #expect(csv.bodyText.contains("Printable") && csv.bodyText.contains(grid))

        let bad = try await browser.get("/console/exports/health-files.csv?minAge=old&grid=\(grid)")
        #expect(bad.status == 400 && bad.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(bad.bodyText.contains("id=\"f-minAge-error\"") && bad.bodyText.contains("value=\"old\""))

        let missing = try await browser.get("/console/residents/\(UUID())/summary/print")
        #expect(missing.status == 404 && missing.header("Content-Type")?.hasPrefix("text/html") == true)

        // Residents' data is never kept by a browser's cache (a shared front-desk PC): pages, printouts, downloads
        // and refusals alike; only the fixed, versioned assets are cached.
        for (answer, place) in [(print, "print"), (csv, "csv"), (bad, "400"), (missing, "404"), (form, "form")] {
            #expect(answer.header("Cache-Control") == "no-store", "\(place)")
        }
        let style = try await browser.get(ConsoleAssets.stylePath)
        #expect(style.status == 200 && style.header("Cache-Control")?.contains("immutable") == true)

        let (doctorBrowser, _) = try await Self.browser(app, .doctor)
        #expect(try await doctorBrowser.get("/console/exports").status == 403)
        #expect(try await doctorBrowser.get("/console/exports/health-files.csv").status == 403)
        #expect(try await doctorBrowser.get("/console/residents/new").status == 403)
        #expect(try await doctorBrowser.get("/console/residents?q=Printable").status == 200)
    }

    @Test func anExportRefusedByTheCapIsAPageNotADownload() async throws {
        let app = try await TestApp.fresh()
        let (browser, _) = try await Self.browser(app, .staff)
        var held: [ExportGate.Permit] = []
        while let permit = app.application.services.exports.enter() { held.append(permit) }
        let refused = try await browser.get("/console/exports/health-files.csv?grid=any")
        #expect(refused.status == 429)
        #expect(refused.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(refused.header("Content-Disposition") == nil)
        #expect(refused.header("Retry-After") != nil)
        #expect(refused.bodyText.contains("<main"))
        held.removeAll()
        #expect(try await browser.get("/console/exports/health-files.csv?grid=any").status == 200)
    }

    @Test func workListsGroupByGridAndLinkToTheResident() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let grid = "wl-" + UUID().uuidString.prefix(8)
        let id = try await Self.register(
            staff.client,
            [
                "names": ["latin": "Elder"], "sex": "male", "birthDate": "1930-01-01", "grid": grid,
                "flags": ["emptyNest"],
            ])
        let page = try await browser.get("/console/worklists?days=30&minAge=80")
        #expect(page.status == 200)
        let html = page.bodyText
        #expect(html.contains("id=\"unvisited\"") && html.contains("Grid: \(grid)"))
        #expect(html.contains("<a class=\"resident-link\" href=\"/console/residents/\(id)\">"))
        let bad = try await browser.get("/console/worklists?days=0")
        #expect(
            bad.status == 400 && bad.bodyText.contains("id=\"f-days-error\"") && bad.bodyText.contains("value=\"0\""))
    }

    @Test func aNameThatLooksLikeMarkupIsShownAsTextEverywhere() async throws {
        let app = try await TestApp.forSuite()
        let (browser, staff) = try await Self.browser(app, .staff)
        let evil = "<script>alert(1)</script>"
        let grid = "x" + UUID().uuidString.prefix(6) + evil
        let id = try await Self.register(
            staff.client,
            [
                "names": ["latin": evil, "zh": evil, "bo": evil], "sex": "other", "birthDate": "1931-01-01",
                "grid": grid, "address": evil, "emergencyContact": ["name": evil],
            ])
        for path in [
            "/console/residents?q=" + ConsoleClient.encode(evil), "/console/residents/\(id)",
            "/console/residents/\(id)/edit", "/console/worklists?days=1&minAge=90",
            "/console/residents/\(id)/summary/print",
        ] {
            let page = try await browser.get(path)
            #expect(page.status == 200, "\(path)")
            #expect(!page.bodyText.contains(evil), "\(path) let markup through")
            #expect(page.bodyText.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
        }
    }
}
