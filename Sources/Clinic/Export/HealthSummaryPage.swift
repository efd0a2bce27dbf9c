import ClinicDomain
import Foundation

/// A health-file summary as a printable A4 page for home visits: labels in the reader's language (`Accept-Language`,
/// else Chinese), the resident's names in every script they have (each with its `lang`, Tibetan in a font stack
/// that covers it), the clinic's name and the export date. Every value is HTML-escaped; the page loads nothing from
/// outside (no fonts, scripts or images).
enum HealthSummaryPage {
    static let style = """
        @page { size: A4; margin: 15mm 14mm; }
        * { box-sizing: border-box; }
        body { font-family: \(FontStacks.text);
          font-size: 10.5pt; line-height: 1.45; color: #111; margin: 0 auto; max-width: 182mm; }
        [lang|="bo"] { font-family: \(FontStacks.tibetan); font-size: 1.25em; line-height: 1.7; }
        html[lang|="bo"] { font-size: 1em; }
        header { border-bottom: 2px solid #333; margin-bottom: 4mm; padding-bottom: 2mm; }
        header .clinic { font-size: 12pt; font-weight: bold; }
        h1 { font-size: 16pt; margin: 1mm 0; }
        h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #999; break-after: avoid; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border-bottom: 0.5px solid #ccc; }
        th { font-weight: 600; background: #f2f2f2; }
        table.facts th { width: 34%; background: none; }
        tr, li { break-inside: avoid; }
        .none { color: #555; font-style: italic; }
        .names p { margin: 0.5mm 0; }
        footer { margin-top: 6mm; font-size: 8.5pt; color: #444; border-top: 1px solid #999; padding-top: 1.5mm; }
        @media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
        """

    /// The whole page, its labels in `language`.
    static func render(_ summary: HealthSummary, language: Language = .zh) -> String {
        let r = summary.resident
        let e = HTML.escape
        let t = { (words: Words) in words(language) }
        var html = """
            <!DOCTYPE html>
            <html lang="\(language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(t(Labels.title)))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <header>
            <div class="clinic">\(e(summary.clinicName))</div>
            <h1>\(e(t(Labels.title)))</h1>
            <div>\(e(t(Labels.exportDate))): \(e(summary.exportDate.description))</div>
            </header>

            """
        html += "<section class=\"names\"><h2>\(e(t(Labels.names)))</h2>"
        let scripts = [
            ("bo", Labels.tibetan, r.names.bo), ("zh", Labels.chinese, r.names.zh),
            ("und-Latn", Labels.latin, r.names.latin),
        ]
        for (lang, label, name) in scripts {
            guard let name, !name.isEmpty else { continue }
            html += "<p><span class=\"label\">\(e(t(label))):</span> <span lang=\"\(lang)\">\(e(name))</span></p>"
        }
        html += "</section>\n"

        var facts: [(Words, String)] = [
            (Labels.sex, t(Labels.sex(r.sex))), (Labels.birthDate, r.birthDate.description),
            (Labels.age, "\(summary.age)"),
        ]
        if let idNumber = r.maskedIdNumber { facts.append((Labels.idNumber, idNumber)) }
        if let phone = r.phone { facts.append((Labels.phone, phone)) }
        if let address = r.address { facts.append((Labels.address, address)) }
        if let grid = r.grid { facts.append((Labels.grid, grid)) }
        if let household = r.household { facts.append((Labels.household, household)) }
        if let ethnicity = r.ethnicity { facts.append((Labels.ethnicity, ethnicity)) }
        if !r.languages.isEmpty {
            facts.append((Labels.languages, r.languages.map(BookingWords.languageName).joined(separator: ", ")))
        }
        if !r.flags.isEmpty {
            facts.append((Labels.priority, r.flags.map { t(ResidentWords.flag($0)) }.joined(separator: "; ")))
        }
        if let contact = r.emergencyContact {
            let parts = [contact.name, contact.relationship, contact.phone].compactMap { $0 }.filter { !$0.isEmpty }
            if !parts.isEmpty { facts.append((Labels.emergencyContact, parts.joined(separator: ", "))) }
        }
        html += "<section><h2>\(e(t(Labels.demographics)))</h2><table class=\"facts\"><tbody>"
        html += facts.map { "<tr><th scope=\"row\">\(e(t($0.0)))</th><td>\(e($0.1))</td></tr>" }.joined()
        html += "</tbody></table></section>\n"

        let noneRecorded = t(Labels.noneRecorded)
        html += section(
            t(Labels.activeProblems), [t(Labels.problem), "ICD-10", t(Labels.onset)],
            summary.activeProblems.map { [$0.text, $0.code ?? "", $0.onset?.description ?? ""] },
            empty: noneRecorded)
        html += section(
            t(Labels.medications), [Labels.medication, Labels.dose, Labels.since, Labels.until].map(t),
            summary.medications.map {
                [$0.name, $0.dose ?? "", $0.since?.description ?? "", $0.until?.description ?? ""]
            },
            empty: noneRecorded)
        html += section(
            t(Labels.allergies), [Labels.substance, Labels.reaction, Labels.severity].map(t),
            summary.allergies.map {
                [$0.substance, $0.reaction ?? "", $0.severity.map { t(ValueWords.allergySeverity($0.rawValue)) } ?? ""]
            },
            empty: noneRecorded)
        let arrows: [VitalTrend.Direction: String] = [
            .up: t(Labels.up), .down: t(Labels.down), .steady: t(Labels.steady),
        ]
        html += section(
            t(Labels.vitalSigns), [Labels.measure, Labels.latest, Labels.taken, Labels.trend, Labels.earlier].map(t),
            summary.vitalTrends.map { trend in
                let latest = trend.values[0]
                return [
                    Labels.measures[trend.measure].map(t) ?? trend.measure,
                    "\(number(latest.value)) \(unitLabels[trend.unit] ?? trend.unit)",
                    wallTime(latest.takenAt), trend.direction.flatMap { arrows[$0] } ?? "",
                    trend.values.dropFirst().map { number($0.value) }.joined(separator: ", "),
                ]
            }, empty: noneRecorded)
        html += section(
            t(Labels.assessments), [Labels.assessment, Labels.score, Labels.band, Labels.assessedAt].map(t),
            summary.latestAssessments.map { a in
                // The bands are named in Chinese and English only; a Tibetan page shows both.
                let band =
                    switch language {
                    case .en: a.bandLabel.en
                    case .zh: a.bandLabel.zh
                    case .bo: "\(a.bandLabel.zh) \(a.bandLabel.en)"
                    }
                return [
                    t(a.kind == .barthel ? Labels.barthel : Labels.selfCare),
                    "\(a.score) / \(a.maximumScore)", band, wallTime(a.takenAt),
                ]
            }, empty: noneRecorded)
        html += consultations(summary.lastConsultations, language: language)
        html += section(
            t(Labels.followUpsDue), [Labels.due, Labels.mode, Labels.note].map(t),
            summary.followUpsDue.map { [$0.dueDate.description, t(DayListPage.Labels.mode($0.mode)), $0.note ?? ""] },
            empty: t(Labels.none))
        html += """
            <footer>
            \(e(summary.clinicName)) · \(e(t(Labels.exportDate))) \(e(summary.exportDate.description)) · \
            \(e(t(Labels.generated))) \(e(summary.generatedAt.minuteText)) · \(e(t(Labels.keepSafe)))
            </footer>
            </body>
            </html>

            """
        return html
    }

