import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Rebooking one displaced appointment into a slot the desk picks: the booking page's week of slots (from the week
/// the appointment had, in its mode unless another is chosen), each free slot with a button of the week's one form to
/// `POST /v1/appointments/{id}/rebook` `{"slotId"}`.
enum RebookSlotPage {
    static func render(
        _ context: RequestContext, _ console: ConsoleServices, query: QueryParameters, attempt: BookingPage.Attempt?
    ) async throws -> HTTPResponse {
        let language = context.language
        let api = console.api(context)
        let id = try UUIDText.lower(context.pathID())
        let appointment = try await api.get("/v1/appointments/\(id)")
        let resident = try await api.get("/v1/residents/\(ConsoleAPI.encode(appointment["residentId"].text))")
        let here = DisplacedPage.path + "/\(id)/rebook"
        let start = appointment["start"].text
        let phone = resident["phone"].string ?? context.t(DisplacedWords.noPhone)
        let noSlot: Markup =
            context.request.query["notice"] == "noSlot" && attempt == nil
            ? DisplacedPage.alert(context.t(DisplacedWords.noSlotPick), ok: false) : .empty
        let summary: Markup = """
            <section class="card" aria-labelledby="rebooking-heading">
            <h2 id="rebooking-heading">\(BookingWords.appointment(language))</h2>
            <p>\(NameDisplay.markup(resident["names"], language)) · \(phone)</p>
            <p>\(context.t(DisplacedWords.wasAt)): \(ConsoleDates.day(start, language)) \(ConsoleDates.time(start)) · \
            \(ValueWords.mode(appointment["mode"].text)(language)) · \(ValueWords.appointmentStatus(appointment["status"].text)(language))</p>
            <p><a href="\(DisplacedPage.path)">\(context.t(DisplacedWords.back))</a></p>
            </section>
            """
        guard appointment["status"].text == AppointmentStatus.displaced.rawValue else {
            let body: Markup = """
                \(BookingPage.attemptNotice(context, attempt))
                <div class="alert error" role="alert">\(context.t(DisplacedWords.gone))</div>
                \(summary)
                """
            let status: HTTPStatus = attempt == nil ? .ok : HTTPStatus(code: 409)
            return ConsoleLayout.page(context, title: context.t(DisplacedWords.pickTitle), status: status, body)
        }
        let today = LocalDate(Date(), in: context.timeZone)
        let had = LocalDate(String(start.prefix(10))) ?? today
        let week = SlotWeek(query, today: max(had, today), defaultMode: appointment["mode"].text)
        let loaded = try await week.load(api)
        let view = String(ConsoleAPI.target("", week.query()).dropFirst())
        let table = week.table(context, loaded, actionHeader: DisplacedWords.rebookHere) { slot in
            guard SlotWeek.isOpen(slot) else { return SlotWeek.closedReason(slot, language) }
            return SlotWeek.slotButton(
                name: "slotId", value: slot["id"].text, class: "rebook-slot",
                label: context.t(DisplacedWords.rebookHere))
        }
        let slots =
            loaded.slots.contains { SlotWeek.isOpen($0) }
            ? SlotWeek.pickForm(context, id: "rebook-form", action: here, view: view, table: table)
            : table
        let body: Markup = """
            \(noSlot)
            \(BookingPage.attemptNotice(context, attempt))
            \(summary)
            <h2>\(BookingWords.slots(language))</h2>
            \(week.controls(context, path: here, hidden: [], loaded))
            \(slots)
            """
        let status =
            attempt.map { HTTPStatus(code: $0.problem.status == 409 ? 409 : 422) }
            ?? (week.badWeek != nil || loaded.problem != nil ? .badRequest : .ok)
        return ConsoleLayout.page(context, title: context.t(DisplacedWords.pickTitle), status: status, body)
    }
}
