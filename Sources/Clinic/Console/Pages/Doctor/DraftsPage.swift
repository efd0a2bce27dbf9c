import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// `/console/drafts`: the signed-in doctor's unsigned consultations (`GET /v1/consultations/drafts` with no minimum
/// age, so a draft from this morning shows too), oldest first, each a link to sign it.
enum DraftsPage {
    static let title = Words("མིང་རྟགས་སྒུག་བཞིན་པ།", "待签名", "Drafts to sign")
    static let empty = Words("མིང་རྟགས་སྒུག་བཞིན་པའི་ཟིན་བྲིས་མེད།", "没有待签名的草稿。", "No drafts wait for your signature.")
    static let open = Words("ཁ་ཕྱེ།", "打开", "Open")
    static let age = Words("ཆུ་ཚོད།", "小时", "Hours old")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/drafts", access: .roles([.doctor])) { context in
                let drafts = try await console.api(context).get("/v1/consultations/drafts?olderThanHours=0&limit=500")
                let rows = drafts["items"].array.map { draft -> Markup in
                    """
                    <tr><td>\(ConsoleDates.day(draft["startedAt"].text, context.language)) \
                    \(ConsoleDates.time(draft["startedAt"].text))</td>
                    <td>\(NameDisplay.markup(draft["residentNames"], context.language))</td>
                    <td>\(context.t(ValueWords.mode(draft["mode"].text)))</td>
                    <td>\(draft["ageHours"].text)</td>
                    <td><a class="draft-link" href="/console/consultations/\(draft["consultationId"].text)">\
                    \(context.t(open))</a></td></tr>
                    """
                }
                let body: Markup =
                    rows.isEmpty
                    ? "<p class=\"muted\">\(context.t(empty))</p>"
                    : """
                    <div class="table-wrap"><table id="drafts">
                    <thead><tr><th scope="col">\(context.t(ClinicalWords.date))</th>\
                    <th scope="col">\(context.t(ClinicalWords.resident))</th>\
                    <th scope="col">\(context.t(ClinicalWords.mode))</th><th scope="col">\(context.t(age))</th>\
                    <th scope="col">\(context.t(open))</th></tr></thead>
                    <tbody>\(rows)</tbody></table></div>
                    """
                return ConsoleLayout.page(context, title: context.t(title), body)
            }
        ]
    }
}
