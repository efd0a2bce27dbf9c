import ClinicDomain

/// Reads one template file: a line a text, `key = text`; blank lines and lines starting with `#` are skipped.
/// Keys: each notice kind (`booked`, ..., `reminder`), `mode.<mode>` and `place.<mode>` for onsite, remote and home,
/// `date`, `weekday.1` (Monday) to `weekday.7`, `month.1` to `month.12` (when `date` uses `{monthName}`), and
/// optionally `digits` (`western` or `tibetan`). Every problem names the file and the line.
enum NoticeTemplateFile {
    static func parse(_ source: String, file: String) throws(NoticeTemplateError) -> NoticeWording {
        var seen: [String: Int] = [:]
        var templates: [String: NoticeTemplate] = [:]
        var words: [String: String] = [:]
        var lineNumber = 0
        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ problem: String) -> NoticeTemplateError {
                NoticeTemplateError(file: file, line: lineNumber, problem: problem)
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected `key = text`") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let text = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let allowed = allowedPlaceholders(key) else {
                throw fail("unknown key \"\(key)\"; keys are " + knownKeys.joined(separator: ", "))
            }
            if let first = seen[key] { throw fail("\(key) is given twice (first on line \(first))") }
            seen[key] = lineNumber
            guard !text.isEmpty else { throw fail("\(key) has no text") }
            if key == "digits" {
                guard NoticeWording.Digits(rawValue: text) != nil else {
                    throw fail("digits must be western or tibetan, not \"\(text)\"")
                }
            }
            do {
                templates[key] = try NoticeTemplate(text, allowed: allowed)
            } catch {
                throw fail("\(key): \(error)")
            }
            words[key] = text
        }
        func required(_ key: String) throws(NoticeTemplateError) -> NoticeTemplate {
            guard let template = templates[key] else {
                throw NoticeTemplateError(
                    file: file, line: lineNumber, problem: "missing \(key) (every file gives " + requiredSummary + ")")
            }
            return template
        }
        var texts: [NoticeKind: NoticeTemplate] = [:]
        for kind in NoticeKind.allCases { texts[kind] = try required(kind.rawValue) }
        var modes: [ConsultationMode: NoticeTemplate] = [:]
        var places: [ConsultationMode: NoticeTemplate] = [:]
        for mode in ConsultationMode.allCases {
            modes[mode] = try required("mode." + mode.rawValue)
            places[mode] = try required("place." + mode.rawValue)
        }
        let date = try required("date")
        var weekdays: [String] = []
        for day in 1...7 {
            _ = try required("weekday.\(day)")
            weekdays.append(words["weekday.\(day)"]!)
        }
        var months: [String] = []
        if date.placeholders.contains("monthName") {
            for month in 1...12 {
                guard let name = words["month.\(month)"] else {
                    throw NoticeTemplateError(
                        file: file, line: seen["date"]!,
                        problem: "date uses {monthName}, so month.1 to month.12 are needed; month.\(month) is missing")
                }
                months.append(name)
            }
        }
        return NoticeWording(
            texts: texts, modes: modes, places: places, date: date, weekdays: weekdays, months: months,
            digits: words["digits"].flatMap(NoticeWording.Digits.init(rawValue:)) ?? .western)
    }

    static let requiredSummary =
        "every kind (" + NoticeKind.allCases.map(\.rawValue).joined(separator: ", ")
        + "), mode.* and place.* for onsite, remote and home, date, and weekday.1 to weekday.7"

    static let knownKeys: [String] =
        NoticeKind.allCases.map(\.rawValue) + ConsultationMode.allCases.flatMap { ["mode.\($0.rawValue)", "place.\($0.rawValue)"] }
        + ["date"] + (1...7).map { "weekday.\($0)" } + (1...12).map { "month.\($0)" } + ["digits"]

    /// The placeholders a key's text may use; nil for a key no file has.
    static func allowedPlaceholders(_ key: String) -> Set<String>? {
        if let kind = NoticeKind(rawValue: key) { return NoticeWording.placeholders(kind) }
        if key == "date" { return NoticeWording.datePlaceholders }
        let modeKeys = ConsultationMode.allCases.flatMap { ["mode.\($0.rawValue)", "place.\($0.rawValue)"] }
        if modeKeys.contains(key) { return NoticeWording.modePlaceholders }
        if knownKeys.contains(key) { return [] }
        return nil
    }
}

/// A template file the server cannot use, with where and why: the server refuses to start with it.
struct NoticeTemplateError: Error, Equatable, CustomStringConvertible {
    var file: String
    /// 1-based; for something missing, the file's last line.
    var line: Int?
    var problem: String

    var description: String { file + (line.map { ":\($0)" } ?? "") + ": " + problem }
}
