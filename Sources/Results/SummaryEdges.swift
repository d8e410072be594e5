import Engine
import Serving

extension Summary {
    /// One edge of the call graph: a caller service's calls to one callee revision.
    public struct Edge: Codable, Sendable, Equatable {
        public var calleeService: String
        public var requests: EdgeCounts
        /// Calls sent per second of the statistics period.
        public var rate: Double
        /// From the call leaving the caller to its answer (completed calls, seconds).
        public var latency: Quantiles
        public var failures: Failures
        /// Calls that met a cold start at the callee.
        public var cold: Int
        /// Failed calls over calls answered (completed + failed); 0 when none were.
        public var errorShare: Double
        enum CodingKeys: String, CodingKey {
            case calleeService = "callee_service", requests, rate, latency, failures, cold, errorShare = "error_share"
        }
    }

    /// Conservation: `sent == completed + failed + in_flight`.
    public struct EdgeCounts: Codable, Sendable, Equatable {
        public var sent: Int
        public var completed: Int
        public var failed: Int
        public var inFlight: Int
        public var warmupExcluded: Int
        enum CodingKeys: String, CodingKey {
            case sent, completed, failed, inFlight = "in_flight", warmupExcluded = "warmup_excluded"
        }
    }

    /// Entry requests (those the workload sent; `requests` and `latency` are theirs,
    /// end to end) and the services they met cold, by service name.
    public struct EntryPaths: Codable, Sendable, Equatable {
        /// Entry requests that met a cold start at the service, theirs or a call's.
        public var coldByService: [String: Int]
        /// Entry requests whose path triggered the service's scale from zero.
        public var triggeredColdStarts: [String: Int]
        enum CodingKeys: String, CodingKey {
            case coldByService = "cold_by_service", triggeredColdStarts = "triggered_cold_starts"
        }
    }

    mutating func addCalls(from report: RunReport, statisticsSeconds: Double) {
        guard let paths = report.entryPaths else { return }
        var edges: [String: [String: Edge]] = [:]
        for edge in report.edges {
            let answered = edge.completed + edge.failed
            var totals = RequestTotals()
            totals.failed = edge.failed
            totals.failuresByReason = edge.failuresByReason
            edges[edge.caller, default: [:]][edge.calleeRevision] = Edge(
                calleeService: edge.calleeService,
                requests: EdgeCounts(sent: edge.sent, completed: edge.completed, failed: edge.failed,
                                     inFlight: edge.inFlight, warmupExcluded: edge.warmupSent),
                rate: statisticsSeconds > 0 ? Double(edge.sent) / statisticsSeconds : 0,
                latency: Quantiles(edge.latency),
                failures: Failures(totals),
                cold: edge.cold,
                errorShare: answered > 0 ? Double(edge.failed) / Double(answered) : 0)
        }
        self.edges = edges
        entry = EntryPaths(coldByService: paths.coldByService, triggeredColdStarts: paths.triggeredByService)
    }
}
