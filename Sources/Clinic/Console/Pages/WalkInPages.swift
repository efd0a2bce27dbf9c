import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// A walk-in at the door (`/console/walk-ins`): find the resident (any script, phone or ID tail), choose them, and
/// `POST /v1/walk-ins` takes the next free on-site slot today or puts them in today's queue. `?residentId=` skips
/// the search (the resident's page links here). Also the queue's "went home" button.
enum WalkInPages {
    static let title = TodayWords.newWalkIn
    static let find = Words(
        "མིང་། ཁ་པར། ཡང་ན་ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གི་མཇུག", "姓名、电话或身份证号后几位", "Name, phone or end of ID number")
    static let residentLegend = Words("སྡོད་དམངས་གདམ་རོགས།", "选择居民", "Choose the resident")
    static let nobodyFound = Words("སྡོད་དམངས་རྙེད་མ་སོང་།", "未找到居民。", "No resident found.")
    static let reasonOptional = Words(
        "རྒྱུ་མཚན། (མ་བྲིས་ཀྱང་ཆོག)", "原因（可不填）", "Reason (optional)")
    static let submit = Words(
        "ཐོ་འགོད། (དུས་ཚོད་སྟོང་པ་མེད་ན་སྒུག་ཐོར་འགོད།)", "挂号（没有空号就排队）", "Book, or queue if full")
    static let chooseAnother = Words("སྡོད་དམངས་གཞན་འཚོལ།", "换一位居民", "Choose someone else")
    static let born = Words("སྐྱེས་ཚེས།", "出生", "born")

    static func routes(_ console: ConsoleServices) -> [Route] {
        let desk = Access.roles([.staff, .admin])
        return [
            Route.page(.get, "/console/walk-ins", access: desk) { context in
                let query = context.request.query
                return try await page(
                    context, console.api(context), q: query["q"] ?? "", residentId: query["residentId"] ?? "",
                    reason: "", problem: nil)
            },
            Route.page(.post, "/console/walk-ins", access: desk) { context in
                let form = context.form
                let residentId = form["residentId"] ?? ""
                let reason = form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                var body: [String: JSONValue] = ["mode": .string("onsite")]
                if !residentId.isEmpty { body["residentId"] = .string(residentId) }
                if !reason.isEmpty { body["reason"] = .string(reason) }
                // The form's own key: sending it twice (a double click, a reload) books or queues once.
                let key = form["key"].flatMap(UUID.init(uuidString:)).map { "console-walk-in-" + $0.uuidString }
                let api = console.api(context)
                let answer: JSONValue
                do {
                    answer = try await api.call(.post, "/v1/walk-ins", json: .object(body), idempotencyKey: key)
                } catch let problem as ConsoleAPI.Problem where [400, 409, 422].contains(problem.status) {
                    var page = try await page(
                        context, api, q: form["q"] ?? "", residentId: form["chosen"] == "1" ? residentId : "",
                        reason: reason, problem: problem, selected: residentId)
                    page.status = HTTPStatus(code: problem.status == 409 ? 409 : 422)
                    return page
                }
                if let position = answer["position"].int {
                    return ConsoleResponse.redirect("/console/?done=queued&position=\(position)")
                }
                let id = answer["id"].string.flatMap(UUID.init(uuidString:))?.uuidString ?? ""
                return ConsoleResponse.redirect("/console/?done=walk-in&appointmentId=\(id)")
            },
            Route.page(.post, "/console/walk-ins/{id}/leave", access: desk) { context in
                let id = try context.pathID()
                let next = ConsoleResponse.safeNext(context.form["next"])
                do {
                    try await console.api(context).call(.post, "/v1/walk-ins/\(id.uuidString)/leave")
                } catch let problem as ConsoleAPI.Problem where problem.status == 404 {
                    return ConsoleResponse.redirect(AppointmentActionPages.adding("notice", "gone", to: next))
                }
                return ConsoleResponse.redirect(AppointmentActionPages.adding("done", "left", to: next))
            },
        ]
    }

