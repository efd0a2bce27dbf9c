import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicSupport

/// The front desk's day in the console, over real HTTP and the real database: the day lists with names and
/// statuses, the buttons that move an appointment (checked against the API), conflicts shown as a sentence,
/// walk-ins booked or queued, the printable day list passed through, roles, and data shown as text.
@Suite struct TodayPageTests {
    struct World {
        let app: TestApp
        let staff: TestApp.SignedIn
        let doctor: Doctor
        let date: LocalDate
        let browser: ConsoleClient
    }

    /// A fresh clinic with one doctor on the rota of a Tuesday three weeks ahead (no priority hold: any resident
    /// may take any slot), and a staff member signed in to the console reading English.
    static func world(_ doctorName: String) async throws -> World {
        let app = try await TestApp.fresh()
        let doctor = try await Fixture.doctor(doctorName, modes: [.onsite], pool: app.pool)
        let date = Fixture.next(2, onOrAfter: Fixture.today.adding(days: 21))
        _ = try await Fixture.generate(from: date, to: date, pool: app.pool)
        _ = try await app.pool.query("UPDATE slots SET priority_reserved = false")
        let staff = try await app.signIn(.staff)
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = "en"
        try await browser.signIn(staff.user.username, staff.password)
        return World(app: app, staff: staff, doctor: doctor, date: date, browser: browser)
    }

