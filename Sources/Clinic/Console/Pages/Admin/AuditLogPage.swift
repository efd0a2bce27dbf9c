import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/admin/audit`: who read, changed or exported which resident's data, when and from where
/// (`GET /v1/audit`), filtered by resident, user and dates, a page at a time (the API's cursor).
enum AuditLogPage {
    static let path = "/console/admin/audit"
    static let residentId = Words("སྡོད་དམངས་ཀྱི་ཨང་རྟགས།", "居民编号", "Resident id")
    static let user = Words("སྤྱོད་མཁན།", "用户", "User")
    static let anyone = Words("ཚང་མ།", "全部", "Everyone")
    static let when = Words("དུས་ཚོད།", "时间", "When")
    static let what = Words("བྱ་བ།", "操作", "What")
    static let resident = Words("སྡོད་དམངས།", "居民", "Resident")
    static let fromWhere = Words("གནས་ས།", "来源地址", "From where")
    static let next = Words("ཤོག་ངོས་རྗེས་མ།", "下一页", "Next page")
    static let first = Words("ཤོག་ངོས་དང་པོ།", "第一页", "First page")
    static let noEntries = Words("ཟིན་ཐོ་མེད།", "没有记录。", "No entries.")
    static let filter = Words("འཚག་པ།", "筛选", "Filter")
    static let datesHint = Words(
        "ཚེས་གྲངས་གཉིས་ཀ་ཚུད། འཕྲོད་བསྟེན་ཁང་གི་དུས་ཚོད་ཁུལ་ལྟར།", "含首尾两天，按卫生室时区。",
        "Both dates included, in the clinic's time zone.")

    static let filters = ["residentId", "userId", "from", "to"]

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.admin])) { context in
                let api = console.api(context)
                let query = context.request.query
                let zone = TimeZone(identifier: try await api.get("/v1/clinic")["timeZone"].text) ?? .gmt
                let target = ConsoleAPI.target(
                    "/v1/audit",
                    [
                        ("residentId", query["residentId"]), ("userId", query["userId"]),
                        ("from", instant(query["from"], zone, nextDay: false)),
                        ("to", instant(query["to"], zone, nextDay: true)), ("cursor", query["cursor"]),
                    ])
                let users = try await api.get("/v1/users")["items"].array
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in try await api.get(target) })
                {
                case .success(let page): return render(context, users: users, page: page, problem: nil)
                case .failure(let problem): return render(context, users: users, page: .null, problem: problem)
                }
            }
        ]
    }

    /// The start of a date (or of the day after it) in the clinic's zone as an RFC 3339 instant; text that is no
    /// date goes on as typed, so the API names the field.
    static func instant(_ text: String?, _ zone: TimeZone, nextDay: Bool) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = LocalDate(text), let midnight = LocalTime(hour: 0, minute: 0) else { return text }
        return RFC3339.format((nextDay ? date.adding(days: 1) : date).instant(at: midnight, in: zone), timeZone: zone)
    }

    private static func render(
        _ context: RequestContext, users: [JSONValue], page: JSONValue, problem: ConsoleAPI.Problem?
    ) -> HTTPResponse {
        let query = context.request.query
        let language = context.language
        let labels = [
            "residentId": context.t(residentId), "userId": context.t(user), "from": context.t(AdminWords.from),
            "to": context.t(AdminWords.to),
        ]
        let userOptions =
            [(value: "", label: context.t(anyone))]
            + users.map { (value: $0["id"].text, label: $0["username"].text) }
        let rows = page["items"].array.map { entry -> Markup in
            let at = entry["at"].text
            let who = entry["username"].text.isEmpty ? "—" : entry["username"].text
            let role = entry["role"].string.map { " (" + AdminWords.role($0)(language) + ")" } ?? ""
            let resource = entry["resourceType"].text
            // Whose file: the resident's name, a link to their page; the id when the name cannot be read here.
            let resident: Markup =
                entry["residentNames"].isNull
                ? "<code>\(entry["residentId"].text)</code>"
                : """
                <a class="resident-link" href="/console/residents/\(ConsoleAPI.encode(entry["residentId"].text))">\
                \(NameDisplay.markup(entry["residentNames"], language))</a>
                """
            return """
                <tr><td>\(ConsoleDates.day(at, language)) \(ConsoleDates.time(at))</td><th scope="row">\(who)\(role)</th>\
                <td>\(entry["action"].text) · \(resource)</td><td>\(resident)</td>\
                <td>\(entry["remoteAddress"].text)</td></tr>
                """
        }
        let filterPairs = filters.map { ($0, query[$0]) }
        let nextLink: Markup =
            page["nextCursor"].string.map {
                let target = ConsoleAPI.target(path, filterPairs + [("cursor", $0)])
                return
                    "<a class=\"button secondary\" id=\"audit-next\" href=\"\(target)\" rel=\"next\">\(context.t(next))</a>"
            } ?? .empty
        let firstLink: Markup =
            query["cursor"] == nil
            ? .empty
            : "<a class=\"button secondary\" href=\"\(ConsoleAPI.target(path, filterPairs))\">\(context.t(first))</a>"
        let table: Markup =
            rows.isEmpty
            ? "<p class=\"muted\">\(context.t(noEntries))</p>"
            : """
            <div class="table-wrap"><table id="audit-table"><thead><tr><th scope="col">\(context.t(when))</th>\
            <th scope="col">\(context.t(user))</th><th scope="col">\(context.t(what))</th>\
            <th scope="col">\(context.t(resident))</th><th scope="col">\(context.t(fromWhere))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let body: Markup = """
            \(AdminForms.problemSummary(context, problem, labels: labels))
            <form method="get" action="\(path)" class="card" id="audit-filter">
            <div class="row">
            \(ConsoleForm.input("residentId", label: labels["residentId"]!, value: query["residentId"],
                error: problem?.message(for: "residentId"), attributes: "spellcheck=\"false\" maxlength=\"36\""))
            \(ConsoleForm.select("userId", label: labels["userId"]!, options: userOptions, selected: query["userId"],
                error: problem?.message(for: "userId")))
            \(ConsoleForm.input("from", label: labels["from"]!, value: query["from"], type: "date",
                error: problem?.message(for: "from")))
            \(ConsoleForm.input("to", label: labels["to"]!, value: query["to"], type: "date",
                error: problem?.message(for: "to")))
            </div>
            <p class="hint">\(context.t(datesHint))</p>
            <button type="submit" id="audit-apply">\(context.t(filter))</button>
            </form>
            \(table)
            <div class="actions">\(firstLink)\(nextLink)</div>
            """
        return ConsoleLayout.page(
            context, title: context.t(AdminWords.audit), status: problem.map(AdminForms.status) ?? .ok, body)
    }
}
