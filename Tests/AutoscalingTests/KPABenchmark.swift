import Foundation
import Testing
import Autoscaling

/// Throughput of the KPA hot path (record + decide), printed, never asserted.
/// Run with: KNSIM_BENCH=1 swift test -c release --filter KPABenchmark
@Suite("KPA benchmark", .enabled(if: ProcessInfo.processInfo.environment["KNSIM_BENCH"] != nil))
struct KPABenchmark {
    @Test(arguments: [AggregationAlgorithm.linear, .weightedExponential])
    func recordAndDecide(_ algorithm: AggregationAlgorithm) throws {
        let spec = try AutoscalingSettings(pairs: [
            (key: "target", value: "10"),
            (key: "metric-aggregation-algorithm", value: algorithm.rawValue),
        ]).deciderSpec()
        var policy = KPAPolicy(spec: spec, createdAt: 0, readyPods: 1)
        let seconds = Int(ProcessInfo.processInfo.environment["KNSIM_BENCH_SECONDS"] ?? "") ?? 2_000_000
        var checksum: Int64 = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for t in 0..<seconds {
            let now = Int64(t) * KPATiming.nanosecondsPerSecond
            let load = Double((t * 7919) % 600) / 3
            _ = policy.record(MetricSample(concurrency: load, rps: load * 2), at: now)
            if t % 2 == 0 {
                checksum &+= Int64(policy.decide(at: now, readyPods: (t / 60) % 40).desiredScale)
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("KPA \(algorithm.rawValue), 60 s window: \(seconds) records + \(seconds / 2) decisions in "
              + String(format: "%.3f", elapsed) + " s = "
              + String(format: "%.0f", Double(seconds) / elapsed) + " simulated seconds/s (checksum \(checksum))")
    }
}
