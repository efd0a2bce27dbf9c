import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/doctor-requests`: the desk's list of residents an outreach visit found in need of a doctor, oldest
/// first. "Book" opens the booking page with the request (`requestId`: the green channel); "Close" takes a reason.
enum DoctorRequestsPage {
    static let path = "/console/doctor-requests"

    static func routes(_ console: ConsoleServices) -> [Route] {
        let desk = Access.roles([.staff, .admin])
        return [
            Route.page(.get, path, access: desk) { context in try await render(context, console) },
            Route.page(.post, path + "/{id}/close", access: desk) { context in
                let id = try context.pathID()
                let reason = context.form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                let result = await console.api(context).outcome(
                    .post, "/v1/worklists/doctor-requests/\(id.uuidString)/close",
                    json: .object(["reason": .string(reason)]))
                switch result {
                case .success: return ConsoleResponse.redirect(path + "?done=closed")
                case .failure(let problem) where problem.status == 409:
                    return ConsoleResponse.redirect(path + "?notice=conflict")
                case .failure(let problem) where problem.status == 400 || problem.status == 422:
                    return try await render(context, console, problem: problem, failedId: id)
                case .failure(let problem): throw problem
                }
            },
        ]
    }

    static func render(
        _ context: RequestContext, _ console: ConsoleServices, problem: ConsoleAPI.Problem? = nil, failedId: UUID? = nil
    ) async throws -> HTTPResponse {
        let language = context.language
        let rows = try await console.api(context).get("/v1/worklists/doctor-requests")["items"].array
        var notice: Markup = .empty
        if context.request.query["done"] == "closed" {
            notice = "<p class=\"notice done\" role=\"status\">\(context.t(OutreachWords.closed))</p>"
        } else if context.request.query["notice"] == "conflict" {
            notice = "<div class=\"alert error\" role=\"alert\">\(context.t(OutreachWords.conflict))</div>"
        }
        let errors: Markup = problem.map { ConsoleForm.errorSummary(context, $0.errors) } ?? .empty
        let lines = rows.map { row -> Markup in
            let id = row["id"].text
            let resident = row["residentId"].text
            let book = ConsoleAPI.target("/console/book", [("residentId", resident), ("requestId", id)])
            let visited =
                row["visitedAt"].string.map { ConsoleDates.day($0, language) + " " + ConsoleDates.time($0) } ?? ""
            let pressure = row["systolic"].int.map { "\($0)/\(row["diastolic"].text) mmHg" } ?? ""
            let visitor: Markup = row["visitedBy"].string.map { "<br><span class=\"muted\">\($0)</span>" } ?? .empty
            let invalid = failedId.map(UUIDText.lower) == id.lowercased()
            return """
                <tr id="request-\(id)">
                <th scope="row"><a class="resident-link" href="/console/residents/\(resident)">\(NameDisplay.markup(row["names"], language))</a></th>
                <td>\([row["grid"].string, row["address"].string].compactMap { $0 }.joined(separator: " · "))</td>
                <td>\(row["phone"].text)</td><td>\(visited)\(visitor)</td><td class="pressure">\(pressure)</td>\
                <td>\(row["note"].text)</td>
                <td><a class="button book-request" href="\(book)">\(context.t(OutreachWords.book))</a>
                <form method="post" action="\(path)/\(id)/close" class="close-request">\(ConsoleForm.csrfField(context))
                <label for="reason-\(id)">\(context.t(OutreachWords.closeReason))</label>
                <input id="reason-\(id)" name="reason" required maxlength="500"\(invalid ? Markup(raw: " aria-invalid=\"true\"") : .empty)>
                <button type="submit" class="secondary">\(context.t(OutreachWords.close))</button>
                </form></td>
                </tr>
                """
        }
        let head = [ResidentWords.name, ResidentWords.address, ResidentWords.phone, OutreachWords.visitedAt,
                    OutreachWords.pressure, OutreachWords.note, OutreachWords.actions]
            .map { "<th scope=\"col\">\(context.t($0))</th>" as Markup }
        let table: Markup =
            rows.isEmpty
            ? "<p class=\"muted\">\(context.t(OutreachWords.noRequests))</p>"
            : """
              <div class="table-wrap"><table id="doctor-requests"><thead><tr>\(head)</tr></thead>
              <tbody>\(lines)</tbody></table></div>
              """
        return ConsoleLayout.page(
            context, title: context.t(OutreachWords.requests),
            status: problem == nil ? .ok : HTTPStatus(code: 400),
            """
            \(notice)\(errors)
            <p class="hint">\(context.t(OutreachWords.requestsHint))</p>
            \(table)
            """)
    }
}
