import ClinicDomain
import Foundation

/// A health-file summary as a printable A4 page for home visits: labels in Chinese and English, the resident's
/// names in every script they have (Tibetan in a font stack that covers it), the clinic's name and the export
/// date. Every value is HTML-escaped; the page loads nothing from outside (no fonts, scripts or images).
enum HealthSummaryPage {
    /// Fonts that carry Tibetan script, best first; Noto is what Debian's fonts-noto-core installs.
    static let tibetanFonts = #""Noto Serif Tibetan", "Noto Sans Tibetan", "Jomolhari", "Microsoft Himalaya""#
    /// Fonts that carry simplified Chinese.
    static let chineseFonts =
        #""Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun""#

    static let style = """
        @page { size: A4; margin: 15mm 14mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans", "DejaVu Sans", \(chineseFonts), \(tibetanFonts), sans-serif;
          font-size: 10.5pt; line-height: 1.45; color: #111; margin: 0 auto; max-width: 182mm; }
        [lang|="bo"] { font-family: \(tibetanFonts), \(chineseFonts), serif; font-size: 1.25em; line-height: 1.7; }
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

    static let sexLabels: [Sex: String] = [
        .female: "女 Female", .male: "男 Male", .other: "其他 Other", .unknown: "未知 Unknown",
    ]

    static let flagLabels: [PriorityFlag: String] = [
        .livesAlone: "独居 Lives alone", .emptyNest: "空巢 Empty nest", .disabled: "残疾 Disabled",
        .lowIncome: "低收入 Low income", .specialHardship: "特困 Special hardship",
    ]

    static let measureLabels: [String: String] = [
        "systolic": "收缩压 Systolic", "diastolic": "舒张压 Diastolic", "heartRate": "心率 Heart rate",
        "spo2": "血氧 SpO₂", "temperature": "体温 Temperature", "glucose": "血糖 Glucose",
        "weightKg": "体重 Weight", "heightCm": "身高 Height",
    ]

    /// The whole page.
    static func render(_ summary: HealthSummary) -> String {
        let r = summary.resident
        let e = HTML.escape
        var html = """
            <!DOCTYPE html>
            <html lang="zh-Hans">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>健康档案摘要 Health summary</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <header>
            <div class="clinic">\(e(summary.clinicName))</div>
            <h1>健康档案摘要 Health summary</h1>
            <div>导出日期 Export date: \(e(summary.exportDate.description))</div>
            </header>

