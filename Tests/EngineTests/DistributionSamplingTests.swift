import Foundation
import Testing
@testable import Engine

// How the tolerances are derived.
//
// For n independent draws with mean mu, variance s2 and fourth central moment m4:
//   - the sample mean has standard error  SE_mean = sqrt(s2 / n);
//   - the sample variance (divisor n - 1) has variance
//       (m4 - s2^2 (n - 3) / (n - 1)) / n  ~  (m4 - s2^2) / n,
//     so standard error SE_var = sqrt((m4 - s2^2) / n).
// We use the analytic s2 for SE_mean and the sample's own fourth central moment for
// m4 (not every case has a tidy analytic m4). A check passes when the estimate is
// within Z = 5 standard errors of the analytic value: a correct sampler fails that
// for fewer than 1 seed in a million (and the seed is fixed, so the test is
// deterministic), while a wrong parameter order or a wrong formula misses by tens
// or hundreds of standard errors with n = 200 000.

private let drawCount = 200_000
private let z = 5.0

/// Exact (two-pass) moments of draws, for comparison with analytic values.
private struct SampleMoments {
    let mean: Double
    let variance: Double  // divisor n - 1
    let fourthCentral: Double  // divisor n

    init(_ xs: [Double]) {
        let n = Double(xs.count)
        mean = xs.reduce(0, +) / n
        var m2 = 0.0, m4 = 0.0
        for x in xs {
            let d = x - mean
            m2 += d * d
            m4 += d * d * d * d
        }
        variance = m2 / (n - 1)
        fourthCentral = m4 / n
    }

    func meanStandardError(analyticVariance: Double) -> Double {
        (analyticVariance / Double(drawCount)).squareRoot()
    }
    func varianceStandardError() -> Double {
        (max(0, fourthCentral - variance * variance) / Double(drawCount)).squareRoot()
    }
}

private func draws(_ d: Distribution, stream name: String, count: Int = drawCount) -> [Double] {
    let stream = RandomStreams(seed: 20_240_601).stream(named: name)
    return (0..<count).map { _ in d.sample(using: stream) }
}

struct DistributionMomentCase: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    /// Analytic values computed independently of the code under test (by hand or
    /// with scipy.stats, as noted).
    let mean: Double
    let variance: Double
    var testDescription: String { name }
}

private let momentCases: [DistributionMomentCase] = [
    .init(name: "constant 2.5", distribution: .constant(2.5), mean: 2.5, variance: 0),
    .init(name: "uniform 1..3", distribution: .uniform(low: 1, high: 3), mean: 2, variance: 4.0 / 12),
    .init(name: "exponential mean 0.2", distribution: .exponential(mean: 0.2), mean: 0.2, variance: 0.04),
    .init(name: "exponential rate 4", distribution: try! .exponential(rate: 4), mean: 0.25, variance: 0.0625),
    // scipy.stats.truncnorm(-2, inf, loc=1, scale=0.5).stats('mv')
    .init(name: "truncated normal 1, 0.5", distribution: .truncatedNormal(mean: 1, stddev: 0.5),
          mean: 1.027623931339495, variance: 0.2216129870778559),
    // scipy.stats.truncnorm(-0.2, inf, loc=0.2, scale=1): 42 % of the normal is cut
    .init(name: "truncated normal 0.2, 1", distribution: .truncatedNormal(mean: 0.2, stddev: 1),
          mean: 0.875073179790292, variance: 0.4092615659697657),
    // exp(mu + sigma^2/2), (exp(sigma^2) - 1) exp(2 mu + sigma^2)
    .init(name: "lognormal 0, 0.5", distribution: .lognormal(mu: 0, sigma: 0.5),
          mean: 1.1331484530668263, variance: 0.3646958540123867),
    // k theta, k theta^2
    .init(name: "gamma 2.5, 0.4", distribution: .gamma(shape: 2.5, scale: 0.4), mean: 1.0, variance: 0.4),
    // lambda Gamma(1 + 1/k), lambda^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2)
    .init(name: "weibull 1.5, 2", distribution: .weibull(shape: 1.5, scale: 2),
          mean: 1.8054905859018673, variance: 1.502761139255727),
    // a x_m / (a - 1), x_m^2 a / ((a - 1)^2 (a - 2))
    .init(name: "pareto 6, 1", distribution: .pareto(shape: 6, scale: 1), mean: 1.2, variance: 0.06),
    // uniform over the list: mean 10/4, population variance (1 + 4 + 4 + 25)/4 - 2.5^2
    .init(name: "empirical 1 2 2 5", distribution: try! .empirical(values: [5, 2, 1, 2]), mean: 2.5, variance: 2.25),
]

