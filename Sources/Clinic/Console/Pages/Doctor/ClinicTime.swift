import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Wall-clock times in the clinic's zone for `datetime-local` inputs, which carry no zone: the browser's own zone
/// may not be the clinic's (a visiting doctor's phone), so the console converts with the zone the API names.
enum ClinicTime {
    /// The clinic's zone as `GET /v1/clinic` names it (the context's zone if the API names none it knows).
    static func zone(_ api: ConsoleAPI) async throws -> TimeZone {
        let clinic = try await api.get("/v1/clinic")
        return clinic["timeZone"].string.flatMap(TimeZone.init(identifier:)) ?? api.context.timeZone
    }

    /// `2026-12-10T09:30` for a `datetime-local` input.
    static func localInput(_ date: Date, _ zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    /// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional) read in the clinic's zone, as RFC 3339 with
    /// the clinic's offset; nil when it is not one (the API then names the field).
    static func instant(local text: String, _ zone: TimeZone) -> String? {
        let pieces = text.split(separator: "T", omittingEmptySubsequences: false)
        guard pieces.count == 2, let day = LocalDate(pieces[0]) else { return nil }
        let clock = pieces[1].split(separator: ":").map { Int($0) }
        guard (2...3).contains(clock.count), let hour = clock[0], let minute = clock[1],
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        let second = clock.count == 3 ? (clock[2] ?? -1) : 0
        guard (0..<60).contains(second) else { return nil }
        let components = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
        guard let date = calendar(zone).date(from: components) else { return nil }
        return ZonedInstant(date, in: zone).description
    }

    /// Today in the clinic's zone.
    static func today(_ zone: TimeZone) -> LocalDate { LocalDate(Date(), in: zone) }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}

/// Reading a page's own query parameters; a malformed one is a 400 naming it (shown as an HTML error page).
enum ConsoleQuery {
    static func date(_ context: RequestContext, _ name: String) throws(APIError) -> LocalDate? {
        guard let text = context.request.query[name], !text.isEmpty else { return nil }
        guard let date = LocalDate(text) else {
            throw APIError.badRequest(
                "\(name) must be a date", errors: [FieldError(field: name, message: "must be a date YYYY-MM-DD")])
        }
        return date
    }
}
