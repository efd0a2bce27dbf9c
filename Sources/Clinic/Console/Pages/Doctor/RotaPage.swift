import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// `/console/rota`: the sessions of the next four weeks from `GET /v1/rota`: a doctor's own, everyone's for the
/// front desk and admins (read-only here; admins change the rota on their own pages). A doctor also finds their
/// calendar feed here (`CalendarFeedCard`).
enum RotaPage {
    static let title = Words("ལས་ཐོ།", "排班", "Rota")
    static let mine = Words("ངའི་ལས་ཐོ།", "我的排班", "My sessions")
    static let session = Words("ལས་དུས།", "时段", "Session")
    static let empty = Words("དུས་ཚོད་འདིའི་ནང་ལས་ཐོ་མེད།", "这段时间没有排班。", "No sessions in these weeks.")
    static let weeks = 4

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/rota", access: .roles([.doctor, .staff, .admin])) { context in
                try await render(context, console)
            }
        ] + CalendarFeedCard.routes(console)
    }

    /// The page; `feedURL` is a calendar address the doctor just made, shown this once.
    static func render(_ context: RequestContext, _ console: ConsoleServices, feedURL: String? = nil) async throws
        -> HTTPResponse
    {
        let api = console.api(context)
        let user = try context.user
        let from = try ConsoleQuery.date(context, "from") ?? ClinicTime.today(context.timeZone)
        let to = from.adding(days: weeks * 7 - 1)
        let doctorId = user.role == .doctor ? user.doctorId?.uuidString : nil
        let rota = try await api.get(
            ConsoleAPI.target(
                "/v1/rota", [("from", from.description), ("to", to.description), ("doctorId", doctorId)]))
        var names: [String: String] = [:]
        if user.role != .doctor {
            for doctor in try await api.get("/v1/doctors")["items"].array {
                names[doctor["id"].text] = doctor["name"].text
            }
        }
        // A visiting doctor's sessions may be in several health rooms: each row then names its room.
        let rooms = try await api.roomNames()
        let rows = rota["items"].array.map { item -> Markup in
            let modes = item["modes"].array.map { context.t(ValueWords.mode($0.text)) }
            let doctor: Markup =
                user.role == .doctor ? .empty : "<td>\(names[item["doctorId"].text] ?? item["doctorId"].text)</td>"
            let room = rooms.map { Markup("<td>\($0[item["clinicId"].text] ?? "")</td>") } ?? .empty
            return """
                <tr><td>\(ConsoleDates.date(item["date"].text, context.language))</td><td>\(context.t(ValueWords.session(item["session"].text)))</td>
                <td>\(ConsoleDates.time(item["start"].text))–\(ConsoleDates.time(item["end"].text))</td>\(room)\(doctor)
                <td>\(modes.joined(separator: ", "))</td></tr>
                """
        }
        let roomHead = rooms == nil ? Markup.empty : ConsoleAPI.roomHeading(context)
        let doctorHead: Markup =
            user.role == .doctor ? .empty : "<th scope=\"col\">\(context.t(ClinicalWords.doctor))</th>"
        let table: Markup =
            rows.isEmpty
            ? "<p class=\"muted\">\(context.t(empty))</p>"
            : """
            <div class="table-wrap"><table id="rota">
            <thead><tr><th scope="col">\(context.t(ClinicalWords.date))</th><th scope="col">\(context.t(session))</th>
            <th scope="col">\(context.t(ClinicalWords.time))</th>\(roomHead)\(doctorHead)
            <th scope="col">\(context.t(ClinicalWords.mode))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let body: Markup = """
            <h2>\(ConsoleDates.date(from, context.language)) – \(ConsoleDates.date(to, context.language))</h2>
            <nav class="actions" aria-label="\(context.t(ClinicalWords.date))">
            <a class="button secondary" id="rota-previous" \
            href="/console/rota?from=\(from.adding(days: -weeks * 7).description)">\
            \(context.t(ClinicalWords.previous))</a>
            <a class="button secondary" id="rota-next" href="/console/rota?from=\(to.adding(days: 1).description)">\
            \(context.t(ClinicalWords.next))</a>
            </nav>
            \(table)
            \(user.role == .doctor ? "<p><a href=\"\(MyUnavailabilityPage.path)\" id=\"unavailability-link\">\(context.t(MyUnavailabilityPage.link))</a></p>" : Markup.empty)
            \(user.role == .doctor ? try await CalendarFeedCard.markup(context, api, feedURL: feedURL) : .empty)
            """
        return ConsoleLayout.page(context, title: context.t(user.role == .doctor ? mine : title), body)
    }
}