@Suite("Distribution sampling")
struct DistributionSamplingTests {
    @Test("analytic mean and variance match the independent values", arguments: momentCases)
    func analyticMoments(_ c: DistributionMomentCase) throws {
        let mean = try #require(c.distribution.mean)
        let variance = try #require(c.distribution.variance)
        #expect(abs(mean - c.mean) <= 1e-12 * max(1, abs(c.mean)))
        #expect(abs(variance - c.variance) <= 1e-12 * max(1, c.variance))
    }

    @Test("sample mean and variance of 200k draws agree within 5 standard errors", arguments: momentCases)
    func sampleMoments(_ c: DistributionMomentCase) {
        let xs = draws(c.distribution, stream: c.name)
        let m = SampleMoments(xs)
        let meanTolerance = z * m.meanStandardError(analyticVariance: c.variance) + 1e-12 * abs(c.mean)
        let varianceTolerance = z * m.varianceStandardError() + 1e-12 * c.variance
        #expect(abs(m.mean - c.mean) <= meanTolerance, "mean \(m.mean) vs \(c.mean) ± \(meanTolerance)")
        #expect(abs(m.variance - c.variance) <= varianceTolerance,
                "variance \(m.variance) vs \(c.variance) ± \(varianceTolerance)")
        #expect(xs.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test("infinite moments are nil, finite ones are not")
    func infiniteMoments() {
        #expect(Distribution.pareto(shape: 1, scale: 1).mean == nil)
        #expect(Distribution.pareto(shape: 0.5, scale: 1).mean == nil)
        #expect(Distribution.pareto(shape: 1.5, scale: 2).mean == 6)
        #expect(Distribution.pareto(shape: 1.5, scale: 2).variance == nil)
        #expect(Distribution.pareto(shape: 2, scale: 2).variance == nil)
        #expect(Distribution.lognormal(mu: 0, sigma: 40).mean == nil)  // exp(800) overflows
        #expect(Distribution.truncatedNormal(mean: 3, stddev: 0).mean == 3)
        #expect(Distribution.truncatedNormal(mean: 3, stddev: 0).variance == 0)
    }

    @Test("lognormal(mu:sigma:): log X has mean mu and stddev sigma")
    func lognormalMuSigma() {
        let (mu, sigma) = (-1.5, 0.8)
        let logs = draws(.lognormal(mu: mu, sigma: sigma), stream: "ln-mu-sigma").map { Foundation.log($0) }
        let m = SampleMoments(logs)
        // log X is Normal(mu, sigma): m4 = 3 sigma^4, so SE_var = sigma^2 sqrt(2 / n).
        #expect(abs(m.mean - mu) <= z * sigma / Double(drawCount).squareRoot())
        #expect(abs(m.variance - sigma * sigma) <= z * sigma * sigma * (2 / Double(drawCount)).squareRoot())
    }

