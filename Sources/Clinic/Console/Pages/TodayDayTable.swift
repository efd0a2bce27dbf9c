import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// One doctor's day on the today page: their sessions, a link to the printable day list, and the day list as a
/// table (`id="day-<doctorId>"`) with each row's buttons.
enum TodayDayTable {
    static func section(
        _ context: RequestContext, doctorId: String, name: String, sessions: [JSONValue], entries: [JSONValue],
        date: LocalDate, next: String
    ) -> Markup {
        let heading = "doctor-\(doctorId)"
        let times = sessions.map { session -> Markup in
            let modes = session["modes"].array.map { mode in context.t(ValueWords.mode(mode.text)) }
            return """
                <li>\(context.t(ValueWords.session(session["session"].text))) \(ConsoleDates.time(session["start"].text))–\
                \(ConsoleDates.time(session["end"].text)) <span class="muted">(\(modes.joined(separator: ", ")))</span></li>
                """
        }
        let print = ConsoleAPI.target("/console/day-list/print", [("date", date.description), ("doctorId", doctorId)])
        let rows =
            entries.isEmpty
            ? ["<tr><td colspan=\"5\" class=\"muted\">\(context.t(TodayWords.noAppointments))</td></tr>"]
            : entries.map { row(context, $0, next: next) }
        return """
            <section class="card" aria-labelledby="\(heading)">
            <h2 id="\(heading)">\(name)</h2>
            <ul class="sessions">\(times)</ul>
            <p class="no-print"><a class="print" href="\(print)" aria-label="\(context.t(TodayWords.printDayList)): \(name)">\(context.t(TodayWords.printDayList))</a></p>
            <div class="table-wrap"><table id="day-\(doctorId)">
            <thead><tr><th scope="col">\(context.t(TodayWords.time))</th><th scope="col">\(context.t(TodayWords.resident))</th>\
            <th scope="col">\(context.t(TodayWords.mode))</th><th scope="col">\(context.t(TodayWords.status))</th>\
            <th scope="col">\(context.t(TodayWords.actions))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            </section>
            """
    }

    /// One appointment: time (a link to the appointment's page, where it is rescheduled), who (names in the reader's script first, priority and walk-in marked), mode,
    /// status, and the buttons its status allows.
    private static func row(_ context: RequestContext, _ entry: JSONValue, next: String) -> Markup {
        let status = entry["status"].text
        let mode = entry["mode"].text
        var marks: [Markup] = []
        if entry["priority"].bool == true {
            marks.append(" <span class=\"badge priority\">\(context.t(TodayWords.priority))</span>")
        }
        if entry["walkIn"].bool == true {
            marks.append(" <span class=\"badge\">\(context.t(TodayWords.walkIn))</span>")
        }
        if let language = entry["interpreter"].string {
            marks.append(
                " <span class=\"badge\">\(context.t(TodayWords.interpreter)): \(BookingWords.languageName(language))</span>"
            )
        }
        let reason: Markup = entry["reason"].string.map { "<div class=\"muted\">\($0)</div>" } ?? .empty
        return """
            <tr id="appointment-\(entry["appointmentId"].text)" data-status="\(status)">
            <td><a class="appointment-link" href="/console/appointments/\(ConsoleAPI.encode(entry["appointmentId"].text))">\(
            ConsoleDates.time(entry["start"].text))–\(ConsoleDates.time(entry["end"].text))</a></td>
            <th scope="row">\(NameDisplay.markup(entry["names"], context.language))\(marks)\(reason)</th>
            <td>\(context.t(ValueWords.mode(mode)))</td>
            <td><span class="badge status">\(context.t(ValueWords.appointmentStatus(status)))</span></td>
            <td>\(AppointmentActionPages.buttons(context, appointmentId: entry["appointmentId"].text, status: status, next: next))</td>
            </tr>
            """
    }
}
