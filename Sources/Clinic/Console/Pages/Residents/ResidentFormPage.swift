import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Registering a resident and correcting one: one form for both. Registration posts the whole resident with an
/// `Idempotency-Key` made when the form was drawn, so a double submit registers once; a correction sends only
/// what changed. The API judges every field; its errors come back next to the fields, with what was typed kept.
enum ResidentFormPage {
    static func routes(_ console: ConsoleServices) -> [Route] {
        let writers = Access.roles([.staff, .admin])
        return [
            Route.page(.get, "/console/residents/new", access: writers) { context in
                render(context, form: ResidentForm(), resident: nil)
            },
            Route.page(.post, "/console/residents/new", access: writers) { context in
                let form = ResidentForm(form: context.form)
                switch await create(console.api(context), form) {
                case .success(let created):
                    let id = ConsoleAPI.encode(created["id"].text)
                    return ConsoleResponse.redirect("/console/residents/\(id)?done=registered")
                case .failure(let problem) where [400, 409, 422].contains(problem.status):
                    var again = form
                    again.key = ResidentForm.newKey()
                    return render(context, form: again, resident: nil, problem: problem)
                case .failure(let problem): throw problem
                }
            },
            Route.page(.get, "/console/residents/{id}/edit", access: writers) { context in
                let id = try context.pathID()
                let resident = try await console.api(context).get("/v1/residents/\(id)")
                return render(context, form: ResidentForm(resident: resident), resident: resident)
            },
            Route.page(.post, "/console/residents/{id}/edit", access: writers) { context in
                let id = try context.pathID()
                let api = console.api(context)
                let resident = try await api.get("/v1/residents/\(id)")
                let form = ResidentForm(form: context.form)
                let patch = form.patchJSON(from: ResidentForm(resident: resident))
                guard patch != .object([:]) else {
                    return ConsoleResponse.redirect("/console/residents/\(id)?done=saved")
                }
                switch await api.result(.patch, "/v1/residents/\(id)", json: patch) {
                case .success: return ConsoleResponse.redirect("/console/residents/\(id)?done=saved")
                case .failure(let problem) where [400, 409, 422].contains(problem.status):
                    return render(context, form: form, resident: resident, problem: problem)
                case .failure(let problem): throw problem
                }
            },
        ]
    }

    /// Registers, waiting a moment while the same key's first submit is still running (a double click).
    private static func create(_ api: ConsoleAPI, _ form: ResidentForm) async -> Result<JSONValue, ConsoleAPI.Problem> {
        var result = await api.result(.post, "/v1/residents", json: form.createJSON(), idempotencyKey: form.key)
        for _ in 0..<20 {
            guard case .failure(let problem) = result, problem.status == 409,
                problem.type.hasSuffix("idempotency-in-progress")
            else { break }
            try? await Task.sleep(nanoseconds: 250_000_000)
            result = await api.result(.post, "/v1/residents", json: form.createJSON(), idempotencyKey: form.key)
        }
        return result
    }

