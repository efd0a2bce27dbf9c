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

    /// Tibetan first (so Tibetan script never falls back to a font without it), then CJK, then Latin.
    static let fontStack = """
        "Noto Serif Tibetan", "Noto Sans Tibetan", "Microsoft Himalaya", "Jomolhari", "Qomolangma-Uchen Sarchen", \
        "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun", \
        "Noto Sans", "Helvetica Neue", Arial, sans-serif
        """

    static let style = """
        @page { size: A4 portrait; margin: 12mm 10mm; }
        * { box-sizing: border-box; }
        body { font-family: \(fontStack); font-size: 10.5pt; color: #000; margin: 0; }
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

    static func render(_ header: Header, entries: [DayListEntry]) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="zh">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\("Day list \(header.date) · \(header.doctorName)".htmlEscaped)</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <h1>\(header.clinicName.htmlEscaped) · \(header.date.description.htmlEscaped)</h1>
            <p class="meta">\(header.doctorName.htmlEscaped) · \(header.institution.htmlEscaped) · \
            \(entries.count) \(entries.count == 1 ? "appointment" : "appointments")</p>

            """
        guard !entries.isEmpty else {
            html += "<p class=\"empty\">No appointments.</p>\n</body>\n</html>\n"
            return html
        }
        html += """
            <table>
            <thead><tr><th>Time</th><th>Resident</th><th>Sex, age</th><th>Mode</th><th>Priority</th>\
            <th>Interpreter</th><th>Phone / address</th><th>Reason</th><th>Status</th></tr></thead>
            <tbody>

            """
        for entry in entries { html += row(entry, on: header.date) }
        html += "</tbody>\n</table>\n</body>\n</html>\n"
        return html
    }

    static func row(_ entry: DayListEntry, on date: LocalDate) -> String {
        let names = entry.names.all.compactMap { key, value in
            value.map { "<span class=\"name\" lang=\"\(key == "latin" ? "und-Latn" : key)\">\($0.htmlEscaped)</span>" }
        }.joined()
        let priority =
            entry.priority
            ? "<span class=\"priority\">★ " + entry.flags.map(\.rawValue).joined(separator: ", ").htmlEscaped
                + "</span>"
            : ""
        var contact: [String] = []
        switch entry.mode {
        case .remote:
            if let phone = entry.phone { contact.append("☎ " + phone.htmlEscaped) }
        case .home:
            if let address = entry.address { contact.append(address.htmlEscaped) }
            if let grid = entry.grid { contact.append("Grid " + grid.htmlEscaped) }
        case .onsite:
            break
        }
        let mode = entry.mode.rawValue + (entry.walkIn ? " (walk-in)" : "")
        let cells = [
            "<td class=\"time\">\(clock(entry.start))–\(clock(entry.end))</td>",
            "<td>\(names)</td>",
            "<td>\(entry.sex.rawValue.htmlEscaped), \(entry.birthDate.age(on: date))</td>",
            "<td>\(mode.htmlEscaped)</td>",
            "<td>\(priority)</td>",
            "<td>\((entry.interpreter ?? "").htmlEscaped)</td>",
            "<td>\(contact.joined(separator: "<br>"))</td>",
            "<td>\((entry.reason ?? "").htmlEscaped)</td>",
            "<td class=\"status-\(entry.status.rawValue)\">\(entry.status.rawValue.htmlEscaped)</td>",
        ]
        return "<tr>" + cells.joined() + "</tr>\n"
    }

    /// `HH:MM` on the clinic's wall clock (the instant's own offset).
    static func clock(_ instant: ZonedInstant) -> String {
        let seconds = Int(instant.date.timeIntervalSince1970.rounded(.down)) + instant.offsetSeconds
        let minutes = ((seconds / 60) % 1440 + 1440) % 1440
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
