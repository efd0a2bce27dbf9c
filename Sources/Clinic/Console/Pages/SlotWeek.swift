import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// One week of slots as the booking and reschedule pages show them: the week picker, the filters (form
/// `slot-filter`) and the table `slots`, grouped by day and session. What each free slot offers (a book form, a
/// move form) is the page's, through `action`.
struct SlotWeek: Sendable {
    /// The Monday of the week shown.
    var monday: LocalDate
    var mode: String?
    var doctorId: String?
    var language: String?
    var availableOnly: Bool
    /// The `week` typed, when it was not a date (the week shown is then this week).
    var badWeek: String?

    /// The week and filters from a page's query; `defaultMode` when none is chosen.
    init(_ query: QueryParameters, today: LocalDate, defaultMode: String? = nil) {
        let typed = query["week"].flatMap { $0.isEmpty ? nil : $0 }
        let day = typed.flatMap { LocalDate($0) }
        badWeek = day == nil ? typed : nil
        let anchor = day ?? today
        monday = anchor.adding(days: 1 - anchor.isoWeekday)
        mode = query["mode"] ?? defaultMode
        doctorId = query["doctorId"]
        language = query["language"]
        availableOnly = query["available"] == "true"
    }

    /// The query that shows this week with these filters (plus `extra` first), for links and the forms' `view`.
    func query(_ extra: [(String, String?)] = [], week: LocalDate? = nil) -> [(String, String?)] {
        extra + [
            ("week", (week ?? monday).description), ("mode", mode), ("doctorId", doctorId), ("language", language),
            ("available", availableOnly ? "true" : nil),
        ]
    }

    /// What the API said about the week: its slots, the doctors, the clinic days and the priority hold.
    struct Loaded: Sendable {
        var slots: [JSONValue] = []
        var doctors: [JSONValue] = []
        var clinicWeekdays: [Int] = [2, 4]
        var holdHours: Int = 24
        /// A filter the API refused (400), shown next to its field.
        var problem: ConsoleAPI.Problem?
    }

    /// The most slot pages read for one week (500 each): far more than a health room's week has.
    static let maximumPages = 4

    func load(_ api: ConsoleAPI) async throws -> Loaded {
        var loaded = Loaded()
        let clinic = try await api.get("/v1/clinic")
        let weekdays = clinic["clinicWeekdays"].array.compactMap(\.int)
        if !weekdays.isEmpty { loaded.clinicWeekdays = weekdays.sorted() }
        loaded.holdHours = clinic["priorityHoldHours"].int ?? loaded.holdHours
        loaded.doctors = try await api.get("/v1/doctors")["items"].array
        var cursor: String?
        for _ in 0..<Self.maximumPages {
            let target = ConsoleAPI.target(
                "/v1/slots",
                [
                    ("from", monday.description), ("to", monday.adding(days: 6).description), ("mode", mode),
                    ("doctorId", doctorId), ("language", language), ("available", availableOnly ? "true" : nil),
                    ("limit", "500"), ("cursor", cursor),
                ])
            switch await api.outcome(.get, target) {
            case .success(let page):
                loaded.slots += page["items"].array
                cursor = page["nextCursor"].string
            case .failure(let problem) where problem.status == 400 || problem.status == 422:
                loaded.problem = problem
                cursor = nil
            case .failure(let problem):
                throw problem
            }
            if cursor == nil { break }
        }
        return loaded
    }

