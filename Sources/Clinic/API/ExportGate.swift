import ClinicSupport
import Foundation

/// Bounds how many register-wide exports stream at once.
///
/// A CSV download holds a pooled database connection and an open read transaction for as long as the client
/// takes to read it; without a bound, as many slow downloads as the pool has connections would starve every
/// other request. A download that cannot enter is refused at once (429 with `Retry-After`), before any data is
/// read or audited.
final class ExportGate: Sendable {
    /// Held by one download; its place is given back when the permit is released, whichever path ends the
    /// download (finished, client gone, cut for making no progress, or a stream that never started).
    final class Permit: Sendable {
        private let gate: ExportGate
        fileprivate init(gate: ExportGate) { self.gate = gate }
        deinit { gate.inUse.withValue { $0 -= 1 } }
    }

    let limit: Int
    private let inUse = LockedValue(0)

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// A permit, or nil when `limit` downloads are already streaming.
    func enter() -> Permit? {
        let entered = inUse.withValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        return entered ? Permit(gate: self) : nil
    }

    /// Downloads streaming now (for `/metrics`).
    var active: Int { inUse.withValue { $0 } }
}
