import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/residents`: find a resident by a name in any script, a phone or the ID number's tail, with grid and
/// priority-flag filters, a page at a time (the API's cursor). The list is only asked for once the form is sent,
/// so opening the page does not read (and audit) the whole register.
enum ResidentSearchPage {
    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/residents", access: .roles([.staff, .admin, .doctor])) { context in
                try await render(context, console)
            }
        ]
    }

    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let query = context.request.query
        let q = query["q"] ?? ""
        let grid = query["grid"] ?? ""
        let flag = query["flag"] ?? ""
        let searched = query["q"] != nil || !grid.isEmpty || !flag.isEmpty || query["cursor"] != nil
        var results: Markup = .empty
        var problem: ConsoleAPI.Problem?
        if searched {
            let target = ConsoleAPI.target(
                "/v1/residents",
                [("q", q), ("grid", grid), ("flag", flag), ("cursor", query["cursor"]), ("limit", "50")])
            switch await console.api(context).result(.get, target) {
            case .success(let page):
                results = table(
                    context, page,
                    next: page["nextCursor"].string.map { cursor in
                        ConsoleAPI.target(
                            "/console/residents", [("q", q), ("grid", grid), ("flag", flag), ("cursor", cursor)])
                    })
            case .failure(let failure) where failure.status == 400 || failure.status == 422: problem = failure
            case .failure(let failure): throw failure
            }
        }
        let language = context.language
        let errors = problem?.errors ?? []
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let flagOptions =
            [("", context.t(ResidentWords.anyFlag))]
            + ResidentForm.flagValues.map { ($0, ResidentWords.label(ResidentWords.flagNames, $0, language)) }
        let canRegister = (try? context.user.role).map { $0 == .staff || $0 == .admin } ?? false
        let body: Markup = """
            \(ConsoleForm.errorSummary(context, errors, labels: [
                "q": context.t(ResidentWords.query), "grid": context.t(ResidentWords.grid),
                "flag": context.t(ResidentWords.flag),
            ]))
            <form method="get" action="/console/residents" id="resident-search" class="card no-print" role="search">
            \(ConsoleForm.input("q", label: context.t(ResidentWords.query), value: q, type: "search",
                error: error("q"), hint: context.t(ResidentWords.queryHint),
                attributes: "maxlength=\"200\" autocomplete=\"off\" spellcheck=\"false\""))
            <div class="row">
            \(ConsoleForm.input("grid", label: context.t(ResidentWords.grid), value: grid, error: error("grid"),
                attributes: "maxlength=\"100\""))
            \(ConsoleForm.select("flag", label: context.t(ResidentWords.flag), options: flagOptions, selected: flag,
                error: error("flag")))
            </div>
            <div class="actions">
            <button type="submit">\(context.t(CommonWords.search))</button>
            \(canRegister ? Markup("<a class=\"button secondary\" id=\"new-resident\" href=\"/console/residents/new\">\(context.t(ResidentWords.newResident))</a>") : .empty)
            </div>
            </form>
            \(results)
            """
        let status: HTTPStatus = problem == nil ? .ok : HTTPStatus(code: 400)
        return ConsoleLayout.page(context, title: context.t(ResidentWords.findTitle), status: status, body)
    }

    /// The results: each name a link to the resident's page.
    static func table(_ context: RequestContext, _ page: JSONValue, next: String?) -> Markup {
        let language = context.language
        let items = page["items"].array
        guard !items.isEmpty else {
            return
                "<h2>\(context.t(ResidentWords.results))</h2><p id=\"no-residents\">\(context.t(ResidentWords.noResults))</p>"
        }
        let today = LocalDate(Date(), in: context.timeZone)
        let rows = items.map { resident -> Markup in
            let id = ConsoleAPI.encode(resident["id"].text)
            return """
                <tr>
                <th scope="row"><a class="resident-link" href="/console/residents/\(id)">\(NameDisplay.markup(resident["names"], language))</a></th>
                <td>\(ResidentPage.birthAndAge(resident["birthDate"].text, today: today, language))</td>
                <td>\(resident["grid"].text)</td>
                <td>\(resident["phone"].text)</td>
                <td>\(ResidentPage.flagBadges(resident["flags"], language))</td>
                </tr>
                """
        }
        let more: Markup =
            next.map {
                "<p class=\"actions no-print\"><a class=\"button secondary\" id=\"residents-next\" rel=\"next\" href=\"\($0)\">\(context.t(ResidentWords.nextPage))</a></p>"
            } ?? .empty
        return """
            <h2>\(context.t(ResidentWords.results))</h2>
            <div class="table-wrap">
            <table id="residents">
            \(ResidentPage.head(context, [
                ResidentWords.name, ResidentWords.birthDate, ResidentWords.grid, ResidentWords.phone, ResidentWords.flags,
            ]))
            <tbody>\(rows)</tbody>
            </table>
            </div>
            \(more)
            """
    }
}
