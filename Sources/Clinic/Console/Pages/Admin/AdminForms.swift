import ClinicHTTP
import ClinicSupport

/// What the admin pages share: calling the API for a form and telling a problem the form can show (400, 409,
/// 422: shown next to the fields, what was typed kept) from one the error page shows (403, 404...).
enum AdminForms {
    /// The API's answer, or the problem a form shows; any other problem is thrown on to the error middleware.
    static func submit(
        _ body: () async throws(ConsoleAPI.Problem) -> JSONValue
    ) async throws(ConsoleAPI.Problem) -> Result<JSONValue, ConsoleAPI.Problem> {
        do {
            return .success(try await body())
        } catch  where [400, 409, 422].contains(error.status) {
            return .failure(error)
        }
    }

    /// The status a form shown again answers with: 409 for a conflict, else 422.
    static func status(_ problem: ConsoleAPI.Problem) -> HTTPStatus {
        HTTPStatus(code: problem.status == 409 ? 409 : 422)
    }

    /// The green notice after a redirect (`?done=...`), when `done` names one of `notices`.
    static func notice(_ context: RequestContext, _ notices: [String: Words]) -> Markup {
        guard let done = context.request.query["done"], let words = notices[done] else { return .empty }
        return "<div class=\"alert ok\" role=\"status\">\(context.t(words))</div>"
    }

    /// The red box on top of a form shown again: the problem's detail, then each field's error linked to it.
    static func problemSummary(_ context: RequestContext, _ problem: ConsoleAPI.Problem?, labels: [String: String])
        -> Markup
    {
        guard let problem else { return .empty }
        guard problem.errors.isEmpty else {
            return ConsoleForm.errorSummary(context, problem.errors, labels: labels)
        }
        let text = problem.detail ?? problem.title
        return "<div class=\"alert error\" role=\"alert\"><p>\(text)</p></div>"
    }

    /// Checkboxes in a fieldset with a legend; the error, if any, under them.
    static func checkboxes(
        _ name: String, legend: String, options: [(value: String, label: String)], checked: [String],
        error: String? = nil
    ) -> Markup {
        let id = ConsoleForm.fieldID(name)
        let boxes = options.map { option -> Markup in
            let boxID = id + "-" + option.value
            let mark = checked.contains(option.value) ? Markup(raw: " checked") : .empty
            return """
                <label class="check" for="\(boxID)"><input type="checkbox" id="\(boxID)" name="\(name)" \
                value="\(option.value)"\(mark)> \(option.label)</label>
                """
        }
        let errorMarkup: Markup =
            error.map { "<p class=\"error\" id=\"\(id)-error\">\($0)</p>" } ?? .empty
        return """
            <fieldset id="\(id)"\(error == nil ? Markup.empty : " class=\"invalid\"")><legend>\(legend)</legend>\
            <div class="checks">\(boxes)</div>\(errorMarkup)</fieldset>
            """
    }

    /// A small POST form with one button (and hidden fields), asking first when `confirm` is given.
    static func button(
        _ context: RequestContext, action: String, label: String, hidden: [(String, String)] = [],
        confirm: String? = nil, style: String = "secondary", id: String? = nil
    ) -> Markup {
        let fields = hidden.map { Markup("<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">") }
        let ask: Markup = confirm.map { " data-confirm=\"\($0)\"" } ?? .empty
        let idMarkup: Markup = id.map { " id=\"\($0)\"" } ?? .empty
        return """
            <form method="post" action="\(action)"\(ask)>\(ConsoleForm.csrfField(context))\(fields)\
            <button type="submit" class="\(style)"\(idMarkup)>\(label)</button></form>
            """
    }
}
