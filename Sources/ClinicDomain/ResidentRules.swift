import Foundation

/// The rules a resident's registration must meet, one function per field so `PATCH` can check only what it
/// changes. Each returns the broken rules (empty when fine) with the API's field names.
package enum ResidentRules {
    /// No resident of the register was born before this; earlier dates are typing errors.
    static let earliestBirthDate = LocalDate(year: 1890, month: 1, day: 1)!
    static let maximumLanguages = 10
    static let phoneDigitCount = 5...20
    static let idNumberLength = 4...32

    /// A birth date is not in the future (as seen on `today` in the clinic's zone) and not before 1890.
    static func birthDateErrors(_ birthDate: LocalDate, today: LocalDate, field: String = "birthDate")
        -> [FieldError]
    {
        var v = Validator()
        v.check(birthDate <= today, field: field, message: "must not be in the future")
        v.check(birthDate >= earliestBirthDate, field: field, message: "must not be before \(earliestBirthDate)")
        return v.errors
    }

    /// Languages are primary language subtags, lower case, 2–8 letters (`bo`, `zh`, `en`, `ug`, `ii`),
    /// each once, at most ten. Regional subtags are not kept: interpreters are matched by language.
    static func languageErrors(_ languages: [String], field: String = "languages") -> [FieldError] {
        var v = Validator()
        v.check(
            languages.count <= maximumLanguages, field: field,
            message: "must list at most \(maximumLanguages) languages")
        var seen: Set<String> = []
        for (position, language) in languages.enumerated() {
            let path = FieldPath.index(field, position)
            let wellFormed = isLanguageTag(language)
            v.check(wellFormed, field: path, message: "must be a lower-case language code of 2 to 8 letters")
            if wellFormed {
                v.check(seen.insert(language).inserted, field: path, message: "is listed twice")
            }
        }
        return v.errors
    }

    /// True for a lower-case ASCII primary language subtag of 2–8 letters.
    package static func isLanguageTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        return (2...8).contains(bytes.count) && bytes.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    }

    /// A phone number is written with digits, spaces, hyphens and one leading `+`, and has 5–20 digits
    /// (village fixed lines are short; international mobiles with country code are long).
    static func phoneErrors(_ phone: String, field: String = "phone") -> [FieldError] {
        var v = Validator()
        let trimmed = phone.trimmingCharacters(in: .whitespaces)
        let allowed = trimmed.unicodeScalars.enumerated().allSatisfy { position, scalar in
            switch scalar {
            case "0"..."9", " ", "-": return true
            case "+": return position == 0
            default: return false
            }
        }
        if v.check(allowed, field: field, message: "may only contain digits, spaces, '-' and a leading '+'") {
            let digits = digitsOf(trimmed).count
            v.check(
                phoneDigitCount.contains(digits), field: field,
                message: "must have \(phoneDigitCount.lowerBound) to \(phoneDigitCount.upperBound) digits")
        }
        return v.errors
    }

    /// The digits of a phone number alone, as search compares them (`"+86 138-0000"` gives `"861380000"`).
    package static func digitsOf(_ phone: String) -> String {
        String(phone.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
    }

    /// An identity-document number is 4–32 ASCII letters, digits or hyphens once trimmed. PRC numbers are
    /// not checksum-enforced (see `IdNumber.hasValidChineseChecksum`): other documents are accepted too.
    static func idNumberErrors(_ idNumber: String, field: String = "idNumber") -> [FieldError] {
        var v = Validator()
        let trimmed = idNumber.trimmingCharacters(in: .whitespaces)
        let bytes = Array(trimmed.utf8)
        let allowed = bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-")
        }
        v.check(
            allowed && idNumberLength.contains(bytes.count), field: field,
            message: "must be \(idNumberLength.lowerBound) to \(idNumberLength.upperBound) letters, digits or '-'")
        return v.errors
    }

    /// The masked identity number shown to users; see `IdNumber.mask`.
    static func maskIdNumber(_ idNumber: String) -> String { IdNumber.mask(idNumber) }

    /// The last four characters search matches; see `IdNumber.tail`.
    static func idNumberTail(_ idNumber: String) -> String? { IdNumber.tail(idNumber) }

    /// Checks every field given; nil means "not supplied" (absent on `PATCH`, or optional and left out).
    package static func validate(
        names: ResidentNames?, birthDate: LocalDate?, languages: [String]?, phone: String?, idNumber: String?,
        today: LocalDate
    ) throws(ValidationError) {
        var v = Validator()
        if let names { v.include(names.fieldErrors()) }
        if let birthDate { v.include(birthDateErrors(birthDate, today: today)) }
        if let languages { v.include(languageErrors(languages)) }
        if let phone { v.include(phoneErrors(phone)) }
        if let idNumber { v.include(idNumberErrors(idNumber)) }
        try v.finish()
    }
}
