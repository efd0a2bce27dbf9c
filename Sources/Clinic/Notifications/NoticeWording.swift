import ClinicDomain

/// One language's notice texts, as a template file gives them (`templates/notices/<language>.txt`): a text per
/// kind, the words for each mode and its place or channel, the date's pattern with weekday (and month) names, and
/// the digits dates and times are written in.
struct NoticeWording: Sendable, Equatable {
    enum Digits: String, Sendable {
        case western, tibetan
    }

    var texts: [NoticeKind: NoticeTemplate]
    var modes: [ConsultationMode: NoticeTemplate]
    var places: [ConsultationMode: NoticeTemplate]
    /// `{weekday}`, `{day}`, `{month}`, `{monthName}`, `{year}`.
    var date: NoticeTemplate
    /// Monday first.
    var weekdays: [String]
    /// January first; empty when the date pattern names no month.
    var months: [String]
    var digits: Digits

    /// Placeholders of the notice texts; `{previousDate}` and `{previousTime}` only where the kind knows them.
    static func placeholders(_ kind: NoticeKind) -> Set<String> {
        let common: Set<String> = ["resident", "clinic", "date", "time", "endTime", "doctor", "mode", "place"]
        return kind.knowsPreviousTime ? common.union(["previousDate", "previousTime"]) : common
    }

    static let datePlaceholders: Set<String> = ["weekday", "day", "month", "monthName", "year"]
    /// A mode's words and its place may name the clinic.
    static let modePlaceholders: Set<String> = ["clinic"]

    /// `text` with its ASCII digits in the wording's digits.
    func digits(_ text: String) -> String {
        guard digits == .tibetan else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    guard ("0"..."9").contains(scalar) else { return scalar }
                    return Unicode.Scalar(scalar.value - 0x30 + 0x0F20)!  // ༠ (U+0F20) ... ༩
                }))
    }
}
