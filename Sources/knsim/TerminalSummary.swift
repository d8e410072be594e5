import Results
import Serving

/// The few lines `knsim run` prints after a run; summary.json has everything.
enum TerminalSummary {
    static func render(_ s: Summary, timeSeries: [TimeSeriesRow] = [], writtenTo path: String) -> String {
        let r = s.requests
        var lines = [
            "\(s.scenario) (\(s.model) model, seed \(s.seed), \(format(s.durationSeconds))s simulated, \(s.events) events)",
            "  requests  \(r.arrived) arrived, \(r.completed) completed, \(r.failed) failed, \(r.inFlight) in flight (+\(r.warmupExcluded) in warm-up, excluded)",
            "  latency   p50 \(ms(s.latency.p50))  p95 \(ms(s.latency.p95))  p99 \(ms(s.latency.p99))  max \(ms(s.latency.max))",
            "  wait      mean \(ms(s.wait.mean))  p99 \(ms(s.wait.p99))",
            "  pods      mean \(format(s.pods.mean))  max \(format(s.pods.max))  \(format(s.pods.integral)) pod-seconds",
            "  cold      \(s.coldStarts) pods started, \(s.coldStart.requests) requests waited for one"
                + (s.coldStart.total.count > 0 ? "  (start mean \(ms(s.coldStart.total.mean)), max \(ms(s.coldStart.total.max)))" : ""),
        ]
        if s.model == "knative", let breakdown = breakdownLine(s.breakdown) {
            lines.append("  where     \(breakdown)")
        }
        lines += callLines(s)
        lines += timelineLines(timeSeries, duration: s.durationSeconds) ?? []
        lines += [
            "  Little    L=\(format(s.littlesLaw.meanInSystem))  λW=\(format(s.littlesLaw.arrivalRate * s.littlesLaw.meanTimeInSystem)) (relative error \(format(s.littlesLaw.relativeError * 100))%)",
            "  results   \(path)",
        ]
        return lines.joined(separator: "\n")
    }

    /// The request path's phases in the order a request meets them; any phase a
    /// later model adds follows, by name.
    static let pathOrder = ["ingress", "activator", "cold-start-wait", "sidecar", "queue-proxy", "service"]

    /// Mean time per phase of the request path, e.g. `ingress 1.3ms  service 100ms`.
    static func breakdownLine(_ breakdown: [String: Summary.Quantiles]) -> String? {
        guard !breakdown.isEmpty else { return nil }
        let names = pathOrder.filter { breakdown[$0] != nil } + breakdown.keys.filter { !pathOrder.contains($0) }.sorted()
        return "mean " + names.map { "\($0) \(ms(breakdown[$0]!.mean))" }.joined(separator: "  ")
    }

    static func ms(_ seconds: Double) -> String { format(seconds * 1000) + "ms" }

    static func format(_ x: Double) -> String {
        let rounded = (x * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
