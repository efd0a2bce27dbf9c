import ClinicDomain
import ClinicHTTP
import Foundation

/// Form pieces with the console's conventions: every field has a label, an error shows next to its field (tied to
/// it with `aria-describedby`) and what was typed is kept; every state-changing form carries the CSRF field.
enum ConsoleForm {
    /// The hidden field every POST form carries (`ConsoleFormMiddleware` checks it).
    static let csrfName = "_csrf"

    static func csrfField(_ context: RequestContext) -> Markup {
        guard let session = context.session else { return .empty }
        return "<input type=\"hidden\" name=\"\(csrfName)\" value=\"\(session.formToken)\">"
    }

    /// A text-like input (`type` text, date, time, tel, number, password, search...).
    static func input(
        _ name: String, label: String, value: String? = nil, type: String = "text", error: String? = nil,
        required: Bool = false, hint: String? = nil, attributes: Markup = .empty
    ) -> Markup {
        let id = fieldID(name)
        return """
            <div class="field\(error == nil ? Markup.empty : " invalid")">
            <label for="\(id)">\(label)\(required ? Markup(raw: " <span class=\"req\" aria-hidden=\"true\">*</span>") : .empty)</label>
            \(hintMarkup(name, hint))
            <input id="\(id)" name="\(name)" type="\(type)" value="\(value ?? "")"\(required ? Markup(raw: " required") : .empty)\(describedBy(name, error: error, hint: hint)) \(attributes)>
            \(errorMarkup(name, error))
            </div>
            """
    }

    static func textarea(
        _ name: String, label: String, value: String? = nil, error: String? = nil, rows: Int = 4,
        hint: String? = nil, attributes: Markup = .empty
    ) -> Markup {
        let id = fieldID(name)
        return """
            <div class="field\(error == nil ? Markup.empty : " invalid")">
            <label for="\(id)">\(label)</label>
            \(hintMarkup(name, hint))
            <textarea id="\(id)" name="\(name)" rows="\(rows)"\(describedBy(name, error: error, hint: hint)) \(attributes)>\(value ?? "")</textarea>
            \(errorMarkup(name, error))
            </div>
            """
    }

    /// A `<select>`; `options` are (value, label) pairs.
    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String? = nil,
        error: String? = nil, required: Bool = false, attributes: Markup = .empty
    ) -> Markup {
        let id = fieldID(name)
        let items = options.map { option -> Markup in
            let mark = option.value == selected ? Markup(raw: " selected") : .empty
            return "<option value=\"\(option.value)\"\(mark)>\(option.label)</option>"
        }
        return """
            <div class="field\(error == nil ? Markup.empty : " invalid")">
            <label for="\(id)">\(label)</label>
            <select id="\(id)" name="\(name)"\(required ? Markup(raw: " required") : .empty)\(describedBy(name, error: error, hint: nil)) \(attributes)>\(items)</select>
            \(errorMarkup(name, error))
            </div>
            """
    }

    /// A box saying the form has errors, linking to each field (shown above the form).
    static func errorSummary(_ context: RequestContext, _ errors: [FieldError], labels: [String: String] = [:])
        -> Markup
    {
        guard !errors.isEmpty else { return .empty }
        let items = errors.map { error -> Markup in
            let label = labels[error.field] ?? error.field
            return "<li><a href=\"#\(fieldID(error.field))\">\(label)</a>: \(error.message)</li>"
        }
        return """
            <div class="alert error" role="alert"><p>\(CommonWords.fixTheFields(context.language))</p><ul>\(items)</ul></div>
            """
    }

    static func fieldID(_ name: String) -> String {
        "f-" + String(name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" })
    }

    private static func describedBy(_ name: String, error: String?, hint: String?) -> Markup {
        var ids: [String] = []
        if hint != nil { ids.append(fieldID(name) + "-hint") }
        if error != nil { ids.append(fieldID(name) + "-error") }
        guard !ids.isEmpty else { return .empty }
        let invalid = error == nil ? Markup.empty : Markup(raw: " aria-invalid=\"true\"")
        return " aria-describedby=\"\(ids.joined(separator: " "))\"\(invalid)"
    }

    private static func hintMarkup(_ name: String, _ hint: String?) -> Markup {
        guard let hint else { return .empty }
        return "<p class=\"hint\" id=\"\(fieldID(name))-hint\">\(hint)</p>"
    }

    private static func errorMarkup(_ name: String, _ error: String?) -> Markup {
        guard let error else { return .empty }
        return "<p class=\"error\" id=\"\(fieldID(name))-error\">\(error)</p>"
    }
}

extension RequestContext {
    /// The submitted form (`application/x-www-form-urlencoded`); empty when the body is not one, or not valid UTF-8
    /// and percent-encoding (`ConsoleFormMiddleware` refuses such a body with 400 before any page reads it).
    var form: QueryParameters { Self.parseForm(request.body) ?? QueryParameters() }

    /// `body` as a form, or nil when it is not valid UTF-8 with valid percent-encoding.
    static func parseForm(_ body: [UInt8]) -> QueryParameters? {
        guard !body.isEmpty else { return QueryParameters() }
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        return try? QueryParameters(parsing: text)
    }

    /// This label in the user's language.
    func t(_ words: Words) -> String { words(language) }
}