    /// The week picker and the filter form; `path` is the page, `hidden` what it keeps (the resident).
    func controls(_ context: RequestContext, path: String, hidden: [(String, String)], _ loaded: Loaded) -> Markup {
        let language = context.language
        let today = LocalDate(Date(), in: context.timeZone)
        let thisMonday = today.adding(days: 1 - today.isoWeekday)
        let keep = hidden.map { (name: String, value: String) -> (String, String?) in (name, value) }
        func link(_ week: LocalDate, _ words: Words, _ rel: String) -> Markup {
            let target = ConsoleAPI.target(path, query(keep, week: week))
            let current = week == monday ? Markup(raw: " aria-current=\"true\"") : .empty
            return "<a class=\"button secondary\" rel=\"\(rel)\" href=\"\(target)\"\(current)>\(words(language))</a>"
        }
        let hiddenFields = hidden.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" as Markup }
        let modes =
            [("", BookingWords.all(language))]
            + AppointmentRoutes.modes.map { ($0, ValueWords.mode($0)(language)) }
        let doctors =
            [("", BookingWords.all(language))]
            + loaded.doctors.filter { $0["active"].bool != false || $0["id"].string == doctorId }
            .map { ($0["id"].text, $0["name"].text) }
        let tags = Set(["bo", "zh"] + loaded.doctors.flatMap { $0["languages"].array.map(\.text) })
        let languages =
            [("", BookingWords.all(language))]
            + tags.sorted().map { ($0, BookingWords.languageName($0)) }
        let problem = loaded.problem
        let weekError = badWeek != nil ? BookingWords.weekInvalid(language) : problem?.message(for: "from")
        let checked = availableOnly ? Markup(raw: " checked") : .empty
        return """
            <nav class="actions week-nav" aria-label="\(BookingWords.week(language))">
            \(link(monday.adding(days: -7), BookingWords.previousWeek, "prev"))
            \(link(thisMonday, BookingWords.thisWeek, "start"))
            \(link(monday.adding(days: 7), BookingWords.nextWeek, "next"))
            </nav>
            <form id="slot-filter" method="get" action="\(path)" class="card">
            \(hiddenFields)
            <div class="row">
            \(ConsoleForm.input(
                "week", label: BookingWords.week(language), value: badWeek ?? monday.description, type: "date",
                error: weekError, hint: BookingWords.weekHint(language)))
            \(ConsoleForm.select(
                "mode", label: BookingWords.mode(language), options: modes.map { (value: $0.0, label: $0.1) },
                selected: mode ?? "", error: problem?.message(for: "mode")))
            \(ConsoleForm.select(
                "doctorId", label: BookingWords.doctor(language), options: doctors.map { (value: $0.0, label: $0.1) },
                selected: doctorId ?? "", error: problem?.message(for: "doctorId")))
            \(ConsoleForm.select(
                "language", label: BookingWords.language(language),
                options: languages.map { (value: $0.0, label: $0.1) }, selected: self.language ?? "",
                error: problem?.message(for: "language"), attributes: .empty))
            </div>
            <div class="field"><label><input type="checkbox" name="available" value="true"\(checked)> \(BookingWords.availableOnly(language))</label></div>
            <button type="submit">\(BookingWords.show(language))</button>
            </form>
            """
    }

