import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// The doctor's calendar feed on their rota page (`/console/rota`): make a secret address their phone's calendar
/// subscribes to, make a new one, or revoke it; plain forms, no script. The address is shown once, in the answer to
/// the form that made it (the server keeps only its hash), so that answer is the page itself rather than a redirect.
enum CalendarFeedCard {
    static let title = Words("ཁ་པར་ནང་གི་ལོ་ཐོ།", "手机日历", "Calendar on your phone")
    static let explain = Words(
        "ཁ་པར་གྱི་ལོ་ཐོའི་ནང་འབྲེལ་ཐག་འདི་མངགས་ཉོ་བྱས་ན་འཕྲོད་བསྟེན་ཁང་ཚང་མའི་ནང་གི་ཁྱེད་ཀྱི་ལས་དུས་མཐོང་ཐུབ། སྡོད་དམངས་ཀྱི་གནས་ཚུལ་མི་འདུག",
        "在手机日历中订阅此地址，即可看到您在各卫生室的出诊时段，不含任何居民信息。",
        "Subscribe to this address in your phone's calendar to see your sessions in every health room. It holds no "
            + "residents' data.")
    static let none = Words(
        "ད་དུང་ལོ་ཐོའི་འབྲེལ་ཐག་བཟོས་མེད།", "您还没有日历地址。", "You have no calendar address yet.")
    static let address = Words("ལོ་ཐོའི་འབྲེལ་ཐག", "日历地址", "Calendar address")
    static let shown = Words(
        "འབྲེལ་ཐག་འདི་ད་ལྟ་འདྲ་བཤུས་གྱིས། བདེ་འཇགས་ཀྱི་ཆེད་དུ་ཡང་བསྐྱར་མི་སྟོན།",
        "请现在复制此地址：为安全起见，它不会再次显示。", "Copy this address now: for safety it is not shown again.")
    static let create = Words("ལོ་ཐོའི་འབྲེལ་ཐག་བཟོ།", "创建日历地址", "Create a calendar address")
    static let renew = Words(
        "འབྲེལ་ཐག་གསར་པ་བཟོ། (རྙིང་པ་བཀོལ་མི་ཐུབ།)", "创建新地址（旧地址将失效）",
        "Make a new address (the old one stops working)")
    static let revoke = Words("ལོ་ཐོའི་འབྲེལ་ཐག་ཕྱིར་འཐེན།", "停用日历地址", "Revoke the calendar address")
    static let revoked = Words("ལོ་ཐོའི་འབྲེལ་ཐག་ཕྱིར་འཐེན་ཟིན།", "日历地址已停用。", "The calendar address was revoked.")

    /// "Made on …; lost it? make a new one."
    static func since(_ day: String, _ language: Language) -> String {
        switch language {
        case .bo: "ལོ་ཐོའི་འབྲེལ་ཐག་\(day)ལ་བཟོས། བོར་ན་གསར་པ་ཞིག་བཟོ་རོགས།"
        case .zh: "日历地址创建于\(day)。如已遗失，请创建新地址。"
        case .en: "Your calendar address was made on \(day). Lost it? Make a new one."
        }
    }

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.post, "/console/rota/calendar-feed", access: .roles([.doctor])) { context in
                let made = try await console.api(context).call(.post, try feedPath(context))
                return try await RotaPage.render(context, console, feedURL: made["url"].text)
            },
            Route.page(.post, "/console/rota/calendar-feed/revoke", access: .roles([.doctor])) { context in
                do {
                    try await console.api(context).call(.delete, try feedPath(context))
                } catch let problem as ConsoleAPI.Problem where problem.status == 404 {
                    // Revoked meanwhile (another tab): what was asked for holds.
                }
                return ConsoleResponse.redirect("/console/rota?done=calendarRevoked")
            },
        ]
    }

    /// The API path of the signed-in doctor's own feed.
    static func feedPath(_ context: RequestContext) throws -> String {
        guard let doctorId = try context.user.doctorId else {
            throw APIError.forbidden("this user is not linked to a doctor")
        }
        return "/v1/doctors/\(doctorId.uuidString)/calendar-feed"
    }

    /// The card: the address just made (`feedURL`), else since when there is one, else that there is none; the
    /// forms that make one (anew) and revoke it.
    static func markup(_ context: RequestContext, _ api: ConsoleAPI, feedURL: String?) async throws -> Markup {
        var createdAt: String?
        do {
            createdAt = try await api.get(try feedPath(context))["createdAt"].string
        } catch let problem as ConsoleAPI.Problem where problem.status == 404 {
            createdAt = nil
        }
        let notice: Markup =
            context.request.query["done"] == "calendarRevoked" && feedURL == nil
            ? "<div class=\"alert ok\" role=\"status\" id=\"calendar-notice\">\(context.t(revoked))</div>" : .empty
        let state: Markup
        if let feedURL {
            state = """
                <div class="field"><label for="calendar-url">\(context.t(address))</label>
                <p class="hint" id="calendar-url-hint">\(context.t(shown))</p>
                <input id="calendar-url" type="url" readonly value="\(feedURL)" aria-describedby="calendar-url-hint">
                </div>
                """
        } else if let createdAt {
            let day = ConsoleDates.day(createdAt, context.language) + " " + ConsoleDates.time(createdAt)
            state = "<p id=\"calendar-state\">\(since(day, context.language))</p>"
        } else {
            state = "<p id=\"calendar-state\" class=\"muted\">\(context.t(none))</p>"
        }
        let exists = feedURL != nil || createdAt != nil
        let revokeForm: Markup =
            exists
            ? """
            <form method="post" action="/console/rota/calendar-feed/revoke">\(ConsoleForm.csrfField(context))\
            <button type="submit" class="secondary" id="calendar-revoke">\(context.t(revoke))</button></form>
            """ : .empty
        return """
            <section class="card" id="calendar-feed" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">\(context.t(title))</h2>
            \(notice)<p>\(context.t(explain))</p>
            \(state)
            <div class="actions">
            <form method="post" action="/console/rota/calendar-feed">\(ConsoleForm.csrfField(context))\
            <button type="submit" id="calendar-create">\(context.t(exists ? renew : create))</button></form>
            \(revokeForm)
            </div>
            </section>
            """
    }
}