    static func consultations(_ consultations: [Consultation], language: Language = .zh) -> String {
        let e = HTML.escape
        let t = { (words: Words) in words(language) }
        var html = "<section><h2>\(e(t(Labels.recentConsultations)))</h2>"
        guard !consultations.isEmpty else {
            return html + "<p class=\"none\">\(e(t(Labels.noneRecorded)))</p></section>\n"
        }
        html += "<table><thead><tr>"
            + [Labels.date, Labels.mode, Labels.doctor, Labels.notes].map { "<th scope=\"col\">\(e(t($0)))</th>" }
            .joined()
            + "</tr></thead><tbody>"
        for c in consultations {
            var notes: [String] = []
            if let n = c.notes {
                for (label, text) in [("S", n.subjective), ("O", n.objective), ("A", n.assessment), ("P", n.plan)]
                where !text.isEmpty {
                    notes.append("<b>\(label)</b> \(e(text))")
                }
            }
            for diagnosis in c.diagnoses ?? [] {
                let code = diagnosis.code.map { " (\(e($0)))" } ?? ""
                notes.append("\(e(t(Labels.diagnosis))): \(e(diagnosis.text))" + code)
            }
            let mode = t(DayListPage.Labels.mode(c.mode)) + (c.channel.map { " (\($0.rawValue))" } ?? "")
            html +=
                "<tr><td>\(e(wallTime(c.startedAt)))</td><td>\(e(mode))</td><td>\(e(c.doctorName ?? ""))</td>"
                + "<td>\(notes.joined(separator: "<br>"))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    static func section(_ title: String, _ headers: [String], _ rows: [[String]], empty: String) -> String {
        let e = HTML.escape
        var html = "<section><h2>\(e(title))</h2>"
        guard !rows.isEmpty else { return html + "<p class=\"none\">\(e(empty))</p></section>\n" }
        html += "<table><thead><tr>" + headers.map { "<th scope=\"col\">\(e($0))</th>" }.joined()
        html += "</tr></thead><tbody>"
        for row in rows { html += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }
        return html + "</tbody></table></section>\n"
    }

    /// UCUM units as a reader writes them.
    static let unitLabels = ["mm[Hg]": "mmHg", "Cel": "°C", "/min": "/min", "%": "%"]

    /// `2026-11-12 19:27`: the clinic's wall clock, to the minute (the instant carries the clinic's offset).
    static func wallTime(_ instant: ZonedInstant) -> String {
        let text = instant.description
        guard text.count >= 16 else { return text }
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}
