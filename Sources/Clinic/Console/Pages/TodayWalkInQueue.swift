import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// The walk-in queue on the today page (`id="walk-in-queue"`): who waits for a free on-site slot that day, first
/// come first, with a button for one who went home, and the way to the walk-in form.
enum TodayWalkInQueue {
    static func section(_ context: RequestContext, _ api: ConsoleAPI, date: LocalDate, next: String) async throws
        -> Markup
    {
        let queue = try await api.get(ConsoleAPI.target("/v1/walk-ins", [("date", date.description)]))
        var rows: [Markup] = []
        for entry in queue["items"].array {
            // The queue names residents by id; a resident that cannot be read shows without a name, not as an error.
            let resident = try? await api.get("/v1/residents/" + ConsoleAPI.encode(entry["residentId"].text))
            rows.append(row(context, entry, names: resident?["names"] ?? .null, next: next))
        }
        let table: Markup =
            rows.isEmpty
            ? "<p class=\"muted\">\(context.t(TodayWords.nobodyWaiting))</p>"
            : """
            <div class="table-wrap"><table id="walk-in-table">
            <thead><tr><th scope="col">\(context.t(TodayWords.position))</th>\
            <th scope="col">\(context.t(TodayWords.resident))</th><th scope="col">\(context.t(TodayWords.reason))</th>\
            <th scope="col">\(context.t(TodayWords.arrived))</th><th scope="col">\(context.t(TodayWords.actions))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            """
        return """
            <section class="card" id="walk-in-queue" aria-labelledby="walk-in-queue-heading">
            <h2 id="walk-in-queue-heading">\(context.t(TodayWords.walkInQueue))</h2>
            <p class="no-print"><a class="button" id="walk-in-link" href="/console/walk-ins">\(context.t(TodayWords.newWalkIn))</a></p>
            \(table)
            </section>
            """
    }

    private static func row(_ context: RequestContext, _ entry: JSONValue, names: JSONValue, next: String) -> Markup {
        let id = entry["id"].text
        return """
            <tr id="walk-in-\(id)">
            <td>\(entry["position"].text)</td>
            <th scope="row">\(NameDisplay.markup(names, context.language))</th>
            <td>\(entry["reason"].text)</td>
            <td>\(ConsoleDates.time(entry["createdAt"].text))</td>
            <td><form method="post" action="/console/walk-ins/\(id)/leave">\(ConsoleForm.csrfField(context))\
            <input type="hidden" name="next" value="\(next)">\
            <button type="submit" class="secondary leave">\(context.t(TodayWords.wentHome))</button></form></td>
            </tr>
            """
    }
}
