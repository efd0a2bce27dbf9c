import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Moving a booked appointment: the booking page's week of slots, in the appointment's mode unless another is
/// chosen, each free slot with a button of the week's one form to `POST /v1/appointments/{id}/reschedule` (atomic
/// in the API: the new seat taken and the old freed, or nothing).
enum ReschedulePage {
    static func render(
        _ context: RequestContext, _ console: ConsoleServices, query: QueryParameters,
        attempt: BookingPage.Attempt?
    ) async throws -> HTTPResponse {
        let language = context.language
        let api = console.api(context)
        let id = try context.pathID().uuidString
        let appointment = try await api.get("/v1/appointments/\(id)")
        let resident = try await api.get("/v1/residents/\(ConsoleAPI.encode(appointment["residentId"].text))")
        let here = "/console/appointments/\(id)"
        let start = appointment["start"].text
        let summary: Markup = """
            <section class="card" aria-labelledby="moving-heading">
            <h2 id="moving-heading">\(BookingWords.appointment(language))</h2>
            <p>\(NameDisplay.markup(resident["names"], language))</p>
            <p>\(BookingWords.nowAt(language)): \(ConsoleDates.day(start, language)) \(ConsoleDates.time(start)) · \(ValueWords.mode(appointment["mode"].text)(language)) · \(ValueWords.appointmentStatus(appointment["status"].text)(language))</p>
            <p><a href="\(here)">\(BookingWords.backToAppointment(language))</a></p>
            </section>
            """
        guard appointment["status"].text == AppointmentStatus.booked.rawValue else {
            let body: Markup = """
                \(BookingPage.attemptNotice(context, attempt))
                <div class="alert error" role="alert">\(BookingWords.cannotReschedule(language))</div>
                \(summary)
                """
            let status: HTTPStatus = attempt == nil ? .ok : HTTPStatus(code: 409)
            return ConsoleLayout.page(context, title: context.t(BookingWords.rescheduleTitle), status: status, body)
        }
        let startDay = LocalDate(String(start.prefix(10))) ?? LocalDate(Date(), in: context.timeZone)
        let week = SlotWeek(query, today: startDay, defaultMode: appointment["mode"].text)
        let loaded = try await week.load(api)
        let currentSlot = appointment["slotId"].text
        let view = String(ConsoleAPI.target("", week.query()).dropFirst())
        let table = week.table(context, loaded, actionHeader: BookingWords.reschedule) { slot in
            if slot["id"].text == currentSlot {
                return "<span class=\"badge\">\(BookingWords.current(language))</span>"
            }
            guard SlotWeek.isOpen(slot) else { return SlotWeek.closedReason(slot, language) }
            return SlotWeek.slotButton(
                name: "slotId", value: slot["id"].text, class: "move-slot", label: BookingWords.moveHere(language))
        }
        let slots =
            loaded.slots.contains { SlotWeek.isOpen($0) && $0["id"].text != currentSlot }
            ? SlotWeek.pickForm(
                context, id: "move-form", action: "\(here)/reschedule", view: view, table: table)
            : table
        let body: Markup = """
            \(BookingPage.attemptNotice(context, attempt))
            \(summary)
            <h2>\(BookingWords.slots(language))</h2>
            \(week.controls(context, path: "\(here)/reschedule", hidden: [], loaded))
            \(slots)
            """
        let status =
            attempt.map { HTTPStatus(code: $0.problem.status == 409 ? 409 : 422) }
            ?? (week.badWeek != nil || loaded.problem != nil ? .badRequest : .ok)
        return ConsoleLayout.page(context, title: context.t(BookingWords.rescheduleTitle), status: status, body)
    }

    /// `POST /console/appointments/{id}/reschedule`: 303 to the appointment with a notice, or this page again
    /// with the refusal (409 for a conflict).
    static func move(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let id = try context.pathID().uuidString
        let form = context.form
        let slotId = form["slotId"] ?? ""
        let outcome = await console.api(context).outcome(
            .post, "/v1/appointments/\(id)/reschedule", json: ["slotId": .string(slotId)])
        switch outcome {
        case .success:
            return ConsoleResponse.redirect("/console/appointments/\(id)?done=rescheduled")
        case .failure(let problem) where [400, 409, 422].contains(problem.status):
            let view = (try? QueryParameters(parsing: form["view"] ?? "")) ?? QueryParameters()
            let attempt = BookingPage.Attempt(reason: nil, interpreter: nil, problem: problem)
            return try await render(context, console, query: view, attempt: attempt)
        case .failure(let problem):
            throw problem
        }
    }
}
