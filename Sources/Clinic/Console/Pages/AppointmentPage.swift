import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// One appointment: who, with whom, when, how and in what status, and the actions its status allows. The action
/// forms post to the today page's routes (`/cancel`, `/check-in`, `/no-show`, `/complete`) with `next` set to
/// come back here. A doctor may open their own appointments (the API answers 404 for another's) but has no actions.
enum AppointmentPage {
    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let language = context.language
        let api = console.api(context)
        let id = try context.pathID()
        let appointment = try await api.get("/v1/appointments/\(id.uuidString)")
        let residentId = appointment["residentId"].text
        let resident = try await api.get("/v1/residents/\(ConsoleAPI.encode(residentId))")
        let doctor = try? await api.get("/v1/doctors/\(ConsoleAPI.encode(appointment["doctorId"].text))")
        let status = appointment["status"].text
        let notice: Markup =
            context.request.query["done"].flatMap { BookingWords.done[$0] }.map {
                "<div class=\"alert ok\" role=\"status\">\(context.t($0))</div>"
            } ?? .empty
        let start = appointment["start"].text
        let reason = appointment["reason"].string.flatMap { $0.isEmpty ? nil : $0 }
        let interpreter = appointment["interpreter"].string
        let cancelReason = appointment["cancelReason"].string.flatMap { $0.isEmpty ? nil : $0 }
        func row(_ words: Words, _ value: Markup, id: String? = nil) -> Markup {
            let idMarkup = id.map { Markup(" id=\"\($0)\"") } ?? .empty
            return "<tr><th scope=\"row\">\(context.t(words))</th><td\(idMarkup)>\(value)</td></tr>"
        }
        let details: [Markup] = [
            row(
                BookingWords.resident,
                "<a href=\"/console/residents/\(residentId)\">\(NameDisplay.markup(resident["names"], language))</a>"),
            row(BookingWords.doctor, "\(doctor?["name"].text ?? "")"),
            row(BookingWords.date, "\(ConsoleDates.day(start, language))"),
            row(
                BookingWords.time,
                "\(ConsoleDates.time(start))–\(ConsoleDates.time(appointment["end"].text))"),
            row(BookingWords.mode, "\(ValueWords.mode(appointment["mode"].text)(language))"),
            row(
                BookingWords.status,
                "<span class=\"badge status\">\(ValueWords.appointmentStatus(status)(language))</span>",
                id: "appointment-status"),
            reason.map { row(BookingWords.reason, "\($0)") } ?? .empty,
            interpreter.map { row(BookingWords.interpreter, "\(BookingWords.languageName($0))") } ?? .empty,
            cancelReason.map { row(BookingWords.cancelReason, "\($0)") } ?? .empty,
            appointment["walkIn"].bool == true ? row(BookingWords.walkIn, "✓") : .empty,
        ]
        let role = try context.user.role
        let body: Markup = """
            \(notice)
            <div class="table-wrap">
            <table id="appointment">
            <caption>\(context.t(BookingWords.appointment))</caption>
            <tbody>\(details)</tbody>
            </table>
            </div>
            \(role == .doctor ? .empty : actions(context, id: id.uuidString, status: status))
            """
        return ConsoleLayout.page(context, title: context.t(BookingWords.appointment), body)
    }

    /// The forms the status allows: a booked appointment can be moved, cancelled (with a reason), checked in or
    /// marked a no-show; a checked-in one completed; the others nothing.
    static func actions(_ context: RequestContext, id: String, status: String) -> Markup {
        let language = context.language
        let here = "/console/appointments/\(id)"
        func post(
            _ action: String, _ words: Words, buttonID: String, buttonClass: String? = nil, confirm: Words? = nil,
            extra: Markup = .empty
        ) -> Markup {
            let style = buttonClass.map { Markup(" class=\"\($0)\"") } ?? .empty
            let question = confirm.map { Markup(" data-confirm=\"\($0(language))\"") } ?? .empty
            return """
                <form method="post" action="\(here)/\(action)"\(question)>
                \(ConsoleForm.csrfField(context))
                <input type="hidden" name="next" value="\(here)">
                \(extra)
                <button type="submit" id="\(buttonID)"\(style)>\(words(language))</button>
                </form>
                """
        }
        let forms: Markup
        switch status {
        case AppointmentStatus.booked.rawValue:
            let cancelReason = ConsoleForm.input(
                "reason", label: BookingWords.cancelReason(language),
                attributes: "maxlength=\"\(TextRules.reasonMaximum)\"")
            let cancel = post(
                "cancel", BookingWords.cancelAppointment, buttonID: "cancel-button", buttonClass: "danger",
                confirm: BookingWords.cancelConfirm, extra: cancelReason)
            forms = """
                <div class="actions">
                <a class="button secondary" id="reschedule-link" href="\(here)/reschedule">\(BookingWords.reschedule(language))</a>
                \(post("check-in", BookingWords.checkIn, buttonID: "check-in-button"))
                \(post("no-show", BookingWords.noShow, buttonID: "no-show-button", confirm: BookingWords.noShowConfirm))
                </div>
                <h3>\(BookingWords.cancelAppointment(language))</h3>
                <div class="card cancel">
                \(cancel)
                </div>
                """
        case AppointmentStatus.checkedIn.rawValue:
            forms = """
                <div class="actions">\(post("complete", BookingWords.complete, buttonID: "complete-button"))</div>
                """
        default:
            forms = "<p class=\"muted\">\(BookingWords.noActions(language))</p>"
        }
        return """
            <section aria-labelledby="actions-heading">
            <h2 id="actions-heading">\(BookingWords.actions(language))</h2>
            \(forms)
            </section>
            """
    }
}
