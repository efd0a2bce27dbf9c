import Foundation

/// Why a resident gets the "green channel": reserved capacity and going first.
package enum PriorityFlag: String, Codable, Sendable, CaseIterable {
    case livesAlone, emptyNest, disabled, lowIncome, specialHardship

    /// A resident is a priority resident when any flag is set; the flags only say why.
    package static func isPriority(_ flags: some Collection<PriorityFlag>) -> Bool {
        !flags.isEmpty
    }
}
