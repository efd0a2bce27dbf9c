import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/reports`: the monthly report in the console. A month picker; a clinic's admin sees their clinic's month
/// and submits it once it is over; county users see every clinic side by side with the total (a county admin who
/// picked a clinic sees that one, and may submit it). The printable page and the CSV are the API's, passed through
/// under `/console/reports/print` and `/console/reports/monthly.csv`.
enum MonthlyReportConsolePage {
    static let title = Words("ཟླ་རེའི་སྙན་ཐོ།", "月度报表", "Monthly report")
    static let monthLabel = Words("ཟླ་བ།", "月份", "Month")
    static let show = Words("སྟོན།", "查看", "Show")
    static let print = Words("པར་འདེབས།", "打印", "Print")
    static let csv = Words("CSV ཕབ་ལེན།", "下载 CSV", "Download CSV")
    static let submit = Words("རྫོང་ལ་ཕུལ།", "上报县卫健局", "Submit to the county")
    static let submitHint = Words(
        "ཕུལ་རྗེས་གྲངས་ཐོ་འདི་བཟོ་བཅོས་མི་ཐུབ།", "上报后，本月数字即被固定，之后的更正不会改变已上报的报表。",
        "Once submitted, the month's figures are frozen: later corrections do not change the submitted report.")
    static let submittedNow = Words("ཕུལ་ཟིན།", "已上报。", "Submitted.")
    static let notOver = Words(
        "ཟླ་བ་འདི་ད་དུང་མཇུག་མ་རྫོགས། མཇུག་རྫོགས་རྗེས་ཕུལ་ཆོག", "本月尚未结束，结束后才能上报。",
        "This month is not over yet; it can be submitted once it is.")

    static func routes(_ console: ConsoleServices) -> [Route] {
        let readers = Access.roles([.admin, .countyViewer])
        return [
            Route.page(.get, "/console/reports", access: readers) { context in
                try await page(context, console, alert: context.request.query["done"] == "submitted"
                    ? "<div class=\"alert ok\" role=\"status\" id=\"notice\">\(context.t(submittedNow))</div>" : .empty)
            },
            Route.page(.get, "/console/reports/print", access: readers) { context in
                let answer = await api(context, console).send(.get, target(context), accept: "text/html")
                return ConsolePassThrough.response(context, answer)
            },
            Route.page(.get, "/console/reports/monthly.csv", access: readers) { context in
                let answer = await api(context, console).send(.get, target(context), accept: "text/csv")
                return ConsolePassThrough.response(context, answer)
            },
            Route.page(.post, "/console/reports/submit", access: .roles([.admin])) { context in
                let month = context.form["month"] ?? ""
                guard month.wholeMatch(of: /[0-9]{4}-[0-9]{2}/) != nil else { throw APIError.notFound() }
                switch await console.api(context).outcome(.post, "/v1/reports/monthly/\(month)/submit") {
                case .success: return ConsoleResponse.redirect("/console/reports?month=\(month)&done=submitted")
                case .failure(let problem) where [404, 409, 422].contains(problem.status):
                    let alert: Markup = """
                        <div class="alert error" role="alert">\(problem.title)\(problem.detail.map { ": " + $0 } ?? "")</div>
                        """
                    var page = try await page(context, console, alert: alert, month: month)
                    page.status = HTTPStatus(code: problem.status)
                    return page
                case .failure(let problem): throw problem
                }
            },
        ]
    }

    /// The caller's API: a county user without a picked clinic reads every clinic (no `clinicId` filled in).
    static func api(_ context: RequestContext, _ console: ConsoleServices) -> ConsoleAPI {
        var api = console.api(context)
        if (try? context.user.role) == .countyViewer { api.clinicId = nil }
        return api
    }

    static func target(_ context: RequestContext, month: String? = nil) -> String {
        ConsoleAPI.target("/v1/reports/monthly", [("month", month ?? context.request.query["month"])])
    }

    static func page(
        _ context: RequestContext, _ console: ConsoleServices, alert: Markup, month: String? = nil
    ) async throws -> HTTPResponse {
        let api = api(context, console)
        let report: JSONValue
        var pickerAlert: Markup = .empty
        switch await api.result(.get, target(context, month: month)) {
        case .success(let value): report = value
        case .failure(let problem) where [400, 422].contains(problem.status):
            pickerAlert = "<div class=\"alert error\" role=\"alert\" id=\"month-error\">\(problem.message(for: "month") ?? problem.title)</div>"
            report = try await api.get(target(context, month: ""))
        case .failure(let problem): throw problem
        }
        let shown = report["month"].text
        let columns: [JSONValue] = report["clinics"].array.isEmpty ? [report] : report["clinics"].array
        let total: JSONValue? = report["clinics"].array.isEmpty ? nil : report["total"]
        let query = "?month=" + ConsoleAPI.encode(shown)
        let picker: Markup = """
            <form method="get" action="/console/reports" id="month-form">
            <label for="month">\(context.t(monthLabel))</label>
            <input type="month" id="month" name="month" value="\(shown)" required pattern="[0-9]{4}-[0-9]{2}">
            <button type="submit" id="show">\(context.t(show))</button>
            </form>
            <p class="actions"><a href="/console/reports/print\(query)" id="print-link" target="_blank">\(context.t(print))</a>
            · <a href="/console/reports/monthly.csv\(query)" id="csv-link">\(context.t(csv))</a></p>
            """
        var differs: Markup = .empty
        for column in columns where column["liveDiffers"].bool == true {
            differs = [differs, """
                <div class="alert warn" role="status" id="live-differs">\(column["clinicName"].text): \
                \(context.t(MonthlyReportLabels.liveDiffers))</div>
                """].joined()
        }
        let role = try context.user.role
        var submitForm: Markup = .empty
        if total == nil, role == .admin || role == .countyAdmin, columns.first?["status"].text == "notSubmitted" {
            let zone = try await api.get("/v1/clinic")["timeZone"].string.flatMap(TimeZone.init(identifier:))
            let today = LocalDate(Date(), in: zone ?? TimeZone(identifier: "Asia/Shanghai")!)
            let current = String(today.description.prefix(7))
            submitForm =
                shown < current
                ? """
                <form method="post" action="/console/reports/submit" id="submit-form">\(ConsoleForm.csrfField(context))\
                <input type="hidden" name="month" value="\(shown)">
                <p class="hint">\(context.t(submitHint))</p>
                <button type="submit" id="submit-report">\(context.t(submit))</button></form>
                """ : "<p class=\"hint\" id=\"not-over\">\(context.t(notOver))</p>"
        }
        let body: Markup = """
            \(alert)\(pickerAlert)
            \(picker)
            \(differs)
            \(table(context, columns: columns, total: total))
            \(submitForm)
            """
        return ConsoleLayout.page(context, title: context.t(title) + " · " + shown, body)
    }

    static func table(_ context: RequestContext, columns: [JSONValue], total: JSONValue?) -> Markup {
        let language = context.language
        let lines = MonthlyReport.lines(columns + (total.map { [$0] } ?? []), language: language)
        let status = { (column: JSONValue) -> String in
            guard column["status"].text == "submitted" else { return MonthlyReportLabels.notSubmitted(language) }
            return MonthlyReportLabels.submitted(language) + " · " + column["submitted"]["username"].text
        }
        var head: [Markup] = ["<th scope=\"col\">\(MonthlyReportLabels.figure(language))</th>"]
        for column in columns {
            let name = columns.count > 1 ? column["clinicName"].text : ""
            head.append(
                "<th scope=\"col\" class=\"num\">\(name)<span class=\"muted status\">\(status(column))</span></th>")
        }
        if total != nil { head.append("<th scope=\"col\" class=\"num\">\(MonthlyReportLabels.total(language))</th>") }
        var sections: [Markup] = []
        for section in MonthlyReport.sections {
            let own = lines.filter { $0.section == section }
            guard !own.isEmpty else { continue }
            let rows = own.map { line -> Markup in
                let cells = line.values.map { "<td class=\"num\">\($0.map(String.init) ?? "")</td>" as Markup }
                return "<tr data-figure=\"\(line.key)\"><th scope=\"row\">\(line.label)</th>\(cells)</tr>"
            }
            sections.append(
                """
                <h2 id="section-\(section)">\(MonthlyReportLabels.sectionTitles[section]!(language))</h2>
                <div class="table-wrap"><table class="report" aria-labelledby="section-\(section)">
                <thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>
                """)
        }
        return "<div id=\"report\">\(sections)</div>"
    }
}
