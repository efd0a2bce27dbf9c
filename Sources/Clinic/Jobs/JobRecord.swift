import Foundation

/// What one process saw of one job: shown in `/metrics`, so an operator sees a job that stopped succeeding.
public struct JobRecord: Sendable, Equatable {
    /// Runs that finished without error.
    public var successes = 0
    /// Runs that threw.
    public var failures = 0
    /// Turns skipped because another server process was running the job.
    public var skipped = 0
    public var lastSuccess: Date?
    public var lastFailure: Date?

    public init() {}
}
