import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Booking in the console over real HTTP: a clinic week set up through the API as admin (one doctor, the rota
/// generated three weeks ahead so the green-channel hold is in force), then the pages as the front desk uses them.
/// One test at a time: they share the suite's rota and take its slots.
@Suite(.serialized) struct BookingPagesTests {
    struct World {
        let app: TestApp
        let admin: APIClient
        let staff: TestApp.SignedIn
        let doctorId: String
        let thursday: LocalDate
        var monday: LocalDate { thursday.adding(days: -3) }
    }

    static let doctorName = "Dr. Pages <b>Dolkar</b>"

    static func world() async throws -> World {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin).client
        let thursday = Fixture.next(4, onOrAfter: Fixture.today.adding(days: 21))
        let doctors = try await admin.get("/v1/doctors")
        var doctorId = doctors.items.first { $0["name"] as? String == doctorName }?["id"] as? String
        if doctorId == nil {
            let created = try await admin.post(
                "/v1/doctors",
                ["name": doctorName, "languages": ["bo", "zh"], "modes": ["onsite", "remote", "home"]] as [String: Any])
            #expect(created.status == 201)
            doctorId = created.string("id")
            let monday = thursday.adding(days: -3)
            let generated = try await admin.post(
                "/v1/rota/generate", ["from": "\(monday)", "to": "\(monday.adding(days: 13))"])
            #expect(generated.status == 201, "\(generated.text)")
        }
        let staff = try await app.signIn(.staff)
        return World(app: app, admin: admin, staff: staff, doctorId: try #require(doctorId), thursday: thursday)
    }

    /// A resident registered through the API; returns its id.
    static func resident(_ world: World, _ latin: String, flags: [String] = []) async throws -> String {
        let created = try await world.staff.client.post(
            "/v1/residents",
            [
                "names": ["latin": latin, "bo": "བཀྲ་ཤིས།"], "sex": "female", "birthDate": "1950-03-01",
                "languages": ["bo"], "flags": flags,
            ] as [String: Any])
        #expect(created.status == 201, "\(created.text)")
        return try #require(created.string("id"))
    }

    /// A staff browser, signed in, reading English.
    static func browser(_ world: World) async throws -> ConsoleClient {
        let browser = ConsoleClient(app: world.app)
        browser.headers["Accept-Language"] = "en"
        let signedIn = try await browser.signIn(world.staff.user.username, world.staff.password)
        #expect(signedIn.status == 303)
        return browser
    }

    /// The week's slots of `mode` on `date` as the API lists them.
    static func slots(_ world: World, mode: String, date: LocalDate) async throws -> [[String: Any]] {
        let page = try await world.admin.get(
            "/v1/slots?from=\(date)&to=\(date)&mode=\(mode)&doctorId=\(world.doctorId)&limit=500")
        #expect(page.status == 200)
        return page.items
    }

    /// A slot of `mode` in the week nobody has booked, held for the green channel or not.
    static func freeSlot(_ world: World, mode: String = "remote", priority: Bool = false) async throws
        -> [String: Any]
    {
        let all = try await slots(world, mode: mode, date: world.thursday)
            + slots(world, mode: mode, date: world.monday.adding(days: 1))
        return try #require(
            all.last { $0["booked"] as? Int == 0 && $0["priorityOnly"] as? Bool == priority },
            "no free \(mode) slot left")
    }

    /// What a browser sends when the button of `slotId` in the form `id` of a page is pressed: the form's hidden
    /// fields (unescaped) and the button's name and value. The CSRF field, which the client adds itself, must be
    /// inside that form.
    static func pressing(_ html: String, form id: String, slot slotId: String) throws -> [(String, String)] {
        let start = try #require(html.range(of: "<form id=\"\(id)\""), "no form \(id)")
        let end = try #require(html.range(of: "</form>", range: start.upperBound..<html.endIndex))
        let form = html[start.lowerBound..<end.lowerBound]
        #expect(form.contains("name=\"_csrf\""), "the form \(id) carries its CSRF field")
        func unescaped(_ text: Substring) -> String {
            text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        var fields: [(String, String)] = []
        for piece in form.components(separatedBy: "<input type=\"hidden\" name=\"").dropFirst() {
            let name = piece.prefix { $0 != "\"" }
            guard name != "_csrf", let value = piece.range(of: "value=\"") else { continue }
            fields.append((String(name), unescaped(piece[value.upperBound...].prefix { $0 != "\"" })))
        }
        for piece in form.components(separatedBy: "<button type=\"submit\" class=\"").dropFirst() {
            guard let name = piece.range(of: "name=\""), let value = piece.range(of: "\" value=\"") else { continue }
            let pressed = unescaped(piece[value.upperBound...].prefix { $0 != "\"" })
            if pressed == slotId || pressed.hasPrefix(slotId + " ") {
                return fields + [(String(piece[name.upperBound..<value.lowerBound]), pressed)]
            }
        }
        Issue.record("no button for \(slotId) in the form \(id)")
        return fields
    }

    /// The fields the week's book form sends when `slot`'s button is pressed, with `reason` typed.
    static func bookFields(
        _ html: String, _ world: World, resident: String, slot: [String: Any], reason: String = ""
    ) throws -> [(String, String)] {
        let slotId = try #require(slot["id"] as? String)
        return try pressing(html, form: "book-form", slot: slotId).filter { $0.0 != "reason" && $0.0 != "interpreter" }
            + [("reason", reason), ("interpreter", "")]
    }

    @Test func theWeekShowsThursdayRemoteSlotsWithDoctorSeatsAndGreenChannel() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Week <script>alert(1)</script>")
        let browser = try await Self.browser(world)
        let page = try await browser.get("/console/book?residentId=\(resident)&week=\(world.thursday)&mode=remote")
        #expect(page.status == 200)
        let html = page.bodyText
        // The week picked by any of its days starts on Monday; links go to the weeks around it.
        #expect(html.contains("value=\"\(world.monday)\""))
        #expect(html.contains("week=\(world.monday.adding(days: 7))"))
        #expect(html.contains("week=\(world.monday.adding(days: -7))"))
        #expect(html.contains("id=\"slot-filter\"") && html.contains("<option value=\"remote\" selected>"))
        #expect(html.contains("id=\"slots\""))
        let remote = try await Self.slots(world, mode: "remote", date: world.thursday)
        #expect(remote.count >= 4)
        let rows = html.components(separatedBy: "<tr data-date=\"\(world.thursday)\" data-mode=\"remote\"").count - 1
        #expect(rows == remote.count, "every remote Thursday slot is a row")
        // One book form for the whole week (a busy week has hundreds of slots), a button per free slot in it; Enter in
        // its reason field presses the disabled hidden first button, so it books nothing.
        #expect(html.components(separatedBy: "<form id=\"book-form\" method=\"post\"").count == 2)
        #expect(html.contains("<form id=\"book-form\" method=\"post\" action=\"/console/appointments\" class=\"pick\">\n<button type=\"submit\" disabled hidden"))
        let buttons = html.components(separatedBy: "class=\"book-slot\"").count - 1
        #expect(buttons >= rows && buttons <= html.components(separatedBy: "<tr data-date=").count - 1)
        #expect(!html.contains("data-mode=\"onsite\"") && !html.contains("data-mode=\"home\""))
        // The doctor (escaped), the seats, the green channel badge in a row and what it means.
        #expect(html.contains("Dr. Pages &lt;b&gt;Dolkar&lt;/b&gt;") && !html.contains("<b>Dolkar"))
        let first = try #require(remote.first)
        let capacity = try #require(first["capacity"] as? Int), booked = try #require(first["booked"] as? Int)
        #expect(html.contains("<strong>\(capacity - booked)</strong> <span class=\"muted\">/ \(capacity)</span>"))
        let held = try #require(remote.first { $0["priorityOnly"] as? Bool == true }?["id"] as? String)
        let heldRow = try #require(html.range(of: "data-slot-id=\"\(held)\""))
        let rest = html[heldRow.upperBound...]
        let rowText = rest[..<(rest.range(of: "</tr>")?.lowerBound ?? rest.endIndex)]
        #expect(rowText.contains("badge priority\">Green channel"))
        #expect(html.contains("held for priority residents"))
        // Tuesday is a clinic day too: its slots are in the table when no mode is chosen.
        let all = try await browser.get("/console/book?residentId=\(resident)&week=\(world.monday)")
        #expect(all.bodyText.contains("data-date=\"\(world.monday.adding(days: 1))\""))
        #expect(all.bodyText.contains("data-mode=\"onsite\""))
        // The resident's name is text, never markup.
        #expect(html.contains("Week &lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert"))
        #expect(html.contains("class=\"book-slot\""))
    }

    /// A slot whose session will not run (a closure here) has no booking form: the row says so instead of offering a
    /// button that could only be refused.
    @Test func aClosedDaysSlotsOfferNoBooking() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Week Closed Day")
        let tuesday = world.monday.adding(days: 8)
        let closed = try await world.admin.post("/v1/clinic/closures", ["date": "\(tuesday)", "reason": "snow on the pass"])
        #expect(closed.status == 201, "\(closed.text)")
        let browser = try await Self.browser(world)
        let html = try await browser.get("/console/book?residentId=\(resident)&week=\(tuesday)").bodyText
        let rows = html.components(separatedBy: "<tr data-date=\"").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
        let closedRows = rows.filter { $0.hasPrefix("\(tuesday)\"") }
        #expect(!closedRows.isEmpty)
        #expect(closedRows.allSatisfy { !$0.contains("book-slot") && $0.contains("No clinic") })
        #expect(rows.contains { !$0.hasPrefix("\(tuesday)\"") && $0.contains("book-slot") }, "the week's other days stay bookable")
        #expect(try await world.admin.delete("/v1/clinic/closures/\(tuesday)").status == 204)
    }

    @Test func choosingAResidentSearchesTheAPI() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Findable Pema")
        let browser = try await Self.browser(world)
        let start = try await browser.get("/console/book")
        #expect(start.status == 200 && start.bodyText.contains("id=\"book-resident-search\""))
        let found = try await browser.get("/console/book?q=Findable")
        #expect(found.status == 200)
        #expect(found.bodyText.contains("href=\"/console/book?residentId=\(resident)\""))
        #expect(found.bodyText.contains("Findable Pema"))
    }

    @Test func bookingThroughTheFormCreatesTheAppointmentOnceAndLandsOnIt() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Booker Lhamo")
        let slot = try await Self.freeSlot(world)
        let browser = try await Self.browser(world)
        let page = try await browser.get("/console/book?residentId=\(resident)&week=\(world.monday)&mode=remote")
        let fields = try Self.bookFields(page.bodyText, world, resident: resident, slot: slot, reason: "knee pain")

        let booked = try await browser.post("/console/appointments", fields)
        #expect(booked.status == 303, "\(booked.bodyText)")
        let location = try #require(booked.header("Location"))
        #expect(location.hasPrefix("/console/appointments/") && location.hasSuffix("?done=booked"))
        let id = String(location.dropFirst("/console/appointments/".count).prefix { $0 != "?" })

        let appointment = try await world.staff.client.get("/v1/appointments/\(id)")
        #expect(appointment.status == 200)
        #expect(appointment.string("slotId") == slot["id"] as? String)
        #expect(appointment.string("residentId") == resident && appointment.string("status") == "booked")
        #expect(appointment.string("reason") == "knee pain" && (appointment.json["interpreter"] as? String) == nil)

        let landed = try await browser.get(location)
        #expect(landed.status == 200)
        #expect(landed.bodyText.contains("<div class=\"alert ok\" role=\"status\">The appointment is booked."))
        #expect(landed.bodyText.contains("href=\"/console/residents/\(resident)\""))
        #expect(landed.bodyText.contains("Booker Lhamo") && landed.bodyText.contains("knee pain"))

        // The same form sent again (a double click): the same appointment, one seat taken.
        let again = try await browser.post("/console/appointments", fields)
        #expect(again.status == 303 && again.header("Location") == location)
        let listed = try await world.staff.client.get("/v1/appointments?residentId=\(resident)")
        #expect(listed.items.count == 1)
        let slotId = try #require(slot["id"] as? String)
        #expect(try await Fixture.booked(UUID(uuidString: slotId)!, pool: world.app.pool) == 1)

        // Another slot's button on the same page (the same page's key): another booking, not a replay of the first.
        let other = try await Self.freeSlot(world)
        let second = try await browser.post(
            "/console/appointments", try Self.bookFields(page.bodyText, world, resident: resident, slot: other))
        #expect(second.status == 303 && second.header("Location") != location, "\(second.bodyText)")
        #expect(try await world.staff.client.get("/v1/appointments?residentId=\(resident)").items.count == 2)
    }

    @Test func twoClicksAtOnceBookOnce() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Double Click")
        let slot = try await Self.freeSlot(world)
        let browser = try await Self.browser(world)
        let page = try await browser.get("/console/book?residentId=\(resident)&week=\(world.monday)&mode=remote")
        let fields = try Self.bookFields(page.bodyText, world, resident: resident, slot: slot)
        // Two sessions of the same user, so each request has its own client (the key is the user's).
        let twin = try await Self.browser(world)
        try await twin.get("/console/book?residentId=\(resident)")
        async let first = browser.post("/console/appointments", fields)
        async let second = twin.post("/console/appointments", fields)
        let answers = try await [first, second]
        #expect(answers.allSatisfy { $0.status == 303 }, "\(answers.map(\.status))")
        #expect(answers[0].header("Location") == answers[1].header("Location"))
        let listed = try await world.staff.client.get("/v1/appointments?residentId=\(resident)")
        #expect(listed.items.count == 1)
    }

    @Test func aFullOrHeldSlotIsAConflictShownInWordsWithTheReasonKept() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Too Late")
        let other = try await Self.resident(world, "First Come")
        let slot = try await Self.freeSlot(world)
        let slotId = try #require(slot["id"] as? String)
        let browser = try await Self.browser(world)
        let page = try await browser.get("/console/book?residentId=\(resident)&week=\(world.monday)&mode=remote")
        let fields = try Self.bookFields(page.bodyText, world, resident: resident, slot: slot, reason: "typed & kept")
        // Someone else takes the last seats while the page is open.
        let capacity = try #require(slot["capacity"] as? Int)
        for index in 0..<capacity {
            let taker = index == 0 ? other : try await Self.resident(world, "Taker \(index)")
            let taken = try await world.staff.client.post(
                "/v1/appointments", ["slotId": slotId, "residentId": taker, "mode": "remote"])
            #expect(taken.status == 201)
        }
        let refused = try await browser.post("/console/appointments", fields)
        #expect(refused.status == 409)
        let html = refused.bodyText
        #expect(html.contains("id=\"booking-problem\">This slot is full. Please choose another one."))
        #expect(!html.contains("name=\"slot\" value=\"\(slotId) "), "the full slot has no button any more")
        #expect(html.contains("value=\"typed &amp; kept\""), "what was typed stays for another slot")
        #expect(html.contains("id=\"slots\"") && html.contains("value=\"\(world.monday)\""), "the same week again")
        let listed = try await world.staff.client.get("/v1/appointments?residentId=\(resident)")
        #expect(listed.items.isEmpty)

        // A green-channel slot for a resident without a priority flag: the same page says why.
        let held = try await Self.freeSlot(world, priority: true)
        let again = try await browser.get("/console/book?residentId=\(resident)&week=\(world.monday)&mode=remote")
        let heldFields = try Self.bookFields(again.bodyText, world, resident: resident, slot: held, reason: "kept")
        let priority = try await browser.post("/console/appointments", heldFields)
        #expect(priority.status == 409)
        #expect(priority.bodyText.contains("held for the green channel, and this resident is not a priority resident"))
        #expect(priority.bodyText.contains("value=\"kept\""), "what was typed stays in the form")

        // A bad reason (too long): 422, the error beside the slot's reason field, the text kept.
        let long = String(repeating: "x", count: TextRules.reasonMaximum + 1)
        let free = try await Self.freeSlot(world)
        let third = try await browser.get("/console/book?residentId=\(resident)&week=\(world.monday)&mode=remote")
        let badFields = try Self.bookFields(third.bodyText, world, resident: resident, slot: free, reason: long)
        let invalid = try await browser.post("/console/appointments", badFields)
        #expect(invalid.status == 422)
        let reasonID = ConsoleForm.fieldID("reason")
        #expect(invalid.bodyText.contains("href=\"#\(reasonID)\""))
        #expect(invalid.bodyText.contains("id=\"\(reasonID)-error\""))
        #expect(invalid.bodyText.contains("id=\"\(reasonID)\" name=\"reason\" type=\"text\" value=\"\(long)\""))
        #expect(invalid.bodyText.contains("aria-describedby=\"\(reasonID)-error\" aria-invalid=\"true\""))
    }

    @Test func rescheduleMovesTheAppointmentAndShowsAConflict() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Mover Dawa")
        let from = try await Self.freeSlot(world)
        let fromId = try #require(from["id"] as? String)
        let booked = try await world.staff.client.post(
            "/v1/appointments", ["slotId": fromId, "residentId": resident, "mode": "remote"])
        let id = try #require(booked.string("id"))
        let browser = try await Self.browser(world)
        let page = try await browser.get("/console/appointments/\(id)/reschedule")
        #expect(page.status == 200)
        let html = page.bodyText
        #expect(html.contains("data-slot-id=\"\(fromId)\""), "the appointment's own week, in its mode")
        #expect(html.contains("Current slot") && html.contains("class=\"move-slot\""))
        #expect(html.components(separatedBy: "<form id=\"move-form\"").count == 2, "one form for the week's slots")
        #expect(!html.contains("data-mode=\"onsite\""))

        let to = try await Self.freeSlot(world)
        let toId = try #require(to["id"] as? String)
        let moved = try await browser.post(
            "/console/appointments/\(id)/reschedule", try Self.pressing(html, form: "move-form", slot: toId))
        #expect(moved.status == 303 && moved.header("Location") == "/console/appointments/\(id)?done=rescheduled")
        let after = try await world.staff.client.get("/v1/appointments/\(id)")
        #expect(after.string("slotId") == toId && after.string("status") == "booked")
        #expect(try await Fixture.booked(UUID(uuidString: fromId)!, pool: world.app.pool) == 0)
        let landed = try await browser.get("/console/appointments/\(id)?done=rescheduled")
        #expect(landed.bodyText.contains("The appointment is moved to the new slot."))

        // Back into the same slot it is in: 409, said in words, the week shown again.
        let same = try await browser.post(
            "/console/appointments/\(id)/reschedule", [("slotId", toId), ("view", "week=\(world.monday)&mode=remote")])
        #expect(same.status == 409)
        #expect(same.bodyText.contains("The appointment is already in this slot."))
        #expect(same.bodyText.contains("id=\"slots\""))
        // A slot id that names nothing: 422, not 500.
        let unknown = try await browser.post("/console/appointments/\(id)/reschedule", [("slotId", UUID().uuidString)])
        #expect(unknown.status == 422)
        let garbage = try await browser.post("/console/appointments/\(id)/reschedule", [("slotId", "<x>")])
        #expect(garbage.status == 422 || garbage.status == 400)
        #expect(!garbage.bodyText.contains("<x>"))
    }

    @Test func theAppointmentPageShowsOnlyTheActionsItsStatusAllows() async throws {
        let world = try await Self.world()
        let browser = try await Self.browser(world)
        var ids: [String] = []
        for name in ["Actions One", "Actions Two", "Actions Three"] {
            let resident = try await Self.resident(world, name)
            let slot = try #require(try await Self.freeSlot(world)["id"] as? String)
            let booked = try await world.staff.client.post(
                "/v1/appointments", ["slotId": slot, "residentId": resident, "mode": "remote", "reason": "<i>x</i>"])
            ids.append(try #require(booked.string("id")))
        }
        let booked = try await browser.get("/console/appointments/\(ids[0])")
        #expect(booked.status == 200)
        let html = booked.bodyText
        for control in ["id=\"cancel-button\"", "id=\"check-in-button\"", "id=\"no-show-button\"", "/reschedule\""] {
            #expect(html.contains(control), "\(control)")
        }
        #expect(!html.contains("id=\"complete-button\""))
        #expect(html.contains("action=\"/console/appointments/\(ids[0])/cancel\""))
        #expect(html.contains("name=\"next\" value=\"/console/appointments/\(ids[0])\""))
        #expect(html.contains("name=\"reason\"") && html.contains("name=\"_csrf\""))
        #expect(html.contains("&lt;i&gt;x&lt;/i&gt;") && !html.contains("<i>x</i>"))

        #expect(try await world.staff.client.post("/v1/appointments/\(ids[1])/check-in").status == 200)
        let checkedIn = try await browser.get("/console/appointments/\(ids[1])")
        #expect(checkedIn.bodyText.contains("id=\"complete-button\""))
        #expect(checkedIn.bodyText.contains("action=\"/console/appointments/\(ids[1])/complete\""))
        for control in ["cancel-button", "check-in-button", "no-show-button", "reschedule-link"] {
            #expect(!checkedIn.bodyText.contains("id=\"\(control)\""), "\(control)")
        }

        let cancelled = try await world.staff.client.post(
            "/v1/appointments/\(ids[2])/cancel", ["reason": "moved away"])
        #expect(cancelled.status == 200)
        let page = try await browser.get("/console/appointments/\(ids[2])")
        #expect(page.bodyText.contains("Cancelled") && page.bodyText.contains("moved away"))
        for control in ["cancel-button", "check-in-button", "no-show-button", "complete-button", "reschedule-link"] {
            #expect(!page.bodyText.contains("id=\"\(control)\""), "\(control)")
        }
        let cannotMove = try await browser.get("/console/appointments/\(ids[2])/reschedule")
        #expect(cannotMove.status == 200 && cannotMove.bodyText.contains("Only a booked appointment can be moved."))
        #expect(!cannotMove.bodyText.contains("class=\"move-slot\""))

        #expect(try await browser.get("/console/appointments/\(UUID().uuidString)").status == 404)
        #expect(try await browser.get("/console/appointments/not-an-id").status == 404)
    }

    @Test func aDoctorCannotBookButReadsTheirOwnAppointment() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Doctor Reads")
        let slot = try #require(try await Self.freeSlot(world)["id"] as? String)
        let booked = try await world.staff.client.post(
            "/v1/appointments", ["slotId": slot, "residentId": resident, "mode": "remote"])
        let id = try #require(booked.string("id"))

        let doctor = try await world.app.signIn(.doctor, doctorId: UUID(uuidString: world.doctorId))
        let browser = ConsoleClient(app: world.app)
        browser.headers["Accept-Language"] = "en"
        try await browser.signIn(doctor.user.username, doctor.password)
        #expect(try await browser.get("/console/book").status == 403)
        #expect(try await browser.get("/console/appointments/\(id)/reschedule").status == 403)
        let post = try await browser.post("/console/appointments", [("slotId", slot), ("residentId", resident)])
        #expect(post.status == 403)
        let own = try await browser.get("/console/appointments/\(id)")
        #expect(own.status == 200 && own.bodyText.contains("Doctor Reads"))
        #expect(!own.bodyText.contains("id=\"cancel-button\"") && !own.bodyText.contains("id=\"check-in-button\""))

        // Another doctor's appointment is not found, as in the API.
        let stranger = try await world.app.signIn(.doctor)
        let other = ConsoleClient(app: world.app)
        try await other.signIn(stranger.user.username, stranger.password)
        #expect(try await other.get("/console/appointments/\(id)").status == 404)
    }

    @Test func badFiltersAreShownBesideTheirFieldNotAsAnError() async throws {
        let world = try await Self.world()
        let resident = try await Self.resident(world, "Filter Tester")
        let browser = try await Self.browser(world)
        let badMode = try await browser.get("/console/book?residentId=\(resident)&mode=%3Cbad%3E")
        #expect(badMode.status == 400)
        #expect(badMode.bodyText.contains("id=\"f-mode-error\""))
        let badWeek = try await browser.get("/console/book?residentId=\(resident)&week=someday")
        #expect(badWeek.status == 400)
        #expect(badWeek.bodyText.contains("Write the date as YYYY-MM-DD."))
        #expect(badWeek.bodyText.contains("value=\"someday\""), "what was typed is kept")
        #expect(try await browser.get("/console/book?residentId=\(UUID().uuidString)").status == 404)
        // A book form with nothing in it: the API's 422, shown on the search page, not a 500.
        let empty = try await browser.post("/console/appointments", [("slotId", ""), ("residentId", "")])
        #expect(empty.status == 400 || empty.status == 422, "\(empty.status)")
        #expect(empty.bodyText.contains("id=\"booking-problem\"") && empty.bodyText.contains("book-resident-search"))
    }
}
