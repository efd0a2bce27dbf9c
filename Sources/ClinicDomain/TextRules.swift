import Foundation

/// The rules for short free text that every kind of input shares (a resident's address, a doctor's institution,
/// an appointment's reason), in one place, so one field is not checked one way here and another way there.
/// Clinical text, which may hold line breaks, has its own rules (`ClinicalText`).
package enum TextRules {
    /// The limit of short text that names none of its own.
    package static let defaultMaximum = 500

    /// An appointment's reason, as booked, given at the door (a walk-in) or given for a cancellation.
    package static let reasonMaximum = 1000

    /// At most `maximum` characters (Unicode scalars) and no control characters; nil (absent) passes.
    package static func errors(_ value: String?, field: String, maximum: Int = defaultMaximum) -> [FieldError] {
        guard let value else { return [] }
        var v = Validator()
        v.check(value.unicodeScalars.count <= maximum, field: field, message: "must be at most \(maximum) characters")
        v.check(
            !value.unicodeScalars.contains { $0.properties.generalCategory == .control }, field: field,
            message: "must not contain control characters")
        return v.errors
    }

    /// An appointment's reason (`reasonMaximum`).
    package static func reasonErrors(_ reason: String?, field: String = "reason") -> [FieldError] {
        errors(reason, field: field, maximum: reasonMaximum)
    }

    /// Trimmed, with blanks as nil: how short text is stored.
    package static func clean(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
