import Foundation

/// A resident's name in each script the community writes: Tibetan (`bo`), Chinese (`zh`) and a Latin
/// transliteration. Staff find people by whichever they know, so any one is enough.
package struct ResidentNames: Codable, Sendable, Equatable {
    package var bo: String?
    package var zh: String?
    package var latin: String?

    /// The longest name kept, counted in Unicode scalars (as PostgreSQL counts characters); Tibetan
    /// stacks take several scalars per visible letter.
    package static let maximumLength = 200

    package init(bo: String? = nil, zh: String? = nil, latin: String? = nil) {
        self.bo = bo
        self.zh = zh
        self.latin = latin
    }

    /// Names trimmed of surrounding white space, blanks dropped to nil. Store this form.
    package var normalized: ResidentNames {
        func clean(_ name: String?) -> String? {
            guard let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
                return nil
            }
            return trimmed
        }
        return ResidentNames(bo: clean(bo), zh: clean(zh), latin: clean(latin))
    }

    /// The names by their JSON keys, in a fixed order.
    package var all: [(key: String, value: String?)] { [("bo", bo), ("zh", zh), ("latin", latin)] }

    /// At least one non-blank name; each at most `maximumLength` scalars and free of control characters
    /// (a pasted line break would break printouts and CSV rows). Judged after trimming.
    func fieldErrors(prefix: String = "names") -> [FieldError] {
        var v = Validator()
        let names = normalized
        v.check(
            names.all.contains { $0.value != nil }, field: prefix,
            message: "needs at least one of bo, zh, latin")
        for (key, value) in names.all {
            guard let value else { continue }
            let field = FieldPath.join(prefix, key)
            v.check(
                value.unicodeScalars.count <= Self.maximumLength, field: field,
                message: "must be at most \(Self.maximumLength) characters")
            v.check(
                !value.unicodeScalars.contains { $0.properties.generalCategory == .control }, field: field,
                message: "must not contain control characters")
        }
        return v.errors
    }

    package func validate(prefix: String = "names") throws(ValidationError) {
        let errors = fieldErrors(prefix: prefix)
        if !errors.isEmpty { throw ValidationError(errors) }
    }
}
