import Scenario

extension Summary {
    /// The template for a scenario: its revisions, and with calls between services its
    /// edges (`edges.<caller>.<callee revision>`) and entry paths by service.
    static func template(scenario: Scenario) -> Summary {
        var summary = template(revisions: scenario.services.flatMap { $0.revisions.map(\.name) })
        guard scenario.services.contains(where: { !$0.calls.isEmpty }) else { return summary }
        let zero = Quantiles(count: 0, mean: 0, stddev: 0, min: 0, max: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0)
        let edge = Edge(calleeService: "", requests: EdgeCounts(sent: 0, completed: 0, failed: 0, inFlight: 0, warmupExcluded: 0),
                        rate: 0, latency: zero, failures: Failures(total: 0, byReason: [MetricCatalog.reasonPlaceholder: 0]),
                        cold: 0, errorShare: 0)
        var edges: [String: [String: Edge]] = [:]
        for service in scenario.services {
            for step in service.calls {
                for call in step.calls {
                    for revision in scenario.service(named: call.service)?.revisions ?? [] {
                        edges[service.name, default: [:]][revision.name] = edge
                    }
                }
            }
        }
        summary.edges = edges
        let byService = Dictionary(scenario.services.map { ($0.name, 0) }, uniquingKeysWith: { first, _ in first })
        summary.entry = EntryPaths(coldByService: byService, triggeredColdStarts: byService)
        return summary
    }
}
