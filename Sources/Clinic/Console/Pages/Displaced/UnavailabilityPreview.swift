import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// The preview of a doctor's unavailability (the admin's doctor page and the doctor's own page share it).
enum UnavailabilityPreview {
    static func page(
        _ context: RequestContext, _ api: ConsoleAPI, preview: JSONValue, doctorName: String, period: [String: String],
        action: String, back: String
    ) async throws -> HTTPResponse {
        let language = context.language
        let from = period["from"] ?? ""
        let to = period["to"] ?? ""
        let reason = period["reason"] ?? ""
        let what: Markup = """
            <h2>\(context.t(DoctorPage.unavailability)) · \(doctorName)</h2>\
            <p>\(ConsoleDates.date(from, language)) – \(ConsoleDates.date(to, language))\
            \(reason.isEmpty ? "" : " · " + reason)</p>
            """
        return try await DisplacementPreview.page(
            context, api, preview: preview, title: context.t(DoctorPage.unavailability), what: what, action: action,
            fields: [("from", from), ("to", to), ("reason", reason)], back: back)
    }
}
