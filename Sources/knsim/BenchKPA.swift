import Autoscaling

extension BenchCommand {
    /// The KPA's hot path alone: one metric record per simulated second and a decision
    /// every two (Knative's tick), over a load that varies so that both windows move.
    func printKPAFigures() throws {
        print("\nKPA policy (record every simulated second, decide every 2 s; 60 s stable window, target 10):")
        print(row("aggregation", "seconds", "CPU s", "seconds/CPU-s", "checksum"))
        let seconds = quick ? 200_000 : 2_000_000
        for algorithm in [AggregationAlgorithm.linear, .weightedExponential] {
            let spec = try AutoscalingSettings(pairs: [
                (key: "target", value: "10"),
                (key: "metric-aggregation-algorithm", value: algorithm.rawValue),
            ]).deciderSpec()
            var policy = KPAPolicy(spec: spec, createdAt: 0, readyPods: 1)
            var checksum: Int64 = 0
            let start = CPUClock.now()
            for t in 0..<seconds {
                let now = Int64(t) * KPATiming.nanosecondsPerSecond
                let load = Double((t * 7919) % 600) / 3
                _ = policy.record(MetricSample(concurrency: load, rps: load * 2), at: now)
                if t % 2 == 0 {
                    checksum &+= Int64(policy.decide(at: now, readyPods: (t / 60) % 40).desiredScale)
                }
            }
            let cpu = CPUClock.now() - start
            // The checksum keeps the decisions from being optimised away.
            print(row(algorithm.rawValue, grouped(Double(seconds)), format(cpu, 3), grouped(Double(seconds) / cpu),
                      String(checksum)))
        }
    }
}
