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
        actions.map { action in
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
                        return cancelForm(context, id: id.uuidString, reason: reason, next: next, problem: problem)
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

    /// The forms an appointment in `status` offers: check in, no-show and cancel while booked; complete once
    /// checked in; nothing after.
    static func buttons(_ context: RequestContext, appointmentId id: String, status: String, next: String) -> Markup {
        func form(_ path: String, _ words: Words, _ classes: String, confirm: Words? = nil) -> Markup {
            let ask: Markup = confirm.map { " data-confirm=\"\(context.t($0))\"" } ?? .empty
            return """
                <form method="post" action="/console/appointments/\(id)/\(path)"\(ask)>\(ConsoleForm.csrfField(context))\
                <input type="hidden" name="next" value="\(next)">\
                <button type="submit" class="\(classes)">\(context.t(words))</button></form>
                """
        }
        switch status {
        case "booked":
            return """
                <div class="actions">
                \(form("check-in", TodayWords.checkIn, "check-in"))
                \(form("no-show", TodayWords.noShow, "secondary no-show", confirm: TodayWords.confirmNoShow))
                <details class="cancel-box"><summary>\(context.t(TodayWords.cancel))</summary>
                <form method="post" action="/console/appointments/\(id)/cancel">\(ConsoleForm.csrfField(context))
                <input type="hidden" name="next" value="\(next)">
                <div class="field"><label for="reason-\(id)">\(context.t(TodayWords.cancelReason))</label>
                <input id="reason-\(id)" name="reason" required maxlength="\(TextRules.reasonMaximum)"></div>
                <button type="submit" class="danger cancel">\(context.t(TodayWords.cancel))</button>
                </form></details>
                </div>
                """
        case "checkedIn":
            return "<div class=\"actions\">\(form("complete", TodayWords.complete, "complete"))</div>"
        default:
            return .empty
        }
    }

    /// The cancel form again after the API refused the reason: the error beside the field, what was typed kept.
    private static func cancelForm(
        _ context: RequestContext, id: String, reason: String, next: String, problem: ConsoleAPI.Problem
    ) -> HTTPResponse {
        let errors = problem.errors.isEmpty ? [FieldError(field: "reason", message: problem.title)] : problem.errors
        let labels = ["reason": context.t(TodayWords.cancelReason)]
        let body: Markup = """
            \(ConsoleForm.errorSummary(context, errors, labels: labels))
            <form method="post" action="/console/appointments/\(id)/cancel" class="card" id="cancel-form">
            \(ConsoleForm.csrfField(context))
            <input type="hidden" name="next" value="\(next)">
            \(ConsoleForm.textarea("reason", label: context.t(TodayWords.cancelReason), value: reason,
                error: problem.message(for: "reason") ?? errors.first?.message, rows: 3))
            <div class="actions"><button type="submit" class="danger">\(context.t(TodayWords.cancel))</button>
            <a class="button secondary" href="\(next)">\(context.t(TodayWords.back))</a></div>
            </form>
            """
        return ConsoleLayout.page(
            context, title: context.t(TodayWords.cancel), status: HTTPStatus(code: 422), body)
    }
}
