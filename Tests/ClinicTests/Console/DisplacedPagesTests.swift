import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Schedule changes in the console over real HTTP: a closure shows the bookings it would displace before it is made,
/// the confirmation makes it (one audit row per displaced booking, naming its resident) and leads to the work list,
/// priority residents first with their phones; one is rebooked into the earliest slot, the rest all at once.
@Suite(.serialized) struct DisplacedPagesTests {
    @Test func aClosureIsPreviewedConfirmedAndItsBookingsRebookedFromTheWorkList() async throws {
        let app = try await TestApp.forSuite()
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 21))
        let doctor = try await Fixture.doctor("Dr Displaced Pages", pool: app.pool)
        _ = try await Fixture.generate(from: Fixture.today.adding(days: 1), to: date.adding(days: 14), pool: app.pool)
        let plain = try await Fixture.resident("Plain Person", pool: app.pool)
        let priority = try await Fixture.resident("Priority Person", flags: [.livesAlone], pool: app.pool)
        try await app.pool.query("UPDATE residents SET phone = '139 0000 1111' WHERE id = \(priority.id)")
        let slots = try await Fixture.slots(doctor: doctor.id, date: date, mode: .onsite, pool: app.pool)
            .filter { !$0.priorityOnly }
        let first = try await Fixture.book(slots[0], resident: plain.id, pool: app.pool)
        let second = try await Fixture.book(slots[1], resident: priority.id, pool: app.pool)

        let (browser, _) = try await AdminPagesTests.admin(app)
        try await browser.get("/console/admin/clinic")
        let fields = [("date", date.description), ("reason", "Road closed")]
        let preview = try await browser.post("/console/admin/clinic/closures", fields)
        #expect(preview.status == 200)
        #expect(preview.bodyText.contains("<strong>2</strong>"))
        #expect(preview.bodyText.contains("Plain Person") && preview.bodyText.contains("Priority Person"))
        #expect(preview.bodyText.contains("139 0000 1111"))
        #expect(try await Self.status(first.id, app) == "booked")
        // "Change it" leads back to the form with what was typed.
        let back = try await browser.get("/console/admin/clinic?date=\(date)&reason=Road%20closed")
        #expect(back.bodyText.contains("value=\"\(date)\"") && back.bodyText.contains("value=\"Road closed\""))

        let made = try await browser.post("/console/admin/clinic/closures", fields + [("dryRun", "false")])
        #expect(made.status == 303 && made.header("Location") == "/console/worklists/displaced?done=changed")
        #expect(try await Self.status(first.id, app) == "displaced")
        let audit = try await app.pool.query(
            """
            SELECT resident_id, resource_id FROM audit_log
            WHERE action = 'update' AND resource_type = 'appointment' AND detail ->> 'closure' = \(date.description)
            """)
        let audited = Set(try audit.map { try $0.decode(UUID.self, "resident_id") })
        #expect(audit.count == 2 && audited == [plain.id, priority.id])

        let list = try await browser.get("/console/worklists/displaced?done=changed")
        #expect(list.status == 200)
        let html = list.bodyText
        let priorityAt = try #require(html.range(of: "id=\"displaced-\(second.id.uuidString)\""))
        let plainAt = try #require(html.range(of: "id=\"displaced-\(first.id.uuidString)\""))
        #expect(priorityAt.lowerBound < plainAt.lowerBound)
        #expect(html.contains("href=\"tel:13900001111\"") && html.contains("Clinic closed"))
        #expect(html.contains("Dr Displaced Pages"))
        #expect(try await browser.get("/console/").bodyText.contains("id=\"displaced-link\""))

        let pick = try await browser.get("/console/worklists/displaced/\(second.id.uuidString.lowercased())/rebook")
        #expect(pick.status == 200 && pick.bodyText.contains("class=\"rebook-slot\""))
        // The pick page's one form: every free slot's button names its slot, in the form with the CSRF field.
        let button = try #require(pick.bodyText.range(of: "class=\"rebook-slot\" name=\"slotId\" value=\""))
        let picked = String(pick.bodyText[button.upperBound...].prefix { $0 != "\"" })
        #expect(UUID(uuidString: picked) != nil)
        let pressed = try BookingPagesTests.pressing(pick.bodyText, form: "rebook-form", slot: picked)
        #expect(pressed.contains { $0 == ("slotId", picked) } && pressed.contains { $0.0 == "view" })

        let one = try await browser.post("/console/worklists/displaced/\(first.id.uuidString.lowercased())/rebook", [])
        let location = one.header("Location") ?? ""
        #expect(one.status == 303 && location.hasPrefix("/console/worklists/displaced?done=rebooked"))
        #expect(try await browser.get(location).bodyText.contains("Rebooked to"))
        #expect(try await Self.status(first.id, app) == "rebooked")
        let rebookAudit = try await app.pool.query(
            """
            SELECT count(*)::int AS n FROM audit_log
            WHERE action = 'create' AND resident_id = \(plain.id) AND detail ->> 'rebookedFrom' = \(first.id.uuidString)
            """)
        #expect(try rebookAudit[0].decode(Int.self, "n") == 1)

        let all = try await browser.post("/console/worklists/displaced/rebook-all", [])
        #expect(all.status == 200 && all.bodyText.contains("id=\"rebook-results\""))
        #expect(all.bodyText.contains("Priority Person") && all.bodyText.contains("Rebooked to"))
        #expect(all.bodyText.contains("id=\"displaced-none\""))
        #expect(try await Self.status(second.id, app) == "rebooked")

        let (doctorBrowser, _) = try await ResidentPagesTests.browser(app, .doctor)
        #expect(try await doctorBrowser.get("/console/worklists/displaced").status == 403)
    }

    @Test func aDoctorRecordsWhenTheyCannotComeAfterSeeingWhatItDisplaces() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await ResidentPagesTests.browser(app, .doctor)
        #expect(try await browser.get("/console/rota").bodyText.contains("href=\"/console/rota/unavailability\""))
        #expect(try await browser.get("/console/rota/unavailability").status == 200)
        let (from, to) = (Fixture.today.adding(days: 500), Fixture.today.adding(days: 502))
        let fields = [("from", from.description), ("to", to.description), ("reason", "Team recalled")]
        let preview = try await browser.post("/console/rota/unavailability", fields)
        #expect(preview.status == 200 && preview.bodyText.contains("id=\"preview-none\""))
        let made = try await browser.post("/console/rota/unavailability", fields + [("dryRun", "false")])
        #expect(made.status == 303 && made.header("Location") == "/console/rota/unavailability?done=recorded&displaced=0")
        #expect(try await browser.get("/console/rota/unavailability").bodyText.contains("Team recalled"))
        let backwards = try await browser.post(
            "/console/rota/unavailability", [("from", to.description), ("to", from.description)])
        #expect(backwards.status == 422)
    }

    static func status(_ id: UUID, _ app: TestApp) async throws -> String {
        try await app.pool.query("SELECT status FROM appointments WHERE id = \(id)")[0].decode(String.self, "status")
    }
}