    /// A resident registered and booked into the next free on-site slot of the world's day, through the API.
    static func booked(_ world: World, names: [String: String]) async throws -> (resident: String, appointment: String)
    {
        let staff = world.staff.client
        let resident = try await staff.post(
            "/v1/residents", ["names": names, "sex": "female", "birthDate": "1948-02-03", "languages": ["bo"]])
        let residentId = try #require(resident.string("id"), "\(resident.text)")
        let slots = try await staff.get(
            "/v1/slots?from=\(world.date)&to=\(world.date)&mode=onsite&available=true&doctorId=\(world.doctor.id.uuidString)"
        )
        let slot = try #require(slots.items.first?["id"] as? String)
        let appointment = try await staff.post(
            "/v1/appointments", ["slotId": slot, "residentId": residentId, "mode": "onsite"])
        return (residentId, try #require(appointment.string("id"), "\(appointment.text)"))
    }

    static func status(_ world: World, _ appointment: String) async throws -> String? {
        try await world.staff.client.get("/v1/appointments/\(appointment)").string("status")
    }

    @Test func theDayShowsEachDoctorsListWithNamesAndStatuses() async throws {
        let world = try await Self.world("Dr. Today Names")
        let dolma = try await Self.booked(world, names: ["bo": "བཀྲ་ཤིས་སྒྲོལ་མ", "zh": "扎西卓玛", "latin": "Tashi Dolma"])
        let script = try await Self.booked(world, names: ["latin": "<script>alert(1)</script>"])
        _ = try await world.staff.client.post("/v1/appointments/\(script.appointment)/check-in")

        let page = try await world.browser.get("/console/?date=\(world.date)")
        #expect(page.status == 200)
        let html = page.bodyText
        let doctorId = world.doctor.id.uuidString
        #expect(html.contains("<table id=\"day-\(doctorId)\">"))
        #expect(html.contains("Dr. Today Names"))
        #expect(html.contains("lang=\"bo\" dir=\"auto\">བཀྲ་ཤིས་སྒྲོལ་མ") && html.contains("lang=\"zh\" dir=\"auto\">扎西卓玛"))
        #expect(html.contains("<tr id=\"appointment-\(dolma.appointment)\" data-status=\"booked\">"))
        #expect(html.contains("<tr id=\"appointment-\(script.appointment)\" data-status=\"checkedIn\">"))
        #expect(html.contains(">Booked<") && html.contains(">Checked in<"))
        // Booked rows offer check-in, no-show and cancel; a checked-in row offers complete.
        #expect(html.contains("action=\"/console/appointments/\(dolma.appointment)/check-in\""))
        #expect(html.contains("class=\"check-in\""))
        #expect(html.contains("action=\"/console/appointments/\(script.appointment)/complete\""))
        #expect(!html.contains("action=\"/console/appointments/\(script.appointment)/check-in\""))
        // No-show posts from the check-in form's second button; cancelling asks its reason on a page of its own.
        #expect(html.contains("formaction=\"/console/appointments/\(dolma.appointment)/no-show\""))
        let cancelLink = "/console/appointments/\(dolma.appointment)/cancel?next="
        #expect(html.contains("href=\"\(cancelLink)"))
        let cancelPage = try await world.browser.get(cancelLink + "%2Fconsole%2F")
        #expect(cancelPage.status == 200 && cancelPage.bodyText.contains("id=\"cancel-form\""))
        #expect(cancelPage.bodyText.contains("id=\"cancel-what\"") && cancelPage.bodyText.contains("扎西卓玛"))
        #expect(cancelPage.bodyText.contains("name=\"next\" value=\"/console/\""))
        #expect(html.contains("/console/day-list/print?date=\(world.date)&amp;doctorId=\(doctorId)"))
        #expect(html.contains("id=\"walk-in-queue\""))
        // A name is text, never markup.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert(1)"))
        ConsoleSessionTests.expectSecurityHeaders(page, "today")

        // The reader's script first: in Chinese the Chinese name leads, with the others beside it.
        world.browser.headers["Accept-Language"] = "zh"
        let chinese = try await world.browser.get("/console/?date=\(world.date)").bodyText
        #expect(
            chinese.contains("<span class=\"name\" lang=\"zh\" dir=\"auto\">扎西卓玛</span>") && chinese.contains("已预约"))

        // Another day without a rota says so; a date that is not one is a 400 with the error at the field.
        world.browser.headers["Accept-Language"] = "en"
        let empty = try await world.browser.get("/console/?date=\(world.date.adding(days: 1))")
        #expect(empty.status == 200 && empty.bodyText.contains("No doctor is on duty this day."))
        let bad = try await world.browser.get("/console/?date=2026-13-45")
        #expect(
            bad.status == 400 && bad.bodyText.contains("id=\"f-date-error\"") && bad.bodyText.contains("2026-13-45"))
    }

    @Test func theButtonsChangeTheAppointmentAsTheAPIWould() async throws {
        let world = try await Self.world("Dr. Today Buttons")
        let first = try await Self.booked(world, names: ["latin": "First Button"])
        let second = try await Self.booked(world, names: ["latin": "Second Button"])
        let third = try await Self.booked(world, names: ["latin": "Third Button"])
        let browser = world.browser
        let next = "/console/?date=\(world.date)"
        _ = try await browser.get(next)

        let checkIn = try await browser.post("/console/appointments/\(first.appointment)/check-in", [("next", next)])
        #expect(checkIn.status == 303 && checkIn.header("Location") == next + "&done=checkedIn")
        #expect(try await Self.status(world, first.appointment) == "checkedIn")
        let landed = try await browser.get(next + "&done=checkedIn")
        #expect(landed.bodyText.contains("<div class=\"alert ok\" role=\"status\" id=\"notice\">Checked in.</div>"))

        let complete = try await browser.post("/console/appointments/\(first.appointment)/complete", [("next", next)])
        #expect(complete.header("Location") == next + "&done=completed")
        #expect(try await Self.status(world, first.appointment) == "completed")

        let noShow = try await browser.post("/console/appointments/\(second.appointment)/no-show", [("next", next)])
        #expect(noShow.header("Location") == next + "&done=noShow")
        #expect(try await Self.status(world, second.appointment) == "noShow")

        // Cancel asks for a reason; one the API refuses comes back beside the field, as typed, with 422.
        let tooLong = String(repeating: "ཀ", count: TextRules.reasonMaximum + 1)
        let refused = try await browser.post(
            "/console/appointments/\(third.appointment)/cancel", [("next", next), ("reason", tooLong)])
        #expect(refused.status == 422)
        #expect(
            refused.bodyText.contains("id=\"f-reason-error\"") && refused.bodyText.contains(">\(tooLong)</textarea>"))
        #expect(
            refused.bodyText.contains("<input type=\"hidden\" name=\"next\" value=\"/console/?date=\(world.date)\">"))
        #expect(try await Self.status(world, third.appointment) == "booked")
        let cancelled = try await browser.post(
            "/console/appointments/\(third.appointment)/cancel", [("next", next), ("reason", "moved to Lhasa")])
        #expect(cancelled.header("Location") == next + "&done=cancelled")
        let after = try await world.staff.client.get("/v1/appointments/\(third.appointment)")
        #expect(after.string("status") == "cancelled" && after.string("cancelReason") == "moved to Lhasa")

        // Without the form token nothing changes; `next` off the console returns to the start.
        let forged = try await browser.post(
            "/console/appointments/\(second.appointment)/check-in", [("next", next)], csrf: ConsoleClient.withoutCSRF)
        #expect(forged.status == 403)
        let offSite = try await browser.post(
            "/console/appointments/\(first.appointment)/complete", [("next", "https://evil.example/")])
        #expect(offSite.header("Location")?.hasPrefix("/console/?") == true)
    }

    @Test func aTransitionNotAllowedShowsTheConflictNotAnError() async throws {
        let world = try await Self.world("Dr. Today Conflict")
        let booked = try await Self.booked(world, names: ["latin": "Twice Checked"])
        let browser = world.browser
        let next = "/console/?date=\(world.date)"
        _ = try await browser.get(next)
        #expect(
            try await browser.post("/console/appointments/\(booked.appointment)/check-in", [("next", next)]).status
                == 303)
        // Checked in at another desk meanwhile: checking in again, or marking a no-show, is a 409 in the API.
        for action in ["check-in", "no-show"] {
            let again = try await browser.post(
                "/console/appointments/\(booked.appointment)/\(action)", [("next", next)])
            #expect(again.status == 303 && again.header("Location") == next + "&notice=conflict", "\(action)")
        }
        let page = try await browser.get(next + "&notice=conflict")
        #expect(page.status == 200)
        #expect(page.bodyText.contains("role=\"alert\" id=\"notice\">That change is not possible"))
        #expect(try await Self.status(world, booked.appointment) == "checkedIn")
        // An unknown appointment is the console's 404 page; a notice code it does not know shows nothing.
        let unknown = try await browser.post("/console/appointments/\(UUID().uuidString)/check-in", [("next", next)])
        #expect(unknown.status == 404 && unknown.header("Content-Type")?.hasPrefix("text/html") == true)
        let odd = try await browser.get(next + "&notice=%3Cb%3Ehi&done=%3Cscript%3E")
        #expect(odd.status == 200 && !odd.bodyText.contains("id=\"notice\"") && !odd.bodyText.contains("<b>hi"))
    }

    @Test func doctorsMayNotMoveAppointmentsOrTakeWalkIns() async throws {
        let world = try await Self.world("Dr. Today Roles")
        let booked = try await Self.booked(world, names: ["latin": "Role Check"])
        let doctor = try await world.app.signIn(.doctor, doctorId: world.doctor.id)
        // The API refuses a doctor the desk's changes ...
        #expect(try await doctor.client.post("/v1/appointments/\(booked.appointment)/check-in").status == 403)
        // ... and so does the console, before it asks the API.
        let browser = ConsoleClient(app: world.app)
        browser.headers["Accept-Language"] = "en"
        try await browser.signIn(doctor.user.username, doctor.password)
        _ = try await browser.get("/console/")
        for action in ["check-in", "no-show", "complete", "cancel"] {
            let refused = try await browser.post(
                "/console/appointments/\(booked.appointment)/\(action)", [("next", "/console/"), ("reason", "x")])
            #expect(refused.status == 403, "\(action)")
        }
        #expect(try await browser.get("/console/walk-ins").status == 403)
        #expect(try await browser.post("/console/walk-ins", [("residentId", booked.resident)]).status == 403)
        #expect(try await Self.status(world, booked.appointment) == "booked")
        // A doctor may print their own day list, as the API allows.
        let own = try await browser.get(
            "/console/day-list/print?date=\(world.date)&doctorId=\(world.doctor.id.uuidString)")
        #expect(own.status == 200 && own.bodyText.contains("Role Check"))
    }

    @Test func aWalkInIsQueuedWhenNoSlotIsFreeAndBookedWhenOneIs() async throws {
        let world = try await Self.world("Dr. Today Walk-in")
        let browser = world.browser
        let resident = try await world.staff.client.post(
            "/v1/residents",
            ["names": ["bo": "པདྨ།", "latin": "Pema Walker"], "sex": "male", "birthDate": "1950-01-01"])
        let residentId = try #require(resident.string("id"))

        // Find by name: the form offers the resident; no one chosen is an error beside the choice, reason kept.
        let search = try await browser.get("/console/walk-ins?q=Pema")
        #expect(search.status == 200 && search.bodyText.contains("id=\"walk-in-form\""))
        #expect(
            search.bodyText.contains("id=\"walk-in-button\"") && search.bodyText.contains("value=\"\(residentId)\""))
        let none = try await browser.post("/console/walk-ins", [("reason", "dizzy spells"), ("q", "Pema")])
        #expect(none.status == 422)
        #expect(none.bodyText.contains("id=\"f-residentId-error\"") && none.bodyText.contains("value=\"dizzy spells\""))

        // No rota today: queued, and the queue on the today page shows them.
        let queued = try await browser.post(
            "/console/walk-ins", [("residentId", residentId), ("reason", "dizzy spells")])
        #expect(queued.status == 303 && queued.header("Location") == "/console/?done=queued&position=1")
        let today = try await browser.get("/console/?done=queued&position=1")
        #expect(today.bodyText.contains("queued as number 1"))
        let queue = try #require(today.bodyText.components(separatedBy: "id=\"walk-in-queue\"").last)
        #expect(queue.contains("Pema Walker") && queue.contains("dizzy spells"))
        // Again: the API says they already wait (409), shown on the form.
        let twice = try await browser.post("/console/walk-ins", [("residentId", residentId), ("chosen", "1")])
        #expect(twice.status == 409 && twice.bodyText.contains("role=\"alert\""))
        // They went home.
        let entries = try await world.staff.client.get("/v1/walk-ins")
        let entry = try #require(entries.items.first?["id"] as? String)
        let left = try await browser.post("/console/walk-ins/\(entry)/leave", [("next", "/console/")])
        #expect(left.header("Location") == "/console/?done=left")
        #expect(try await world.staff.client.get("/v1/walk-ins").items.isEmpty)

        // Make today a clinic day with a session later today: the walk-in gets a slot, and the notice says which.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Fixture.zone
        let hour = calendar.component(.hour, from: Date())
        guard hour < 22 else { return }  // too late in the clinic's zone for a session today
        var settings = ClinicSettings.default
        settings.clinicWeekdays = [Fixture.today.isoWeekday]
        settings.sessions = [
            ClinicSession(
                name: "late", start: LocalTime(hour: hour + 1, minute: 0)!, end: LocalTime(hour: hour + 2, minute: 0)!)
        ]
        _ = try await world.app.pool.withConnection { try await ClinicSettingsStore.put(settings, on: $0) }
        try await world.app.application.services.refreshSettings()
        _ = try await Fixture.generate(from: Fixture.today, to: Fixture.today, pool: world.app.pool)
        let chosen = try await browser.get("/console/walk-ins?residentId=\(residentId)")
        #expect(
            chosen.bodyText.contains("id=\"chosen-resident\"") && !chosen.bodyText.contains("id=\"walk-in-search\""))
        let key = try #require(ConsoleClient.hidden("key", in: chosen.bodyText))
        let seated = try await browser.post(
            "/console/walk-ins", [("residentId", residentId), ("chosen", "1"), ("key", key)])
        let location = try #require(seated.header("Location"))
        #expect(seated.status == 303 && location.hasPrefix("/console/?done=walk-in&appointmentId="))
        // Sent twice (a double click): the same answer, one booking.
        let again = try await browser.post(
            "/console/walk-ins", [("residentId", residentId), ("chosen", "1"), ("key", key)])
        #expect(again.header("Location") == location)
        let appointments = try await world.staff.client.get("/v1/appointments?residentId=\(residentId)")
        #expect(appointments.items.count == 1 && appointments.items.first?["walkIn"] as? Bool == true)
        let notice = try await browser.get(location)
        #expect(notice.bodyText.contains("Walk-in booked:") && notice.bodyText.contains("Dr. Today Walk-in"))
        #expect(notice.bodyText.contains(String(format: "%02d:00", hour + 1)))
    }

    @Test func thePrintableDayListIsTheAPIsPageUnderTheConsolesHeaders() async throws {
        let world = try await Self.world("Dr. Today Print")
        _ = try await Self.booked(world, names: ["bo": "ཚེ་རིང་།", "latin": "<script>alert(1)</script>"])
        let path = "/console/day-list/print?date=\(world.date)&doctorId=\(world.doctor.id.uuidString)"
        let page = try await world.browser.get(path)
        #expect(page.status == 200 && page.header("Content-Type") == "text/html; charset=utf-8")
        ConsoleSessionTests.expectSecurityHeaders(page, "print")
        // The page's inline style is the one the console's CSP allows by hash, so the browser applies it.
        let style = try #require(
            page.bodyText.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>")
                .first)
        let hash = "'sha256-" + Data(SHA256.hash(Array(style.utf8))).base64EncodedString() + "'"
        #expect(page.header("Content-Security-Policy")?.contains(hash) == true)
        #expect(page.bodyText.contains("ཚེ་རིང་།") && page.bodyText.contains("Dr. Today Print"))
        #expect(page.bodyText.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.bodyText.contains("<script>"))
        // Without a doctor the API's 400 becomes the console's HTML page, not problem+json.
        let missing = try await world.browser.get("/console/day-list/print?date=\(world.date)")
        #expect(missing.status == 400 && missing.header("Content-Type")?.hasPrefix("text/html") == true)
        // Not signed in: to the sign-in form.
        #expect(try await ConsoleClient(app: world.app).get(path).status == 303)
    }
}
