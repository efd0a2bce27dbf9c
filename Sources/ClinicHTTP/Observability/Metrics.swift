import ClinicSupport
import Foundation

/// Counters and a latency histogram per route and status, plus gauges read when scraped, rendered in the
/// Prometheus text format for `GET /metrics`. Labels are route patterns, never raw paths, so the number of
/// series stays bounded whatever clients send.
package final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Key: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [Key: Int] = [:]
        var latency: [String: Histogram] = [:]
        var gauges: [(name: String, help: String, read: @Sendable () -> Double)] = []
        var families: [(name: String, type: FamilyType, help: String, read: @Sendable () -> [Sample])] = []
    }

    /// One value of a labelled family.
    package struct Sample: Sendable {
        package var labels: [String: String]
        package var value: Double

        package init(labels: [String: String], value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    package enum FamilyType: String, Sendable {
        case counter, gauge
    }

    private let state = LockedValue(State())

    package init() {}

    /// Methods counted under their own name. A client may send any token as a method (the router answers 404 or
    /// 405), so any other is counted as `other`: invented methods must not add series for ever.
    static let knownMethods: Set<String> = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    ]

    /// Counts one request. `route` must be a route pattern or one fixed word (`unmatched`), never a raw path.
    package func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let method = Metrics.knownMethods.contains(method) ? method : "other"
        state.withValue { state in
            state.requests[Key(route: route, method: method, status: status), default: 0] += 1
            var histogram = state.latency[route] ?? Histogram()
            if let bucket = Metrics.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[bucket] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.latency[route] = histogram
        }
    }

    /// A value read at each scrape (open connections, pool in use).
    package func registerGauge(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        state.withValue { $0.gauges.append((name, help, read)) }
    }

    /// Values told apart by labels (one per background job), read at each scrape. The labels must come from a
    /// bounded set the server chose, never from what clients send.
    package func registerFamily(
        _ name: String, type: FamilyType, help: String, _ read: @escaping @Sendable () -> [Sample]
    ) {
        state.withValue { $0.families.append((name, type, help, read)) }
    }

    /// The Prometheus text exposition.
    package func render() -> String {
        let (requests, latency, gauges, families) = state.withValue {
            ($0.requests, $0.latency, $0.gauges, $0.families)
        }
        var text = "# HELP clinic_http_requests_total HTTP requests by route, method and status.\n"
        text += "# TYPE clinic_http_requests_total counter\n"
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            text += "clinic_http_requests_total{route=\"\(escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        text += "# HELP clinic_http_request_duration_seconds Time to produce a response, by route.\n"
        text += "# TYPE clinic_http_request_duration_seconds histogram\n"
        for (route, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(escape(route))\""
            var cumulative = 0
            for (index, bound) in Metrics.buckets.enumerated() {
                cumulative += histogram.counts[index]
                text += "clinic_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "clinic_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            text += "clinic_http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            text += "clinic_http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        for gauge in gauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(gauge.read())\n"
        }
        for family in families {
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type.rawValue)\n"
            for sample in family.read() {
                let labels = sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }
                text += "\(family.name){\(labels.joined(separator: ","))} \(sample.value)\n"
            }
        }
        return text
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
