import Engine
import Serving
import Testing

/// Completed requests' latency split by whether they met a cold start: with constant
/// distributions the cold request's latency is exactly the model's sum of phases, and
/// the two classes partition the overall latency.
@Suite struct ColdWarmLatencyTests {
    @Test func coldAndWarmRequestsAreSeparated() throws {
        // 300 s: the revision is at zero, the request waits for a pod (cold). 305 s: the
        // pods started for it are ready (startup ≈ 1.5 s), the request is warm.
        var simulation = KnativeSimulation(try KnativeScaleFromZeroTests.configuration(arrivals: [300, 305]))
        let report = simulation.run()
        #expect(report.overall.completed == 2)
        #expect(report.coldStarts.requests == 1)
        #expect(report.coldLatency.count == 1)
        #expect(report.warmLatency.count == 1)
        let cold = try #require(report.coldLatency.max)
        let expected = KnativeScaleFromZeroTests.expectedColdLatency(mesh: true, hold: false)
        #expect(abs(cold - expected) < 1e-9, "cold latency \(cold) expected \(expected)")
        let warm = try #require(report.warmLatency.max)
        #expect(warm < 0.2, "warm latency \(warm) includes no startup")
        #expect(report.overall.latency.max == cold && report.overall.latency.min == warm)
    }

    @Test func aModelWithoutColdStartsReportsEveryRequestWarm() throws {
        var simulation = KnativeSimulation(try KnativeScaleFromZeroTests.configuration(
            arrivals: [300, 301, 302], pairs: [(key: "min-scale", value: "1"), (key: "target-burst-capacity", value: "0")]))
        let report = simulation.run()
        #expect(report.coldLatency.count == 0)
        #expect(report.warmLatency.count == 3)
        #expect(report.warmLatency.sketch == report.overall.latency.sketch)
    }
}
