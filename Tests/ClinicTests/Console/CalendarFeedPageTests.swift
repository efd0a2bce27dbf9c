import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The doctor's calendar feed on their rota page, over real HTTP: plain forms make the address (shown once, in the
/// answer to the form), make a new one and revoke it; the page speaks Tibetan, Chinese and English; staff see none.
@Suite struct CalendarFeedPageTests {
    /// The value of the `calendar-url` input on `html`, if any.
    static func shownURL(_ html: String) -> String? {
        guard let input = html.range(of: "id=\"calendar-url\"") else { return nil }
        let rest = html[input.upperBound...]
        guard let value = rest.range(of: "value=\""), let end = rest[value.upperBound...].firstIndex(of: "\"") else {
            return nil
        }
        return String(rest[value.upperBound..<end])
    }

    @Test func aDoctorMakesSeesOnceRenewsAndRevokesTheirCalendarAddress() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await DoctorPagesTests.browser(app, .doctor)
        let start = try await browser.get("/console/rota")
        #expect(start.status == 200)
        #expect(
            start.bodyText.contains("id=\"calendar-feed\"")
                && start.bodyText.contains("You have no calendar address yet."))
        #expect(
            start.bodyText.contains("action=\"/console/rota/calendar-feed\"")
                && !start.bodyText.contains("calendar-revoke"))

        // Made: the page answers the form itself, with the address to copy, no-store.
        let made = try await browser.post("/console/rota/calendar-feed", [])
        #expect(made.status == 200, "\(made.bodyText)")
        #expect(made.header("Cache-Control") == "no-store")
        let url = try #require(Self.shownURL(made.bodyText))
        #expect(url.hasPrefix("http://127.0.0.1/v1/calendar/") && url.hasSuffix(".ics"), "\(url)")
        #expect(made.bodyText.contains("Copy this address now") && made.bodyText.contains("id=\"calendar-revoke\""))
        let path = try #require(URL(string: url)?.path)
        let feed = try await app.anonymous.get(path)
        #expect(feed.status == 200 && feed.headers["content-type"] == "text/calendar; charset=utf-8")

        // Read again, the page says since when, and never shows the address again.
        let later = try await browser.get("/console/rota")
        #expect(Self.shownURL(later.bodyText) == nil && !later.bodyText.contains(path))
        #expect(later.bodyText.contains("Your calendar address was made on"))
        #expect(later.bodyText.contains("Make a new address (the old one stops working)"))

        // Without the form token nothing changes.
        let forged = try await browser.post("/console/rota/calendar-feed", [], csrf: ConsoleClient.withoutCSRF)
        #expect(forged.status == 403)
        #expect(try await app.anonymous.get(path).status == 200)

        // A new address: the old one stops working.
        let renewed = try await browser.post("/console/rota/calendar-feed", [])
        let newURL = try #require(Self.shownURL(renewed.bodyText))
        #expect(newURL != url)
        #expect(try await app.anonymous.get(path).status == 404)

        // Revoked: back to the page with a notice, and the address answers 404.
        let revoked = try await browser.post("/console/rota/calendar-feed/revoke", [])
        #expect(revoked.status == 303 && revoked.header("Location") == "/console/rota?done=calendarRevoked")
        let after = try await browser.get("/console/rota?done=calendarRevoked")
        #expect(
            after.bodyText.contains("The calendar address was revoked.")
                && after.bodyText.contains("You have no calendar address yet."))
        #expect(try await app.anonymous.get(try #require(URL(string: newURL)?.path)).status == 404)
        // Revoking twice is no error.
        #expect(try await browser.post("/console/rota/calendar-feed/revoke", []).status == 303)
    }

    @Test func theCardSpeaksTibetanAndChinese() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await DoctorPagesTests.browser(app, .doctor)
        for language in [Language.bo, .zh] {
            browser.headers["Accept-Language"] = language.tag
            let page = try await browser.get("/console/rota")
            #expect(page.status == 200)
            for words in [
                CalendarFeedCard.title, CalendarFeedCard.explain, CalendarFeedCard.none, CalendarFeedCard.create,
            ] {
                #expect(page.bodyText.contains(HTML.escape(words(language))), "\(language): \(words.en)")
            }
            let made = try await browser.post("/console/rota/calendar-feed", [])
            #expect(made.bodyText.contains(HTML.escape(CalendarFeedCard.shown(language))), "\(language)")
            #expect(made.bodyText.contains(HTML.escape(CalendarFeedCard.revoke(language))), "\(language)")
            let since = try await browser.get("/console/rota")
            #expect(since.bodyText.contains(HTML.escape(CalendarFeedCard.renew(language))), "\(language)")
            #expect(try await browser.post("/console/rota/calendar-feed/revoke", []).status == 303)
            let revoked = try await browser.get("/console/rota?done=calendarRevoked")
            #expect(revoked.bodyText.contains(HTML.escape(CalendarFeedCard.revoked(language))), "\(language)")
        }
    }

    @Test func staffHaveNoCalendarCardAndCannotPostToIt() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await DoctorPagesTests.browser(app, .staff)
        let rota = try await browser.get("/console/rota")
        #expect(rota.status == 200 && !rota.bodyText.contains("calendar-feed"))
        #expect(try await browser.post("/console/rota/calendar-feed", []).status == 403)
        #expect(try await browser.post("/console/rota/calendar-feed/revoke", []).status == 403)
    }
}
