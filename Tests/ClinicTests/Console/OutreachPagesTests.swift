import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The outreach pages without a browser: the grid worker's round (their start page and only menu entry; a tap records
/// an outcome), the desk's doctor requests (book through the green channel, close with a reason), and the resident
/// page's visits, inactive banner and the admin's reactivate button.
@Suite(.serialized) struct OutreachPagesTests {
    static func browser(
        _ app: TestApp, _ role: Role, grids: [String]? = nil, language: String = "en"
    ) async throws -> ConsoleClient {
        let user = try await app.signIn(role, grids: grids)
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = language
        #expect(try await browser.signIn(user.user.username, user.password).status == 303)
        return browser
    }

    static func elder(_ name: String, grid: String, _ app: TestApp) async throws -> UUID {
        try await app.pool.query(
            """
            INSERT INTO residents (clinic_id, name_latin, name_bo, sex, birth_date, grid, household, address, phone)
            VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(name), 'ཚེ་རིང་', 'female',
                    DATE '1940-05-01', \(grid), 'H7', '7 Barley Lane', '13900001111')
            RETURNING id
            """
        )[0].decode(UUID.self, "id")
    }

    @Test func theGridWorkerRecordsAnOutcomeWithOneTap() async throws {
        let app = try await TestApp.forSuite()
        let elder = try await Self.elder("Round Elder", grid: "Round", app)
        let outside = try await Self.elder("Outside Elder", grid: "Not Mine", app)
        let worker = try await Self.browser(app, .gridWorker, grids: ["Round"])
        let home = try await worker.get("/console/")
        #expect(home.status == 200)
        let html = home.bodyText
        #expect(html.contains("<h1>Today") && html.contains("id=\"r-\(elder.uuidString)\""))
        #expect(!html.contains(outside.uuidString))
        #expect(html.contains("name=\"outcome\" value=\"needsDoctor\"") && html.contains("name=\"systolic\""))
        // The menu holds the round only.
        let menu = html.components(separatedBy: "class=\"menu\"").dropFirst().first?.components(separatedBy: "</ul>").first ?? ""
        #expect(menu.contains("/console/outreach") && !menu.contains("/console/residents") && !menu.contains("/console/book"))
        #expect(try await worker.get("/console/residents").status == 403)
        #expect(try await worker.get("/console/worklists").status == 403)

        let bad = try await worker.post(
            "/console/outreach/visits",
            [("residentId", elder.uuidString), ("outcome", "seenWell"), ("systolic", "150"), ("key", UUID().uuidString)])
        #expect(bad.status == 400 && bad.bodyText.contains("role=\"alert\""))
        let recorded = try await worker.post(
            "/console/outreach/visits",
            [
                ("residentId", elder.uuidString), ("outcome", "needsDoctor"), ("systolic", "165"), ("diastolic", "100"),
                ("note", "short of breath"), ("key", UUID().uuidString),
            ])
        let location = "/console/outreach?done=needsDoctor&resident=\(elder.uuidString)"
        #expect(recorded.status == 303 && recorded.header("Location") == location)
        let after = try await worker.get(location)
        #expect(after.bodyText.contains("Recorded.") && !after.bodyText.contains("id=\"r-\(elder.uuidString)\""))
        // The notice names whom the visit was recorded for (the card has left the list); ages say "years".
        let notice = after.bodyText.components(separatedBy: "class=\"notice done\"").dropFirst().first ?? ""
        #expect(notice.prefix(300).contains("Round Elder"), "\(notice.prefix(300))")
        #expect(home.bodyText.contains(" years</span>"))
        let stored = try await app.pool.query(
            "SELECT outcome, systolic, note FROM outreach_visits WHERE resident_id = \(elder)")
        #expect(stored.count == 1)
        #expect(try stored[0].decode(String.self, "outcome") == "needsDoctor")
        #expect(try stored[0].decode(Int?.self, "systolic") == 165)

        let tibetan = try await Self.browser(app, .gridWorker, grids: ["Round"], language: "bo")
        let bo = try await tibetan.get("/console/outreach").bodyText
        #expect(bo.contains("དེ་རིང་གི་ཁྱིམ་བསྐོར།") && bo.contains("lang=\"bo\""))
    }

