import Testing
import Engine

@Suite("Confidence intervals and latency statistics")
struct StatisticsIntervalTests {
    @Test("Student t quantiles match tables", arguments: [
        (1, 12.706204736174694), (4, 2.7764451051977934), (9, 2.262157162798205), (29, 2.045229642132703),
    ])
    func tQuantiles(degreesOfFreedom: Int, expected: Double) {
        // Reference: scipy.stats.t.ppf(0.975, df).
        let t = ConfidenceInterval.studentTQuantile(0.975, degreesOfFreedom: degreesOfFreedom)
        #expect(abs(t - expected) <= 1e-9 * expected)
    }

    @Test("interval for five replications, by hand")
    func fiveReplications() throws {
        // mean 3, s = sqrt(2.5), half-width t(0.975, 4) sqrt(2.5) / sqrt(5) = 1.96324316...
        let ci = try #require(ConfidenceInterval(replications: [1.0, 2, 3, 4, 5]))
        #expect(ci.mean == 3)
        #expect(ci.count == 5 && ci.level == 0.95)
        #expect(abs(ci.halfWidth - 1.9632431614775572) < 1e-9)
        #expect(abs(ci.lower - (3 - 1.9632431614775572)) < 1e-9)
        #expect(abs(ci.upper - (3 + 1.9632431614775572)) < 1e-9)
        // 90 %: t(0.95, 4) = 2.13184678632665.
        let ci90 = try #require(ConfidenceInterval(moments: StreamingMoments([1.0, 2, 3, 4, 5]), level: 0.9))
        #expect(abs(ci90.halfWidth - 2.1318467863266495 * (2.5 / 5.0).squareRoot()) < 1e-9)
    }

    @Test("no interval without spread to estimate or with a nonsense level")
    func undefined() {
        #expect(ConfidenceInterval(replications: [Double]()) == nil)
        #expect(ConfidenceInterval(replications: [4.0]) == nil)
        #expect(ConfidenceInterval(replications: [1.0, 2], level: 1) == nil)
        #expect(ConfidenceInterval(replications: [1.0, 2], level: 0) == nil)
    }

    @Test("latency statistics keep exact moments and sketch quantiles together")
    func latencyStatistics() throws {
        var a = LatencyStatistics(), b = LatencyStatistics()
        for ms in 1...100 { a.record(.milliseconds(Int64(ms))) }
        for ms in 101...200 { b.record(seconds: Double(ms) / 1000) }
        a.merge(b)
        #expect(a.count == 200)
        #expect(abs(a.mean - 0.1005) < 1e-12)
        #expect(a.min == 0.001 && a.max == 0.2)
        // Exact p50 (rank 100) is 0.100; p99 (rank 198) 0.198.
        #expect(abs(try #require(a.quantile(0.5)) - 0.1) <= 0.005 * 0.1)
        #expect(abs(try #require(a.quantiles).p99 - 0.198) <= 0.005 * 0.198)
        #expect(a.moments.count == a.sketch.count)
        #expect(LatencyStatistics().quantiles == nil)
    }
}