    /// The week's slots: a `<tbody>` per day and session, a row per slot with its time, doctor, mode, free seats and
    /// the green-channel badge; the last cell is `action(slot)` (a button of `pickForm`, or why there is none).
    func table(
        _ context: RequestContext, _ loaded: Loaded, actionHeader: Words, action: (JSONValue) -> Markup
    ) -> Markup {
        let language = context.language
        let names = Dictionary(
            loaded.doctors.map { ($0["id"].text, $0["name"].text) }, uniquingKeysWith: { first, _ in first })
        var groups: [(date: String, session: String, slots: [JSONValue])] = []
        for slot in loaded.slots {
            let date = slot["date"].text
            let session = slot["session"].text
            if let index = groups.firstIndex(where: { $0.date == date && $0.session == session }) {
                groups[index].slots.append(slot)
            } else {
                groups.append((date, session, [slot]))
            }
        }
        groups.sort { ($0.date, $0.slots[0]["start"].text) < ($1.date, $1.slots[0]["start"].text) }
        let days = Set(groups.map(\.date))
        let empty = (0..<7).map { monday.adding(days: $0) }
            .filter { loaded.clinicWeekdays.contains($0.isoWeekday) && !days.contains($0.description) }
            .map { "<li>\(ConsoleDates.date($0, language)): \(BookingWords.noSlotsThisDay(language))</li>" as Markup }
        let emptyDays: Markup = empty.isEmpty ? .empty : "<ul class=\"muted no-slots\">\(empty)</ul>"
        guard !groups.isEmpty else {
            return "<p class=\"muted\">\(BookingWords.noSlots(language))</p>\(emptyDays)"
        }
        let bodies = groups.map { group -> Markup in
            let rows = group.slots.enumerated().map { index, slot -> Markup in
                let heading: Markup =
                    index == 0
                    ? """
                    <th scope="rowgroup" rowspan="\(group.slots.count)">\(ConsoleDates.date(group.date, language))<br><span class="muted">\(ValueWords.session(group.session)(language))</span></th>
                    """ : .empty
                let capacity = slot["capacity"].int ?? 0
                let free = max(0, capacity - (slot["booked"].int ?? 0))
                let badge: Markup =
                    slot["priorityOnly"].bool == true
                    ? " <span class=\"badge priority\">\(BookingWords.greenChannel(language))</span>" : .empty
                return """
                    <tr data-date="\(slot["date"].text)" data-mode="\(slot["mode"].text)" data-slot-id="\(slot["id"].text)">
                    \(heading)<th scope="row">\(ConsoleDates.time(slot["start"].text))–\(ConsoleDates.time(slot["end"].text))\(badge)</th>
                    <td>\(names[slot["doctorId"].text] ?? "")</td>
                    <td>\(ValueWords.mode(slot["mode"].text)(language))</td>
                    <td class="seats"><strong>\(free)</strong> <span class="muted">/ \(capacity)</span></td>
                    <td>\(action(slot))</td>
                    </tr>
                    """
            }
            return "<tbody>\(rows)</tbody>"
        }
        let headers = [
            BookingWords.daySession, BookingWords.time, BookingWords.doctor, BookingWords.mode, BookingWords.freeSeats,
            actionHeader,
        ].map { "<th scope=\"col\">\($0(language))</th>" as Markup }
        return """
            <p class="muted legend"><span class="badge priority">\(BookingWords.greenChannel(language))</span> \(BookingWords.greenChannelExplained(loaded.holdHours)(language))</p>
            <div class="table-wrap">
            <table id="slots">
            <caption>\(BookingWords.slots(language)): \(ConsoleDates.date(monday, language)) – \(ConsoleDates.date(monday.adding(days: 6), language))</caption>
            <thead><tr>\(headers)</tr></thead>
            \(bodies)
            </table>
            </div>
            \(emptyDays)
            """
    }

    /// The week's table inside one form posting to `action`, when some slot in it can be picked: the CSRF field,
    /// the page's `view` (the week and filters to show again after a refusal), `fields`, then the table, where each
    /// free slot's row has a button naming its slot (`slotButton`). The form's first button is a disabled one no one
    /// sees, so Enter in a field submits nothing (it would press the first slot's button). One form for the week,
    /// not one per slot: a busy week has hundreds of slots.
    static func pickForm(
        _ context: RequestContext, id: String, action: String, view: String, fields: Markup = .empty,
        table: Markup
    ) -> Markup {
        """
        <form id="\(id)" method="post" action="\(action)" class="pick">
        <button type="submit" disabled hidden tabindex="-1" aria-hidden="true"></button>
        \(ConsoleForm.csrfField(context))
        <input type="hidden" name="view" value="\(view)">
        \(fields)
        \(table)
        </form>
        """
    }

    /// A free slot's button in the week's form (`pickForm`): it sends `name=value`.
    static func slotButton(name: String, value: String, class className: String, label: String) -> Markup {
        """
        <button type="submit" class="\(className)" name="\(name)" value="\(value)">\(label)</button>
        """
    }

    /// Whether a slot can take one more booking now (its session runs, a free seat, not started); priority is the
    /// API's to judge.
    static func isOpen(_ slot: JSONValue, now: Date = Date()) -> Bool {
        let bookable = slot["closed"].bool != true && (slot["capacity"].int ?? 0) > (slot["booked"].int ?? 0)
        guard let start = RFC3339.parse(slot["start"].text) else { return bookable }
        return bookable && start > now
    }

    /// Why a slot has no button: its session will not run, full, or past.
    static func closedReason(_ slot: JSONValue, _ language: Language) -> Markup {
        let reason =
            slot["closed"].bool == true
            ? BookingWords.closed
            : (slot["capacity"].int ?? 0) > (slot["booked"].int ?? 0) ? BookingWords.past : BookingWords.full
        return "<span class=\"muted\">\(reason(language))</span>"
    }
}
