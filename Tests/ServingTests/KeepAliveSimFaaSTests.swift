import Engine
import Foundation
import Scenario
import Serving
import Testing

/// The scale-per-request model against SimFaaS (shared/reference/platform-figures.md,
/// last section): Poisson arrivals, warm Exp(mean 1.991 s), cold Exp(mean 2.244 s),
/// expiration 600 s.
///
/// **SimFaaS's rules are ours** (simfaas 0.2.2 from PyPI, `ServerlessSimulator` and
/// `FunctionInstance`; github.com/pacslab/simfaas): a request goes to the idle instance
/// with the largest `creation_time`, else starts a new one; an instance's
/// `next_termination` is its last departure + the threshold.
///
/// **SimFaaS's measurement is not steady state**: `get_cold_start_prob()` is
/// `total_cold_count / total_req_count` over every request from t = 0 to `max_time`
/// (default one day), and `get_average_server_count()` averages from t = 0 — no warm-up
/// is skipped. The ≈ N initial instances are all cold starts, so the figure depends on
/// the horizon: at 100 req/s, ≈ 250 initial cold starts against ≈ 7e-5 of the requests
/// afterwards. Each case therefore runs from t = 0 (no warm-up) over the horizon its
/// figure was measured with:
/// * 0.9 req/s — SimFaaS's README: `max_time=1e6`, "1213 / 898469" = 1.35e-3, 7.6612
///   instances (platform-figures: "about 1.35e-3 … 7.7");
/// * 10 req/s — SimFaaS's default `max_time` of one day (platform-figures: "about
///   3.3e-4 and 37"; SimFaaS's own code, run here at seed 1, gives 282 / 863214 =
///   3.27e-4 and 36.82);
/// * 100 req/s — 10^4 s: SimFaaS's own code with `max_time=1e4` gives 334 / 999969 =
///   3.34e-4 and 250.2 instances (numpy seed 1), 311 / 998336 = 3.12e-4 and 249.7
///   (seed 2): the published "about 3.3e-4 and 250". knsim over 20 seeds: mean 318
///   cold starts (3.18e-4), sd 12. The figure is mostly the start: ≈ 250 initial cold
///   starts, then the steady state (after 20 min, SimFaaS's two runs: 146 / 1758433 =
///   8.3e-5; knsim's 20 seeds, same window: 7.2e-5, sd 1.5e-5). Over SimFaaS's default
///   day it would be ≈ 1.1e-4, and Mahmoudi & Khazaei's steady-state formula gives
///   6.0e-5: the horizon is part of the figure, not a difference between the models.
///
/// Agreement: each published or measured figure is one SimFaaS run (`referenceRuns`),
/// itself an estimate with the spread of one seed. The test compares the mean over
/// our seeds with it and requires the difference to be within three standard errors
/// *of that difference*, √(s²/seeds + s²/referenceRuns) with s the standard deviation
/// across our seeds, widened by half a unit of the figure's last published digit
/// (7.7 means 7.65–7.75).
@Suite struct KeepAliveSimFaaSTests {
    struct Figure: Sendable {
        var value: Double
        /// Half a unit of the last digit the figure was published with.
        var halfUnit: Double
    }

    struct Case: Sendable, CustomStringConvertible {
        var rate: Double
        /// The run, from t = 0, over which SimFaaS measured the figures.
        var seconds: Double
        var coldProbability: Figure
        var meanInstances: Figure
        /// SimFaaS runs behind the figures.
        var referenceRuns: Int
        var description: String { "\(rate) req/s over \(Int(seconds)) s" }
    }

    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    static let cases: [Case] = [
        Case(rate: 0.9, seconds: 1_000_000, coldProbability: Figure(value: 1.35e-3, halfUnit: 0.005e-3),
             meanInstances: Figure(value: 7.7, halfUnit: 0.05), referenceRuns: 1),
        Case(rate: 10, seconds: 86_400, coldProbability: Figure(value: 3.3e-4, halfUnit: 0.05e-4),
             meanInstances: Figure(value: 37, halfUnit: 0.5), referenceRuns: 1),
        Case(rate: 100, seconds: 10_000, coldProbability: Figure(value: 3.3e-4, halfUnit: 0.05e-4),
             meanInstances: Figure(value: 250, halfUnit: 5), referenceRuns: 1),
    ]

    static func configuration(rate: Double, seconds: Double, seed: UInt64) -> KeepAliveConfiguration {
        KeepAliveConfiguration(
            duration: .seconds(seconds), seed: seed,
            services: [.init(name: "fn", revisions: [
                .init(name: "fn-1", expiration: .seconds(600.0),
                      warmServiceTime: .exponential(mean: 1.991), coldServiceTime: .exponential(mean: 2.244)),
            ], interarrival: .exponential(mean: 1 / rate))])
    }

