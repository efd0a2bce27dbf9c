import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// A county admin picks the health room the console works in; users of one clinic never see a picker.
@Suite(.serialized) struct ClinicPickerTests {
    static func browser(_ app: TestApp, _ role: Role) async throws -> ConsoleClient {
        let user = try await app.signIn(role)
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = "en"
        #expect(try await browser.signIn(user.user.username, user.password).status == 303)
        return browser
    }

    @Test func aCountyAdminPicksTheHealthRoomItRegistersIn() async throws {
        let app = try await TestApp.forSuite()
        let county = try await app.signIn(.countyAdmin).client
        var settings = try #require(try await county.get("/v1/clinics").items.first)
        settings["id"] = nil
        settings["code"] = nil
        settings["name"] = "Picker Health Room \(UUID().uuidString.prefix(4))"
        let second = try #require(try await county.post("/v1/clinics", settings).string("id"))

        let browser = try await Self.browser(app, .countyAdmin)
        // The county admin's start page spans the county until a room is picked (no one room's walk-in queue).
        let start = try await browser.get("/console/")
        #expect(start.status == 200, "\(start.bodyText.suffix(2000))")
        #expect(!start.bodyText.contains("id=\"walk-in-queue\""))
        let home = try await browser.get("/console/residents")
        #expect(home.status == 200)
        #expect(home.bodyText.contains("class=\"clinic-picker\"") && home.bodyText.contains(settings["name"] as! String))
        // Until a room is picked, registering asks which one (the API's 422 on clinicId, shown on the form).
        try await browser.get("/console/residents/new")
        let fields = [("names.latin", "Picked Room Resident"), ("sex", "female"), ("birthDate", "1944-03-02")]
        let unpicked = try await browser.post("/console/residents/new", fields)
        #expect(unpicked.status == 422, "\(unpicked.bodyText.suffix(2000))")

        // Picking a room is a plain GET form: the choice is kept and the page comes back.
        let picked = try await browser.get("/console/clinic?clinicId=\(second)&next=%2Fconsole%2Fresidents%2Fnew")
        #expect(picked.status == 303 && picked.header("Location") == "/console/residents/new")
        #expect(try await browser.get("/console/").bodyText.contains("id=\"walk-in-queue\""))
        let form = try await browser.get("/console/residents/new")
        #expect(form.bodyText.contains("<option value=\"\(second)\" selected>"))
        let created = try await browser.post("/console/residents/new", fields)
        #expect(created.status == 303, "\(created.bodyText.suffix(2000))")
        let location = try #require(created.header("Location"))
        let id = String(location.dropFirst("/console/residents/".count).prefix(36))
        let resident = try await county.get("/v1/residents/\(id)")
        #expect(resident.string("clinicId")?.lowercased() == second.lowercased())
        // A room that does not exist is refused; "all rooms" clears the choice.
        #expect(try await browser.get("/console/clinic?clinicId=\(UUID())&next=%2Fconsole%2F").status == 404)
        #expect(try await browser.get("/console/clinic?clinicId=&next=%2Fconsole%2F").status == 303)
        #expect(try await browser.get("/console/residents").bodyText.contains("<option value=\"\" selected>"))
    }

    @Test func usersOfOneClinicNeverSeeThePicker() async throws {
        let app = try await TestApp.forSuite()
        for role in [Role.admin, .staff, .doctor] {
            let browser = try await Self.browser(app, role)
            let page = try await browser.get("/console/")
            #expect(page.status == 200 && !page.bodyText.contains("clinic-picker"), "\(role)")
            #expect(try await browser.get("/console/clinic?clinicId=&next=%2Fconsole%2F").status == 403, "\(role)")
        }
    }
}
