import Engine
import Serving

extension BenchCommand {
    /// The scale-per-request model (SimFaaS's setup: Poisson arrivals, warm Exp(1.991 s),
    /// cold Exp(2.244 s), expiration 600 s) at three rates, so that live instances grow
    /// from about 8 to about 250: the cost per request should not grow with them.
    func printKeepAliveFigures() {
        print("\nkeep-alive, scale-per-request (SimFaaS: warm Exp(1.991 s), cold Exp(2.244 s), expiration 600 s):")
        print(row("req/s", "requests", "CPU s", "requests/CPU-s", "mean instances", "P(cold)", "max RSS MiB"))
        let requests = quick ? 1e6 : 1e7
        for rate in [0.9, 10, 100] {
            let configuration = KeepAliveConfiguration(
                duration: .seconds(requests / rate), warmup: .seconds(1200.0), seed: 1,
                services: [.init(name: "bench", revisions: [
                    .init(name: "bench-1", expiration: .seconds(600.0),
                          warmServiceTime: .exponential(mean: 1.991), coldServiceTime: .exponential(mean: 2.244)),
                ], interarrival: .exponential(mean: 1 / rate))])
            let start = CPUClock.now()
            var simulation = KeepAliveSimulation(configuration)
            let report = simulation.run()
            let cpu = CPUClock.now() - start
            let simulated = Double(report.overall.arrived + report.overall.warmupArrivals)
            let coldProbability = Double(report.coldStarts.requests) / Double(max(1, report.overall.arrived))
            print(row(format(rate, 1), grouped(simulated), format(cpu, 2), grouped(simulated / cpu),
                      format(report.readyPods.timeAverage, 1), String(format: "%.2e", coldProbability),
                      format(CPUClock.maxResidentMiB(), 1)))
        }
        print("(at 0.9 req/s the per-second time series has more rows than requests; it is part of the cost)")
    }
}
