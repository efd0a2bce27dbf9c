import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/notifications`: the notices to residents that failed (with a button that sends one again) and those
/// waiting to go out, newest first. A notice's text shows in its own language, whatever the page's.
enum NotificationsPage {
    static let title = Words("སྡོད་དམངས་ལ་བརྡ་ཐོ།", "居民通知", "Notices to residents")
    static let failed = Words("མ་འགྲོ་བ།", "未能发出", "Not sent")
    static let pending = Words("གཏོང་རྒྱུ་ལྷག་པ།", "等待发送", "Waiting to be sent")
    static let when = Words("དུས་ཚོད།", "时间", "Written")
    static let kindHead = Words("རིགས།", "类型", "About")
    static let to = Words("སུ་ལ།", "发给", "To")
    static let text = Words("ནང་དོན།", "内容", "Text")
    static let why = Words("རྒྱུ་མཚན།", "原因", "Why")
    static let attempts = Words("ཐེངས་གྲངས།", "尝试次数", "Attempts")
    static let resident = Words("སྡོད་དམངས།", "居民", "Resident")
    static let retry = Words("ཡང་བསྐྱར་གཏོང་།", "重新发送", "Send again")
    static let nobody = Words("ཁ་པར་མེད།", "没有可用电话", "No phone")
    static let none = Words("མེད།", "无。", "None.")
    static let retried = Words(
        "བརྡ་ཐོ་དེ་ཡང་བསྐྱར་གཏོང་རྒྱུ་ཡིན།", "该通知将重新发送。", "The notice will be sent again.")
    static let hint = Words(
        "ཁ་པར་མེད་ན། སྡོད་དམངས་ཀྱི་ཤོག་ངོས་སུ་ཁ་པར་ཨང་གྲངས་ཁ་སྣོན་བྱས་རྗེས་ཡང་བསྐྱར་གཏོང་།",
        "没有电话的，请先在居民页面添加电话或紧急联系人，再重新发送。",
        "Where there is no phone, add one (or an emergency contact's) on the resident's page, then send again.")
    static let kinds: [String: Words] = [
        "booked": Words("དུས་འཁེལ་བཟོས།", "已预约", "Booked"),
        "rescheduled": Words("དུས་ཚོད་སྤོས།", "已改期", "Moved"),
        "cancelled": Words("མེད་པར་བཟོས།", "已取消", "Cancelled"),
        "displaced": Words("ནད་བརྟག་བྱེད་མི་ཐུབ།", "无法就诊", "Cannot take place"),
        "rebooked": Words("བསྐྱར་དུ་དུས་འཁེལ་བཟོས།", "已重新预约", "Booked again"),
        "doctorChanged": Words("སྨན་པ་བརྗེས།", "已换医生", "New doctor"),
        "reminder": Words("དྲན་སྐུལ།", "提醒", "Reminder"),
    ]
    static let reasons: [String: Words] = [
        "noRecipient": Words("ཁ་པར་ཨང་གྲངས་མེད།", "没有电话", "No phone to send to"),
        "gateway": Words("འཕྲིན་ཐུང་ལམ་ཁས་མ་བླངས།", "短信网关未接收", "The SMS gateway did not take it"),
    ]

    static func routes(_ console: ConsoleServices) -> [Route] {
        let desk = Access.roles([.staff, .admin])
        return [
            Route.page(.get, "/console/notifications", access: desk) { context in
                let done: Markup =
                    context.request.query["done"] == "retried"
                    ? "<div class=\"alert ok\" role=\"status\" id=\"notice\">\(context.t(retried))</div>" : .empty
                return try await page(context, console.api(context), alert: done)
            },
            Route.page(.post, "/console/notifications/{id}/retry", access: desk) { context in
                let id = try context.pathID()
                let api = console.api(context)
                switch await api.outcome(.post, "/v1/notifications/\(id.uuidString)/retry") {
                case .success: return ConsoleResponse.redirect("/console/notifications?done=retried")
                case .failure(let problem) where [404, 409].contains(problem.status):
                    let alert: Markup = """
                        <div class="alert error" role="alert">\(problem.title)\(problem.detail.map { ": " + $0 } ?? "")</div>
                        """
                    var page = try await page(context, api, alert: alert)
                    page.status = HTTPStatus(code: problem.status)
                    return page
                case .failure(let problem): throw problem
                }
            },
        ]
    }

    static func page(_ context: RequestContext, _ api: ConsoleAPI, alert: Markup) async throws -> HTTPResponse {
        let failedRows = try await api.get("/v1/notifications?status=failed&limit=200")["items"].array
        let pendingRows = try await api.get("/v1/notifications?status=pending&limit=200")["items"].array
        let body: Markup = """
            \(alert)
            <h2 id="failed-heading">\(context.t(failed))</h2>
            <p class="hint">\(context.t(hint))</p>
            \(table(context, failedRows, id: "failed", withRetry: true))
            <h2 id="pending-heading">\(context.t(pending))</h2>
            \(table(context, pendingRows, id: "pending", withRetry: false))
            """
        return ConsoleLayout.page(context, title: context.t(title), body)
    }

    private static func table(_ context: RequestContext, _ rows: [JSONValue], id: String, withRetry: Bool) -> Markup {
        guard !rows.isEmpty else { return "<p class=\"muted\" id=\"\(id)-none\">\(context.t(none))</p>" }
        var head = [when, kindHead, resident, to, text, attempts]
        if withRetry { head.insert(why, at: 5) }
        let headCells = head.map { "<th scope=\"col\">\($0(context.language))</th>" as Markup }
        let lines = rows.map { row -> Markup in
            let notice = ConsoleAPI.encode(row["id"].text)
            let created = row["createdAt"].text
            let recipient = row["recipient"]
            let addressee =
                recipient["phone"].string.map { phone in
                    (recipient["name"].string.map { $0 + " · " } ?? "") + phone
                } ?? context.t(nobody)
            let reason: Markup =
                withRetry
                ? "<td>\(ResidentWords.label(reasons, row["reason"].text, context.language))</td>" : .empty
            let button: Markup =
                withRetry
                ? """
                <td><form method="post" action="/console/notifications/\(notice)/retry">\(ConsoleForm.csrfField(context))\
                <button type="submit" id="retry-\(notice)">\(context.t(retry))</button></form></td>
                """ : .empty
            return """
                <tr id="notice-\(notice)"><td>\(ConsoleDates.day(created, context.language)) \(ConsoleDates.time(created))</td>\
                <td>\(ResidentWords.label(kinds, row["kind"].text, context.language))</td>\
                <td><a class="resident-link" href="/console/residents/\(ConsoleAPI.encode(row["residentId"].text))">\
                \(NameDisplay.markup(row["residentNames"], context.language))</a></td>\
                <td>\(addressee)</td><td lang="\(row["language"].text)">\(row["text"].text)</td>\(reason)\
                <td>\(row["attempts"].text)</td>\(button)</tr>
                """
        }
        return """
            <div class="table-wrap"><table id="\(id)-notices" aria-labelledby="\(id)-heading">
            <thead><tr>\(headCells)\(withRetry ? Markup(raw: "<th scope=\"col\"><span class=\"visually-hidden\">\(context.t(retry))</span></th>") : .empty)</tr></thead>
            <tbody>\(lines)</tbody>
            </table></div>
            """
    }
}
