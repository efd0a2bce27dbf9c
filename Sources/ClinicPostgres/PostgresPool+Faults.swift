import ClinicSupport
import Foundation

/// Faults a test can inject into a pool, to prove what callers do when a `COMMIT`'s answer is lost: there is no
/// other reliable way to lose a connection exactly between sending `COMMIT` and reading its answer.
final class PostgresPoolFaults: Sendable {
    /// What happens to the next transaction's `COMMIT`.
    struct CommitFault: Sendable {
        /// Whether `COMMIT` reaches the server (the transaction commits) before the connection drops.
        var committed: Bool
        /// How long the database then stays unreachable: every borrower gets `connectionLost` meanwhile, as during
        /// a restart, so nobody (the pool's commit witness included) can ask what happened.
        var outage: Duration
    }

    private let state = LockedValue<(commit: CommitFault?, unreachableUntil: ContinuousClock.Instant?)>((nil, nil))

    /// Arms `fault` for the next `COMMIT` of a `withTransaction` on this pool.
    func loseNextCommit(_ fault: CommitFault) { state.withValue { $0.commit = fault } }

    func takeCommitFault() -> CommitFault? {
        state.withValue { state in
            defer { state.commit = nil }
            return state.commit
        }
    }

    private let witnessMisses = LockedValue(0)

    /// The next `count` commit-witness asks (`PostgresPool.committed(according:)`) answer "not committed" whatever the
    /// database holds, as when the lost connection's backend commits only after the witness was asked.
    func missNextWitnesses(_ count: Int) { witnessMisses.value = count }

    func takeWitnessMiss() -> Bool {
        witnessMisses.withValue { misses in
            guard misses > 0 else { return false }
            misses -= 1
            return true
        }
    }

    func beginOutage(_ duration: Duration) {
        state.withValue { $0.unreachableUntil = ContinuousClock.now + duration }
    }

    /// Ends an outage now: a test that must see the outage last until it has read an answer ends it itself, so a
    /// starved machine cannot stretch the answer past a fixed outage.
    func endOutage() { state.withValue { $0.unreachableUntil = nil } }

    /// Throws `connectionLost` while an outage lasts.
    func checkReachable() throws {
        guard let until = state.value.unreachableUntil, ContinuousClock.now < until else { return }
        throw PostgresError(kind: .connectionLost, message: "simulated outage: the database is unreachable")
    }
}
