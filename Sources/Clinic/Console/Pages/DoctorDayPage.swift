import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// A doctor's own day (`/console/` for doctors): the day list of `GET /v1/day-list` for today or `?date=`, each
/// appointment one click from its consultation form, and how many drafts wait for the doctor's signature.
enum DoctorDayPage {
    static let title = Words("ངའི་ཉིན་མོ།", "我的一天", "My day")
    static let noAppointments = Words(
        "ཉིན་འདིར་མཇལ་ཁ་མེད།", "这一天没有预约。", "No appointments on this day.")
    static let recordConsultation = Words("བརྟག་དཔྱད་ཐོ་འགོད།", "记录诊疗", "Record consultation")
    static let draftsWaiting = Words(
        "མིང་རྟགས་སྒུག་བཞིན་པའི་ཟིན་བྲིས།", "待签名的草稿", "Drafts waiting for your signature")
    static let previousDay = Words("ཉིན་སྔོན་མ།", "前一天", "Previous day")
    static let nextDay = Words("ཉིན་རྗེས་མ།", "后一天", "Next day")
    static let today = Words("དེ་རིང་།", "今天", "Today")
    static let walkIn = Words("ཐད་བྱོན།", "现场挂号", "Walk-in")
    static let interpreter = Words("ལོ་ཙཱ་བ།", "翻译", "Interpreter")
    static let priority = Words("སྔོན་འགྲོ།", "优先", "Priority")
    static let noPhone = Words("ཁ་པར་མེད།", "没有电话", "No phone on file")

    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let api = console.api(context)
        let asked = context.request.query["date"]
        let list = try await api.get(ConsoleAPI.target("/v1/day-list", [("date", asked)]))
        let drafts = try await api.get("/v1/consultations/drafts?olderThanHours=0&limit=500")["items"].array.count
        let day = LocalDate(list["date"].text) ?? ClinicTime.today(context.timeZone)
        // A visiting doctor may see residents in two health rooms on one day: each row then names its room.
        let rooms = try await api.roomNames()
        let rows = list["items"].array.map { row(context, $0, rooms: rooms) }
        let table: Markup =
            rows.isEmpty
            ? "<p class=\"muted\">\(context.t(noAppointments))</p>"
            : """
            <div class="table-wrap"><table id="day-list">
            <thead><tr><th scope="col">\(context.t(ClinicalWords.time))</th>\
            \(rooms == nil ? Markup.empty : ConsoleAPI.roomHeading(context))\
            <th scope="col">\(context.t(ClinicalWords.resident))</th>\
            <th scope="col">\(context.t(ClinicalWords.mode))</th>\
            <th scope="col">\(context.t(ClinicalWords.status))</th>\
            <th scope="col">\(context.t(ClinicalWords.reason))</th>\
            <th scope="col">\(context.t(ConsultationPage.title))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let body: Markup = """
            <h2>\(ConsoleDates.date(day, context.language))</h2>
            <nav class="actions" aria-label="\(context.t(ClinicalWords.date))">
            <a class="button secondary" href="/console/?date=\(day.adding(days: -1).description)">\
            \(context.t(previousDay))</a>
            <a class="button secondary" href="/console/">\(context.t(today))</a>
            <a class="button secondary" href="/console/?date=\(day.adding(days: 1).description)">\
            \(context.t(nextDay))</a>
            </nav>
            \(table)
            <p class="card"><a id="drafts-link" href="/console/drafts">\(context.t(draftsWaiting))</a>: \
            <strong id="drafts-count">\(drafts)</strong></p>
            """
        return ConsoleLayout.page(context, title: context.t(title), body)
    }

    private static func row(_ context: RequestContext, _ entry: JSONValue, rooms: [String: String]?) -> Markup {
        let residentId = entry["residentId"].text
        let mode = entry["mode"].text
        let consult = ConsoleAPI.target(
            "/console/consultations/new",
            [("appointmentId", entry["appointmentId"].string), ("residentId", residentId), ("mode", mode)])
        let flag: Markup =
            entry["priority"].bool == true
            ? " <span class=\"badge priority\">\(context.t(priority))</span>" : .empty
        var notes: [Markup] = []
        if entry["walkIn"].bool == true { notes.append("<span class=\"badge\">\(context.t(walkIn))</span>") }
        if let interpreter = entry["interpreter"].string {
            let language = BookingWords.languageName(interpreter)
            notes.append("<span class=\"badge\">\(context.t(Self.interpreter)): \(language)</span>")
        }
        // Where to reach the resident: the number to call for a remote consultation, the door for a home visit.
        var reach: [Markup] = []
        switch ConsultationMode(rawValue: mode) {
        case .remote:
            if let phone = entry["phone"].string {
                let dialled = phone.filter { $0 == "+" || $0.isNumber }
                reach.append("<a class=\"phone\" href=\"tel:\(dialled)\">☎ \(phone)</a>")
            } else {
                reach.append("<span class=\"muted\">\(context.t(noPhone))</span>")
            }
        case .home:
            if let address = entry["address"].string { reach.append("<span class=\"address\">\(address)</span>") }
            if let grid = entry["grid"].string { reach.append("\(context.t(ResidentWords.grid)) \(grid)") }
        default: break
        }
        let modeCell: Markup =
            reach.isEmpty
            ? "\(context.t(ValueWords.mode(mode)))"
            : "\(context.t(ValueWords.mode(mode)))<br>\(reach.joined(separator: "<br>"))"
        return """
            <tr><td>\(ConsoleDates.time(entry["start"].text))–\(ConsoleDates.time(entry["end"].text))</td>\
            \(rooms.map { Markup("<td>\($0[entry["clinicId"].text] ?? "")</td>") } ?? .empty)
            <td><a href="/console/residents/\(ConsoleAPI.encode(residentId))/health-file">\
            \(NameDisplay.markup(entry["names"], context.language))</a>\(flag)</td>
            <td>\(modeCell)</td>
            <td>\(context.t(ValueWords.appointmentStatus(entry["status"].text)))</td>
            <td>\(entry["reason"].text) \(notes.joined(separator: " "))</td>
            <td><a class="consult-link" href="\(consult)">\(context.t(recordConsultation))</a></td></tr>
            """
    }
}
