import Results

/// The few lines `knsim run` prints after a run; summary.json has everything.
enum TerminalSummary {
    static func render(_ s: Summary, writtenTo path: String) -> String {
        let r = s.requests
        return """
            \(s.scenario) (seed \(s.seed), \(format(s.durationSeconds))s simulated, \(s.events) events)
              requests  \(r.arrived) arrived, \(r.completed) completed, \(r.failed) failed, \(r.inFlight) in flight \
            (+\(r.warmupExcluded) in warm-up, excluded)
              latency   p50 \(ms(s.latency.p50))  p95 \(ms(s.latency.p95))  p99 \(ms(s.latency.p99))  max \(ms(s.latency.max))
              wait      mean \(ms(s.wait.mean))  p99 \(ms(s.wait.p99))
              pods      mean \(format(s.pods.mean))  max \(format(s.pods.max))  \(format(s.pods.integral)) pod-seconds
              Little    L=\(format(s.littlesLaw.meanInSystem))  λW=\(format(s.littlesLaw.arrivalRate * s.littlesLaw.meanLatency)) \
            (relative error \(format(s.littlesLaw.relativeError * 100))%)
              results   \(path)
            """
    }

    static func ms(_ seconds: Double) -> String { format(seconds * 1000) + "ms" }

    static func format(_ x: Double) -> String {
        let rounded = (x * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