    @Test("lognormal(mean:stddev:) gives back that mean and stddev", arguments: [(0.25, 0.1), (1.0, 3.0), (40.0, 1.0)])
    func lognormalMeanStddev(mean: Double, stddev: Double) throws {
        let d = try Distribution.lognormal(mean: mean, stddev: stddev)
        #expect(abs(try #require(d.mean) - mean) <= 1e-12 * mean)
        #expect(abs(try #require(d.standardDeviation) - stddev) <= 1e-9 * stddev)
        let m = SampleMoments(draws(d, stream: "ln-mean-\(mean)"))
        #expect(abs(m.mean - mean) <= z * stddev / Double(drawCount).squareRoot())
        let sampleStddev = m.variance.squareRoot()
        // Delta method: SE(s) ~ SE(s^2) / (2 s).
        #expect(abs(sampleStddev - stddev) <= z * m.varianceStandardError() / (2 * stddev),
                "stddev \(sampleStddev) vs \(stddev)")
    }

    @Test("lognormal(median:p99:) gives back that median and p99",
          arguments: [(0.05, 0.5), (1.0, 1.5), (0.2, 30.0)])
    func lognormalMedianP99(median: Double, p99: Double) throws {
        let d = try Distribution.lognormal(median: median, p99: p99)
        guard case .lognormal(let mu, let sigma) = d else { Issue.record("not a lognormal: \(d)"); return }
        #expect(abs(Foundation.exp(mu) - median) <= 1e-12 * median)
        #expect(abs(Foundation.exp(mu + 2.326_347_874_040_840_8 * sigma) - p99) <= 1e-12 * p99)
        // The fraction of draws at or below the median is Binomial(n, 0.5) / n, with
        // standard error sqrt(0.5 * 0.5 / n); below p99, sqrt(0.99 * 0.01 / n).
        let xs = draws(d, stream: "ln-median-\(median)")
        let n = Double(xs.count)
        let belowMedian = Double(xs.count { $0 <= median }) / n
        let belowP99 = Double(xs.count { $0 <= p99 }) / n
        #expect(abs(belowMedian - 0.5) <= z * (0.25 / n).squareRoot(), "P(X <= median) = \(belowMedian)")
        #expect(abs(belowP99 - 0.99) <= z * (0.99 * 0.01 / n).squareRoot(), "P(X <= p99) = \(belowP99)")
    }

    @Test("truncated normal never draws a negative value", arguments: [(0.0, 1.0), (-2.0, 1.0), (0.01, 5.0)])
    func truncatedNormalNonNegative(mean: Double, stddev: Double) throws {
        let d = try Distribution.truncatedNormal(mean: mean, stddev: stddev).validated()
        let xs = draws(d, stream: "tn-\(mean)-\(stddev)", count: 50_000)
        #expect(xs.allSatisfy { $0 >= 0 })
        // And the redraw really conditions on X >= 0: the mean matches the truncated mean.
        let analytic = try #require(d.mean)
        let se = (try #require(d.variance) / Double(xs.count)).squareRoot()
        #expect(abs(SampleMoments(xs).mean - analytic) <= z * se)
    }

    @Test("empirical draws only the listed values, with their frequencies")
    func empiricalFrequencies() throws {
        let d = try Distribution.empirical(values: [0.3, 0.1, 0.3, 0.7, 0.3, 0.1, 0.9, 0.3])
        let xs = draws(d, stream: "empirical")
        let expected: [(value: Double, p: Double)] = [(0.1, 2.0 / 8), (0.3, 4.0 / 8), (0.7, 1.0 / 8), (0.9, 1.0 / 8)]
        #expect(xs.allSatisfy { x in expected.contains { $0.value == x } })
        let n = Double(xs.count)
        for (value, p) in expected {
            let frequency = Double(xs.count { $0 == value }) / n
            #expect(abs(frequency - p) <= z * (p * (1 - p) / n).squareRoot(), "frequency of \(value): \(frequency)")
        }
    }

    @Test("sampleDuration reads a draw as seconds")
    func sampleDuration() {
        let stream = RandomStreams(seed: 1).stream(named: "d")
        #expect(Distribution.constant(0.25).sampleDuration(using: stream) == .milliseconds(250))
    }
}
