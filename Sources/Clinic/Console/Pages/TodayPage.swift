import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Today at the clinic, for the front desk and admins (`/console/`, `?date=` for another day): each doctor on duty
/// with their day list and the buttons that move an appointment along, and the walk-in queue. Everything comes
/// from the API in process: the rota says who is on duty, the day list what each doctor's day holds.
enum TodayPage {
    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let today = LocalDate(Date(), in: context.timeZone)
        let asked = context.request.query["date"] ?? ""
        guard let date = asked.isEmpty ? today : LocalDate(asked) else {
            let form = dayForm(context, shown: today, today: today, typed: asked, error: context.t(badDate))
            return ConsoleLayout.page(context, title: context.t(TodayWords.title), status: .badRequest, form)
        }
        let api = console.api(context)
        let next = ConsoleAPI.target("/console/", [("date", asked.isEmpty ? nil : date.description)])
        let doctors = try await doctorNames(api)
        let rota = try await api.get(
            ConsoleAPI.target("/v1/rota", [("from", date.description), ("to", date.description)]))
        var order: [String] = []
        var sessions: [String: [JSONValue]] = [:]
        for assignment in rota["items"].array {
            let doctorId = assignment["doctorId"].text
            if sessions[doctorId] == nil { order.append(doctorId) }
            sessions[doctorId, default: []].append(assignment)
        }
        var days: [Markup] = []
        for doctorId in order {
            let list = try await api.get(
                ConsoleAPI.target("/v1/day-list", [("date", date.description), ("doctorId", doctorId)]))
            days.append(
                TodayDayTable.section(
                    context, doctorId: doctorId, name: doctors[doctorId] ?? "", sessions: sessions[doctorId] ?? [],
                    entries: list["items"].array, date: date, next: next))
        }
        // A walk-in queue is one health room's: a county admin sees it once a room is picked (the API asks which).
        let noRoomPicked = context.session?.clinics.map { $0.picked == nil } ?? false
        let queue =
            noRoomPicked ? Markup.empty : try await TodayWalkInQueue.section(context, api, date: date, next: next)
        let notice = try await TodayNotice.markup(context, api, doctors: doctors)
        let noDoctor: Markup = "<p class=\"card muted\">\(context.t(TodayWords.noDoctor))</p>"
        let displaced = await DisplacedPage.todayLink(context, api)
        let body: Markup = """
            \(notice)
            \(displaced)
            \(dayForm(context, shown: date, today: today, typed: nil, error: nil))
            <p class="lead">\(ConsoleDates.date(date, context.language))</p>
            \(days.isEmpty ? noDoctor : days.joined())
            \(queue)
            """
        return ConsoleLayout.page(context, title: context.t(TodayWords.title), body)
    }

    static let badDate = Words(
        "ཚེས་གྲངས་ནོར་འདུག ལོ-ཟླ-ཚེས་ (དཔེར་ན། 2026-12-10) ལྟར་འབྲི་རོགས།", "日期无效，请按 2026-12-10 的格式填写。",
        "Not a date: write it as 2026-12-10.")

    /// Doctors' names by id (the rota and the day list name doctors by id only).
    static func doctorNames(_ api: ConsoleAPI) async throws -> [String: String] {
        var names: [String: String] = [:]
        for doctor in try await api.get("/v1/doctors")["items"].array { names[doctor["id"].text] = doctor["name"].text }
        return names
    }

    /// Previous and next day, and a date field (a GET form, so it works without script and can be bookmarked).
    private static func dayForm(
        _ context: RequestContext, shown: LocalDate, today: LocalDate, typed: String?, error: String?
    ) -> Markup {
        let previous = ConsoleAPI.target("/console/", [("date", shown.adding(days: -1).description)])
        let following = ConsoleAPI.target("/console/", [("date", shown.adding(days: 1).description)])
        let todayLink: Markup =
            shown == today && error == nil ? .empty : "<a href=\"/console/\">\(context.t(TodayWords.today))</a>"
        return """
            <form method="get" action="/console/" class="card day-nav no-print" id="day-form">
            <a href="\(previous)" rel="prev" id="previous-day">← \(context.t(TodayWords.previousDay))</a>
            \(ConsoleForm.input("date", label: context.t(TodayWords.date), value: typed ?? shown.description,
                type: "date", error: error))
            <button type="submit">\(context.t(TodayWords.show))</button>
            <a href="\(following)" rel="next" id="next-day">\(context.t(TodayWords.nextDay)) →</a>
            \(todayLink)
            </form>
            """
    }
}
