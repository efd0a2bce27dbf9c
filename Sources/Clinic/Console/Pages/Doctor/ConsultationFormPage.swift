import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/consultations/new`: a doctor records a consultation (any mode) with `POST /v1/consultations`. The
/// form sends what was typed; the API's answer decides: 303 to the new draft, or the form again with each error
/// next to its field and everything typed kept.
enum ConsultationFormPage {
    static let title = Words("བརྟག་དཔྱད་ཐོ་འགོད།", "记录诊疗", "Record a consultation")
    static let visit = Words("བརྟག་དཔྱད།", "就诊", "Visit")
    static let notes = Words("ཟིན་ཐོ།", "病历记录", "Notes")
    static let vitals = Words("གསོན་རྟགས།", "生命体征", "Vital signs")
    static let diagnoses = Words("ནད་ངོས་འཛིན།", "诊断", "Diagnoses")
    static let treatments = Words("བཅོས་ཐབས།", "治疗", "Treatments")
    static let followUp = Words("རྗེས་བཅར།", "随访", "Follow-up")
    static let advice = Words("སློབ་སྟོན།", "医嘱 / 建议", "Advice")
    static let startedAt = Words("འགོ་ཚུགས་དུས།", "开始时间", "Started")
    static let endedAt = Words("མཇུག་རྫོགས་དུས།", "结束时间", "Ended")
    static let channelRequired = Words(
        "རྒྱང་རིང་བརྟག་དཔྱད་ལ་ངེས་པར་དུ་དགོས། སྨན་ཁང་དང་ཁྱིམ་དུ་ན་སྟོང་པར་ཞོག",
        "远程诊疗必须选择；现场和上门时留空。", "Required for a remote consultation; leave empty otherwise.")
    static let timesInZone = Words("སྨན་ཁང་གི་དུས་ཚོད།", "卫生室所在时区的时间", "Clinic time")
    static let code = Words("ICD-10 ཨང་རྟགས།", "ICD-10 编码", "ICD-10 code")
    static let codeHint = Words("དཔེར་ན། I10", "例如 I10", "e.g. I10")
    static let text = Words("འགྲེལ་བཤད།", "说明", "Description")
    static let kind = Words("རིགས།", "类别", "Kind")
    static let inDays = Words("ཉིན་གྲངས་ཀྱི་རྗེས་སུ།", "天后", "In days")
    static let note = Words("མཆན།", "备注", "Note")
    static let range = Words("ཆོག་པའི་ཁྱབ་ཁོངས།", "允许范围", "Accepted")
    static let saveDraft = Words("ཟིན་བྲིས་ཉར་ཚགས།", "保存（草稿）", "Save draft")
    static let choose = Words("—", "—", "—")

    static func routes(_ console: ConsoleServices) -> [Route] {
        let doctors = Access.roles([.doctor])
        return [
            Route.page(.get, "/console/consultations/new", access: doctors) { context in
                let query = context.request.query
                let api = console.api(context)
                let zone = try await ClinicTime.zone(api)
                let now = Date()
                let form = ConsultationForm(values: [
                    "residentId": query["residentId"] ?? "", "appointmentId": query["appointmentId"] ?? "",
                    "mode": query["mode"] ?? "onsite", "idempotencyKey": UUID.random().uuidString,
                    "startedAt": ClinicTime.localInput(now.addingTimeInterval(-20 * 60), zone),
                    "endedAt": ClinicTime.localInput(now, zone),
                ])
                guard let residentId = UUID(uuidString: form["residentId"]) else { throw APIError.notFound() }
                let resident = try await api.get("/v1/residents/\(residentId.uuidString)")
                return page(context, form: form, resident: resident, zone: zone, errors: [], problem: nil)
            },
            Route.page(.post, "/console/consultations/new", access: doctors) { context in
                var form = ConsultationForm(form: context.form)
                let api = console.api(context)
                let zone = try await ClinicTime.zone(api)
                do {
                    let key = form["idempotencyKey"].isEmpty ? nil : form["idempotencyKey"]
                    let created = try await api.call(
                        .post, "/v1/consultations", json: form.body(zone: zone), idempotencyKey: key)
                    return ConsoleResponse.redirect("/console/consultations/\(created["id"].text)?done=saved")
                } catch let error as ConsoleAPI.Problem where [400, 409, 422].contains(error.status) {
                    let resident =
                        UUID(uuidString: form["residentId"]) == nil
                        ? JSONValue.null : (try? await api.get("/v1/residents/\(form["residentId"])")) ?? .null
                    form.values["idempotencyKey"] = UUID.random().uuidString
                    var response = page(
                        context, form: form, resident: resident, zone: zone, errors: form.errors(error), problem: error)
                    response.status = HTTPStatus(code: error.status == 409 ? 409 : 422)
                    return response
                }
            },
        ]
    }

    /// The form; `action` is where it posts (a new consultation, or a draft's edit) and `heading` the page's title.
    static func page(
        _ context: RequestContext, form: ConsultationForm, resident: JSONValue, zone: TimeZone, errors: [FieldError],
        problem: ConsoleAPI.Problem?, action: String = "/console/consultations/new", heading: Words = title
    ) -> HTTPResponse {
        let message = { (field: String) in errors.first { $0.field == field }?.message }
        let notice: Markup =
            problem.map { problem in
                errors.isEmpty
                    ? "<div class=\"alert error\" role=\"alert\"><p>\(problem.title)</p><p>\(problem.detail)</p></div>"
                    : ConsoleForm.errorSummary(context, errors, labels: labels(context))
            } ?? .empty
        let residentLine: Markup =
            resident.isNull
            ? .empty
            : """
            <p class="card">\(context.t(ClinicalWords.resident)): \
            \(NameDisplay.markup(resident["names"], context.language)) · \
            <a href="/console/residents/\(form["residentId"])/health-file">\
            \(context.t(ClinicalWords.healthFile))</a></p>
            """
        let body: Markup = """
            \(residentLine)
            \(notice)
            <form id="consultation-form" method="post" action="\(action)" class="card">
            \(ConsoleForm.csrfField(context))
            <input type="hidden" name="residentId" value="\(form["residentId"])">
            <input type="hidden" name="appointmentId" value="\(form["appointmentId"])">
            <input type="hidden" name="idempotencyKey" value="\(form["idempotencyKey"])">
            \(form["updatedAt"].isEmpty ? Markup.empty : "<input type=\"hidden\" name=\"updatedAt\" value=\"\(form["updatedAt"])\">")
            \(visitFields(context, form, zone: zone, message))
            <fieldset><legend>\(context.t(notes))</legend>
            \(ClinicalWords.notes.map { name, words in
                ConsoleForm.textarea(
                    "notes." + name, label: context.t(words), value: form["notes." + name],
                    error: message("notes." + name), rows: 3, attributes: "maxlength=\"20000\"")
            })
            </fieldset>
            \(vitalFields(context, form, message))
            \(listFields(context, form, message))
            \(ConsoleForm.textarea("advice", label: context.t(advice), value: form["advice"], error: message("advice"),
                rows: 2, attributes: "maxlength=\"5000\""))
            <fieldset><legend>\(context.t(followUp))</legend><div class="row">
            \(ConsoleForm.input("followUp.inDays", label: context.t(inDays), value: form["followUp.inDays"],
                type: "number", error: message("followUp.inDays"), hint: "1–365",
                attributes: "min=\"1\" max=\"365\" inputmode=\"numeric\""))
            \(ConsoleForm.select("followUp.mode", label: context.t(ClinicalWords.mode),
                options: modeOptions(context, blank: true),
                selected: form["followUp.mode"], error: message("followUp.mode")))
            </div>
            \(ConsoleForm.textarea("followUp.note", label: context.t(note), value: form["followUp.note"],
                error: message("followUp.note"), rows: 2, attributes: "maxlength=\"1000\""))
            </fieldset>
            <div class="actions"><button type="submit" id="save-consultation">\(context.t(saveDraft))</button></div>
            </form>
            """
        return ConsoleLayout.page(context, title: context.t(heading), body)
    }

    private static func visitFields(
        _ context: RequestContext, _ form: ConsultationForm, zone: TimeZone, _ message: (String) -> String?
    ) -> Markup {
        let channels =
            [("", context.t(choose))]
            + ["video", "phone"].map { ($0, context.t(ValueWords.channel($0))) }
        let zoneHint = context.t(timesInZone) + " (" + zone.identifier + ")"
        return """
            <fieldset><legend>\(context.t(visit))</legend><div class="row">
            \(ConsoleForm.select("mode", label: context.t(ClinicalWords.mode),
                options: modeOptions(context, blank: false),
                selected: form["mode"], error: message("mode"), required: true))
            <div class="channel">
            \(ConsoleForm.select("channel", label: context.t(ClinicalWords.channel),
                options: channels.map { ($0.0, $0.1) },
                selected: form["channel"], error: message("channel"),
                attributes: message("channel") == nil ? "aria-describedby=\"f-channel-hint\"" : .empty))
            <p class="hint" id="f-channel-hint">\(context.t(channelRequired))</p>
            </div>
            </div><div class="row">
            \(ConsoleForm.input("startedAt", label: context.t(startedAt), value: form["startedAt"],
                type: "datetime-local",
                error: message("startedAt"), required: true, hint: zoneHint))
            \(ConsoleForm.input("endedAt", label: context.t(endedAt), value: form["endedAt"], type: "datetime-local",
                error: message("endedAt"), required: true, hint: zoneHint))
            </div></fieldset>
            """
    }

    private static func vitalFields(
        _ context: RequestContext, _ form: ConsultationForm, _ message: (String) -> String?
    ) -> Markup {
        let fields = ClinicalWords.vitals.map { name, words -> Markup in
            let hint = VitalRange.named(name).map {
                context.t(range) + ": " + format($0.accepted.lowerBound) + "–" + format($0.accepted.upperBound) + " "
                    + $0.unit
            }
            return ConsoleForm.input(
                "vitals." + name, label: context.t(words), value: form["vitals." + name],
                error: message("vitals." + name),
                hint: hint, attributes: "inputmode=\"decimal\" autocomplete=\"off\"")
        }
        return "<fieldset><legend>\(context.t(vitals))</legend><div class=\"row\">\(fields)</div></fieldset>"
    }

    private static func listFields(
        _ context: RequestContext, _ form: ConsultationForm, _ message: (String) -> String?
    ) -> Markup {
        let diagnosisRows = (0..<ConsultationForm.diagnosisRows).map { row -> Markup in
            let prefix = "diagnoses.\(row)."
            return """
                <div class="row">\(ConsoleForm.input(prefix + "code", label: context.t(code) + " \(row + 1)",
                    value: form[prefix + "code"], error: message(prefix + "code"), hint: context.t(codeHint),
                    attributes: "maxlength=\"16\" autocapitalize=\"characters\""))
                \(ConsoleForm.input(prefix + "text", label: context.t(text) + " \(row + 1)",
                    value: form[prefix + "text"],
                    error: message(prefix + "text"), attributes: "maxlength=\"500\""))</div>
                """
        }
        let kinds = [("", context.t(choose))] + ClinicalWords.treatmentKinds.map { ($0.0, context.t($0.1)) }
        let treatmentRows = (0..<ConsultationForm.treatmentRows).map { row -> Markup in
            let prefix = "treatments.\(row)."
            return """
                <div class="row">\(ConsoleForm.select(prefix + "kind", label: context.t(kind) + " \(row + 1)",
                    options: kinds.map { ($0.0, $0.1) }, selected: form[prefix + "kind"],
                    error: message(prefix + "kind")))
                \(ConsoleForm.input(prefix + "text", label: context.t(text) + " \(row + 1)",
                    value: form[prefix + "text"],
                    error: message(prefix + "text"), attributes: "maxlength=\"2000\""))</div>
                """
        }
        return """
            <fieldset><legend>\(context.t(diagnoses))</legend>\(diagnosisRows)</fieldset>
            <fieldset><legend>\(context.t(treatments))</legend>\(treatmentRows)</fieldset>
            """
    }

    static func modeOptions(_ context: RequestContext, blank: Bool) -> [(value: String, label: String)] {
        (blank ? [("", context.t(choose))] : [])
            + ["onsite", "remote", "home"].map { ($0, context.t(ValueWords.mode($0))) }
    }

    /// Labels for the error summary, by the form's field names.
    static func labels(_ context: RequestContext) -> [String: String] {
        var labels: [String: String] = [
            "mode": context.t(ClinicalWords.mode), "channel": context.t(ClinicalWords.channel),
            "startedAt": context.t(startedAt), "endedAt": context.t(endedAt), "advice": context.t(advice),
            "followUp.inDays": context.t(followUp) + ": " + context.t(inDays),
            "followUp.mode": context.t(followUp) + ": " + context.t(ClinicalWords.mode),
            "followUp.note": context.t(followUp) + ": " + context.t(note),
        ]
        for (name, words) in ClinicalWords.notes { labels["notes." + name] = context.t(words) }
        for (name, words) in ClinicalWords.vitals { labels["vitals." + name] = context.t(words) }
        for row in 0..<ConsultationForm.diagnosisRows {
            labels["diagnoses.\(row).code"] = context.t(code) + " \(row + 1)"
            labels["diagnoses.\(row).text"] = context.t(diagnoses) + " \(row + 1)"
        }
        for row in 0..<ConsultationForm.treatmentRows {
            labels["treatments.\(row).kind"] = context.t(treatments) + " \(row + 1): " + context.t(kind)
            labels["treatments.\(row).text"] = context.t(treatments) + " \(row + 1)"
        }
        return labels
    }

    /// `300` rather than `300.0`.
    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
