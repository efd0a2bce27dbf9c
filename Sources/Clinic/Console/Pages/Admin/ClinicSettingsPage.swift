import ClinicHTTP
import ClinicSupport

/// `/console/admin/clinic`: the clinic's settings (`PUT /v1/clinic`) and its closures (`ClosuresPage`).
enum ClinicSettingsPage {
    static let path = "/console/admin/clinic"
    static let settingsSaved = Words("སྒྲིག་འགོད་ཉར་ཚགས་ཟིན།", "设置已保存。", "The settings were saved.")
    static let plannedKept = Words(
        "སྔོན་ནས་བཟོས་ཟིན་པའི་མཇལ་ཁའི་དུས་ཚོད་མི་འགྱུར།", "已排好的号源保持原来的时间。",
        "Slots already planned keep their times.")
    static let closures = Words("སྒོ་རྒྱག་ཉིན།", "停诊日", "Closures")
    static let closureAdded = Words("སྒོ་རྒྱག་ཉིན་སྣོན་ཟིན།", "停诊日已添加。", "The closure was added.")
    static let closureDeleted = Words("སྒོ་རྒྱག་ཉིན་སུབ་ཟིན།", "停诊日已删除。", "The closure was removed.")
    static let reopenQuestion = Words(
        "ཉིན་འདི་སླར་ཡང་སྒོ་འབྱེད་དམ།", "确定要取消这个停诊日吗？", "Open the clinic again on this date?")

    /// Which of the page's forms a problem belongs to.
    enum Form { case settings, closure }

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.admin])) { context in
                try await render(
                    context, console, settings: nil, closure: DisplacementPreview.typed(context, ["date", "reason"]),
                    problem: nil)
            },
            Route.page(.post, path, access: .roles([.admin])) { context in
                let form = ClinicSettingsForm(form: context.form)
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.put, "/v1/clinic", json: form.json)
                }) {
                case .success: return ConsoleResponse.redirect(path + "?done=saved")
                case .failure(let problem):
                    return try await render(
                        context, console, settings: form, closure: [:], problem: (.settings, problem))
                }
            },
        ]
    }

    static func render(
        _ context: RequestContext, _ console: ConsoleServices, settings: ClinicSettingsForm?,
        closure: [String: String], problem: (Form, ConsoleAPI.Problem)?
    ) async throws -> HTTPResponse {
        let api = console.api(context)
        let current = try await api.get("/v1/clinic")
        let items = try await api.get("/v1/clinic/closures")["items"].array
        let settingsProblem = problem?.0 == .settings ? problem?.1 : nil
        let closureProblem = problem?.0 == .closure ? problem?.1 : nil
        let closureLabels = ["date": context.t(AdminWords.date), "reason": context.t(AdminWords.reason)]
        let rows = items.map { item -> Markup in
            let date = item["date"].text
            let remove = AdminForms.button(
                context, action: path + "/closures/" + ConsoleAPI.encode(date) + "/delete",
                label: context.t(AdminWords.delete), confirm: context.t(reopenQuestion), style: "danger",
                id: "closure-delete-" + date)
            return """
                <tr><th scope="row">\(ConsoleDates.date(date, context.language))</th><td>\(item["reason"].text)</td>\
                <td>\(remove)</td></tr>
                """
        }
        let table: Markup =
            items.isEmpty
            ? "<p class=\"muted\">\(context.t(AdminWords.nothingYet))</p>"
            : """
            <div class="table-wrap"><table id="closures-table"><thead><tr>\
            <th scope="col">\(closureLabels["date"]!)</th><th scope="col">\(closureLabels["reason"]!)</th>\
            <th scope="col"><span class="visually-hidden">\(context.t(AdminWords.delete))</span></th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>
            """
        let body: Markup = """
            \(AdminForms.notice(context, ["saved": settingsSaved, "added": closureAdded, "deleted": closureDeleted]))
            \(AdminForms.problemSummary(context, settingsProblem, labels: ClinicSettingsForm.labels(context)))
            <form method="post" action="\(path)" class="card" id="clinic-form">
            \(ConsoleForm.csrfField(context))
            \((settings ?? ClinicSettingsForm(settings: current)).fields(context, settingsProblem))
            <p class="hint">\(context.t(plannedKept))</p>
            <button type="submit" id="clinic-save">\(context.t(CommonWords.save))</button>
            </form>
            <h2 id="closures">\(context.t(closures))</h2>
            \(table)
            \(AdminForms.problemSummary(context, closureProblem, labels: closureLabels))
            <form method="post" action="\(path)/closures" class="card" id="closure-form">
            \(ConsoleForm.csrfField(context))
            <div class="row">
            \(ConsoleForm.input("date", label: closureLabels["date"]!, value: closure["date"], type: "date",
                error: closureProblem?.message(for: "date"), required: true))
            \(ConsoleForm.input("reason", label: closureLabels["reason"]!, value: closure["reason"],
                error: closureProblem?.message(for: "reason"), required: true, attributes: "maxlength=\"500\""))
            </div>
            <button type="submit" id="closure-add">\(context.t(AdminWords.add))</button>
            </form>
            """
        return ConsoleLayout.page(
            context, title: context.t(AdminWords.clinic), status: problem.map { AdminForms.status($0.1) } ?? .ok, body)
    }
}

/// Adding and removing closures from the clinic page (`POST`/`DELETE /v1/clinic/closures`); a browser form can
/// only POST, so removing is a POST to `.../closures/{date}/delete`.
enum ClosuresPage {
    static func routes(_ console: ConsoleServices) -> [Route] {
        let path = ClinicSettingsPage.path
        return [
            Route.page(.post, path + "/closures", access: .roles([.admin])) { context in
                let fields = context.form
                let closure = ["date": fields["date"] ?? "", "reason": fields["reason"] ?? ""]
                var body: [String: JSONValue] = [:]
                for (name, value) in closure where !value.isEmpty { body[name] = .string(value) }
                // First the bookings it would displace (DisplacementPreview), then, confirmed, the closure.
                let confirmed = DisplacementPreview.confirmed(fields)
                body["dryRun"] = .bool(!confirmed)
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.post, "/v1/clinic/closures", json: .object(body))
                }) {
                case .success(let made) where confirmed:
                    return DisplacementPreview.afterChange(context, made, fallback: path + "?done=added#closures")
                case .success(let preview):
                    let what: Markup = """
                        <h2>\(context.t(ClinicSettingsPage.closures))</h2>\
                        <p>\(ConsoleDates.date(closure["date"]!, context.language)) · \(closure["reason"]!)</p>
                        """
                    return try await DisplacementPreview.page(
                        context, api, preview: preview, title: context.t(ClinicSettingsPage.closures), what: what,
                        action: path + "/closures", fields: [("date", closure["date"]!), ("reason", closure["reason"]!)],
                        back: ConsoleAPI.target(path, closure.map { ($0.key, $0.value) }) + "#closures")
                case .failure(let problem):
                    return try await ClinicSettingsPage.render(
                        context, console, settings: nil, closure: closure, problem: (.closure, problem))
                }
            },
            Route.page(.post, path + "/closures/{date}/delete", access: .roles([.admin])) { context in
                let date = try context.pathText("date")
                try await console.api(context).call(.delete, "/v1/clinic/closures/" + ConsoleAPI.encode(date))
                return ConsoleResponse.redirect(path + "?done=deleted#closures")
            },
        ]
    }
}
