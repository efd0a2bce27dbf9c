import Foundation

/// Runs `work`, which blocks (it waits for another program: initdb, pg_ctl, pg_basebackup), on a thread of its own,
/// never on the cooperative pool: that pool has a thread per core (two here), and one thread stuck for seconds
/// halves everything else the process is doing, the server's requests included.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
