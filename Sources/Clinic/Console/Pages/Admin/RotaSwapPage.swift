import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// A swap or cover of one rota assignment (`PATCH /v1/rota/assignments/{id}`). When the assignment has booked
/// appointments, the first POST only says how many will move to which doctor and asks; the POST with `confirm=1`
/// makes the change. A 409 (the doctor is unavailable or already on that session) is shown above the rota.
enum RotaSwapPage {
    static let title = Words("བརྗེ་བ་གཏན་འཁེལ།", "确认换班", "Confirm the swap")
    static let confirm = Words("གཏན་འཁེལ་ནས་བརྗེ་བ།", "确认换班", "Confirm the swap")
    static let back = Words("ལས་ཐོ་ལ་ཕྱིར་ལོག", "返回排班", "Back to the rota")

    /// "N booked appointments will move to Dr X", in the reader's language.
    static func willMove(_ count: Int, to doctor: String, _ language: Language) -> String {
        switch language {
        case .bo: "མཇལ་ཁ་འགོད་ཟིན་པ་ \(count) \(doctor) ལ་སྤོ་རྒྱུ་ཡིན།"
        case .zh: "\(count) 个已预约的就诊将转给 \(doctor)。"
        case .en:
            count == 1
                ? "1 booked appointment will move to \(doctor)."
                : "\(count) booked appointments will move to \(doctor)."
        }
    }

    static func routes(_ console: ConsoleServices) -> [Route] {
        let path = RotaAdminPage.path
        return [
            Route.page(.post, path + "/assignments/{id}", access: .roles([.admin])) { context in
                let id = try context.pathID()
                let fields = context.form
                let doctorId = fields["doctorId"] ?? ""
                let range = [("from", fields["from"]), ("to", fields["to"])]
                let api = console.api(context)
                if fields["confirm"] != "1", let date = fields["date"], !doctorId.isEmpty {
                    let booked = try await bookedCount(api, assignment: id, date: date)
                    if booked > 0 {
                        let doctor = try await api.get("/v1/doctors/" + ConsoleAPI.encode(doctorId))
                        return confirmation(context, id: id, fields: fields, count: booked, doctor: doctor["name"].text)
                    }
                }
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(
                        .patch, "/v1/rota/assignments/\(UUIDText.lower(id))",
                        json: doctorId.isEmpty ? .object([:]) : .object(["doctorId": .string(doctorId)]))
                }) {
                case .success:
                    return ConsoleResponse.redirect(ConsoleAPI.target(path, range + [("done", "swapped")]) + "#rota")
                case .failure(let problem):
                    return try await RotaAdminPage.render(
                        context, console, generate: [:], problem: nil, swapProblem: problem)
                }
            }
        ]
    }

    /// The booked appointments inside the assignment's session: the doctor's booked appointments that day whose
    /// start falls between the session's start and end.
    static func bookedCount(_ api: ConsoleAPI, assignment id: UUID, date: String) async throws -> Int {
        let day = try await api.get(ConsoleAPI.target("/v1/rota", [("from", date), ("to", date)]))["items"].array
        guard let assignment = day.first(where: { UUID(uuidString: $0["id"].text) == id }),
            let start = RFC3339.parse(assignment["start"].text), let end = RFC3339.parse(assignment["end"].text)
        else { throw APIError.notFound() }
        let appointments = try await api.get(
            ConsoleAPI.target(
                "/v1/appointments",
                [("date", date), ("doctorId", assignment["doctorId"].text), ("status", "booked"), ("limit", "500")]))
        return appointments["items"].array.filter {
            guard let at = RFC3339.parse($0["start"].text) else { return false }
            return start <= at && at < end
        }.count
    }

    private static func confirmation(
        _ context: RequestContext, id: UUID, fields: QueryParameters, count: Int, doctor: String
    ) -> HTTPResponse {
        let hidden = ["doctorId", "date", "from", "to"].map { name -> Markup in
            "<input type=\"hidden\" name=\"\(name)\" value=\"\(fields[name] ?? "")\">"
        }
        let backTarget = ConsoleAPI.target(RotaAdminPage.path, [("from", fields["from"]), ("to", fields["to"])])
        let body: Markup = """
            <div class="alert error" role="alert" id="swap-warning"><p>\(willMove(count, to: doctor, context.language))</p></div>
            <form method="post" action="\(RotaAdminPage.path)/assignments/\(UUIDText.lower(id))" class="actions">
            \(ConsoleForm.csrfField(context))\(hidden)<input type="hidden" name="confirm" value="1">
            <button type="submit" id="swap-confirm">\(context.t(confirm))</button>
            <a class="button secondary" href="\(backTarget)#rota">\(context.t(back))</a>
            </form>
            """
        return ConsoleLayout.page(context, title: context.t(title), body)
    }
}
