import ClinicDomain
import ClinicSupport
import Foundation

/// The monthly report as a printable A4 page in the reader's language: one clinic's figures, or the county's clinics
/// side by side with their total. Every value is escaped.
enum MonthlyReportPage {
    /// One column of the page: a clinic's figures (the submitted ones once submitted) and its status line.
    struct Column: Sendable {
        var title: String
        var figures: JSONValue
        var submitted: ReportStore.Submission?
        var liveDiffers: Bool
        /// The live figures, when they differ from the submitted ones.
        var live: JSONValue? = nil
    }

    static let style = """
        @page { size: A4 portrait; margin: 12mm 10mm; }
        * { box-sizing: border-box; }
        body { font-family: \(FontStacks.text); font-size: 10pt; color: #000; margin: 0; }
        [lang="bo"] { font-family: \(FontStacks.tibetan); }
        h1 { font-size: 14pt; margin: 0 0 2mm; }
        h2 { font-size: 11pt; margin: 4mm 0 1mm; }
        .meta { margin: 0 0 3mm; }
        table { width: 100%; border-collapse: collapse; }
        th, td { border: 0.3mm solid #444; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th { background: #eee; font-size: 9pt; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .status { font-weight: normal; font-size: 8.5pt; display: block; }
        .differs { color: #8a1c00; }
        @media screen { body { max-width: 210mm; margin: 8mm auto; } .wide { overflow-x: auto; } }
        """

    /// The page for `columns` (one for a clinic; several for the county, then `total` as the last column).
    static func render(
        month: String, columns: [Column], total: JSONValue?, language: Language, generatedAt: String
    ) -> String {
        let t = { (words: Words) in words(language).htmlEscaped }
        let heading = columns.count == 1 && total == nil ? columns[0].title : ""
        var html = """
            <!DOCTYPE html>
            <html lang="\(language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t(MonthlyReportLabels.title)) \(month.htmlEscaped)</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <h1>\(t(MonthlyReportLabels.title)) · \(month.htmlEscaped)\(heading.isEmpty ? "" : " · " + heading.htmlEscaped)</h1>
            <p class="meta">\(t(MonthlyReportLabels.generated)): \(generatedAt.htmlEscaped)</p>

            """
        for column in columns where column.liveDiffers {
            html += "<p class=\"differs\">\(column.title.htmlEscaped): \(t(MonthlyReportLabels.liveDiffers))</p>\n"
        }
        let reports = columns.map(\.figures) + (total.map { [$0] } ?? [])
        let lines = MonthlyReport.lines(reports, language: language)
        var header = "<tr><th>\(t(MonthlyReportLabels.figure))</th>"
        for column in columns {
            header += "<th class=\"n\">\(columns.count > 1 ? column.title.htmlEscaped : "")"
                + "<span class=\"status\">\(status(column, language))</span></th>"
        }
        if total != nil { header += "<th class=\"n\">\(t(MonthlyReportLabels.total))</th>" }
        header += "</tr>\n"
        for section in MonthlyReport.sections {
            let own = lines.filter { $0.section == section }
            guard !own.isEmpty else { continue }
            html += "<h2>\(t(MonthlyReportLabels.sectionTitles[section]!))</h2>\n<div class=\"wide\"><table>\n"
            html += "<thead>\(header)</thead>\n<tbody>\n"
            for line in own {
                html += "<tr data-figure=\"\(line.key.htmlEscaped)\"><td>\(line.label.htmlEscaped)</td>"
                for value in line.values { html += "<td class=\"n\">\(value.map(String.init) ?? "")</td>" }
                html += "</tr>\n"
            }
            html += "</tbody>\n</table></div>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }

    static func status(_ column: Column, _ language: Language) -> String {
        guard let submitted = column.submitted else { return MonthlyReportLabels.notSubmitted(language).htmlEscaped }
        let day = ISO8601DateFormatter.string(
            from: submitted.submittedAt, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        return "\(MonthlyReportLabels.submitted(language)) \(day) · \(submitted.username)".htmlEscaped
    }
}

/// The monthly report as CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets): one row per figure, its
/// machine key, its label in the reader's language, then one column per clinic (and the county's total).
enum MonthlyReportCSV {
    static func render(columns: [MonthlyReportPage.Column], total: JSONValue?, language: Language) -> [UInt8] {
        var header = ["figure", "label"] + columns.map(\.title)
        if total != nil { header.append(MonthlyReportLabels.total(language)) }
        var text = CSVWriter.row(header)
        text += CSVWriter.row(
            ["status", MonthlyReportLabels.submitted(language)]
                + columns.map { $0.submitted.map { _ in "submitted" } ?? "notSubmitted" } + (total == nil ? [] : [""]))
        let reports = columns.map(\.figures) + (total.map { [$0] } ?? [])
        for line in MonthlyReport.lines(reports, language: language) {
            text += CSVWriter.row([line.key, line.label] + line.values.map { $0.map(String.init) ?? "" })
        }
        return CSVWriter.bom + Array(text.utf8)
    }
}
