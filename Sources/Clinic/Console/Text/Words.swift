import ClinicDomain

/// One label in the three languages of the console, kept beside the page that shows it. Tibetan and Chinese are
/// written for the health room's staff; a native speaker should review them (see README, Languages).
struct Words: Sendable, Equatable {
    let bo: String
    let zh: String
    let en: String

    init(_ bo: String, _ zh: String, _ en: String) {
        self.bo = bo
        self.zh = zh
        self.en = en
    }

    func callAsFunction(_ language: Language) -> String {
        switch language {
        case .bo: bo
        case .zh: zh
        case .en: en
        }
    }
}
