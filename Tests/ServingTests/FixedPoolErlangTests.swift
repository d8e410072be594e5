import Engine
import Serving
import Testing

/// The fixed pool with container-concurrency 1 and c pods, Poisson arrivals and
/// exponential service is an M/M/c queue: its mean wait and probability of waiting
/// must match Erlang C.
@Suite struct FixedPoolErlangTests {
    static func pool(utilisation rho: Double, servers: Int, seed: UInt64, requests: Double) -> (FixedPoolConfiguration, MMcQueue) {
        let meanService = 0.1
        let lambda = rho * Double(servers) / meanService
        let theory = MMcQueue(arrivalRate: lambda, meanService: meanService, servers: servers)
        let duration = requests / lambda
        let configuration = FixedPoolConfiguration(
            duration: .seconds(duration), warmup: .seconds(duration / 50), seed: seed,
            services: [.init(name: "svc", revisions: [
                .init(name: "svc-1", trafficPercent: 100, pods: servers, containerConcurrency: 1,
                      serviceTime: .exponential(mean: meanService)),
            ], interarrival: .exponential(mean: 1 / lambda))])
        return (configuration, theory)
    }

    @Test(arguments: [0.5, 0.8, 0.9])
    func explore(rho: Double) {
        for seed in UInt64(1)...6 {
            let (config, theory) = Self.pool(utilisation: rho, servers: 4, seed: seed, requests: 4e6)
            var sim = FixedPoolSimulation(config)
            let report = sim.run()
            let pw = Double(report.overall.wait.sketch.zeroCount) / Double(report.overall.wait.count)
            print("rho \(rho) seed \(seed) wait \(report.overall.wait.mean) theory \(theory.meanWait) err \((report.overall.wait.mean - theory.meanWait) / theory.meanWait) pwait \(1 - pw) vs \(theory.probabilityOfWaiting)")
        }
    }
}
