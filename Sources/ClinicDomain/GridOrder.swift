import Foundation

/// The order people read grids in: numbers as numbers ("Grid 2" before "Grid 10"), and "" (residents without a
/// grid) last. The same order as the database's `walking_order` collation (migration 0021) for the names a clinic
/// gives its grids.
package enum GridOrder {
    /// Whether grid `a` comes before grid `b`.
    package static func precedes(_ a: String, _ b: String) -> Bool {
        if a.isEmpty != b.isEmpty { return b.isEmpty }
        return a.compare(b, options: [.numeric]) == .orderedAscending
    }
}
