import ClinicHTTP
import ClinicSupport

/// The doctor form, shared by "new doctor" and "edit doctor": what was typed, the JSON the API takes, the fields.
struct DoctorForm {
    var name = ""
    var institution = ""
    var languages: [String] = []
    var modes: [String] = []
    var active = true

    static let institution = Words("ལས་ཁུངས།", "所属机构", "Institution")

    /// What a submitted form holds (an unticked checkbox sends nothing, so `active` is false without it).
    init(form: QueryParameters) {
        name = form["name"] ?? ""
        institution = form["institution"] ?? ""
        languages = form.all("languages").filter(AdminWords.languageValues.contains)
        modes = form.all("modes").filter(AdminWords.modeValues.contains)
        active = form["active"] == "true"
    }

    /// A doctor as the API answered it.
    init(doctor: JSONValue) {
        name = doctor["name"].text
        institution = doctor["institution"].text
        languages = doctor["languages"].array.map(\.text)
        modes = doctor["modes"].array.map(\.text)
        active = doctor["active"].bool ?? true
    }

    init() {}

    var json: JSONValue {
        .object([
            "name": .string(name), "institution": .string(institution),
            "languages": .array(languages.map(JSONValue.string)), "modes": .array(modes.map(JSONValue.string)),
            "active": .bool(active),
        ])
    }

    static func labels(_ context: RequestContext) -> [String: String] {
        [
            "name": context.t(AdminWords.name), "institution": context.t(institution),
            "languages": context.t(AdminWords.languages), "modes": context.t(AdminWords.modes),
            "active": context.t(AdminWords.active),
        ]
    }

    /// The fields (without the `<form>` around them).
    func fields(_ context: RequestContext, _ problem: ConsoleAPI.Problem?) -> Markup {
        let labels = Self.labels(context)
        let languageOptions = AdminWords.languageValues.map { (value: $0, label: AdminWords.languageName($0)) }
        let modeOptions = AdminWords.modeValues.map { (value: $0, label: context.t(ValueWords.mode($0))) }
        let activeMark = active ? Markup(raw: " checked") : .empty
        return """
            \(ConsoleForm.input("name", label: labels["name"]!, value: name, error: problem?.message(for: "name"),
                required: true, attributes: "maxlength=\"200\""))
            \(ConsoleForm.input("institution", label: labels["institution"]!, value: institution,
                error: problem?.message(for: "institution"), attributes: "maxlength=\"200\""))
            \(AdminForms.checkboxes("languages", legend: labels["languages"]!, options: languageOptions,
                checked: languages, error: Self.message(problem, "languages")))
            \(AdminForms.checkboxes("modes", legend: labels["modes"]!, options: modeOptions, checked: modes,
                error: Self.message(problem, "modes")))
            <div class="field"><label class="check" for="f-active"><input type="checkbox" id="f-active" name="active" \
            value="true"\(activeMark)> \(labels["active"]!)</label></div>
            """
    }

    /// The error for a list field or any of its items (`modes[0]`).
    static func message(_ problem: ConsoleAPI.Problem?, _ field: String) -> String? {
        problem?.errors.first { $0.field == field || $0.field.hasPrefix(field + "[") }?.message
    }
}
