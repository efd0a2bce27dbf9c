import ClinicHTTP
import Foundation

extension JobScheduler {
    /// Publishes each job's record in `/metrics`, labelled `job="name"`: an alert on a failure count that grows,
    /// or on a last success that grows old, finds a job that stopped working. Times are Unix seconds, 0 for never.
    func register(in metrics: Metrics) {
        func family(_ read: @escaping @Sendable (JobRecord) -> Double) -> @Sendable () -> [Metrics.Sample] {
            {
                self.records.sorted { $0.key < $1.key }.map {
                    Metrics.Sample(labels: ["job": $0.key], value: read($0.value))
                }
            }
        }
        metrics.registerFamily(
            "clinic_job_runs_total", type: .counter, help: "Background job runs that succeeded, by job.",
            family { Double($0.successes) })
        metrics.registerFamily(
            "clinic_job_failures_total", type: .counter, help: "Background job runs that failed, by job.",
            family { Double($0.failures) })
        metrics.registerFamily(
            "clinic_job_skipped_total", type: .counter,
            help: "Background job turns skipped because another server process was running the job, by job.",
            family { Double($0.skipped) })
        metrics.registerFamily(
            "clinic_job_last_success_timestamp_seconds", type: .gauge,
            help: "When a background job last succeeded in this process (Unix time, 0 = never), by job.",
            family { $0.lastSuccess?.timeIntervalSince1970 ?? 0 })
        metrics.registerFamily(
            "clinic_job_last_failure_timestamp_seconds", type: .gauge,
            help: "When a background job last failed in this process (Unix time, 0 = never), by job.",
            family { $0.lastFailure?.timeIntervalSince1970 ?? 0 })
    }
}
