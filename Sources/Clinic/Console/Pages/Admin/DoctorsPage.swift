import ClinicHTTP
import ClinicSupport

/// `/console/admin/doctors`: the visiting doctors, and a form to register one (`GET`/`POST /v1/doctors`).
enum DoctorsPage {
    static let path = "/console/admin/doctors"
    static let newDoctor = Words("སྨན་པ་གསར་པ།", "新增医生", "New doctor")
    static let register = Words("ཐོ་འགོད།", "登记", "Register")
    static let registered = Words("སྨན་པ་ཐོ་འགོད་ཟིན།", "医生已登记。", "The doctor was registered.")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.admin])) { context in
                var blank = DoctorForm()
                blank.modes = AdminWords.modeValues
                return try await render(context, console, form: blank, problem: nil)
            },
            Route.page(.post, path, access: .roles([.admin])) { context in
                let form = DoctorForm(form: context.form)
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.post, "/v1/doctors", json: form.json)
                }) {
                case .success(let doctor):
                    return ConsoleResponse.redirect(
                        path + "/" + ConsoleAPI.encode(doctor["id"].text) + "?done=registered")
                case .failure(let problem): return try await render(context, console, form: form, problem: problem)
                }
            },
        ]
    }

    private static func render(
        _ context: RequestContext, _ console: ConsoleServices, form: DoctorForm, problem: ConsoleAPI.Problem?
    ) async throws -> HTTPResponse {
        let doctors = try await console.api(context).get("/v1/doctors")["items"].array
        let labels = DoctorForm.labels(context)
        let rows = doctors.map { doctor -> Markup in
            let modes = doctor["modes"].array.map { context.t(ValueWords.mode($0.text)) }.joined(separator: ", ")
            let languages = doctor["languages"].array.map { AdminWords.languageName($0.text) }.joined(separator: ", ")
            let active = doctor["active"].bool ?? true
            return """
                <tr><th scope="row"><a href="\(path)/\(ConsoleAPI.encode(doctor["id"].text))">\(doctor["name"].text)</a></th>\
                <td>\(doctor["institution"].text)</td><td>\(languages)</td><td>\(modes)</td>\
                <td>\(context.t(active ? AdminWords.active : AdminWords.inactive))</td></tr>
                """
        }
        let body: Markup = """
            \(AdminForms.notice(context, ["registered": registered]))
            <div class="table-wrap"><table id="doctors-table">
            <thead><tr><th scope="col">\(labels["name"]!)</th><th scope="col">\(labels["institution"]!)</th>\
            <th scope="col">\(labels["languages"]!)</th><th scope="col">\(labels["modes"]!)</th>\
            <th scope="col">\(labels["active"]!)</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <h2 id="new-doctor">\(context.t(newDoctor))</h2>
            \(AdminForms.problemSummary(context, problem, labels: labels))
            <form method="post" action="\(path)" class="card" id="doctor-form">
            \(ConsoleForm.csrfField(context))
            \(form.fields(context, problem))
            <button type="submit" id="doctor-create">\(context.t(register))</button>
            </form>
            """
        return ConsoleLayout.page(
            context, title: context.t(AdminWords.doctors), status: problem.map(AdminForms.status) ?? .ok, body)
    }
}
