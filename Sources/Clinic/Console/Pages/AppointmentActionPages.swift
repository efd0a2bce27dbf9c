import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// The buttons that move an appointment along (check in, no-show, complete, cancel with a reason): each a small
/// POST form to `/console/appointments/{id}/<action>` with a hidden `next` (a console path to return to), calling
/// the API's endpoint of the same name. Other pages (an appointment's own page, a doctor's day) post here too.
///
/// After the change: 303 to `next` with `done=<code>`. A change the current status does not allow (409, say the
/// appointment was checked in at another desk meanwhile) returns to `next` with `notice=conflict`: a fixed code the
/// page turns into a sentence, never text from the request.
enum AppointmentActionPages {
    /// The actions, their API path segment and the `done` code the page returned to shows.
    static let actions: [(path: String, done: String)] = [
        ("check-in", "checkedIn"), ("no-show", "noShow"), ("complete", "completed"), ("cancel", "cancelled"),
    ]

    static func routes(_ console: ConsoleServices) -> [Route] {
        let cancelPage = Route.page(.get, "/console/appointments/{id}/cancel", access: .roles([.staff, .admin])) {
            context in
            let id = try context.pathID().uuidString
            let next = ConsoleResponse.safeNext(context.request.query["next"])
            return cancelForm(
                context, id: id, summary: try await summary(context, console, id), reason: "", next: next, problem: nil)
        }
        return [cancelPage]
            + actions.map { action in
                Route.page(.post, "/console/appointments/{id}/\(action.path)", access: .roles([.staff, .admin])) {
                    context in
                    let id = try context.pathID()
                    let next = ConsoleResponse.safeNext(context.form["next"])
                    let reason = context.form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    let body: JSONValue? =
                        action.path == "cancel" ? .object(reason.isEmpty ? [:] : ["reason": .string(reason)]) : nil
                    do {
                        try await console.api(context).call(
                            .post, "/v1/appointments/\(id.uuidString)/\(action.path)", json: body)
                    } catch let problem as ConsoleAPI.Problem {
                        switch problem.status {
                        case 409: return ConsoleResponse.redirect(adding("notice", "conflict", to: next))
                        case 400, 422:
                            guard action.path == "cancel" else { throw problem }
                            let shown = try await summary(context, console, id.uuidString)
                            return cancelForm(
                                context, id: id.uuidString, summary: shown, reason: reason, next: next, problem: problem
                            )
                        default: throw problem
                        }
                    }
                    return ConsoleResponse.redirect(adding("done", action.done, to: next))
                }
            }
    }

    /// `next` with one more query parameter (`value` is one of this file's fixed codes).
    static func adding(_ name: String, _ value: String, to next: String) -> String {
        next + (next.contains("?") ? "&" : "?") + name + "=" + ConsoleAPI.encode(value)
    }

    /// What an appointment in `status` offers in a day's table: check in and no-show (one small form, the no-show
    /// button posting to its own action) and a link to the cancel form while booked; complete once checked in;
    /// nothing after. One form a row, and the cancel form on its own page, keep a day of 25 appointments small on
    /// the health room's link.
    static func buttons(_ context: RequestContext, appointmentId id: String, status: String, next: String) -> Markup {
        let base = "/console/appointments/\(id)"
        func form(_ path: String, _ content: Markup) -> Markup {
            """
            <form method="post" action="\(base)/\(path)">\(ConsoleForm.csrfField(context))\
            <input type="hidden" name="next" value="\(next)">\(content)</form>
            """
        }
        switch status {
        case "booked":
            let cancel = ConsoleAPI.target(base + "/cancel", [("next", next)])
            let buttons: Markup = """
                <button type="submit" class="check-in">\(context.t(TodayWords.checkIn))</button> \
                <button type="submit" class="secondary no-show" formaction="\(base)/no-show" \
                data-confirm="\(context.t(TodayWords.confirmNoShow))">\(context.t(TodayWords.noShow))</button> \
                <a class="cancel-link" href="\(cancel)">\(context.t(TodayWords.cancel))</a>
                """
            return "<div class=\"actions\">\(form("check-in", buttons))</div>"
        case "checkedIn":
            let button: Markup = "<button type=\"submit\" class=\"complete\">\(context.t(TodayWords.complete))</button>"
            return "<div class=\"actions\">\(form("complete", button))</div>"
        default:
            return .empty
        }
    }

    /// Which appointment a cancel form is for: the resident's names, the day and the time.
    private static func summary(_ context: RequestContext, _ console: ConsoleServices, _ id: String) async throws
        -> Markup
    {
        let api = console.api(context)
        let appointment = try await api.get("/v1/appointments/\(id)")
        let resident = try await api.get("/v1/residents/\(ConsoleAPI.encode(appointment["residentId"].text))")
        let start = appointment["start"].text
        return """
            <p class="card" id="cancel-what">\(NameDisplay.markup(resident["names"], context.language)) · \
            \(ConsoleDates.day(start, context.language)) \(ConsoleDates.time(start))–\(
            ConsoleDates.time(appointment["end"].text)) · \(context.t(ValueWords.mode(appointment["mode"].text)))</p>
            """
    }

    /// The cancel form: asked for from a day's table, or again after the API refused the reason (the error beside
    /// the field, what was typed kept), under the appointment it is for.
    private static func cancelForm(
        _ context: RequestContext, id: String, summary: Markup, reason: String, next: String,
        problem: ConsoleAPI.Problem?
    ) -> HTTPResponse {
        let errors =
            problem.map { $0.errors.isEmpty ? [FieldError(field: "reason", message: $0.title)] : $0.errors } ?? []
        let labels = ["reason": context.t(TodayWords.cancelReason)]
        let body: Markup = """
            \(summary)
            \(ConsoleForm.errorSummary(context, errors, labels: labels))
            <form method="post" action="/console/appointments/\(id)/cancel" class="card" id="cancel-form">
            \(ConsoleForm.csrfField(context))
            <input type="hidden" name="next" value="\(next)">
            \(ConsoleForm.textarea("reason", label: context.t(TodayWords.cancelReason), value: reason,
                error: problem.map { $0.message(for: "reason") ?? errors.first?.message } ?? nil, rows: 3,
                attributes: "required maxlength=\"\(TextRules.reasonMaximum)\""))
            <div class="actions"><button type="submit" class="danger">\(context.t(TodayWords.cancel))</button>
            <a class="button secondary" href="\(next)">\(context.t(TodayWords.back))</a></div>
            </form>
            """
        return ConsoleLayout.page(
            context, title: context.t(TodayWords.cancel), status: problem == nil ? .ok : HTTPStatus(code: 422), body)
    }
}