    /// The search and, once there is someone to choose, the walk-in form (`id="walk-in-form"`).
    static func page(
        _ context: RequestContext, _ api: ConsoleAPI, q: String, residentId: String, reason: String,
        problem: ConsoleAPI.Problem?, selected: String? = nil
    ) async throws -> HTTPResponse {
        var choice: Markup = .empty
        var chosen = false
        if !residentId.isEmpty {
            let resident = try await api.get("/v1/residents/" + ConsoleAPI.encode(residentId))
            chosen = true
            choice = """
                <input type="hidden" name="residentId" value="\(resident["id"].text)">
                <input type="hidden" name="chosen" value="1">
                <p id="chosen-resident">\(describe(context, resident))</p>
                <p><a href="/console/walk-ins">\(context.t(chooseAnother))</a></p>
                """
        } else if !q.isEmpty {
            let found = try await api.get(ConsoleAPI.target("/v1/residents", [("q", q), ("limit", "20")]))["items"]
                .array
            choice =
                found.isEmpty
                ? "<p class=\"muted\" id=\"no-resident\">\(context.t(nobodyFound))</p>"
                : choices(
                    context, found, selected: selected ?? (found.count == 1 ? found[0]["id"].text : nil),
                    error: problem?.message(for: "residentId"))
        }
        let errors = problem.map { $0.errors.isEmpty ? [FieldError(field: "", message: $0.title)] : $0.errors } ?? []
        let summary: Markup =
            if let problem, problem.errors.isEmpty {
                "<div class=\"alert error\" role=\"alert\">\(problem.title)\(problem.detail.map { ": " + $0 } ?? "")</div>"
            } else {
                ConsoleForm.errorSummary(
                    context, errors,
                    labels: ["residentId": context.t(residentLegend), "reason": context.t(reasonOptional)])
            }
        let form: Markup =
            choice == .empty || choice.html.contains("id=\"no-resident\"")
            ? choice
            : """
            <form method="post" action="/console/walk-ins" class="card" id="walk-in-form">
            \(ConsoleForm.csrfField(context))
            <input type="hidden" name="key" value="\(UUID.random().uuidString)">
            <input type="hidden" name="q" value="\(q)">
            \(choice)
            \(ConsoleForm.input("reason", label: context.t(reasonOptional), value: reason,
                error: problem?.message(for: "reason"), attributes: "maxlength=\"\(TextRules.reasonMaximum)\""))
            <button type="submit" id="walk-in-button">\(context.t(submit))</button>
            </form>
            """
        let search: Markup =
            chosen
            ? .empty
            : """
            <form method="get" action="/console/walk-ins" class="card" role="search" id="walk-in-search">
            \(ConsoleForm.input("q", label: context.t(find), value: q, type: "search",
                attributes: "autocomplete=\"off\" maxlength=\"200\""))
            <button type="submit">\(context.t(CommonWords.search))</button>
            </form>
            """
        return ConsoleLayout.page(context, title: context.t(title), "\(summary)\(search)\(form)")
    }

    /// Found residents as radio buttons, one per resident, the error (no one chosen) beside them.
    private static func choices(_ context: RequestContext, _ found: [JSONValue], selected: String?, error: String?)
        -> Markup
    {
        let items = found.map { resident -> Markup in
            let id = resident["id"].text
            let checked = id == selected ? Markup(raw: " checked") : .empty
            return """
                <div class="choice"><input type="radio" name="residentId" value="\(id)" id="resident-\(id)" required\(checked)>
                <label for="resident-\(id)">\(describe(context, resident))</label></div>
                """
        }
        let fieldID = ConsoleForm.fieldID("residentId")
        let errorLine: Markup = error.map { "<p class=\"error\" id=\"\(fieldID)-error\">\($0)</p>" } ?? .empty
        return """
            <fieldset id="\(fieldID)"\(error == nil ? Markup.empty : " class=\"invalid\"")>
            <legend>\(context.t(residentLegend))</legend>
            \(items)
            \(errorLine)
            </fieldset>
            """
    }

    /// A resident as the front desk tells people apart: names, birth date, phone.
    private static func describe(_ context: RequestContext, _ resident: JSONValue) -> Markup {
        let phone: Markup = resident["phone"].string.map { " · \($0)" } ?? .empty
        return """
            \(NameDisplay.markup(resident["names"], context.language)) <span class="muted">\(context.t(born)) \
            \(ConsoleDates.date(resident["birthDate"].text, context.language))\(phone)</span>
            """
    }
}
