import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/consultations/{id}/edit`: the author changes an unsigned draft in the consultation form
/// (`PATCH /v1/consultations/{id}`), e.g. a draft saved in the middle of a call; the API's answer decides, as for a
/// new one: 303 back to the draft, or the form again with each error next to its field and everything typed kept.
/// A signed consultation is never edited: its page offers addenda instead.
enum DraftEditPage {
    static let title = Words("ཟིན་བྲིས་བཅོས་སྒྲིག", "修改草稿", "Edit draft")
    static let changedMeanwhile = Words(
        "ཁྱེད་ཀྱིས་ཁ་ཕྱེ་རྗེས་ཟིན་བྲིས་འདི་བཅོས་ཟིན། གཤམ་གྱི་ནང་དོན་ལ་བལྟས་ནས་ཡང་བསྐྱར་ཉར་ཚགས་བྱོས།",
        "您打开后此草稿已被修改。请核对下面的内容，再保存一次。",
        "This draft changed after you opened it. Check what is below, then save again.")
    static let tooLong = Words(
        "ཟིན་བྲིས་འདིར་ནད་ངོས་འཛིན་ནམ་བཅོས་ཐབས་ ༣ ལས་མང་བ་ཡོད་པས་འདི་ནས་བཅོས་མི་ཐུབ།",
        "此草稿的诊断或治疗超过 3 条，不能在这里修改。", "This draft has more than 3 diagnoses or treatments: it cannot be edited here.")

    static func routes(_ console: ConsoleServices) -> [Route] {
        let doctors = Access.roles([.doctor])
        return [
            Route.page(.get, "/console/consultations/{id}/edit", access: doctors) { context in
                let id = try context.pathID()
                let api = console.api(context)
                let draft = try await api.get("/v1/consultations/\(id.uuidString)")
                if let refusal = try refusal(context, draft) { return refusal }
                let zone = try await ClinicTime.zone(api)
                let resident = try await api.get("/v1/residents/\(draft["residentId"].text)")
                return ConsultationFormPage.page(
                    context, form: ConsultationForm(draft: draft, zone: zone), resident: resident, zone: zone,
                    errors: [], problem: nil, action: path(id), heading: title)
            },
            Route.page(.post, "/console/consultations/{id}/edit", access: doctors) { context in
                let id = try context.pathID()
                let api = console.api(context)
                let zone = try await ClinicTime.zone(api)
                var form = ConsultationForm(form: context.form)
                // The draft as it is now: signed, too long for the form, or changed since the form was filled
                // (another tab, an API client) is not overwritten from a stale form.
                let draft = try await api.get("/v1/consultations/\(id.uuidString)")
                if let refusal = try refusal(context, draft) { return refusal }
                // The form again, as typed, with what went wrong (the resident's line read from the draft).
                func again(_ problem: ConsoleAPI.Problem, errors: [FieldError], status: Int) async -> HTTPResponse {
                    let resident = (try? await api.get("/v1/residents/\(draft["residentId"].text)")) ?? .null
                    var response = ConsultationFormPage.page(
                        context, form: form, resident: resident, zone: zone, errors: errors, problem: problem,
                        action: path(id), heading: title)
                    response.status = HTTPStatus(code: status)
                    return response
                }
                if form["updatedAt"] != draft["updatedAt"].text {
                    form.values["updatedAt"] = draft["updatedAt"].text
                    let changed = ConsoleAPI.Problem(
                        status: 409, type: "urn:clinic:problem:draft-changed", title: context.t(changedMeanwhile),
                        detail: nil, errors: [])
                    return await again(changed, errors: [], status: 409)
                }
                do {
                    try await api.call(
                        .patch, "/v1/consultations/\(id.uuidString)", json: form.patch(of: draft, zone: zone))
                    return ConsoleResponse.redirect("/console/consultations/\(id.uuidString)?done=saved")
                } catch let error as ConsoleAPI.Problem where [400, 409, 422].contains(error.status) {
                    return await again(error, errors: form.errors(error), status: error.status == 409 ? 409 : 422)
                }
            },
        ]
    }

    static func path(_ id: UUID) -> String { "/console/consultations/\(id.uuidString)/edit" }

    /// The answer instead of the form: back to the consultation once it is signed; a notice when the form could
    /// not hold the draft without losing rows; 403 for another doctor's.
    private static func refusal(_ context: RequestContext, _ draft: JSONValue) throws -> HTTPResponse? {
        let id = draft["id"].text
        if draft["signed"].bool == true { return ConsoleResponse.redirect("/console/consultations/\(id)") }
        guard ConsultationPage.isAuthor(try context.user, of: draft) else {
            throw APIError.forbidden("only the doctor who wrote a draft changes it")
        }
        guard ConsultationForm.overflows(draft) else { return nil }
        let body: Markup = """
            <div class="alert error" role="alert">\(context.t(tooLong))</div>
            <p><a href="/console/consultations/\(id)">\(context.t(ConsultationPage.title))</a></p>
            """
        var page = ConsoleLayout.page(context, title: context.t(title), body)
        page.status = HTTPStatus(code: 409)
        return page
    }
}
