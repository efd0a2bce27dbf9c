import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// A closure or an unavailability is made in two steps in the console: the form first asks the API with
/// `"dryRun": true` and this page lists the bookings the change would displace (how many, and who: resident, time,
/// doctor, phone); its confirm button sends the same fields with `dryRun=false`, which makes the change.
enum DisplacementPreview {
    /// How many displaced bookings the preview names one by one (each is read from the API); the rest are counted.
    static let listed = 40

    /// Whether a submitted closure or unavailability form is the confirmation (`dryRun=false`) or the first step.
    static func confirmed(_ form: QueryParameters) -> Bool { form["dryRun"] == "false" }

    /// The preview page for `preview`, the API's dry-run answer; `fields` are sent again with the confirmation to
    /// `action`; `back` leads to the form.
    static func page(
        _ context: RequestContext, _ api: ConsoleAPI, preview: JSONValue, title: String, what: Markup,
        action: String, fields: [(String, String)], back: String
    ) async throws -> HTTPResponse {
        let language = context.language
        let ids = preview["displacedAppointments"].array.map(\.text)
        let doctors = try await TodayPage.doctorNames(api)
        var rows: [Markup] = []
        for id in ids.prefix(listed) {
            let appointment = try await api.get("/v1/appointments/" + ConsoleAPI.encode(id))
            let resident = try await api.get("/v1/residents/" + ConsoleAPI.encode(appointment["residentId"].text))
            let start = appointment["start"].text
            let priority = ResidentPage.flagBadges(resident["flags"], language)
            rows.append(
                """
                <tr><th scope="row">\(NameDisplay.markup(resident["names"], language)) \(priority)</th>\
                <td>\(ConsoleDates.day(start, language)) \(ConsoleDates.time(start))</td>\
                <td>\(doctors[appointment["doctorId"].text] ?? "")</td>\
                <td>\(context.t(ValueWords.mode(appointment["mode"].text)))</td>\
                <td class="nowrap">\(resident["phone"].string ?? context.t(DisplacedWords.noPhone))</td></tr>
                """)
        }
        let more: Markup =
            ids.count > listed ? "<p class=\"muted\">\(context.t(DisplacedWords.moreNotListed)): \(ids.count - listed)</p>" : .empty
        let list: Markup =
            ids.isEmpty
            ? "<p class=\"alert ok\" id=\"preview-none\">\(context.t(DisplacedWords.displacesNone))</p>"
            : """
            <p class="alert warn" id="preview-count">\(context.t(DisplacedWords.wouldDisplace)): <strong>\(ids.count)</strong></p>
            <div class="table-wrap"><table id="preview"><thead><tr>\
            <th scope="col">\(context.t(DisplacedWords.resident))</th><th scope="col">\(context.t(ClinicalWords.time))</th>\
            <th scope="col">\(context.t(ClinicalWords.doctor))</th><th scope="col">\(context.t(ClinicalWords.mode))</th>\
            <th scope="col">\(context.t(ResidentWords.phone))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(more)
            """
        let hidden = (fields + [("dryRun", "false")]).map {
            Markup("<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">")
        }
        let body: Markup = """
            <section class="card" id="change-summary">\(what)</section>
            \(list)
            <form method="post" action="\(action)" class="actions" id="preview-form">
            \(ConsoleForm.csrfField(context))\(hidden)
            <button type="submit" id="preview-confirm">\(context.t(DisplacedWords.confirm))</button>
            <a class="button secondary" id="preview-back" href="\(back)">\(context.t(DisplacedWords.change))</a>
            </form>
            """
        return ConsoleLayout.page(context, title: title + " · " + context.t(DisplacedWords.previewTitle), body)
    }

    /// The fields a preview's "change it" link carries back to the form (`?date=&reason=`), so what was typed stays.
    static func typed(_ context: RequestContext, _ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names { values[name] = context.request.query[name] ?? "" }
        return values
    }

    /// Where a made change leads: the work list when it displaced bookings and the user may see it, else `fallback`.
    static func afterChange(_ context: RequestContext, _ made: JSONValue, fallback: String) -> HTTPResponse {
        let displaced = made["displacedAppointments"].array.count
        let desk = context.session.map { [.staff, .admin].contains($0.principal.role) } ?? false
        guard displaced > 0, desk else { return ConsoleResponse.redirect(fallback) }
        return ConsoleResponse.redirect(DisplacedPage.path + "?done=changed")
    }
}
