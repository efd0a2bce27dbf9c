import Foundation

/// A resident's recorded sex. `unknown` exists because registration at a door often lacks it,
/// and a guess would be worse than a gap.
package enum Sex: String, Codable, Sendable, CaseIterable {
    case female, male, other, unknown
}
