import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// The health file's small forms for doctors and admins: add a problem, a medication or an allergy through
/// `POST /v1/residents/{id}/problems|medications|allergies`; on a refusal the health file comes back with the
/// API's errors beside the fields of the form that was sent and what was typed kept.
enum HealthFileEntryForms {
    /// A form that was sent: which list, the typed values, the API's answer.
    struct Sent: Sendable {
        var collection: String
        var values: [String: String]
        var problem: ConsoleAPI.Problem
    }

    struct Field {
        var name: String
        var words: Words
        var options: [String]? = nil
        var required = false
    }

    static let addProblem = Words("ནད་ཁ་སྣོན།", "添加问题", "Add a problem")
    static let addMedication = Words("སྨན་ཁ་སྣོན།", "添加用药", "Add a medication")
    static let addAllergy = Words("ཕོག་ཐེབས་ཁ་སྣོན།", "添加过敏", "Add an allergy")
    static let added = Words("ཁ་སྣོན་བྱས་ཟིན།", "已添加。", "Added.")
    /// The words of the API's values offered in selects.
    static let optionWords: [String: Words] = ValueWords.problemStatuses
        .merging(ValueWords.allergySeverities) { first, _ in first }
        .merging(["": Words("—", "—", "—")]) { first, _ in first }

    /// Each form: the API's collection, the form's id, its heading and fields (named as the API names them).
    static let forms: [(collection: String, id: String, words: Words, fields: [Field])] = [
        (
            "problems", "problem-form", addProblem,
            [
                Field(name: "code", words: Words("ICD-10 ཨང་རྟགས།", "ICD-10 编码", "ICD-10 code")),
                Field(name: "text", words: Words("ནད།", "问题", "Problem"), required: true),
                Field(name: "status", words: Words("གནས་སྟངས།", "状态", "Status"), options: ["active", "resolved"]),
            ]
        ),
        (
            "medications", "medication-form", addMedication,
            [
                Field(name: "name", words: Words("སྨན་གྱི་མིང་།", "药名", "Medication"), required: true),
                Field(name: "dose", words: Words("ཚད།", "剂量", "Dose")),
            ]
        ),
        (
            "allergies", "allergy-form", addAllergy,
            [
                Field(name: "substance", words: Words("རྒྱུ་རྫས།", "过敏物", "Substance"), required: true),
                Field(name: "reaction", words: Words("ཕོག་ཚུལ།", "反应", "Reaction")),
                Field(
                    name: "severity", words: Words("ཚབས་ཚད།", "严重程度", "Severity"),
                    options: ["", "mild", "moderate", "severe"]),
            ]
        ),
    ]

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.post, "/console/residents/{id}/health-file/{collection}", access: .roles([.doctor, .admin])) {
                context in
                let id = try context.pathID().uuidString
                guard let form = forms.first(where: { $0.collection == context.pathParameters["collection"] }) else {
                    throw APIError.notFound()
                }
                var values: [String: String] = [:]
                var body: [String: JSONValue] = [:]
                for field in form.fields {
                    let value = context.form[field.name] ?? ""
                    values[field.name] = value
                    if !value.isEmpty || field.required { body[field.name] = .string(value) }
                }
                do {
                    try await console.api(context).call(
                        .post, "/v1/residents/\(id)/\(form.collection)", json: .object(body))
                    return ConsoleResponse.redirect("/console/residents/\(id)/health-file?done=\(form.collection)")
                } catch let error as ConsoleAPI.Problem where [400, 422].contains(error.status) {
                    return try await HealthFilePage.render(
                        context, console, entry: Sent(collection: form.collection, values: values, problem: error))
                }
            }
        ]
    }

    static func markup(_ context: RequestContext, residentId: String, sent: Sent?) -> Markup {
        let notice: Markup =
            forms.contains { $0.collection == context.request.query["done"] }
            ? "<div class=\"alert ok\" role=\"status\">\(context.t(added))</div>" : .empty
        let blocks = forms.map { form -> Markup in
            let mine = sent?.collection == form.collection ? sent : nil
            let fields = form.fields.map { field -> Markup in
                let value = mine?.values[field.name]
                let error = mine?.problem.message(for: field.name)
                guard let options = field.options else {
                    return ConsoleForm.input(
                        field.name, label: context.t(field.words), value: value, error: error,
                        required: field.required, attributes: "maxlength=\"500\"")
                }
                return ConsoleForm.select(
                    field.name, label: context.t(field.words),
                    options: options.map { ($0, optionWords[$0].map { context.t($0) } ?? $0) },
                    selected: value, error: error)
            }
            let labels = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.name, context.t($0.words)) })
            return """
                <details class="card"\(mine == nil ? Markup.empty : " open")><summary>\(context.t(form.words))</summary>
                \(ConsoleForm.errorSummary(context, mine?.problem.errors ?? [], labels: labels))
                <form id="\(form.id)" method="post"
                action="/console/residents/\(residentId)/health-file/\(form.collection)">
                \(ConsoleForm.csrfField(context))
                <div class="row">\(fields)</div>
                <button type="submit">\(context.t(form.words))</button>
                </form></details>
                """
        }
        return "\(notice)\(blocks)"
    }
}
