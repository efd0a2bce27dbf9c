import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/admin/doctors/{id}`: change a doctor (`PATCH /v1/doctors/{id}`), record when they cannot come
/// (`POST /v1/doctors/{id}/unavailability`) and see those periods.
enum DoctorPage {
    static let saved = Words("ཉར་ཚགས་ཟིན།", "已保存。", "Saved.")
    static let unavailability = Words("ཁོམ་མེད་དུས་ཚོད།", "不可出诊时间", "Unavailability")
    static let recorded = Words("ཁོམ་མེད་དུས་ཚོད་ཐོ་འགོད་ཟིན།", "不可出诊时间已记录。", "The unavailability was recorded.")
    static let record = Words("ཐོ་འགོད།", "记录", "Record")
    static let back = Words("སྨན་པའི་ཐོ་ལ་ཕྱིར་ལོག", "返回医生列表", "Back to the doctors")

    /// Which of the page's two forms a problem belongs to.
    enum Form { case doctor, unavailability }

    static func routes(_ console: ConsoleServices) -> [Route] {
        let path = DoctorsPage.path + "/{id}"
        return [
            Route.page(.get, path, access: .roles([.admin])) { context in
                try await render(
                    context, console, form: nil, period: DisplacementPreview.typed(context, ["from", "to", "reason"]),
                    problem: nil)
            },
            Route.page(.post, path, access: .roles([.admin])) { context in
                let id = try context.pathID()
                let form = DoctorForm(form: context.form)
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.patch, "/v1/doctors/\(UUIDText.lower(id))", json: form.json)
                }) {
                case .success: return ConsoleResponse.redirect(here(id) + "?done=saved")
                case .failure(let problem):
                    return try await render(context, console, form: form, period: [:], problem: (.doctor, problem))
                }
            },
            Route.page(.post, path + "/unavailability", access: .roles([.admin])) { context in
                let id = try context.pathID()
                let period = UnavailabilityForm.period(context.form)
                return try await UnavailabilityForm.submit(
                    context, console.api(context), doctorId: UUIDText.lower(id),
                    action: here(id) + "/unavailability",
                    back: ConsoleAPI.target(here(id), period.map { ($0.key, $0.value) }) + "#unavailability",
                    recorded: { made in
                        DisplacementPreview.afterChange(
                            context, made, fallback: here(id) + "?done=recorded#unavailability")
                    },
                    refused: { period, problem in
                        try await render(
                            context, console, form: nil, period: period, problem: (.unavailability, problem))
                    })
            },
        ]
    }

    /// The periods shown: from a year ago to three years ahead (the API's default stops a year ahead, and a doctor
    /// may say early that they will be away).
    static func listedRange(_ api: ConsoleAPI) async throws -> [(String, String?)] {
        let zone = TimeZone(identifier: try await api.get("/v1/clinic")["timeZone"].text) ?? .gmt
        let today = LocalDate(Date(), in: zone)
        return [("from", today.adding(days: -365).description), ("to", today.adding(days: 3 * 365).description)]
    }

    static func here(_ id: UUID) -> String { DoctorsPage.path + "/" + UUIDText.lower(id) }

    private static func render(
        _ context: RequestContext, _ console: ConsoleServices, form: DoctorForm?, period: [String: String],
        problem: (Form, ConsoleAPI.Problem)?
    ) async throws -> HTTPResponse {
        let id = try context.pathID()
        let api = console.api(context)
        let doctor = try await api.get("/v1/doctors/\(UUIDText.lower(id))")
        let doctorProblem = problem?.0 == .doctor ? problem?.1 : nil
        let periodProblem = problem?.0 == .unavailability ? problem?.1 : nil
        let section = try await UnavailabilityForm.section(
            context, api, doctorId: UUIDText.lower(id), period: period, problem: periodProblem,
            action: here(id) + "/unavailability")
        let body: Markup = """
            \(AdminForms.notice(context, ["saved": saved, "registered": DoctorsPage.registered, "recorded": recorded]))
            <p><a href="\(DoctorsPage.path)">\(context.t(back))</a></p>
            \(AdminForms.problemSummary(context, doctorProblem, labels: DoctorForm.labels(context)))
            <form method="post" action="\(here(id))" class="card" id="doctor-edit-form">
            \(ConsoleForm.csrfField(context))
            \((form ?? DoctorForm(doctor: doctor)).fields(context, doctorProblem))
            <button type="submit" id="doctor-save">\(context.t(CommonWords.save))</button>
            </form>
            <h2 id="unavailability">\(context.t(unavailability))</h2>
            \(section)
            """
        return ConsoleLayout.page(
            context, title: doctor["name"].text, status: problem.map { AdminForms.status($0.1) } ?? .ok, body)
    }
}
