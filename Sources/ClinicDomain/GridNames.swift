import Foundation

/// The names a clinic gives its neighbourhood grids, as people write and read them.
package enum GridNames {
    /// Whether grid `a` comes before grid `b` in the order people read grids: numbers as numbers ("Grid 2" before
    /// "Grid 10", "grid 3" before "Grid 10": case aside), and "" (residents without a grid) last: as the database's
    /// `walking_order` collation (migration 0021) orders the names a clinic gives its grids.
    package static func precedes(_ a: String, _ b: String) -> Bool {
        if a.isEmpty != b.isEmpty { return b.isEmpty }
        return a.compare(b, options: [.numeric, .caseInsensitive]) == .orderedAscending
    }

    /// The grids of a list typed by hand ("Grid 1, Grid 2"; the Chinese "，" and "、" separate too), each trimmed,
    /// the empty ones left out, each once, in the order given.
    package static func list(_ text: String) -> [String] {
        var grids: [String] = []
        for part in text.split(whereSeparator: { [",", "，", "、"].contains($0) }) {
            let grid = part.trimmingCharacters(in: .whitespaces)
            if !grid.isEmpty && !grids.contains(grid) { grids.append(grid) }
        }
        return grids
    }
}
