import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// `/console/admin/rota`: generate the rota of a range (`POST /v1/rota/generate`; a range that has one is offered
/// for replacing, which keeps assignments with booked appointments), and the rota of a range (`GET /v1/rota`) with
/// a swap or cover form on each assignment (`RotaSwapPage`).
enum RotaAdminPage {
    static let path = "/console/admin/rota"
    static let generate = Words("ལས་ཐོ་བཟོ་བ།", "生成排班", "Generate the rota")
    static let replace = Words("ཡོད་པའི་ལས་ཐོ་ཚབ་བྱེད།", "替换已有排班", "Replace an existing rota")
    static let generated = Words("ལས་ཐོ་བཟོས་ཟིན།", "排班已生成。", "The rota was generated.")
    static let swapped = Words("ལས་ཐོ་བརྗེས་ཟིན།", "已换班。", "The assignment was changed.")
    static let alreadyGenerated = Words(
        "ཚེས་གྲངས་འདིའི་ནང་ལས་ཐོ་ཡོད་ཟིན། ཚབ་བྱེད་ན་མཇལ་ཁ་འགོད་ཟིན་པའི་ལས་ཐོ་མི་འགྱུར་བར་ཉར་ཚགས་བྱེད།",
        "这个日期范围已有排班。替换时，已有预约的排班会保留。",
        "This range already has a rota. Replacing it keeps every assignment that has booked appointments.")
    static let replaceNow = Words("ལས་ཐོ་ཚབ་བྱེད།", "替换排班", "Replace the rota")
    static let time = Words("དུས་ཚོད།", "时间", "Time")
    static let swapTo = Words("བརྗེ་བའམ་ཚབ་བྱེད་མཁན།", "换班或代班医生", "Swap or cover with")
    static let swap = Words("བརྗེ་བ།", "换班", "Swap")
    static let choose = Words("གདམ་ཀ", "请选择", "Choose")
    static let noRota = Words(
        "ཚེས་གྲངས་འདིའི་ནང་ལས་ཐོ་མེད།", "这个日期范围没有排班。", "There is no rota in this range.")
    static let showRange = Words("ལས་ཐོ་ལྟ་བ།", "查看排班", "Show the rota")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.admin])) { context in
                try await render(context, console, generate: [:], problem: nil)
            },
            Route.page(.post, path + "/generate", access: .roles([.admin])) { context in
                let fields = context.form
                let values = [
                    "from": fields["from"] ?? "", "to": fields["to"] ?? "", "replace": fields["replace"] ?? "",
                ]
                var body: [String: JSONValue] = ["replace": .bool(values["replace"] == "true")]
                for name in ["from", "to"] where !values[name]!.isEmpty { body[name] = .string(values[name]!) }
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.post, "/v1/rota/generate", json: .object(body))
                }) {
                case .success(let generation):
                    let gaps = generation["gaps"].array.reduce(0) { $0 + ($1["missing"].int ?? 1) }
                    let kept = generation["kept"].int ?? 0
                    let range = [
                        ("from", values["from"]), ("to", values["to"]), ("done", "generated"),
                        ("gaps", gaps > 0 ? String(gaps) : nil), ("kept", kept > 0 ? String(kept) : nil),
                    ]
                    return ConsoleResponse.redirect(ConsoleAPI.target(path, range))
                case .failure(let problem):
                    return try await render(context, console, generate: values, problem: problem)
                }
            },
        ]
    }

    /// The page; `problem` is the generate form's, or a swap's (shown above the rota, `swapProblem`).
    static func render(
        _ context: RequestContext, _ console: ConsoleServices, generate values: [String: String],
        problem: ConsoleAPI.Problem?, swapProblem: ConsoleAPI.Problem? = nil
    ) async throws -> HTTPResponse {
        let api = console.api(context)
        let query = context.request.query
        // The range just generated (or offered for replacing), when it is one; else the page's own.
        let typed = (values["from"].flatMap(LocalDate.init), values["to"].flatMap(LocalDate.init))
        let useTyped = typed.0 != nil && typed.1 != nil && typed.0! <= typed.1!
        let from = query["from"] ?? (useTyped ? values["from"] : nil)
        let to = query["to"] ?? (useTyped ? values["to"] : nil)
        let rota = try await api.get(ConsoleAPI.target("/v1/rota", [("from", from), ("to", to)]))["items"].array
        let doctors = try await api.get("/v1/doctors")["items"].array
        let labels = ["from": context.t(AdminWords.from), "to": context.t(AdminWords.to)]
        let conflict = problem?.status == 409
        let offer: Markup =
            conflict
            ? """
            <div class="alert error" role="alert" id="rota-conflict"><p>\(context.t(alreadyGenerated))</p>
            <form method="post" action="\(path)/generate">\(ConsoleForm.csrfField(context))\
            <input type="hidden" name="from" value="\(values["from"])"><input type="hidden" name="to" value="\(values["to"])">\
            <input type="hidden" name="replace" value="true">\
            <button type="submit" id="rota-replace">\(context.t(replaceNow))</button></form></div>
            """
            : AdminForms.problemSummary(context, problem, labels: labels)
        let replaceMark = values["replace"] == "true" ? Markup(raw: " checked") : .empty
        let swapAlert: Markup =
            swapProblem.map {
                "<div class=\"alert error\" role=\"alert\" id=\"swap-problem\"><p>\($0.detail ?? $0.title)</p></div>"
            } ?? .empty
        let body: Markup = """
            \(AdminForms.notice(context, ["generated": generated, "swapped": swapped]))
            \(outcome(context))
            <h2 id="generate">\(context.t(generate))</h2>
            \(offer)
            <form method="post" action="\(path)/generate" class="card" id="rota-generate-form">
            \(ConsoleForm.csrfField(context))
            <div class="row">
            \(ConsoleForm.input("from", label: labels["from"]!, value: values["from"], type: "date",
                error: problem?.message(for: "from"), required: true))
            \(ConsoleForm.input("to", label: labels["to"]!, value: values["to"], type: "date",
                error: problem?.message(for: "to"), required: true))
            </div>
            <div class="field"><label class="check" for="f-replace"><input type="checkbox" id="f-replace" name="replace" \
            value="true"\(replaceMark)> \(context.t(replace))</label></div>
            <button type="submit" id="rota-generate">\(context.t(generate))</button>
            </form>
            <h2 id="rota">\(context.t(AdminWords.rota))</h2>
            <form method="get" action="\(path)" class="row" id="rota-range-form">
            <div class="field"><label for="range-from">\(labels["from"]!)</label>\
            <input id="range-from" name="from" type="date" value="\(from)"></div>
            <div class="field"><label for="range-to">\(labels["to"]!)</label>\
            <input id="range-to" name="to" type="date" value="\(to)"></div>
            <div class="field"><button type="submit" class="secondary">\(context.t(showRange))</button></div>
            </form>
            \(swapAlert)
            \(table(context, rota, doctors, from: from, to: to))
            """
        let status = problem.map(AdminForms.status) ?? swapProblem.map(AdminForms.status) ?? .ok
        return ConsoleLayout.page(context, title: context.t(AdminWords.rota), status: status, body)
    }

    /// After a generation: how many assignments were kept for their appointments, and how many doctors are missing.
    private static func outcome(_ context: RequestContext) -> Markup {
        let query = context.request.query
        var lines: [Markup] = []
        if let kept = query["kept"].flatMap(Int.init), kept > 0 {
            lines.append("<p id=\"rota-kept\">\(keptWords(kept, context.language))</p>")
        }
        if let gaps = query["gaps"].flatMap(Int.init), gaps > 0 {
            lines.append("<p id=\"rota-gaps\">\(gapWords(gaps, context.language))</p>")
        }
        guard !lines.isEmpty else { return .empty }
        return "<div class=\"alert error\" role=\"status\">\(lines)</div>"
    }

    static func keptWords(_ count: Int, _ language: Language) -> String {
        switch language {
        case .bo: "མཇལ་ཁ་ཡོད་པའི་ལས་ཐོ་ \(count) མ་བསྒྱུར་བར་བཞག་ཡོད།"
        case .zh: "有预约的 \(count) 个排班保持不变。"
        case .en:
            count == 1
                ? "1 assignment with appointments was kept as it was."
                : "\(count) assignments with appointments were kept as they were."
        }
    }

    static func gapWords(_ count: Int, _ language: Language) -> String {
        switch language {
        case .bo: "དུས་ཚིགས་ཁག་ལ་སྨན་པ་ \(count) མ་འདང་། ཁོམ་ཡོད་པའི་སྨན་པ་མེད།"
        case .zh: "没有空闲医生：各时段共缺 \(count) 名医生。"
        case .en: "No doctor was free for some sessions: \(count) doctor places are empty."
        }
    }

    private static func table(
        _ context: RequestContext, _ rota: [JSONValue], _ doctors: [JSONValue], from: String?, to: String?
    ) -> Markup {
        guard !rota.isEmpty else { return "<p class=\"muted\" id=\"rota-empty\">\(context.t(noRota))</p>" }
        let names = Dictionary(doctors.map { ($0["id"].text, $0["name"].text) }, uniquingKeysWith: { a, _ in a })
        let choices =
            [(value: "", label: context.t(choose))]
            + doctors.filter { $0["active"].bool ?? true }.map { (value: $0["id"].text, label: $0["name"].text) }
        let rows = rota.map { assignment -> Markup in
            let id = assignment["id"].text
            let modes = assignment["modes"].array.map { context.t(ValueWords.mode($0.text)) }.joined(separator: ", ")
            let options = choices.map { Markup("<option value=\"\($0.value)\">\($0.label)</option>") }
            let select: Markup = """
                <label for="swap-doctor-\(id)">\(context.t(swapTo))</label> \
                <select id="swap-doctor-\(id)" name="doctorId" required>\(options)</select>
                """
            return """
                <tr id="assignment-\(id)"><th scope="row">\(ConsoleDates.date(assignment["date"].text, context.language))</th>\
                <td>\(context.t(ValueWords.session(assignment["session"].text)))</td>\
                <td>\(ConsoleDates.time(assignment["start"].text))–\(ConsoleDates.time(assignment["end"].text))</td>\
                <td>\(names[assignment["doctorId"].text] ?? "")</td><td>\(modes)</td>
                <td><form method="post" action="\(path)/assignments/\(ConsoleAPI.encode(id))" class="swap">\
                \(ConsoleForm.csrfField(context))\
                <input type="hidden" name="date" value="\(assignment["date"].text)">\
                <input type="hidden" name="from" value="\(from)"><input type="hidden" name="to" value="\(to)">\
                \(select)<button type="submit" class="secondary" id="swap-\(id)">\(context.t(swap))</button></form></td></tr>
                """
        }
        return """
            <div class="table-wrap"><table id="rota-table"><thead><tr>\
            <th scope="col">\(context.t(AdminWords.date))</th><th scope="col">\(context.t(AdminWords.session))</th>\
            <th scope="col">\(context.t(time))</th><th scope="col">\(context.t(AdminWords.doctor))</th>\
            <th scope="col">\(context.t(AdminWords.modes))</th><th scope="col">\(context.t(swap))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }
}
