import ClinicDomain
import ClinicSupport

/// A resident's names as the reader reads them: the name in the reader's script first (Tibetan for `bo`, Chinese
/// for `zh`, Latin letters for `en`), the others beside it, each marked with its language so it gets its font and
/// with `dir="auto"`, which isolates it: a direction mark typed into one name cannot reorder the text around it.
enum NameDisplay {
    /// `names` is the API's `{"bo","zh","latin"}` object.
    static func markup(_ names: JSONValue, _ language: Language) -> Markup {
        let order: [(key: String, tag: String)] =
            switch language {
            case .bo: [("bo", "bo"), ("zh", "zh"), ("latin", "en")]
            case .zh: [("zh", "zh"), ("bo", "bo"), ("latin", "en")]
            case .en: [("latin", "en"), ("bo", "bo"), ("zh", "zh")]
            }
        let present = order.compactMap { item -> (text: String, tag: String)? in
            guard let text = names[item.key].string, !text.isEmpty else { return nil }
            return (text, item.tag)
        }
        guard let first = present.first else { return .empty }
        let others = present.dropFirst().map { Markup("<span lang=\"\($0.tag)\" dir=\"auto\">\($0.text)</span>") }
        let beside: Markup =
            others.isEmpty ? .empty : " <span class=\"other-names\">(\(others.joined(separator: " · ")))</span>"
        return "<span class=\"name\" lang=\"\(first.tag)\" dir=\"auto\">\(first.text)</span>\(beside)"
    }

    /// The first name in the reader's script as plain text (for titles and `<option>`s).
    static func text(_ names: JSONValue, _ language: Language) -> String {
        let keys =
            switch language {
            case .bo: ["bo", "zh", "latin"]
            case .zh: ["zh", "bo", "latin"]
            case .en: ["latin", "bo", "zh"]
            }
        let present = keys.compactMap { names[$0].string }.filter { !$0.isEmpty }
        guard let first = present.first else { return "" }
        return present.count > 1 ? first + " (" + present.dropFirst().joined(separator: " · ") + ")" : first
    }
}