            """
        html += "<section class=\"names\"><h2>姓名 Names</h2>"
        let scripts = [
            ("bo", "藏文 Tibetan", r.names.bo), ("zh", "中文 Chinese", r.names.zh), ("und-Latn", "拼写 Latin", r.names.latin),
        ]
        for (lang, label, name) in scripts {
            guard let name, !name.isEmpty else { continue }
            html += "<p><span class=\"label\">\(label):</span> <span lang=\"\(lang)\">\(e(name))</span></p>"
        }
        html += "</section>\n"

        var facts: [(String, String)] = [
            ("性别 Sex", sexLabels[r.sex] ?? r.sex.rawValue),
            ("出生日期 Date of birth", r.birthDate.description),
            ("年龄 Age", "\(summary.age)"),
        ]
        if let idNumber = r.maskedIdNumber { facts.append(("身份证号 ID number", idNumber)) }
        if let phone = r.phone { facts.append(("电话 Phone", phone)) }
        if let address = r.address { facts.append(("地址 Address", address)) }
        if let grid = r.grid { facts.append(("网格 Grid", grid)) }
        if let household = r.household { facts.append(("户号 Household", household)) }
        if let ethnicity = r.ethnicity { facts.append(("民族 Ethnicity", ethnicity)) }
        if !r.languages.isEmpty { facts.append(("语言 Languages", r.languages.joined(separator: ", "))) }
        if !r.flags.isEmpty {
            facts.append(("优先 Priority", r.flags.map { flagLabels[$0] ?? $0.rawValue }.joined(separator: "; ")))
        }
        if let contact = r.emergencyContact {
            let parts = [contact.name, contact.relationship, contact.phone].compactMap { $0 }.filter { !$0.isEmpty }
            if !parts.isEmpty { facts.append(("紧急联系人 Emergency contact", parts.joined(separator: ", "))) }
        }
        html += "<section><h2>基本信息 Demographics</h2><table class=\"facts\"><tbody>"
        html += facts.map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>" }.joined()
        html += "</tbody></table></section>\n"

        html += section(
            "当前问题 Active problems", ["问题 Problem", "ICD-10", "起病 Onset"],
            summary.activeProblems.map { [$0.text, $0.code ?? "", $0.onset?.description ?? ""] },
            empty: "无记录 None recorded")
        html += section(
            "用药 Medications", ["药品 Medication", "剂量 Dose", "开始 Since", "至 Until"],
            summary.medications.map {
                [$0.name, $0.dose ?? "", $0.since?.description ?? "", $0.until?.description ?? ""]
            },
            empty: "无记录 None recorded")
        html += section(
            "过敏 Allergies", ["过敏原 Substance", "反应 Reaction", "严重程度 Severity"],
            summary.allergies.map { [$0.substance, $0.reaction ?? "", $0.severity?.rawValue ?? ""] },
            empty: "无记录 None recorded")
        let arrows: [VitalTrend.Direction: String] = [.up: "↑ 升 up", .down: "↓ 降 down", .steady: "→ 稳定 steady"]
        html += section(
            "生命体征 Vital signs", ["项目 Measure", "最近 Latest", "测量时间 Taken", "趋势 Trend", "之前 Earlier"],
            summary.vitalTrends.map { trend in
                let latest = trend.values[0]
                return [
                    measureLabels[trend.measure] ?? trend.measure,
                    "\(number(latest.value)) \(unitLabels[trend.unit] ?? trend.unit)",
                    wallTime(latest.takenAt), trend.direction.flatMap { arrows[$0] } ?? "",
                    trend.values.dropFirst().map { number($0.value) }.joined(separator: ", "),
                ]
            }, empty: "无记录 None recorded")
        html += section(
            "能力评估 Assessments", ["评估 Assessment", "得分 Score", "等级 Band", "评估时间 Taken"],
            summary.latestAssessments.map { a in
                [
                    a.kind == .barthel ? "巴氏指数 Barthel index" : "生活自理能力 Self-care",
                    "\(a.score) / \(a.maximumScore)", "\(a.bandLabel.zh) \(a.bandLabel.en)", wallTime(a.takenAt),
                ]
            }, empty: "无记录 None recorded")
        html += consultations(summary.lastConsultations)
        html += section(
            "待随访 Follow-ups due", ["到期 Due", "方式 Mode", "备注 Note"],
            summary.followUpsDue.map { [$0.dueDate.description, $0.mode.rawValue, $0.note ?? ""] },
            empty: "无 None")
        html += """
            <footer>
            \(e(summary.clinicName)) · 导出日期 Export date \(e(summary.exportDate.description)) · \
            生成 Generated \(e(summary.generatedAt.description)) · 含个人健康信息，请妥善保管 Contains personal health \
            information: keep it safe.
            </footer>
            </body>
            </html>

            """
        return html
    }

    static func consultations(_ consultations: [Consultation]) -> String {
        let e = HTML.escape
        var html = "<section><h2>最近就诊 Recent consultations</h2>"
        guard !consultations.isEmpty else { return html + "<p class=\"none\">无记录 None recorded</p></section>\n" }
        html +=
            "<table><thead><tr><th>日期 Date</th><th>方式 Mode</th><th>医生 Doctor</th><th>记录 Notes</th></tr></thead><tbody>"
        for c in consultations {
            var notes: [String] = []
            if let n = c.notes {
                for (label, text) in [("S", n.subjective), ("O", n.objective), ("A", n.assessment), ("P", n.plan)]
                where !text.isEmpty {
                    notes.append("<b>\(label)</b> \(e(text))")
                }
            }
            for diagnosis in c.diagnoses ?? [] {
                notes.append("诊断 Dx: \(e(diagnosis.text))" + (diagnosis.code.map { " (\(e($0)))" } ?? ""))
            }
            let mode = c.mode.rawValue + (c.channel.map { " (\($0.rawValue))" } ?? "")
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
        html += "<table><thead><tr>" + headers.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
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
