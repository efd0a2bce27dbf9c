import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// The resident page's outreach part: a banner while the resident is inactive (moved away, deceased) with an admin's
/// "reactivate" button (`PATCH /v1/residents/{id}` `{"active": true}`), and the outreach visits, newest first.
enum OutreachResidentSection {
    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.post, "/console/residents/{id}/reactivate", access: .roles([.admin])) { context in
                let id = try context.pathID()
                try await console.api(context).call(.patch, "/v1/residents/\(id.uuidString)", json: .object(["active": true]))
                return ConsoleResponse.redirect("/console/residents/\(UUIDText.lower(id))?done=reactivated")
            }
        ]
    }

    static func markup(
        _ context: RequestContext, _ api: ConsoleAPI, residentId: UUID, resident: JSONValue
    ) async throws -> Markup {
        let language = context.language
        let role = try context.user.role
        var banner: Markup = .empty
        if context.request.query["done"] == "reactivated" {
            banner = "<div class=\"alert ok\" role=\"status\">\(context.t(OutreachWords.reactivated))</div>"
        }
        if resident["active"].bool == false {
            let reason = OutreachWords.outcome(resident["inactiveReason"].text, language)
            let button: Markup =
                role == .admin || role == .countyAdmin
                ? """
                  <form method="post" action="/console/residents/\(UUIDText.lower(residentId))/reactivate" class="inline">\
                  \(ConsoleForm.csrfField(context))<button type="submit" id="reactivate">\(context.t(OutreachWords.reactivate))</button></form>
                  """
                : .empty
            banner = """
                \(banner)<div class="alert error" role="status" id="inactive-resident"><strong>\(context.t(OutreachWords.inactive))</strong>: \(reason) \(button)</div>
                """
        }
        let visits: [JSONValue]
        switch await api.result(.get, "/v1/residents/\(residentId.uuidString)/outreach-visits") {
        case .success(let value): visits = value["items"].array
        case .failure(let problem) where problem.status == 403: visits = []
        case .failure(let problem): throw problem
        }
        let rows = visits.map { visit -> Markup in
            let pressure =
                visit["systolic"].int.map { "\($0)/\(visit["diastolic"].int.map(String.init) ?? "")" } ?? ""
            return """
                <tr><td>\(ConsoleDates.day(visit["visitedAt"].text, language))</td>\
                <td class="outcome \(visit["outcome"].text)">\(OutreachWords.outcome(visit["outcome"].text, language))</td>\
                <td>\(pressure)</td><td>\(visit["note"].text)</td></tr>
                """
        }
        let table: Markup =
            visits.isEmpty
            ? "<p class=\"muted\">\(context.t(AdminWords.nothingYet))</p>"
            : """
              <div class="table-wrap"><table id="outreach-visits"><thead><tr>\
              <th scope="col">\(context.t(OutreachWords.visitedAt))</th><th scope="col">\(context.t(OutreachWords.outcomeHeading))</th>\
              <th scope="col">\(context.t(OutreachWords.pressure))</th><th scope="col">\(context.t(OutreachWords.note))</th>\
              </tr></thead><tbody>\(rows)</tbody></table></div>
              """
        return """
            \(banner)
            <h2 id="outreach">\(context.t(OutreachWords.visits))</h2>
            \(table)
            """
    }
}
