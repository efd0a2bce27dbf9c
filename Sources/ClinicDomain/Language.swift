/// The languages the clinic's screens, printable pages and messages are written in: Tibetan, Chinese, English.
package enum Language: String, CaseIterable, Sendable, Codable {
    case bo, zh, en

    /// The BCP 47 tag for `lang` attributes.
    package var tag: String { rawValue }
}