    /// The form, empty (register), filled from the resident (edit), or as typed with the API's errors.
    static func render(
        _ context: RequestContext, form: ResidentForm, resident: JSONValue?, problem: ConsoleAPI.Problem? = nil
    ) -> HTTPResponse {
        let language = context.language
        var errors: [String: String] = [:]
        let fieldErrors = (problem?.errors ?? []).filter { $0.field != "Idempotency-Key" }
        for error in fieldErrors where errors[ResidentForm.formField(error.field)] == nil {
            errors[ResidentForm.formField(error.field)] = error.message
        }
        let summaryErrors = fieldErrors.map {
            FieldError(field: ResidentForm.formField($0.field), message: $0.message)
        }
        var notice: Markup = .empty
        if problem?.errors.contains(where: { $0.field == "Idempotency-Key" }) == true {
            // This form was sent before with other values (back, change, send): say so rather than name a header.
            notice = "<div class=\"alert error\" role=\"alert\"><p>\(context.t(ResidentWords.sentBefore))</p></div>"
        } else if let problem, problem.errors.isEmpty {
            let detail = problem.detail.map { Markup("<p>\($0)</p>") } ?? .empty
            notice = "<div class=\"alert error\" role=\"alert\"><p>\(problem.title)</p>\(detail)</div>"
        }
        let id = resident?["id"].text
        let action = id.map { "/console/residents/\(ConsoleAPI.encode($0))/edit" } ?? "/console/residents/new"
        let title = context.t(id == nil ? ResidentWords.newResident : ResidentWords.editTitle)
        func input(
            _ name: String, _ words: Words, type: String = "text", required: Bool = false, hint: String? = nil,
            attributes: Markup = .empty
        ) -> Markup {
            ConsoleForm.input(
                name, label: context.t(words), value: form[name], type: type, error: errors[name], required: required,
                hint: hint, attributes: attributes)
        }
        let sexOptions =
            [("", context.t(ResidentWords.chooseSex))]
            + ["female", "male", "other", "unknown"].map {
                ($0, ResidentWords.label(ResidentWords.sexes, $0, language))
            }
        let languageValues =
            ResidentForm.offeredLanguages
            + form.languages.filter {
                !ResidentForm.offeredLanguages.contains($0)
            }
        let maskedId = resident?["idNumber"].string
        let body: Markup = """
            \(ConsoleForm.errorSummary(context, summaryErrors, labels: labels(language)))
            \(notice)
            <form method="post" action="\(action)" id="resident-form" class="card" novalidate>
            \(ConsoleForm.csrfField(context))
            <input type="hidden" name="\(ResidentForm.keyField)" value="\(form.key)">
            <fieldset id="\(ConsoleForm.fieldID("names"))"\(errors["names"] == nil ? Markup.empty : " aria-describedby=\"f-names-error\"")>
            <legend>\(context.t(ResidentWords.names))</legend>
            <p class="hint">\(context.t(ResidentWords.namesHint))</p>
            \(errors["names"].map { Markup("<p class=\"error\" id=\"f-names-error\">\($0)</p>") } ?? .empty)
            <div class="row">
            \(input("names.bo", ResidentWords.nameBo, attributes: "lang=\"bo\" maxlength=\"200\" autocomplete=\"off\""))
            \(input("names.zh", ResidentWords.nameZh, attributes: "lang=\"zh\" maxlength=\"200\" autocomplete=\"off\""))
            \(input("names.latin", ResidentWords.nameLatin, attributes: "lang=\"en\" maxlength=\"200\" autocomplete=\"off\""))
            </div>
            </fieldset>
            <div class="row">
            \(ConsoleForm.select("sex", label: context.t(ResidentWords.sex), options: sexOptions, selected: form["sex"],
                error: errors["sex"], required: true))
            \(input("birthDate", ResidentWords.birthDate, type: "date", required: true, attributes: "max=\"9999-12-31\""))
            \(input("ethnicity", ResidentWords.ethnicity, attributes: "maxlength=\"100\""))
            </div>
            \(checkboxes("languages", context.t(ResidentWords.languages), languageValues, form.languages,
                error: errors["languages"]) { ResidentWords.label(ResidentWords.languageNames, $0, language) })
            <div class="row">
            \(input("phone", ResidentWords.phone, type: "tel", attributes: "maxlength=\"64\" autocomplete=\"off\""))
            \(input("idNumber", ResidentWords.idNumber,
                hint: maskedId.map { context.t(ResidentWords.idNumberKeep) + " " + $0 },
                attributes: "maxlength=\"64\" autocomplete=\"off\" spellcheck=\"false\""))
            </div>
            \(ConsoleForm.textarea("address", label: context.t(ResidentWords.address), value: form["address"],
                error: errors["address"], rows: 2, attributes: "maxlength=\"500\""))
            <div class="row">
            \(input("grid", ResidentWords.grid, attributes: "maxlength=\"100\""))
            \(input("household", ResidentWords.household, attributes: "maxlength=\"100\""))
            </div>
            \(checkboxes("flags", context.t(ResidentWords.flags), ResidentForm.flagValues, form.flags,
                error: errors["flags"]) { ResidentWords.label(ResidentWords.flagNames, $0, language) })
            <fieldset>
            <legend>\(context.t(ResidentWords.emergencyContact))</legend>
            <div class="row">
            \(input("emergencyContact.name", ResidentWords.contactName, attributes: "maxlength=\"200\""))
            \(input("emergencyContact.phone", ResidentWords.contactPhone, type: "tel", attributes: "maxlength=\"64\""))
            \(input("emergencyContact.relationship", ResidentWords.contactRelationship, attributes: "maxlength=\"100\""))
            </div>
            </fieldset>
            <div class="actions">
            <button type="submit" id="resident-save">\(context.t(id == nil ? ResidentWords.register : CommonWords.save))</button>
            <a class="button secondary" href="\(id.map { "/console/residents/\(ConsoleAPI.encode($0))" } ?? "/console/residents")">\(context.t(CommonWords.cancel))</a>
            </div>
            </form>
            """
        let status: HTTPStatus = problem.map { HTTPStatus(code: $0.status == 409 ? 409 : 422) } ?? .ok
        return ConsoleLayout.page(context, title: title, status: status, body)
    }

    /// A group of checkboxes sending `name` once per ticked value.
    private static func checkboxes(
        _ name: String, _ legend: String, _ values: [String], _ checked: [String], error: String?,
        label: (String) -> String
    ) -> Markup {
        let id = ConsoleForm.fieldID(name)
        let boxes = values.map { value -> Markup in
            let box = "\(id)-\(ConsoleForm.fieldID(value))"
            let mark = checked.contains(value) ? Markup(raw: " checked") : .empty
            return """
                <label class="check" for="\(box)"><input type="checkbox" id="\(box)" name="\(name)" value="\(value)"\(mark)> \(label(value))</label>
                """
        }
        return """
            <fieldset id="\(id)" class="checks\(error == nil ? Markup.empty : " invalid")"\(error == nil ? Markup.empty : Markup(" aria-describedby=\"\(id)-error\""))>
            <legend>\(legend)</legend>
            \(boxes)
            \(error.map { Markup("<p class=\"error\" id=\"\(id)-error\">\($0)</p>") } ?? .empty)
            </fieldset>
            """
    }

    /// The label of each form field, for the error summary.
    static func labels(_ language: Language) -> [String: String] {
        let words: [String: Words] = [
            "names": ResidentWords.names, "names.bo": ResidentWords.nameBo, "names.zh": ResidentWords.nameZh,
            "names.latin": ResidentWords.nameLatin, "sex": ResidentWords.sex, "birthDate": ResidentWords.birthDate,
            "ethnicity": ResidentWords.ethnicity, "languages": ResidentWords.languages, "phone": ResidentWords.phone,
            "idNumber": ResidentWords.idNumber, "address": ResidentWords.address, "grid": ResidentWords.grid,
            "household": ResidentWords.household, "flags": ResidentWords.flags,
            "emergencyContact.name": ResidentWords.contactName, "emergencyContact.phone": ResidentWords.contactPhone,
            "emergencyContact.relationship": ResidentWords.contactRelationship,
        ]
        return words.mapValues { $0(language) }
    }
}
