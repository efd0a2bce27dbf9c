import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// `/console/notifications`: the front desk sees failed and waiting notices, each text in its own language, and
/// sends a failed one again with a plain form once the resident has a phone.
@Suite struct NotificationPagesTests {
    @Test func theFrontDeskSeesFailedAndWaitingNoticesAndSendsOneAgain() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await Fixture.doctor("Dr Console Notices", pool: app.pool).id
        let reachable = try await NoticeFixture.resident(
            ResidentNames(bo: "པད་མ", latin: "Pema"), languages: ["bo"], phone: "139 0891 5001", pool: app.pool)
        let unreachable = try await NoticeFixture.resident(
            ResidentNames(zh: "达瓦", latin: "Dawa"), languages: ["zh"], pool: app.pool)
        let waiting = try #require(
            try await NoticeFixture.notice(
                .reminder, resident: reachable, doctor: doctor, start: NoticeFixture.at("2031-07-01"), pool: app.pool))
        let failed = try #require(
            try await NoticeFixture.notice(
                .booked, resident: unreachable, doctor: doctor, start: NoticeFixture.at("2031-07-03"), pool: app.pool))

        let (browser, _) = try await ResidentPagesTests.browser(app, .staff)
        let page = try await browser.get("/console/notifications")
        #expect(page.status == 200)
        let html = page.bodyText
        let failedTable = html.components(separatedBy: "id=\"failed-notices\"").dropFirst().first ?? ""
        let pendingTable = html.components(separatedBy: "id=\"pending-notices\"").dropFirst().first ?? ""
        #expect(failedTable.contains("id=\"notice-\(failed.uuidString)\"") && failedTable.contains("No phone to send to"))
        #expect(failedTable.contains("action=\"/console/notifications/\(failed.uuidString)/retry\""))
        // Each row names its resident (in the page's language first), a link to their page.
        #expect(failedTable.contains("href=\"/console/residents/\(unreachable.uuidString)\""))
        #expect(failedTable.contains("Dawa"))
        #expect(pendingTable.contains("id=\"notice-\(waiting.uuidString)\"") && pendingTable.contains("<td lang=\"bo\">"))
        #expect(pendingTable.contains("པད་མ") && !pendingTable.contains("/retry\""))

        let refused = try await browser.post("/console/notifications/\(failed.uuidString)/retry", [])
        #expect(refused.status == 409 && refused.bodyText.contains("role=\"alert\""))

        try await app.pool.query("UPDATE residents SET phone = '139 0891 5002' WHERE id = \(unreachable)")
        let sent = try await browser.post("/console/notifications/\(failed.uuidString)/retry", [])
        #expect(sent.status == 303 && sent.header("Location") == "/console/notifications?done=retried")
        let after = try await browser.get("/console/notifications?done=retried")
        let pendingNow = after.bodyText.components(separatedBy: "id=\"pending-notices\"").dropFirst().first ?? ""
        #expect(after.bodyText.contains("The notice will be sent again.") && pendingNow.contains(failed.uuidString))

        let (doctorBrowser, _) = try await ResidentPagesTests.browser(app, .doctor)
        #expect(try await doctorBrowser.get("/console/notifications").status == 403)
    }
}
