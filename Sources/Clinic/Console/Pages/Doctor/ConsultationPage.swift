import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/consultations/{id}`: a consultation as `GET /v1/consultations/{id}` returns it to the reader's role
/// (staff get no notes from the API, so none can show); the author signs a draft here, and adds addenda once signed.
enum ConsultationPage {
    static let title = Words("བརྟག་དཔྱད།", "诊疗记录", "Consultation")
    static let saved = Words("ཉར་ཚགས་ཟིན། (ཟིན་བྲིས།)", "已保存（草稿）。", "Saved as a draft.")
    static let signedNotice = Words("མིང་རྟགས་བཀོད་ཟིན།", "已签名。", "Signed.")
    static let addendumAdded = Words("ཁ་སྣོན་བསྣན་ཟིན།", "已添加补充记录。", "Addendum added.")
    static let sign = Words("མིང་རྟགས་འགོད།", "签名", "Sign")
    static let signQuestion = Words(
        "མིང་རྟགས་བཀོད་རྗེས་བཟོ་བཅོས་བྱེད་མི་ཐུབ། མིང་རྟགས་འགོད་དམ།", "签名后不能再修改。确定签名吗？",
        "A signed consultation can no longer change. Sign it?")
    static let addenda = Words("ཁ་སྣོན།", "补充记录", "Addenda")
    static let addAddendum = Words("ཁ་སྣོན་བསྣན།", "添加补充记录", "Add addendum")
    static let addendumText = Words("ཁ་སྣོན་གྱི་ནང་དོན།", "补充内容", "Addendum text")

    static func routes(_ console: ConsoleServices) -> [Route] {
        let doctors = Access.roles([.doctor])
        return [
            Route.page(.get, "/console/consultations/{id}", access: .roles([.doctor, .admin, .staff])) { context in
                try await render(context, console, addendum: nil, problem: nil)
            },
            Route.page(.post, "/console/consultations/{id}/sign", access: doctors) { context in
                let id = try context.pathID()
                try await console.api(context).call(.post, "/v1/consultations/\(id.uuidString)/sign")
                return ConsoleResponse.redirect("/console/consultations/\(id.uuidString)?done=signed")
            },
            Route.page(.post, "/console/consultations/{id}/addenda", access: doctors) { context in
                let id = try context.pathID()
                let text = context.form["text"] ?? ""
                do {
                    try await console.api(context).call(
                        .post, "/v1/consultations/\(id.uuidString)/addenda", json: ["text": .string(text)])
                    return ConsoleResponse.redirect("/console/consultations/\(id.uuidString)?done=addendum")
                } catch let error as ConsoleAPI.Problem where [400, 422].contains(error.status) {
                    var page = try await render(context, console, addendum: text, problem: error)
                    page.status = HTTPStatus(code: 422)
                    return page
                }
            },
        ]
    }

    static func render(
        _ context: RequestContext, _ console: ConsoleServices, addendum: String?, problem: ConsoleAPI.Problem?
    ) async throws -> HTTPResponse {
        let id = try context.pathID()
        let api = console.api(context)
        let user = try context.user
        let item = try await api.get("/v1/consultations/\(id.uuidString)")
        let resident = try await api.get("/v1/residents/\(item["residentId"].text)")
        let signed = item["signed"].bool == true
        let mine = isAuthor(user, of: item)
        let notice: Markup =
            switch context.request.query["done"] {
            case "saved": "<div class=\"alert ok\" role=\"status\">\(context.t(saved))</div>"
            case "signed": "<div class=\"alert ok\" role=\"status\">\(context.t(signedNotice))</div>"
            case "addendum": "<div class=\"alert ok\" role=\"status\">\(context.t(addendumAdded))</div>"
            default: .empty
            }
        var actions: Markup = .empty
        if !signed && mine {
            actions = """
                <form method="post" action="/console/consultations/\(id.uuidString)/sign" class="actions" \
                data-confirm="\(context.t(signQuestion))">
                \(ConsoleForm.csrfField(context))
                <a class="button secondary" id="edit-draft" href="\(DraftEditPage.path(id))">\(context.t(DraftEditPage.title))</a>
                <button type="submit" id="sign-button">\(context.t(sign))</button>
                </form>
                """
        } else if signed && user.role == .doctor {
            let errors = problem?.errors ?? []
            actions = """
                \(ConsoleForm.errorSummary(context, errors, labels: ["text": context.t(addendumText)]))
                <form id="addendum-form" method="post" class="card"
                action="/console/consultations/\(id.uuidString)/addenda">
                \(ConsoleForm.csrfField(context))
                \(ConsoleForm.textarea("text", label: context.t(addendumText), value: addendum,
                    error: problem?.message(for: "text"), rows: 3, attributes: "required maxlength=\"10000\""))
                <button type="submit" id="add-addendum">\(context.t(addAddendum))</button>
                </form>
                """
        }
        let body: Markup = """
            \(notice)
            \(ConsultationDetails.markup(context, item, resident: resident))
            \(actions)
            """
        return ConsoleLayout.page(context, title: context.t(title), body)
    }

    /// Whether `user` is the doctor who wrote `consultation` (as `GET /v1/consultations/{id}` returns it): only they
    /// sign or edit a draft.
    static func isAuthor(_ user: Principal, of consultation: JSONValue) -> Bool {
        user.doctorId.map(UUIDText.lower) == consultation["doctorId"].text.lowercased()
    }
}
