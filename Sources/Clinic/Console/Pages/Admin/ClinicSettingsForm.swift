import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// The clinic settings form: what was typed (kept as text, so a wrong number comes back as typed) and the JSON
/// `PUT /v1/clinic` takes. Field names are the API's error names (`sessions[1].start`), so each error finds its field.
struct ClinicSettingsForm {
    struct Session {
        var name = ""
        var start = ""
        var end = ""
        var isBlank: Bool { name.isEmpty && start.isEmpty && end.isEmpty }
    }

    var name = ""
    var timeZone = ""
    var weekdays: [String] = []
    var sessions: [Session] = []
    var slotMinutes: [String: String] = [:]
    var priorityHoldHours = ""

    static let timeZone = Words("དུས་ཚོད་ཁུལ།", "时区", "Time zone")
    static let timeZoneHint = Words(
        "IANA ཡི་དུས་ཚོད་ཁུལ། དཔེར་ན། Asia/Shanghai", "IANA 时区名，例如 Asia/Shanghai",
        "An IANA time zone, e.g. Asia/Shanghai")
    static let weekdays = Words("སྨན་བཅོས་ཉིན།", "出诊日", "Clinic days")
    static let sessionsWords = Words("དུས་ཚིགས།", "时段", "Sessions")
    static let start = Words("འགོ་ཚུགས།", "开始", "Start")
    static let end = Words("མཇུག", "结束", "End")
    static let slotMinutesWords = Words("མཇལ་ཁ་རེའི་སྐར་མ།", "每个号源的分钟数", "Minutes per slot")
    static let priorityHold = Words(
        "སྔོན་འཛིན་ཉར་ཚགས་ཀྱི་ཆུ་ཚོད།", "优先号保留小时数", "Priority hold (hours)")
    static let sessionsHint = Words(
        "སྟོང་པའི་ཐིག་ཕྲེང་ནི་སྣང་མེད་གཏོང་། དུས་ཚིགས་གསར་པ་ཞིག་སྣོན་ན་གཤམ་གྱི་ཐིག་ཕྲེང་སྟོང་པར་འབྲི།",
        "空行会被忽略；在最后一行填写即可新增时段。", "Empty rows are ignored; fill in the last row to add a session.")

    /// The settings as the API answered them.
    init(settings: JSONValue) {
        name = settings["name"].text
        timeZone = settings["timeZone"].text
        weekdays = settings["clinicWeekdays"].array.map(\.text)
        sessions = settings["sessions"].array.map {
            Session(name: $0["name"].text, start: $0["start"].text, end: $0["end"].text)
        }
        for mode in AdminWords.modeValues { slotMinutes[mode] = settings["slotMinutes"][mode].text }
        priorityHoldHours = settings["priorityHoldHours"].text
    }

    /// A submitted form; rows left empty are dropped.
    init(form: QueryParameters) {
        name = form["name"] ?? ""
        timeZone = form["timeZone"] ?? ""
        weekdays = form.all("clinicWeekdays")
        sessions = (0...ClinicSettingsRules.maximumSessions).map { index in
            Session(
                name: form["sessions[\(index)].name"] ?? "", start: form["sessions[\(index)].start"] ?? "",
                end: form["sessions[\(index)].end"] ?? "")
        }.filter { !$0.isBlank }
        for mode in AdminWords.modeValues { slotMinutes[mode] = form["slotMinutes.\(mode)"] ?? "" }
        priorityHoldHours = form["priorityHoldHours"] ?? ""
    }

    var json: JSONValue {
        .object([
            "name": .string(name), "timeZone": .string(timeZone),
            "clinicWeekdays": .array(weekdays.map(Self.number)),
            "sessions": .array(
                sessions.map {
                    .object(["name": .string($0.name), "start": .string($0.start), "end": .string($0.end)])
                }),
            "slotMinutes": .object(
                Dictionary(uniqueKeysWithValues: slotMinutes.map { ($0.key, Self.number($0.value)) })),
            "priorityHoldHours": Self.number(priorityHoldHours),
        ])
    }

    /// A whole number as a number; anything else as the text typed, so the API names the field that is wrong.
    static func number(_ text: String) -> JSONValue {
        Int(text.trimmingCharacters(in: .whitespaces)).map(JSONValue.int) ?? .string(text)
    }

    static func labels(_ context: RequestContext) -> [String: String] {
        var labels = [
            "name": context.t(AdminWords.name), "timeZone": context.t(timeZone),
            "clinicWeekdays": context.t(weekdays), "sessions": context.t(sessionsWords),
            "slotMinutes": context.t(slotMinutesWords), "priorityHoldHours": context.t(priorityHold),
        ]
        for mode in AdminWords.modeValues {
            labels["slotMinutes.\(mode)"] = context.t(slotMinutesWords) + ": " + context.t(ValueWords.mode(mode))
        }
        return labels
    }

    func fields(_ context: RequestContext, _ problem: ConsoleAPI.Problem?) -> Markup {
        let labels = Self.labels(context)
        let days = (1...7).map { (value: String($0), label: ConsoleDates.weekday($0, context.language)) }
        let rows = (sessions + [Session()]).enumerated().map { index, session -> Markup in
            let field = "sessions[\(index)]"
            return """
                <fieldset class="row"><legend>\(context.t(AdminWords.session)) \(index + 1)</legend>
                \(ConsoleForm.input(field + ".name", label: context.t(AdminWords.name), value: session.name,
                    error: problem?.message(for: field + ".name") ?? problem?.message(for: field)))
                \(ConsoleForm.input(field + ".start", label: context.t(Self.start), value: session.start, type: "time",
                    error: problem?.message(for: field + ".start")))
                \(ConsoleForm.input(field + ".end", label: context.t(Self.end), value: session.end, type: "time",
                    error: problem?.message(for: field + ".end")))
                </fieldset>
                """
        }
        let minutes = AdminWords.modeValues.map { mode -> Markup in
            ConsoleForm.input(
                "slotMinutes.\(mode)", label: context.t(ValueWords.mode(mode)), value: slotMinutes[mode],
                type: "number", error: problem?.message(for: "slotMinutes.\(mode)"), required: true,
                attributes: "min=\"5\" step=\"5\"")
        }
        return """
            \(ConsoleForm.input("name", label: labels["name"]!, value: name, error: problem?.message(for: "name"),
                required: true))
            \(ConsoleForm.input("timeZone", label: labels["timeZone"]!, value: timeZone,
                error: problem?.message(for: "timeZone"), required: true, hint: context.t(Self.timeZoneHint)))
            \(AdminForms.checkboxes("clinicWeekdays", legend: labels["clinicWeekdays"]!, options: days,
                checked: weekdays, error: DoctorForm.message(problem, "clinicWeekdays")))
            <h2>\(labels["sessions"]!)</h2>
            <p class="hint">\(context.t(Self.sessionsHint))</p>
            \(problem?.message(for: "sessions").map { Markup("<p class=\"error\" id=\"f-sessions\">\($0)</p>") } ?? .empty)
            \(rows)
            <fieldset class="row" id="f-slotMinutes"><legend>\(labels["slotMinutes"]!)</legend>\(minutes)\
            \(problem?.message(for: "slotMinutes").map { Markup("<p class=\"error\">\($0)</p>") } ?? .empty)</fieldset>
            \(ConsoleForm.input("priorityHoldHours", label: labels["priorityHoldHours"]!, value: priorityHoldHours,
                type: "number", error: problem?.message(for: "priorityHoldHours"), required: true, attributes: "min=\"0\""))
            """
    }
}
