import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/worklists`: who is due a follow-up, and which elderly residents nobody has seen for a while, grouped
/// by grid for the grid workers' rounds. Printable with the browser's Print: the print style leaves out the menu and
/// the filter form. The doctor's follow-up note shows only when the API sends it (doctors and admins).
enum WorklistPages {
    static let title = Words("ལས་ཀའི་ཐོ།", "工作清单", "Work lists")
    static let followUps = Words("རྗེས་འདེད་བརྟག་དཔྱད་དགོས་པ།", "待随访", "Follow-ups due")
    static let unvisited = Words("ཐུག་མ་མྱོང་བའི་རྒན་པ།", "未随访老人", "Elderly not seen")
    static let dueBefore = Words("འདི་སྔོན་དུ་དུས་ཚོད་སླེབས་པ།", "截止日期", "Due on or before")
    static let days = Words("ཉིན་གྲངས་འདི་ཙམ་ལ་མ་ཐུག་པ།", "未随访天数", "Not seen for days")
    static let minAge = Words("ལོ་ཚད་ཉུང་མཐའ།", "最低年龄", "Minimum age")
    static let show = Words("སྟོན།", "显示", "Show")
    static let due = Words("དུས་ཚོད།", "到期日", "Due")
    static let reason = Words("རྒྱུ་མཚན།", "原因", "Reason")
    static let lastSeen = Words("མཐའ་མའི་ཐུག་ཚེས།", "最近就诊或走访", "Last seen")
    static let never = Words("ནམ་ཡང་མ་ཐུག", "从未", "Never")
    static let noGrid = Words("དྲ་མིག་མེད།", "未分网格", "No grid")
    static let empty = Words("མེད།", "无。", "None.")
    static let printHint = Words(
        "པར་འདེབས་དགོས་ན་དྲ་བཤར་ཆས་ཀྱི་ Print བེད་སྤྱོད་གནང་། དཀར་ཆག་དང་འཚགས་མ་པར་དུ་མི་འབྱུང་།",
        "打印请用浏览器的“打印”功能；菜单和筛选表单不会打印出来。",
        "To print, use the browser's Print: the menu and the filter form are left out of the printout.")
    static let reasons: [String: Words] = [
        "requested": Words("སྨན་པས་བཀོད་པ།", "医生要求", "Doctor asked"),
        "chronicReview": Words("ནད་ཡུན་རིང་གི་བརྟག་དཔྱད།", "慢病复查", "Chronic review"),
    ]

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/worklists", access: .roles([.staff, .admin, .doctor])) { context in
                try await render(context, console)
            }
        ]
    }

    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let api = console.api(context)
        let query = context.request.query
        var errors: [FieldError] = []
        var dueRows: [JSONValue] = []
        switch await api.result(.get, ConsoleAPI.target("/v1/worklists/follow-ups-due", [("before", query["before"])]))
        {
        case .success(let value): dueRows = value["items"].array
        case .failure(let problem) where problem.status == 400 || problem.status == 422: errors += problem.errors
        case .failure(let problem): throw problem
        }
        var elderly: [JSONValue] = []
        var cursor: String?
        repeat {
            let target = ConsoleAPI.target(
                "/v1/worklists/unvisited-elderly",
                [
                    ("days", query["days"]), ("minAge", query["minAge"]), ("grid", query["grid"]), ("limit", "500"),
                    ("cursor", cursor),
                ])
            switch await api.result(.get, target) {
            case .success(let page):
                elderly += page["items"].array
                cursor = page["nextCursor"].string
            case .failure(let problem) where problem.status == 400 || problem.status == 422:
                errors += problem.errors
                cursor = nil
            case .failure(let problem): throw problem
            }
        } while cursor != nil && elderly.count < 5000
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let labels = [
            "before": context.t(dueBefore), "days": context.t(days), "minAge": context.t(minAge),
            "grid": context.t(ResidentWords.grid),
        ]
        let body: Markup = """
            \(ConsoleForm.errorSummary(context, errors, labels: labels))
            <form method="get" action="/console/worklists" id="worklist-filters" class="card no-print">
            <div class="row">
            \(ConsoleForm.input("before", label: context.t(dueBefore), value: query["before"], type: "date",
                error: error("before")))
            \(ConsoleForm.input("days", label: context.t(days), value: query["days"] ?? "90", type: "number",
                error: error("days"), attributes: "min=\"1\" max=\"3650\" inputmode=\"numeric\""))
            \(ConsoleForm.input("minAge", label: context.t(minAge), value: query["minAge"] ?? "65", type: "number",
                error: error("minAge"), attributes: "min=\"0\" max=\"150\" inputmode=\"numeric\""))
            \(ConsoleForm.input("grid", label: context.t(ResidentWords.grid), value: query["grid"],
                error: error("grid"), attributes: "maxlength=\"100\""))
            </div>
            <div class="actions"><button type="submit">\(context.t(show))</button></div>
            <p class="hint">\(context.t(printHint))</p>
            </form>
            <h2 id="follow-ups-due">\(context.t(followUps))</h2>
            \(grouped(context, dueRows, id: "follow-ups", head: [ResidentWords.name, due, reason, ResidentWords.mode, ResidentWords.phone]) { row in
                let mode = row["mode"].string.map { ValueWords.mode($0)(context.language) } ?? ""
                let why = ResidentWords.label(reasons, row["reason"].text, context.language)
                let note = row["note"].string.map { " · " + $0 } ?? ""
                return "<td>\(ConsoleDates.date(row["dueDate"].text, context.language))</td><td>\(why + note)</td><td>\(mode)</td><td>\(row["phone"].text)</td>"
            })
            <h2 id="unvisited-elderly">\(context.t(unvisited))</h2>
            \(grouped(context, elderly, id: "unvisited", head: [ResidentWords.name, ResidentWords.age, lastSeen, ResidentWords.address, ResidentWords.phone]) { row in
                let last = row["lastSeenAt"].string.map { ConsoleDates.day($0, context.language) } ?? context.t(never)
                return "<td>\(row["age"].text)</td><td>\(last)</td><td>\(row["address"].text)</td><td>\(row["phone"].text)</td>"
            })
            """
        let status: HTTPStatus = errors.isEmpty ? .ok : HTTPStatus(code: 400)
        return ConsoleLayout.page(context, title: context.t(title), status: status, body)
    }

    /// One table per grid (in grid order, residents without a grid last), each name a link to the resident.
    private static func grouped(
        _ context: RequestContext, _ rows: [JSONValue], id: String, head: [Words], cells: (JSONValue) -> Markup
    ) -> Markup {
        guard !rows.isEmpty else { return "<p class=\"muted\">\(context.t(empty))</p>" }
        var grids: [String] = []
        var byGrid: [String: [JSONValue]] = [:]
        for row in rows {
            let grid = row["grid"].text
            if byGrid[grid] == nil { grids.append(grid) }
            byGrid[grid, default: []].append(row)
        }
        grids.sort(by: GridNames.precedes)
        let headCells = head.map { "<th scope=\"col\">\(context.t($0))</th>" as Markup }
        let tables = grids.map { grid -> Markup in
            let lines = (byGrid[grid] ?? []).map { row -> Markup in
                let resident = ConsoleAPI.encode(row["residentId"].text)
                let priority =
                    row["priority"].bool == true ? ResidentPage.flagBadges(row["flags"], context.language) : .empty
                return """
                    <tr><th scope="row"><a class="resident-link" href="/console/residents/\(resident)">\(NameDisplay.markup(row["names"], context.language))</a> \(priority)</th>\(cells(row))</tr>
                    """
            }
            return """
                <h3>\(context.t(ResidentWords.grid)): \(grid.isEmpty ? context.t(noGrid) : grid)</h3>
                <div class="table-wrap"><table class="\(id)"><thead><tr>\(headCells)</tr></thead><tbody>\(lines)</tbody></table></div>
                """
        }
        return "<div id=\"\(id)\">\(tables)</div>"
    }
}
