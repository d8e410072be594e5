import Engine
import Foundation
import Scenario
import Serving
import Testing

/// The scale-per-request model against SimFaaS's published figures
/// (shared/reference/platform-figures.md, last section): Poisson arrivals, warm
/// Exp(mean 1.991 s), cold Exp(mean 2.244 s), expiration 600 s.
///
/// Measured as SimFaaS measures: its cold-start probability is all cold requests over
/// all requests from the start of the run (no warm-up is skipped), over its default
/// run length of one day (`max_time = 24*60*60`). The initial instances' cold starts
/// are therefore part of the figure, which matters at 10 req/s (≈ 37 of ≈ 280).
///
/// Agreement: the mean over seeds must lie within three standard errors (the standard
/// deviation across seeds over √seeds) of the published figure, widened by half a unit
/// of its last published digit (the figures are rounded: 7.7 means 7.65–7.75).
///
/// Not checked: the cold-start probability at 100 req/s. The published ≈ 3.3e-4 is
/// four times the model's: in steady state (warm-up 20 min, 10^7 requests) knsim
/// measures ≈ 8e-5, and counting from the start over one day ≈ 1.1e-4. Counting from
/// the start, 3.3e-4 would need a run of only ≈ 10^4 s, where the ≈ 250 initial cold
/// starts dominate; the published figure most likely comes from such a shorter run.
/// The mean instance count at 100 req/s is checked (over 6000 s: instances settle
/// within seconds, and a day at 100 req/s would make the test too slow).
@Suite struct KeepAliveSimFaaSTests {
    struct Case: Sendable, CustomStringConvertible {
        var rate: Double
        var seconds: Double
        var coldProbability: (value: Double, halfUnit: Double)?
        var meanInstances: (value: Double, halfUnit: Double)
        var description: String { "\(rate) req/s" }
    }

    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    static let cases: [Case] = [
        Case(rate: 0.9, seconds: 86_400, coldProbability: (1.35e-3, 0.005e-3), meanInstances: (7.7, 0.05)),
        Case(rate: 10, seconds: 86_400, coldProbability: (3.3e-4, 0.05e-4), meanInstances: (37, 0.5)),
        Case(rate: 100, seconds: 6_000, coldProbability: nil, meanInstances: (250, 5)),
    ]

    static func configuration(rate: Double, seconds: Double, seed: UInt64) -> KeepAliveConfiguration {
        KeepAliveConfiguration(
            duration: .seconds(seconds), seed: seed,
            services: [.init(name: "fn", revisions: [
                .init(name: "fn-1", expiration: .seconds(600.0),
                      warmServiceTime: .exponential(mean: 1.991), coldServiceTime: .exponential(mean: 2.244)),
            ], interarrival: .exponential(mean: 1 / rate))])
    }

    /// Within three standard errors of the seeds' mean, plus the published rounding.
    static func agrees(_ values: [Double], with published: (value: Double, halfUnit: Double)) -> (Bool, String) {
        let moments = StreamingMoments(values)
        let standardError = moments.standardDeviation / Double(values.count).squareRoot()
        let ok = abs(moments.mean - published.value) <= 3 * standardError + published.halfUnit
        return (ok, "mean \(moments.mean) ± \(standardError) (SE over \(values.count) seeds), published \(published.value)")
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
        if let published = c.coldProbability {
            let (ok, detail) = Self.agrees(coldProbabilities, with: published)
            #expect(ok, "\(c): cold-start probability \(detail)")
        }
        let (ok, detail) = Self.agrees(meanInstances, with: c.meanInstances)
        #expect(ok, "\(c): mean instances \(detail)")
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
