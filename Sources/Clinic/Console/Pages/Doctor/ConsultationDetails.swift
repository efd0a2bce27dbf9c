import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// A consultation's content as the API returned it: members the reader's role may not see are absent from the
/// answer, so this shows only what came.
enum ConsultationDetails {
    static let diagnoses = ConsultationFormPage.diagnoses
    static let treatments = ConsultationFormPage.treatments

    static func markup(_ context: RequestContext, _ item: JSONValue, resident: JSONValue) -> Markup {
        let language = context.language
        let signed = item["signed"].bool == true
        var parts: [Markup] = []
        parts.append(
            """
            <dl class="card facts">
            <dt>\(context.t(ClinicalWords.resident))</dt>
            <dd>\(NameDisplay.markup(resident["names"], language)) · \
            <a href="/console/residents/\(item["residentId"].text)/health-file">\
            \(context.t(ClinicalWords.healthFile))</a></dd>
            <dt>\(context.t(ClinicalWords.doctor))</dt><dd>\(item["doctorName"].text)</dd>
            <dt>\(context.t(ClinicalWords.date))</dt><dd>\(ConsoleDates.day(item["startedAt"].text, language)) \
            \(ConsoleDates.time(item["startedAt"].text))–\(ConsoleDates.time(item["endedAt"].text))</dd>
            <dt>\(context.t(ClinicalWords.mode))</dt>
            <dd>\(context.t(ValueWords.mode(item["mode"].text)))\
            \(item["channel"].string.map { " · " + context.t(ValueWords.channel($0)) } ?? "")</dd>
            <dt>\(context.t(ClinicalWords.status))</dt><dd id="consultation-status">\
            \(context.t(signed ? ClinicalWords.signed : ClinicalWords.draft))</dd>
            </dl>
            """)
        if item["notes"] != .null {
            let notes = ClinicalWords.notes.map { name, words -> Markup in
                "<h3>\(context.t(words))</h3><p class=\"prewrap\">\(item["notes"][name].text)</p>"
            }
            parts.append("<section class=\"card\"><h2>\(context.t(ConsultationFormPage.notes))</h2>\(notes)</section>")
        }
        if item["vitals"] != .null {
            let rows = ClinicalWords.vitals.compactMap { name, words -> Markup? in
                let value = item["vitals"][name]
                return value == .null
                    ? nil : "<tr><th scope=\"row\">\(context.t(words))</th><td>\(value.text)</td></tr>"
            }
            let flags = item["vitalFlags"].array.map { context.t(ValueWords.vitalFlag($0.text)) }
                .joined(separator: ", ")
            parts.append(
                """
                <section class="card"><h2>\(context.t(ConsultationFormPage.vitals))</h2>
                <div class="table-wrap"><table>\(rows)</table></div>\
                \(flags.isEmpty ? Markup.empty : "<p><span class=\"badge priority\">\(flags)</span></p>")</section>
                """)
        }
        if item["diagnoses"] != .null || item["treatments"] != .null {
            let diagnosisItems = item["diagnoses"].array.map { entry -> Markup in
                "<li>\(entry["code"].string.map { $0 + " " } ?? "")\(entry["text"].text)</li>"
            }
            let treatmentItems = item["treatments"].array.map { entry -> Markup in
                let kind = ClinicalWords.word(ClinicalWords.treatmentKinds, entry["kind"].text, context)
                return "<li>\(kind): \(entry["text"].text)</li>"
            }
            let advice = item["advice"].string.map {
                Markup("<h3>\(context.t(ConsultationFormPage.advice))</h3><p class=\"prewrap\">\($0)</p>")
            }
            // An empty list says so, rather than leaving its heading over nothing.
            let list = { (items: [Markup]) -> Markup in
                items.isEmpty ? "<p class=\"muted\">\(context.t(ClinicalWords.none))</p>" : "<ul>\(items)</ul>"
            }
            parts.append(
                """
                <section class="card"><h2>\(context.t(diagnoses))</h2>\(list(diagnosisItems))
                <h2>\(context.t(treatments))</h2>\(list(treatmentItems))
                \(advice ?? .empty)
                </section>
                """)
        }
        let followUp = item["followUp"]
        if followUp != .null {
            parts.append(
                """
                <section class="card"><h2>\(context.t(ConsultationFormPage.followUp))</h2>
                <p>\(ConsoleDates.date(followUp["dueDate"].text, language)) · \
                \(context.t(ValueWords.mode(followUp["mode"].text)))</p>
                \(followUp["note"].string.map { Markup("<p class=\"prewrap\">\($0)</p>") } ?? .empty)</section>
                """)
        }
        let addenda = item["addenda"].array
        if !addenda.isEmpty {
            let entries = addenda.map { entry -> Markup in
                let when =
                    ConsoleDates.day(entry["createdAt"].text, language) + " "
                    + ConsoleDates.time(entry["createdAt"].text)
                let text = entry["text"].text
                return "<li><span class=\"muted\">\(when)</span> <span class=\"prewrap\">\(text)</span></li>"
            }
            parts.append(
                """
                <section class="card" id="addenda"><h2>\(context.t(ConsultationPage.addenda))</h2>\
                <ul>\(entries)</ul></section>
                """)
        }
        return parts.joined()
    }
}
