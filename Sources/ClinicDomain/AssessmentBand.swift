import Foundation

/// The band an assessment score falls in; raw values are the API's `band` strings.
///
/// | kind     | score  | band                 |
/// | -------- | ------ | -------------------- |
/// | barthel  | 0–20   | `totalDependency`    |
/// | barthel  | 21–60  | `severeDependency`   |
/// | barthel  | 61–90  | `moderateDependency` |
/// | barthel  | 91–99  | `slightDependency`   |
/// | barthel  | 100    | `independent`        |
/// | selfCare | 0–3    | `independent`        |
/// | selfCare | 4–8    | `mildDependency`     |
/// | selfCare | 9–18   | `moderateDependency` |
/// | selfCare | ≥ 19   | `dependent`          |
///
/// Barthel uses the Shah et al. (1989) banding, the one most widely quoted; self-care uses the bands of the
/// national elderly self-care form. The two scales run in opposite directions (Barthel: high is independent).
package enum AssessmentBand: String, Codable, Sendable, CaseIterable {
    case independent
    case slightDependency
    case mildDependency
    case moderateDependency
    case severeDependency
    case totalDependency
    case dependent

    /// The band of `score` on `kind`'s scale. Scores outside the scale fall in the nearest end band.
    package init(kind: AssessmentKind, score: Int) {
        switch kind {
        case .barthel:
            switch score {
            case ...20: self = .totalDependency
            case 21...60: self = .severeDependency
            case 61...90: self = .moderateDependency
            case 91...99: self = .slightDependency
            default: self = .independent
            }
        case .selfCare:
            switch score {
            case ...3: self = .independent
            case 4...8: self = .mildDependency
            case 9...18: self = .moderateDependency
            default: self = .dependent
            }
        }
    }

    /// The bands `kind` can produce, from most to least independent.
    static func bands(of kind: AssessmentKind) -> [AssessmentBand] {
        switch kind {
        case .barthel:
            return [.independent, .slightDependency, .moderateDependency, .severeDependency, .totalDependency]
        case .selfCare: return [.independent, .mildDependency, .moderateDependency, .dependent]
        }
    }

    /// The words printed on day lists and health-file summaries, in English and Chinese.
    /// Self-care labels follow the national form's wording (可自理 … 不能自理).
    package func label(for kind: AssessmentKind) -> BandLabel {
        switch (kind, self) {
        case (.selfCare, .independent): return BandLabel(english: "Independent", chinese: "可自理")
        case (.selfCare, .dependent): return BandLabel(english: "Unable to care for self", chinese: "不能自理")
        case (_, .independent): return BandLabel(english: "Independent", chinese: "生活自理")
        case (_, .slightDependency): return BandLabel(english: "Slight dependency", chinese: "轻微依赖")
        case (_, .mildDependency): return BandLabel(english: "Mild dependency", chinese: "轻度依赖")
        case (_, .moderateDependency): return BandLabel(english: "Moderate dependency", chinese: "中度依赖")
        case (_, .severeDependency): return BandLabel(english: "Severe dependency", chinese: "重度依赖")
        case (_, .totalDependency): return BandLabel(english: "Total dependency", chinese: "完全依赖")
        case (_, .dependent): return BandLabel(english: "Dependent", chinese: "依赖")
        }
    }
}

/// A band's printed name in the clinic's two working languages of print (Tibetan labels are not yet written).
package struct BandLabel: Sendable, Equatable {
    package let english: String
    package let chinese: String

    package init(english: String, chinese: String) {
        self.english = english
        self.chinese = chinese
    }
}
