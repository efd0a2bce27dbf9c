import ClinicDomain
import ClinicPostgres
import Foundation

/// Arrays of instants and flags, for batch inserts through `unnest`.
extension Date: PostgresArrayElement {
    package static var arrayOID: UInt32 { 1185 }  // timestamptz[]
    package var arrayElementText: String? { PostgresTimestamp.format(self) }
}

extension Bool: PostgresArrayElement {
    package static var arrayOID: UInt32 { 1000 }  // bool[]
    package var arrayElementText: String? { self ? "t" : "f" }
}

/// Instants of clinic dates, for range filters on timestamptz columns.
enum ClinicDay {
    /// `[start of from, start of the day after to)` on the clinic's wall clock.
    static func bounds(from: LocalDate, to: LocalDate, zone: TimeZone) -> (start: Date, end: Date) {
        let midnight = LocalTime(hour: 0, minute: 0)!
        return (from.instant(at: midnight, in: zone), to.adding(days: 1).instant(at: midnight, in: zone))
    }
}

extension ValidationError {
    /// A `cursor` that does not decode: 422 on the `cursor` field.
    static let badCursor = ValidationError(field: "cursor", message: "is not a cursor this server gave")
}

/// `text` with `%`, `_` and `\` taken literally in a LIKE pattern (the default escape character).
func likeEscaped(_ text: String) -> String {
    var result = ""
    for char in text {
        if char == "%" || char == "_" || char == "\\" { result.append("\\") }
        result.append(char)
    }
    return result
}