    @Test func theDeskBooksOrClosesDoctorRequestsAndReactivates() async throws {
        let app = try await TestApp.forSuite()
        let elder = try await Self.elder("Request Page Elder", grid: "Desk", app)
        let second = try await Self.elder("Request Page Second", grid: "Desk", app)
        let worker = try await app.signIn(.gridWorker, grids: ["Desk"]).client
        for resident in [elder, second] {
            let visit = try await worker.post(
                "/v1/residents/\(resident)/outreach-visits",
                [
                    "visitedAt": ZonedInstant(Date(), in: Fixture.zone).description, "outcome": "needsDoctor",
                    "note": "fever", "systolic": 176, "diastolic": 98,
                ])
            #expect(visit.status == 201)
        }
        let desk = try await Self.browser(app, .staff)
        let page = try await desk.get("/console/doctor-requests")
        #expect(page.status == 200)
        let requests = try await app.pool.query(
            "SELECT id, resident_id FROM doctor_requests WHERE resident_id IN (\(elder), \(second)) ORDER BY created_at")
        let first = try requests[0].decode(UUID.self, "id")
        let other = try requests[1].decode(UUID.self, "id")
        #expect(page.bodyText.contains("id=\"request-\(first.uuidString)\""))
        #expect(page.bodyText.contains("<td class=\"pressure\">176/98 mmHg</td>"), "the pressure measured at the door")
        #expect(page.bodyText.contains("/console/book?residentId=\(elder.uuidString)&amp;requestId=\(first.uuidString)"))
        let booking = try await desk.get("/console/book?residentId=\(elder.uuidString)&requestId=\(first.uuidString)")
        #expect(booking.status == 200 && booking.bodyText.contains("requestId"))

        let blank = try await desk.post("/console/doctor-requests/\(other.uuidString)/close", [("reason", "")])
        #expect(blank.status == 400)
        let closed = try await desk.post("/console/doctor-requests/\(other.uuidString)/close", [("reason", "seen at home by the town doctor")])
        #expect(closed.status == 303 && closed.header("Location") == "/console/doctor-requests?done=closed")
        let twice = try await desk.post("/console/doctor-requests/\(other.uuidString)/close", [("reason", "again")])
        #expect(twice.header("Location") == "/console/doctor-requests?notice=conflict")
        #expect(!(try await desk.get("/console/doctor-requests").bodyText.contains(other.uuidString)))
        #expect(try await Self.browser(app, .gridWorker, grids: ["Desk"]).get("/console/doctor-requests").status == 403)

        // The resident page: visits, the inactive banner, and the admin's reactivate button.
        let moved = try await worker.post(
            "/v1/residents/\(second)/outreach-visits",
            ["visitedAt": ZonedInstant(Date(), in: Fixture.zone).description, "outcome": "movedAway"])
        #expect(moved.status == 201)
        let staffView = try await desk.get("/console/residents/\(second.uuidString.lowercased())").bodyText
        #expect(staffView.contains("id=\"outreach-visits\"") && staffView.contains("fever"))
        #expect(staffView.contains("id=\"inactive-resident\"") && staffView.contains("Moved away"))
        #expect(!staffView.contains("id=\"reactivate\""))
        let admin = try await Self.browser(app, .admin)
        let adminView = try await admin.get("/console/residents/\(second.uuidString.lowercased())").bodyText
        #expect(adminView.contains("id=\"reactivate\""))
        let back = try await admin.post("/console/residents/\(second.uuidString.lowercased())/reactivate", [])
        #expect(back.status == 303)
        let again = try await admin.get("/console/residents/\(second.uuidString.lowercased())?done=reactivated").bodyText
        #expect(!again.contains("id=\"inactive-resident\"") && again.contains("cared for here again"))
    }
}
