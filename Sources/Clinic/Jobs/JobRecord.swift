import Foundation

/// What one process saw of one job: shown in `/metrics`, so an operator sees a job that stopped succeeding.
struct JobRecord: Sendable, Equatable {
    /// Runs that finished without error.
    var successes = 0
    /// Runs that threw.
    var failures = 0
    /// Turns skipped because another server process was running the job.
    var skipped = 0
    var lastSuccess: Date?
    var lastFailure: Date?

    init() {}
}
