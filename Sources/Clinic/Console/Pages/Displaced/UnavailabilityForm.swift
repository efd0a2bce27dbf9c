import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// A doctor's periods of unavailability and the form that adds one, shared by the admin's doctor page and the
/// doctor's own page: posting first shows the bookings the period would displace (`UnavailabilityPreview`), and the
/// preview's confirm records it (`POST /v1/doctors/{id}/unavailability`).
enum UnavailabilityForm {
    /// The period a request names, by field (query or form): `from`, `to`, `reason`.
    static func period(_ fields: QueryParameters) -> [String: String] {
        ["from": fields["from"] ?? "", "to": fields["to"] ?? "", "reason": fields["reason"] ?? ""]
    }

    /// Posts the period of `context`'s form for doctor `doctorId`: unconfirmed, a dry run whose preview confirms to
    /// `action` (or goes back to `back`); confirmed, `recorded` with the API's answer. A period the API refuses goes
    /// to `refused`, to show the form again.
    static func submit(
        _ context: RequestContext, _ api: ConsoleAPI, doctorId: String, action: String, back: String,
        recorded: (JSONValue) -> HTTPResponse,
        refused: ([String: String], ConsoleAPI.Problem) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let fields = context.form
        let period = period(fields)
        var body: [String: JSONValue] = [:]
        for (name, value) in period where !value.isEmpty { body[name] = .string(value) }
        let confirmed = DisplacementPreview.confirmed(fields)
        body["dryRun"] = .bool(!confirmed)
        switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
            try await api.call(.post, "/v1/doctors/\(doctorId)/unavailability", json: .object(body))
        }) {
        case .success(let made) where confirmed:
            return recorded(made)
        case .success(let preview):
            let doctor = try await api.get("/v1/doctors/\(doctorId)")
            return try await UnavailabilityPreview.page(
                context, api, preview: preview, doctorName: doctor["name"].text, period: period, action: action,
                back: back)
        case .failure(let problem):
            return try await refused(period, problem)
        }
    }

    /// Doctor `doctorId`'s periods (`DoctorPage.listedRange`), then the form posting to `action` with what was typed
    /// and the problem the API found in it.
    static func section(
        _ context: RequestContext, _ api: ConsoleAPI, doctorId: String, period: [String: String],
        problem: ConsoleAPI.Problem?, action: String
    ) async throws -> Markup {
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
        return """
            \(table)
            \(AdminForms.problemSummary(context, problem, labels: labels))
            <form method="post" action="\(action)" class="card" id="unavailability-form">
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
    }
}