    /// The seeds' mean within three standard errors of its difference from a figure
    /// that is itself `referenceRuns` runs of the same model, plus the figure's rounding.
    static func agrees(_ values: [Double], with figure: Figure, referenceRuns: Int) -> (Bool, String) {
        let moments = StreamingMoments(values)
        let s = moments.standardDeviation
        let standardError = (s * s / Double(values.count) + s * s / Double(referenceRuns)).squareRoot()
        let ok = abs(moments.mean - figure.value) <= 3 * standardError + figure.halfUnit
        return (ok, "mean \(moments.mean) (sd \(s) over \(values.count) seeds), SimFaaS \(figure.value), "
            + "difference \(moments.mean - figure.value) vs 3 SE \(3 * standardError)")
    }

    @Test(arguments: cases)
    func agreesWithSimFaaS(_ c: Case) {
        var coldProbabilities: [Double] = []
        var meanInstances: [Double] = []
        for seed in Self.seeds {
            var simulation = KeepAliveSimulation(Self.configuration(rate: c.rate, seconds: c.seconds, seed: seed))
            let report = simulation.run()
            #expect(report.overall.arrived == report.overall.completed + report.overall.inFlight)
            coldProbabilities.append(Double(report.coldStarts.requests) / Double(report.overall.arrived))
            meanInstances.append(report.readyPods.timeAverage)
        }
        let (coldOK, coldDetail) = Self.agrees(coldProbabilities, with: c.coldProbability, referenceRuns: c.referenceRuns)
        #expect(coldOK, "\(c): cold-start probability \(coldDetail)")
        let (ok, detail) = Self.agrees(meanInstances, with: c.meanInstances, referenceRuns: c.referenceRuns)
        print("\(c): cold-start probability \(coldDetail); mean instances \(detail)")
        #expect(ok, "\(c): mean instances \(detail)")
    }

    /// Why the 100 req/s figure depends on the horizon: from t = 0 the initial instances
    /// (all cold starts) dominate a short run, and after the first expiries the
    /// steady-state rate is a quarter of the published 3.3e-4.
    @Test func coldStartsFromTheStartAreMostlyTheInitialInstances() {
        var simulation = KeepAliveSimulation(Self.configuration(rate: 100, seconds: 10_000, seed: 1))
        var coldByHalf = [0, 0]
        var arrivalsByHalf = [0, 0]
        simulation.observer = { decision in
            guard case .placed(let at, _, let placement) = decision else { return }
            let half = at < .seconds(5_000.0) ? 0 : 1
            arrivalsByHalf[half] += 1
            if placement.isCold { coldByHalf[half] += 1 }
        }
        _ = simulation.run()
        // The first half holds the ramp to ≈ 250 instances; the second only steady-state ones.
        #expect(coldByHalf[0] > 240)
        let steady = Double(coldByHalf[1]) / Double(arrivalsByHalf[1])
        #expect(steady > 3e-5 && steady < 1.5e-4, "steady-state P(cold) \(steady)")
    }

    /// scenarios/keep-alive-simfaas.yaml decodes to SimFaaS's setup.
    @Test func scenarioFileBuildsSimFaaSsSetup() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/keep-alive-simfaas.yaml").path
        let scenario = try ScenarioLoader.load(path: path)
        let configuration = try scenario.keepAliveConfiguration(file: path)
        let revision = try #require(configuration.services.first?.revisions.first)
        #expect(revision.expiration == .wholeSeconds(600))
        #expect(revision.warmServiceTime == .exponential(mean: 1.991))
        #expect(revision.coldServiceTime == .exponential(mean: 2.244))
        #expect(configuration.services[0].interarrivalMean == 1 / 0.9)
    }

    /// A fixed-pool scenario is refused by the keep-alive model, naming the field.
    @Test func fixedPoolIsRefused() throws {
        let yaml = """
            name: f
            duration: 1m
            services:
              - name: fn
                revisions:
                  - {name: fn-1, service-time: 1s, pool: {kind: fixed, pods: 2}}
            workload:
              - {service: fn, arrivals: {process: poisson, rate: 1}}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "f.yaml", baseDirectory: ".")
        #expect(throws: ScenarioError.self) { try scenario.keepAliveConfiguration(file: "f.yaml") }
    }
}

extension KeepAliveConfiguration.Service {
    var interarrivalMean: Double? {
        if case .interarrival(.exponential(let mean)) = arrivals { return mean }
        return nil
    }
}
