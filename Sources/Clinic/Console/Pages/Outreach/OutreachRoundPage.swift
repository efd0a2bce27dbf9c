import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/outreach`: the grid worker's phone page (also their start page): the elderly of their grids not seen for
/// 90 days, in walking order, each with one button per outcome and, folded away, blood pressure and a note. A tap
/// posts `/console/outreach/visits` (fields named as the API's: `residentId`, `outcome`, `systolic`, `diastolic`,
/// `note`), which records the visit through `POST /v1/residents/{id}/outreach-visits` and comes back here.
enum OutreachRoundPage {
    static let path = "/console/outreach"

    static func routes(_ console: ConsoleServices) -> [Route] {
        let roles = Access.roles([.gridWorker, .staff, .admin])
        return [
            Route.page(.get, path, access: roles) { context in try await render(context, console) },
            Route.page(.post, path + "/visits", access: roles) { context in
                let form = context.form
                guard let residentId = form["residentId"].flatMap(UUID.init(uuidString:)) else {
                    return ConsoleResponse.redirect(path)
                }
                var body: [String: JSONValue] = [
                    "visitedAt": .string(ZonedInstant(Date(), in: context.timeZone).description),
                    "outcome": .string(form["outcome"] ?? ""),
                ]
                for name in ["systolic", "diastolic"] {
                    if let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                        body[name] = Int(text).map(JSONValue.int) ?? .string(text)
                    }
                }
                if let note = form["note"]?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty {
                    body["note"] = .string(note)
                }
                let key = form["key"].flatMap { $0.isEmpty ? nil : $0 }
                let result = await console.api(context).outcome(
                    .post, "/v1/residents/\(residentId.uuidString)/outreach-visits", json: .object(body),
                    idempotencyKey: key)
                switch result {
                case .success:
                    // The notice names whom it was recorded for: the card leaves the list, and a mis-tap shows.
                    return ConsoleResponse.redirect(
                        path + "?done=" + ConsoleAPI.encode(form["outcome"] ?? "") + "&resident="
                            + residentId.uuidString)
                case .failure(let problem) where problem.status == 400 || problem.status == 422:
                    return try await render(context, console, problem: problem, residentId: residentId)
                case .failure(let problem):
                    throw problem
                }
            },
        ]
    }

    static func render(
        _ context: RequestContext, _ console: ConsoleServices, problem: ConsoleAPI.Problem? = nil,
        residentId: UUID? = nil
    ) async throws -> HTTPResponse {
        let page = try await console.api(context).get(
            ConsoleAPI.target(
                "/v1/worklists/unvisited-elderly",
                [("days", "90"), ("limit", "500"), ("grid", context.request.query["grid"])]))
        let rows = page["items"].array
        let done = context.request.query["done"].flatMap { OutreachWords.outcomes[$0] }
        var who: Markup = .empty
        if done != nil, let resident = context.request.query["resident"].flatMap(UUID.init(uuidString:)),
            let names = try? await console.api(context).get("/v1/residents/\(resident.uuidString)")["names"]
        {
            who = "<strong>\(NameDisplay.markup(names, context.language))</strong>: "
        }
        let notice: Markup =
            done.map {
                "<p class=\"notice done\" role=\"status\">\(who)\(context.t(OutreachWords.recorded)) \(context.t($0))</p>"
            } ?? .empty
        let errors: Markup = problem.map { ConsoleForm.errorSummary(context, $0.errors) } ?? .empty
        let opened = residentId.map(UUIDText.lower)
        let cards = rows.map { card(context, $0, open: opened == $0["residentId"].text.lowercased()) }
        let list: Markup =
            rows.isEmpty
            ? "<p class=\"muted\">\(context.t(OutreachWords.nobody))</p>"
            : "<ol class=\"round\" id=\"round\">\(cards)</ol>"
        let status: HTTPStatus = problem == nil ? .ok : HTTPStatus(code: 400)
        return ConsoleLayout.page(
            context, title: context.t(OutreachWords.round), status: status,
            """
            \(notice)\(errors)
            <p class="hint">\(context.t(OutreachWords.roundHint))</p>
            \(list)
            """)
    }

    /// One resident: who and where, then the outcome buttons in one form.
    static func card(_ context: RequestContext, _ row: JSONValue, open: Bool) -> Markup {
        let language = context.language
        let id = row["residentId"].text
        let last = row["lastSeenAt"].string.map { ConsoleDates.day($0, language) } ?? context.t(OutreachWords.never)
        let phone: Markup =
            row["phone"].string.map { "<a class=\"tel\" href=\"tel:\($0)\">\($0)</a>" } ?? .empty
        let place = [row["grid"].string, row["household"].string, row["address"].string].compactMap { $0 }
            .joined(separator: " · ")
        let buttons = OutreachOutcome.allCases.map { outcome -> Markup in
            let confirm: Markup =
                outcome.inactiveReason != nil
                ? " data-confirm=\"\(OutreachWords.outcome(outcome.rawValue, language))?\"" : .empty
            return """
                <button type="submit" name="outcome" value="\(outcome.rawValue)" class="outcome \(outcome.rawValue)"\(confirm)>\
                \(OutreachWords.outcome(outcome.rawValue, language))</button>
                """
        }
        let priority = row["priority"].bool == true ? ResidentPage.flagBadges(row["flags"], language) : .empty
        return """
            <li class="visit-card" id="r-\(id)">
            <p class="who"><strong>\(NameDisplay.markup(row["names"], language))</strong> \(priority) \
            <span class="age">\(context.t(CommonWords.age(row["age"].int ?? 0)))</span></p>
            <p class="where">\(place) \(phone)</p>
            <p class="muted">\(context.t(OutreachWords.lastSeen)): \(last)</p>
            <form method="post" action="\(path)/visits" class="outcome-form">\(ConsoleForm.csrfField(context))
            <input type="hidden" name="residentId" value="\(id)">
            <input type="hidden" name="key" value="\(UUID.random().uuidString)">
            <details\(open ? Markup(raw: " open") : .empty)><summary>\(context.t(OutreachWords.more))</summary>
            <div class="row">
            <div class="field"><label for="systolic-\(id)">\(context.t(OutreachWords.systolic))</label>
            <input id="systolic-\(id)" name="systolic" type="number" min="50" max="300" inputmode="numeric"></div>
            <div class="field"><label for="diastolic-\(id)">\(context.t(OutreachWords.diastolic))</label>
            <input id="diastolic-\(id)" name="diastolic" type="number" min="20" max="200" inputmode="numeric"></div>
            </div>
            <div class="field"><label for="note-\(id)">\(context.t(OutreachWords.note))</label>
            <textarea id="note-\(id)" name="note" rows="2" maxlength="2000"></textarea></div>
            </details>
            <div class="outcomes">\(buttons)</div>
            </form>
            </li>
            """
    }
}
