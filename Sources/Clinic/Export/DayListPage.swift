import ClinicDomain
import Foundation

/// A doctor's day list as a printable A4 page: what the front desk hands the doctor in the morning. Names are
/// shown in every script the register holds, with fonts that cover Tibetan and Chinese; every value is escaped.
enum DayListPage {
    struct Header: Sendable {
        var clinicName: String
        var date: LocalDate
        var doctorName: String
        var institution: String
    }

    static let style = """
        @page { size: A4 portrait; margin: 12mm 10mm; }
        * { box-sizing: border-box; }
        body { font-family: \(FontStacks.text); font-size: 10.5pt; color: #000; margin: 0; }
        [lang="bo"] { font-family: \(FontStacks.tibetan); }
        h1 { font-size: 14pt; margin: 0 0 2mm; }
        .meta { margin: 0 0 4mm; }
        table { width: 100%; border-collapse: collapse; }
        thead { display: table-header-group; }
        th, td { border: 0.3mm solid #444; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
        th { background: #eee; font-size: 9.5pt; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .time { white-space: nowrap; }
        .name { display: block; }
        .name[lang="bo"] { font-size: 13pt; line-height: 1.5; }
        .priority { font-weight: bold; }
        .status-cancelled, .status-noShow { color: #555; text-decoration: line-through; }
        .empty { margin-top: 8mm; font-style: italic; }
        @media screen { body { max-width: 210mm; margin: 8mm auto; } }
        @media print { a { color: inherit; text-decoration: none; } }
        """

    /// The page with its labels in `language` (`Accept-Language`, else Chinese); names in every script they have.
    static func render(_ header: Header, entries: [DayListEntry], language: Language = .zh) -> String {
        let t = { (words: Words) in words(language).htmlEscaped }
        var html = """
            <!DOCTYPE html>
            <html lang="\(language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t(Labels.title)) \(header.date.description.htmlEscaped) · \(header.doctorName.htmlEscaped)</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <h1>\(header.clinicName.htmlEscaped) · \(header.date.description.htmlEscaped)</h1>
            <p class="meta">\(header.doctorName.htmlEscaped) · \(header.institution.htmlEscaped) · \
            \(t(Labels.appointments)): \(entries.count)</p>

            """
        guard !entries.isEmpty else {
            html += "<p class=\"empty\">\(t(Labels.noAppointments))</p>\n</body>\n</html>\n"
            return html
        }
        html += """
            <table>
            <thead><tr>\(Labels.columns.map { "<th scope=\"col\">\(t($0))</th>" }.joined())</tr></thead>
            <tbody>

            """
        for entry in entries { html += row(entry, on: header.date, language: language) }
        html += "</tbody>\n</table>\n</body>\n</html>\n"
        return html
    }

    static func row(_ entry: DayListEntry, on date: LocalDate, language: Language = .zh) -> String {
        let names = entry.names.all.compactMap { key, value in
            value.map { "<span class=\"name\" lang=\"\(key == "latin" ? "und-Latn" : key)\">\($0.htmlEscaped)</span>" }
        }.joined()
        let priority =
            entry.priority
            ? "<span class=\"priority\">★ "
                + entry.flags.map { ResidentWords.flag($0)(language) }.joined(separator: ", ").htmlEscaped + "</span>"
            : ""
        var contact: [String] = []
        switch entry.mode {
        case .remote:
            if let phone = entry.phone { contact.append("☎ " + phone.htmlEscaped) }
        case .home:
            if let address = entry.address { contact.append(address.htmlEscaped) }
            if let grid = entry.grid { contact.append(Labels.grid(language).htmlEscaped + " " + grid.htmlEscaped) }
        case .onsite:
            break
        }
        let mode = Labels.mode(entry.mode)(language) + (entry.walkIn ? " (\(Labels.walkIn(language)))" : "")
        let sex = Labels.sex(entry.sex)(language)
        let cells = [
            "<td class=\"time\">\(entry.start.clockText)–\(entry.end.clockText)</td>",
            "<td>\(names)</td>",
            "<td>\(sex.htmlEscaped), \(entry.birthDate.age(on: date))</td>",
            "<td>\(mode.htmlEscaped)</td>",
            "<td>\(priority)</td>",
            "<td>\((entry.interpreter.map(BookingWords.languageName) ?? "").htmlEscaped)</td>",
            "<td>\(contact.joined(separator: "<br>"))</td>",
            "<td>\((entry.reason ?? "").htmlEscaped)</td>",
            "<td class=\"status-\(entry.status.rawValue)\">\(Labels.status(entry.status)(language).htmlEscaped)</td>",
        ]
        return "<tr>" + cells.joined() + "</tr>\n"
    }
}
