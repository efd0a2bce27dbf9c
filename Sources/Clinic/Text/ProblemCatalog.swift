import ClinicDomain

/// The one place problem+json texts get their language: the title by status, the detail by the problem's `type`
/// (then the fixed details every type shares), each field message by its English text or pattern. English is what
/// the code wrote, unchanged; `type`, `status`, field names and `instance` never change.
enum ProblemCatalog {
    /// `error` with `title`, `detail` and field messages in `language`.
    static func localized(_ error: APIError, _ language: Language) -> APIError {
        guard language != .en else { return error }
        var localized = error
        localized.title = title(error.status, error.title, language)
        localized.detail = error.detail.map { detail($0, type: error.type, language) }
        localized.errors = error.errors.map { FieldError(field: $0.field, message: fieldMessage($0.message, language)) }
        return localized
    }

    static func title(_ status: Int, _ english: String, _ language: Language) -> String {
        guard let words = ProblemTitles.byStatus[status], words.en == english else {
            return ProblemDetailTexts.shared.translate(english, language)
        }
        return words(language)
    }

    static func detail(_ english: String, type: String, _ language: Language) -> String {
        if let book = ProblemDetailTexts.byType[type], book.lookup(english) != nil {
            return book.translate(english, language)
        }
        return ProblemDetailTexts.shared.translate(english, language)
    }

    static func fieldMessage(_ english: String, _ language: Language) -> String {
        FieldMessageTexts.book.translate(english, language)
    }
}
