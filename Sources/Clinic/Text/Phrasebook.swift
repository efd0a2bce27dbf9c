import ClinicDomain
import Foundation

/// A list of English texts and their Tibetan and Chinese renderings, looked up by the English text the code wrote:
/// exactly, or by a pattern with placeholders (`PhrasePattern`). English is always returned unchanged, and a text no
/// entry covers stays English (a new message is never lost, only untranslated; the catalog tests find it).
struct Phrasebook: Sendable {
    let entries: [Words]
    private let exact: [String: Words]
    private let patterns: [(pattern: PhrasePattern, words: Words)]

    init(_ entries: [Words]) {
        self.entries = entries
        var exact: [String: Words] = [:]
        var patterns: [(PhrasePattern, Words)] = []
        for words in entries {
            let pattern = PhrasePattern(words.en)
            if pattern.hasPlaceholders { patterns.append((pattern, words)) } else { exact[words.en] = words }
        }
        self.exact = exact
        self.patterns = patterns
    }

    /// The entry for `text` and the values of its placeholders, if an entry covers it.
    func lookup(_ text: String) -> (words: Words, values: [Int: String])? {
        if let words = exact[text] { return (words, [:]) }
        for (pattern, words) in patterns {
            if let values = pattern.match(text) { return (words, values) }
        }
        return nil
    }

    /// `text` in `language`, or `text` itself when the language is English or no entry covers it.
    func translate(_ text: String, _ language: Language) -> String {
        guard language != .en, let (words, values) = lookup(text) else { return text }
        return PhrasePattern.fill(words(language), values)
    }
}
