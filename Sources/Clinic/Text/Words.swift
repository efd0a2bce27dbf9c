import ClinicDomain

/// One text in the three languages of the clinic: a console label kept beside the page that shows it, a printable
/// page's label, or a problem text of the API (`ProblemCatalog`). Tibetan and Chinese are written for the health
/// room's staff; a native speaker should review them (see README, Languages and fonts).
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
