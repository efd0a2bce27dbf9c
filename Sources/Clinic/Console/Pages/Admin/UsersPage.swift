import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// `/console/admin/users`: the users and a form to create one (`GET`/`POST /v1/users`). The password is never
/// written back into a page, not even after an error.
enum UsersPage {
    static let path = "/console/admin/users"
    static let newUser = Words("སྤྱོད་མཁན་གསར་པ།", "新建用户", "New user")
    static let create = Words("གསར་བཟོ།", "创建", "Create")
    static let created = Words("སྤྱོད་མཁན་གསར་བཟོ་ཟིན།", "用户已创建。", "The user was created.")
    static let createdAt = Words("གསར་བཟོའི་དུས་ཚོད།", "创建时间", "Created")
    static let status = Words("གནས་སྟངས།", "状态", "Status")
    static let passwordHint = Words(
        "ཡིག་འབྲུ་ 10 ནས་ 200 བར།", "10 至 200 个字符。", "10 to 200 characters.")
    static let doctorHint = Words(
        "ལས་འགན་ 'སྨན་པ' ཡིན་ན་གདམ་དགོས།", "角色为医生时必选。", "Needed only for the doctor role.")
    static let grids = Words("དྲ་མིག", "网格", "Grids")
    static let gridsHint = Words(
        "དྲ་མིག་ལས་མི་ཁོ་ན། དྲ་མིག་གི་མིང་ \",\" ཡིས་ཁ་གྱེས། དཔེར་ན། Grid 1, Grid 2",
        "仅网格员必填：其负责的网格，用逗号分隔，如：Grid 1, Grid 2",
        "Grid workers only: the grids they look after, separated by commas, e.g. Grid 1, Grid 2")
    static let phoneHint = Words(
        "དྲ་མིག་ལས་མི་ཁོ་ན། སྡོད་དམངས་ལ་ཁ་པར་མེད་ན་བརྡ་ཐོ་འདི་ལ་འགྲོ།",
        "仅网格员：居民本人和紧急联系人都没有电话时，通知发到这个号码。",
        "Grid workers only: notices go to this number when neither the resident nor their emergency contact has a phone.")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.admin])) { context in
                try await render(context, console, values: [:], problem: nil)
            },
            Route.page(.post, path, access: .roles([.admin])) { context in
                let form = context.form
                let values = [
                    "username": form["username"] ?? "", "role": form["role"] ?? "",
                    "doctorId": form["doctorId"] ?? "", "grids": form["grids"] ?? "", "phone": form["phone"] ?? "",
                ]
                var body: [String: JSONValue] = [
                    "username": .string(values["username"]!), "password": .string(form["password"] ?? ""),
                    "role": .string(values["role"]!),
                ]
                if let doctorId = values["doctorId"], !doctorId.isEmpty { body["doctorId"] = .string(doctorId) }
                // Grids and a phone are a grid worker's alone: the API refuses them for another role, so a form
                // filled in for a grid worker and then switched to another role sends neither.
                if values["role"] == Role.gridWorker.rawValue {
                    body["grids"] = .array(GridNames.list(values["grids"]!).map(JSONValue.string))
                    if let phone = values["phone"], !phone.trimmingCharacters(in: .whitespaces).isEmpty {
                        body["phone"] = .string(phone)
                    }
                }
                let api = console.api(context)
                switch try await AdminForms.submit({ () async throws(ConsoleAPI.Problem) in
                    try await api.call(.post, "/v1/users", json: .object(body))
                }) {
                case .success: return ConsoleResponse.redirect(path + "?done=created")
                case .failure(let problem): return try await render(context, console, values: values, problem: problem)
                }
            },
        ]
    }

    private static func render(
        _ context: RequestContext, _ console: ConsoleServices, values: [String: String], problem: ConsoleAPI.Problem?
    ) async throws -> HTTPResponse {
        let api = console.api(context)
        let users = try await api.get("/v1/users")["items"].array
        let doctors = try await api.get("/v1/doctors")["items"].array
        let doctorNames = Dictionary(doctors.map { ($0["id"].text, $0["name"].text) }, uniquingKeysWith: { a, _ in a })
        let language = context.language
        let rows = users.map { user -> Markup in
            let active = user["active"].bool ?? true
            return """
                <tr><th scope="row">\(user["username"].text)</th><td>\(AdminWords.role(user["role"].text)(language))</td>\
                <td>\(doctorNames[user["doctorId"].text] ?? "")</td>\
                <td>\(user["grids"].array.map(\.text).joined(separator: ", "))\
                \(user["phone"].string.map { Markup("<br><span class=\"muted\">\($0)</span>") } ?? .empty)</td>\
                <td>\(context.t(active ? AdminWords.active : AdminWords.inactive))</td>\
                <td>\(ConsoleDates.day(user["createdAt"].text, language))</td></tr>
                """
        }
        let labels = [
            "username": context.t(CommonWords.username), "password": context.t(CommonWords.password),
            "role": context.t(AdminWords.role), "doctorId": context.t(AdminWords.doctor),
            "grids": context.t(grids), "phone": context.t(ResidentWords.phone),
        ]
        let roles = ["staff", "doctor", "gridWorker", "admin"].map { (value: $0, label: AdminWords.role($0)(language)) }
        let doctorOptions =
            [(value: "", label: context.t(AdminWords.none))]
            + doctors.map { (value: $0["id"].text, label: $0["name"].text) }
        let body: Markup = """
            \(AdminForms.notice(context, ["created": created]))
            <div class="table-wrap"><table id="users-table">
            <thead><tr><th scope="col">\(labels["username"]!)</th><th scope="col">\(labels["role"]!)</th>\
            <th scope="col">\(labels["doctorId"]!)</th><th scope="col">\(labels["grids"]!)</th>\
            <th scope="col">\(context.t(status))</th>\
            <th scope="col">\(context.t(createdAt))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <h2 id="new-user">\(context.t(newUser))</h2>
            \(AdminForms.problemSummary(context, problem, labels: labels))
            <form method="post" action="\(path)" class="card" id="user-form">
            \(ConsoleForm.csrfField(context))
            \(ConsoleForm.input("username", label: labels["username"]!, value: values["username"],
                error: problem?.message(for: "username"), required: true,
                attributes: "autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"64\""))
            \(ConsoleForm.input("password", label: labels["password"]!, type: "password",
                error: problem?.message(for: "password"), required: true, hint: context.t(passwordHint),
                attributes: "autocomplete=\"new-password\" maxlength=\"200\""))
            \(ConsoleForm.select("role", label: labels["role"]!, options: roles, selected: values["role"],
                error: problem?.message(for: "role"), required: true))
            \(ConsoleForm.select("doctorId", label: labels["doctorId"]!, options: doctorOptions,
                selected: values["doctorId"], error: problem?.message(for: "doctorId")))
            <p class="hint">\(context.t(doctorHint))</p>
            \(ConsoleForm.input("grids", label: labels["grids"]!, value: values["grids"],
                error: problem?.errors.first { $0.field.hasPrefix("grids") }?.message, hint: context.t(gridsHint),
                attributes: "autocomplete=\"off\" maxlength=\"2000\""))
            \(ConsoleForm.input("phone", label: labels["phone"]!, value: values["phone"], type: "tel",
                error: problem?.message(for: "phone"), hint: context.t(phoneHint),
                attributes: "autocomplete=\"off\" maxlength=\"64\""))
            <button type="submit" id="user-create">\(context.t(create))</button>
            </form>
            """
        return ConsoleLayout.page(
            context, title: context.t(AdminWords.users), status: problem.map(AdminForms.status) ?? .ok, body)
    }
}
