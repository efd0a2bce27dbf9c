import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/worklists/displaced`: the bookings whose session will not run (`GET /v1/worklists/displaced`),
/// priority residents first, each with the resident's phone to call and two ways to rebook: the earliest suitable
/// slot (`POST /v1/appointments/{id}/rebook` without a slot) or a slot picked from a week (`RebookSlotPage`). "Rebook
/// all" (`POST /v1/appointments/rebook-displaced`) shows what became of each.
enum DisplacedPage {
    static let path = "/console/worklists/displaced"
    static let desk = Access.roles([.staff, .admin])

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: desk) { context in
                let api = console.api(context)
                return try await page(context, api, alert: try await doneNotice(context, api))
            },
            Route.page(.post, path + "/rebook-all", access: desk) { context in
                let api = console.api(context)
                let before = try await api.get(worklist)["items"].array
                let results = try await api.call(
                    .post, "/v1/appointments/rebook-displaced",
                    json: ["noticeMinutes": .int(AppointmentStore.consoleNoticeMinutes)])
                let section = try await resultsSection(context, api, results["results"].array, before: before)
                return try await page(context, api, alert: section)
            },
            Route.page(.get, path + "/{id}/rebook", access: desk) { context in
                try await RebookSlotPage.render(context, console, query: context.request.query, attempt: nil)
            },
            Route.page(.post, path + "/{id}/rebook", access: desk) { context in
                try await rebook(context, console)
            },
        ]
    }

    /// The API's work list the page shows.
    static let worklist = "/v1/worklists/displaced"

    /// `POST .../{id}/rebook`: with a `slotId` (from the pick page) into that slot, else the earliest suitable one.
    static func rebook(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let id = try UUIDText.lower(context.pathID())
        let slotId = context.form["slotId"].flatMap { $0.isEmpty ? nil : $0 }
        let api = console.api(context)
        // The server's pick only from two hours on: the resident is not at the desk (a named slot may be sooner).
        var body: [String: JSONValue] = ["noticeMinutes": .int(AppointmentStore.consoleNoticeMinutes)]
        if let slotId { body["slotId"] = .string(slotId) }
        switch await api.outcome(.post, "/v1/appointments/\(id)/rebook", json: .object(body)) {
        case .success(let new):
            return ConsoleResponse.redirect(
                ConsoleAPI.target(path, [("done", "rebooked"), ("appointmentId", new["id"].text)]))
        case .failure(let problem) where slotId != nil && [400, 409, 422].contains(problem.status):
            let view = (try? QueryParameters(parsing: context.form["view"] ?? "")) ?? QueryParameters()
            let attempt = BookingPage.Attempt(reason: nil, interpreter: nil, problem: problem)
            return try await RebookSlotPage.render(context, console, query: view, attempt: attempt)
        case .failure(let problem) where problem.type.hasSuffix("no-suitable-slot"):
            // Nothing free within 14 days: the week picker, to look further.
            return ConsoleResponse.redirect(ConsoleAPI.target(path + "/\(id)/rebook", [("notice", "noSlot")]))
        case .failure(let problem) where problem.status == 409 || problem.status == 404:
            var answer = try await page(context, api, alert: alert(context.t(DisplacedWords.gone), ok: false))
            answer.status = HTTPStatus(code: problem.status)
            return answer
        case .failure(let problem):
            throw problem
        }
    }

    static func page(_ context: RequestContext, _ api: ConsoleAPI, alert: Markup) async throws -> HTTPResponse {
        let rows = try await api.get(worklist)["items"].array
        let doctors = try await TodayPage.doctorNames(api)
        let language = context.language
        let lines = rows.map { row -> Markup in
            let id = row["appointmentId"].text
            let start = row["start"].text
            let priority = row["priority"].bool == true ? ResidentPage.flagBadges(row["flags"], language) : .empty
            let phone: Markup =
                row["phone"].string.map { number -> Markup in
                    "<a href=\"tel:\(number.filter { !$0.isWhitespace })\">\(number)</a>"
                } ?? "<span class=\"muted\">\(context.t(DisplacedWords.noPhone))</span>"
            let reason = row["reason"].string.map { ResidentWords.label(DisplacedWords.reasons, $0, language) } ?? "—"
            return """
                <tr id="displaced-\(id)"><th scope="row"><a class="resident-link" \
                href="/console/residents/\(ConsoleAPI.encode(row["residentId"].text))">\
                \(NameDisplay.markup(row["names"], language))</a> \(priority)\
                <div class="actions">\(AdminForms.button(context, action: "\(path)/\(id)/rebook",
                    label: context.t(DisplacedWords.rebook), style: "", id: "rebook-\(id)"))\
                <a class="button secondary" id="pick-\(id)" href="\(path)/\(id)/rebook">\(context.t(DisplacedWords.pick))</a>\
                </div></th>\
                <td>\(ConsoleDates.day(start, language)) \(ConsoleDates.time(start))</td>\
                <td>\(doctors[row["doctorId"].text] ?? "")</td><td>\(context.t(ValueWords.mode(row["mode"].text)))</td>\
                <td>\(reason)</td><td class="nowrap">\(phone)</td></tr>
                """
        }
        let list: Markup =
            rows.isEmpty
            ? "<p class=\"muted\" id=\"displaced-none\">\(context.t(DisplacedWords.none))</p>"
            : """
            <form method="post" action="\(path)/rebook-all" class="card" id="rebook-all-form">
            \(ConsoleForm.csrfField(context))
            <p class="hint">\(context.t(DisplacedWords.rebookAllHint))</p>
            <button type="submit" id="rebook-all">\(context.t(DisplacedWords.rebookAll)) (\(rows.count))</button>
            </form>
            <div class="table-wrap"><table id="displaced">
            <thead><tr><th scope="col">\(context.t(DisplacedWords.resident))</th>\
            <th scope="col">\(context.t(DisplacedWords.wasAt))</th><th scope="col">\(context.t(ClinicalWords.doctor))</th>\
            <th scope="col">\(context.t(ClinicalWords.mode))</th><th scope="col">\(context.t(DisplacedWords.why))</th>\
            <th scope="col">\(context.t(ResidentWords.phone))</th></tr></thead>
            <tbody>\(lines)</tbody></table></div>
            """
        let body: Markup = """
            \(alert)
            <p class="hint">\(context.t(DisplacedWords.hint))</p>
            \(list)
            """
        return ConsoleLayout.page(context, title: context.t(DisplacedWords.title), body)
    }

    /// What each bulk rebooking did, named by resident and the time they had (from the list read before it).
    static func resultsSection(
        _ context: RequestContext, _ api: ConsoleAPI, _ results: [JSONValue], before: [JSONValue]
    ) async throws -> Markup {
        let language = context.language
        guard !results.isEmpty else { return alert(context.t(DisplacedWords.nothingDone), ok: true) }
        var byId: [String: JSONValue] = [:]
        for row in before { byId[row["appointmentId"].text] = row }
        let doctors = try await TodayPage.doctorNames(api)
        var lines: [Markup] = []
        for result in results {
            let old = byId[result["appointmentId"].text] ?? .null
            let outcome: Markup
            if result["status"].text == "rebooked", let newId = result["newAppointmentId"].string {
                let new = try await api.get("/v1/appointments/" + ConsoleAPI.encode(newId))
                outcome = """
                    <span class="ok">\(context.t(DisplacedWords.rebookedTo))</span> \
                    <a href="/console/appointments/\(ConsoleAPI.encode(newId))">\(ConsoleDates.day(new["start"].text, language)) \
                    \(ConsoleDates.time(new["start"].text))</a> · \(doctors[new["doctorId"].text] ?? "")
                    """
            } else {
                outcome = "<strong class=\"error\">\(context.t(DisplacedWords.noSlot))</strong>"
            }
            lines.append(
                """
                <tr class="result-\(result["status"].text)"><th scope="row">\(NameDisplay.markup(old["names"], language))</th>\
                <td>\(ConsoleDates.day(old["start"].text, language)) \(ConsoleDates.time(old["start"].text))</td>\
                <td>\(outcome)</td></tr>
                """)
        }
        return """
            <section class="card" id="rebook-results" aria-labelledby="results-heading" role="status">
            <h2 id="results-heading">\(context.t(DisplacedWords.results))</h2>
            <div class="table-wrap"><table id="results"><thead><tr>\
            <th scope="col">\(context.t(DisplacedWords.resident))</th><th scope="col">\(context.t(DisplacedWords.wasAt))</th>\
            <th scope="col">\(context.t(DisplacedWords.results))</th></tr></thead>
            <tbody>\(lines)</tbody></table></div>
            </section>
            """
    }

    /// The line after a redirect: one rebooked (with its new time) or a schedule change recorded.
    static func doneNotice(_ context: RequestContext, _ api: ConsoleAPI) async throws -> Markup {
        let query = context.request.query
        switch query["done"] {
        case "rebooked":
            var text = context.t(DisplacedWords.rebookedTo)
            if let id = query["appointmentId"].flatMap(UUID.init(uuidString:)),
                let new = try? await api.get("/v1/appointments/" + id.uuidString)
            {
                text += " " + ConsoleDates.day(new["start"].text, context.language) + " "
                    + ConsoleDates.time(new["start"].text)
            }
            return alert(text, ok: true)
        case "changed":
            return alert(context.t(DisplacedWords.changed), ok: true)
        default:
            return .empty
        }
    }

    static func alert(_ text: String, ok: Bool) -> Markup {
        ok
            ? "<div class=\"alert ok\" role=\"status\" id=\"notice\">\(text)</div>"
            : "<div class=\"alert error\" role=\"alert\" id=\"notice\">\(text)</div>"
    }

    /// The today page's link to the list, with its count; nothing when the list is empty.
    static func todayLink(_ context: RequestContext, _ api: ConsoleAPI) async -> Markup {
        guard let role = context.session?.principal.role, [.staff, .admin].contains(role),
            case .success(let list) = await api.outcome(.get, worklist)
        else { return .empty }
        let count = list["items"].array.count
        guard count > 0 else { return .empty }
        return """
            <p class="alert warn" id="displaced-link"><a href="\(path)">\(context.t(DisplacedWords.title)): \(count)</a></p>
            """
    }
}
