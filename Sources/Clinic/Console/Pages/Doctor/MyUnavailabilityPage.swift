import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/rota/unavailability`: a doctor says when they cannot come (`POST /v1/doctors/{own id}/unavailability`),
/// first seeing the bookings that would be displaced (`DisplacementPreview`), and sees their periods. The front desk
/// rebooks the displaced residents.
enum MyUnavailabilityPage {
    static let path = "/console/rota/unavailability"
    static let title = Words("ངའི་ཁོམ་མེད་དུས་ཚོད།", "我不能出诊的时间", "When I cannot come")
    static let link = Words(
        "ཁོམ་མེད་དུས་ཚོད་ཐོ་འགོད།", "登记不能出诊的时间", "Record when you cannot come")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.doctor])) { context in
                try await render(context, console, period: DisplacementPreview.typed(context, ["from", "to", "reason"]), problem: nil)
            },
            Route.page(.post, path, access: .roles([.doctor])) { context in
                let doctorId = try ownId(context)
                let fields = context.form
                let period = ["from": fields["from"] ?? "", "to": fields["to"] ?? "", "reason": fields["reason"] ?? ""]
                var body: [String: JSONValue] = [:]
                for (name, value) in period where !value.isEmpty { body[name] = .string(value) }
                let confirmed = DisplacementPreview.confirmed(fields)
                body["dryRun"] = .bool(!confirmed)
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.post, "/v1/doctors/\(doctorId)/unavailability", json: .object(body))
                }) {
                case .success(let made) where confirmed:
                    let count = made["displacedAppointments"].array.count
                    return ConsoleResponse.redirect(path + "?done=recorded&displaced=\(count)")
                case .success(let preview):
                    let doctor = try await api.get("/v1/doctors/\(doctorId)")
                    return try await UnavailabilityPreview.page(
                        context, api, preview: preview, doctorName: doctor["name"].text, period: period,
                        action: path, back: ConsoleAPI.target(path, period.map { ($0.key, $0.value) }))
                case .failure(let problem):
                    return try await render(context, console, period: period, problem: problem)
                }
            },
        ]
    }

    static func ownId(_ context: RequestContext) throws -> String {
        guard let id = try context.user.doctorId else { throw APIError.forbidden("no doctor record") }
        return id.uuidString.lowercased()
    }

    static func render(
        _ context: RequestContext, _ console: ConsoleServices, period: [String: String], problem: ConsoleAPI.Problem?
    ) async throws -> HTTPResponse {
        let api = console.api(context)
        let doctorId = try ownId(context)
        let language = context.language
        let periods = try await api.get(
            ConsoleAPI.target("/v1/doctors/\(doctorId)/unavailability", try await DoctorPage.listedRange(api)))["items"]
            .array
        let labels = [
            "from": context.t(AdminWords.from), "to": context.t(AdminWords.to), "reason": context.t(AdminWords.reason),
        ]
        let rows = periods.map { period -> Markup in
            """
            <tr><td>\(ConsoleDates.date(period["from"].text, language))</td>\
            <td>\(ConsoleDates.date(period["to"].text, language))</td><td>\(period["reason"].text)</td></tr>
            """
        }
        let table: Markup =
            periods.isEmpty
            ? "<p class=\"muted\">\(context.t(AdminWords.nothingYet))</p>"
            : """
            <div class="table-wrap"><table id="unavailability-table"><thead><tr>\
            <th scope="col">\(labels["from"]!)</th><th scope="col">\(labels["to"]!)</th>\
            <th scope="col">\(labels["reason"]!)</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        var notice: Markup = .empty
        if context.request.query["done"] == "recorded" {
            let count = Int(context.request.query["displaced"] ?? "") ?? 0
            let text =
                count > 0
                ? context.t(DisplacedWords.displacedForDesk) + ": \(count)" : context.t(DoctorPage.recorded)
            notice = DisplacedPage.alert(text, ok: true)
        }
        let body: Markup = """
            \(notice)
            <p><a href="/console/rota">\(context.t(RotaPage.mine))</a></p>
            \(table)
            \(AdminForms.problemSummary(context, problem, labels: labels))
            <form method="post" action="\(path)" class="card" id="unavailability-form">
            \(ConsoleForm.csrfField(context))
            <div class="row">
            \(ConsoleForm.input("from", label: labels["from"]!, value: period["from"], type: "date",
                error: problem?.message(for: "from"), required: true))
            \(ConsoleForm.input("to", label: labels["to"]!, value: period["to"], type: "date",
                error: problem?.message(for: "to"), required: true))
            </div>
            \(ConsoleForm.input("reason", label: labels["reason"]!, value: period["reason"],
                error: problem?.message(for: "reason"), attributes: "maxlength=\"500\""))
            <button type="submit" id="unavailability-add">\(context.t(DoctorPage.record))</button>
            </form>
            """
        return ConsoleLayout.page(
            context, title: context.t(title), status: problem.map { AdminForms.status($0) } ?? .ok, body)
    }
}
