import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/residents/{id}/assessments/new`: a Barthel or self-care assessment as radio groups with the form's
/// points (the domain's item table, the same the API checks); `POST /v1/residents/{id}/assessments` computes score
/// and band, which the health file then shows in its notice.
enum AssessmentPage {
    static let title = Words("ཚོད་དཔག་ཐོ་འགོད།", "记录评估", "Record an assessment")
    static let kind = Words("ཚོད་དཔག་གི་རིགས།", "评估类型", "Assessment")
    static let show = Words("རེའུ་མིག་སྟོན།", "显示表格", "Show form")
    static let takenAt = Words("ཚོད་དཔག་བྱས་དུས།", "评估时间", "Taken at")
    static let points = Words("སྐར།", "分", "points")
    static let items: [String: Words] = [
        "feeding": Words("ཟས་ཟ་བ།", "进食", "Feeding"), "bathing": Words("ཁྲུས་བྱེད་པ།", "洗澡", "Bathing"),
        "grooming": Words("ལུས་སྒྲིག་བྱེད་པ།", "修饰 / 梳洗", "Grooming"),
        "dressing": Words("གོས་གྱོན་པ།", "穿衣", "Dressing"),
        "bowels": Words("བཤང་བ་ཚོད་འཛིན།", "控制大便", "Bowels"),
        "bladder": Words("གཅིན་པ་ཚོད་འཛིན།", "控制小便", "Bladder"),
        "toiletUse": Words("གསང་སྤྱོད་བེད་སྤྱོད།", "如厕", "Toilet use"),
        "transfers": Words("ཁྲི་དང་རྐུབ་ཁྲིའི་བར་སྤོ་བ།", "床椅转移", "Transfers (bed to chair)"),
        "mobility": Words("ས་ངོས་སྟེང་འགྲོ་བ།", "平地行走", "Mobility"),
        "stairs": Words("སྐས་འཛེག་འབབ།", "上下楼梯", "Stairs"),
        "eating": Words("ཟས་ཟ་བ།", "进餐", "Eating"), "toileting": Words("གསང་སྤྱོད།", "如厕", "Toileting"),
        "activity": Words("འགུལ་སྐྱོད།", "活动", "Activity"),
    ]

    static func routes(_ console: ConsoleServices) -> [Route] {
        let access = Access.roles([.doctor, .staff])
        return [
            Route.page(.get, "/console/residents/{id}/assessments/new", access: access) { context in
                let id = try context.pathID()
                let api = console.api(context)
                let zone = try await ClinicTime.zone(api)
                let kind = AssessmentKind(rawValue: context.request.query["kind"] ?? "") ?? .barthel
                let resident = try await api.get("/v1/residents/\(id.uuidString)")
                return page(
                    context, id: id, resident: resident, kind: kind, values: [:],
                    takenAt: ClinicTime.localInput(Date(), zone), problem: nil)
            },
            Route.page(.post, "/console/residents/{id}/assessments/new", access: access) { context in
                let id = try context.pathID()
                let api = console.api(context)
                let zone = try await ClinicTime.zone(api)
                let fields = context.form
                let kindText = fields["kind"] ?? ""
                let kind = AssessmentKind(rawValue: kindText) ?? .barthel
                var values: [String: String] = [:]
                var chosen: [String: JSONValue] = [:]
                for item in kind.items {
                    guard let value = fields["items." + item.name], !value.isEmpty else { continue }
                    values[item.name] = value
                    chosen[item.name] = ConsultationForm.number(value)
                }
                let takenAt = fields["takenAt"] ?? ""
                var body: [String: JSONValue] = ["kind": .string(kindText), "items": .object(chosen)]
                if !takenAt.isEmpty { body["takenAt"] = .string(ClinicTime.instant(local: takenAt, zone) ?? takenAt) }
                do {
                    let saved = try await api.call(
                        .post, "/v1/residents/\(id.uuidString)/assessments", json: .object(body))
                    return ConsoleResponse.redirect(
                        ConsoleAPI.target(
                            "/console/residents/\(id.uuidString)/health-file",
                            [("done", "assessment"), ("assessmentId", saved["id"].string)]))
                } catch let error as ConsoleAPI.Problem where [400, 422].contains(error.status) {
                    let resident = try await api.get("/v1/residents/\(id.uuidString)")
                    var response = page(
                        context, id: id, resident: resident, kind: kind, values: values, takenAt: takenAt,
                        problem: error)
                    response.status = HTTPStatus(code: 422)
                    return response
                }
            },
        ]
    }

    static func page(
        _ context: RequestContext, id: UUID, resident: JSONValue, kind: AssessmentKind, values: [String: String],
        takenAt: String, problem: ConsoleAPI.Problem?
    ) -> HTTPResponse {
        let path = "/console/residents/\(id.uuidString)/assessments/new"
        let kinds = ClinicalWords.assessmentKinds.map { (value: $0.0, label: context.t($0.1)) }
        var labels: [String: String] = ["takenAt": context.t(Self.takenAt), "kind": context.t(Self.kind)]
        for item in kind.items { labels["items." + item.name] = items[item.name].map { context.t($0) } ?? item.name }
        let groups = kind.items.map { item -> Markup in
            let field = "items." + item.name
            let error = problem?.message(for: field)
            let radios = item.allowedPoints.map { point -> Markup in
                let checked = values[item.name] == String(point) ? Markup(raw: " checked") : .empty
                let radioId = ConsoleForm.fieldID(field) + "-\(point)"
                return """
                    <label class="choice" for="\(radioId)"><input type="radio" id="\(radioId)" name="\(field)" \
                    value="\(point)"\(checked)> \(point) \(context.t(points))</label>
                    """
            }
            return """
                <fieldset id="\(ConsoleForm.fieldID(field))" class="\(error == nil ? Markup.empty : "invalid")">\
                <legend>\(labels[field] ?? item.name)</legend>\(radios)\
                \(error.map { Markup("<p class=\"error\">\($0)</p>") } ?? .empty)</fieldset>
                """
        }
        let body: Markup = """
            <p class="card">\(context.t(ClinicalWords.resident)): \
            \(NameDisplay.markup(resident["names"], context.language))</p>
            <form method="get" action="\(path)" class="actions no-print">
            \(ConsoleForm.select("kind", label: context.t(Self.kind), options: kinds, selected: kind.rawValue))
            <button type="submit" class="secondary">\(context.t(show))</button>
            </form>
            \(ConsoleForm.errorSummary(context, problem?.errors ?? [], labels: labels))
            <form id="assessment-form" method="post" action="\(path)" class="card">
            \(ConsoleForm.csrfField(context))
            <input type="hidden" name="kind" value="\(kind.rawValue)">
            <h2>\(ClinicalWords.word(ClinicalWords.assessmentKinds, kind.rawValue, context))</h2>
            \(groups)
            \(ConsoleForm.input("takenAt", label: context.t(Self.takenAt), value: takenAt, type: "datetime-local",
                error: problem?.message(for: "takenAt")))
            <div class="actions">
            <button type="submit" id="save-assessment">\(context.t(CommonWords.save))</button></div>
            </form>
            """
        return ConsoleLayout.page(context, title: context.t(title), body)
    }
}
