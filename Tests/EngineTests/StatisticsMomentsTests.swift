import Testing
import Engine

/// Exact reference statistics by the two-pass method (mean first, then squared
/// deviations from it), which is accurate but needs all values in memory.
struct TwoPassStatistics {
    let count: Int
    let mean: Double
    let variance: Double
    let min: Double
    let max: Double

    init(_ xs: [Double]) {
        count = xs.count
        mean = xs.reduce(0, +) / Double(xs.count)
        let m = mean
        variance = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1) : 0
        min = xs.min()!
        max = xs.max()!
    }
}

private func isClose(_ a: Double, _ b: Double, relative: Double = 1e-10) -> Bool {
    abs(a - b) <= relative * Swift.max(abs(a), abs(b), 1e-300)
}

struct MomentsDataCase: Sendable, CustomTestStringConvertible {
    let name: String
    let values: [Double]
    /// Relative tolerance for the variance. On a 1e9 offset each value is stored to
    /// ~1.2e-7 (one ulp), about 4e-7 of a deviation of 0.3; the rounding of each
    /// Welford step is of that order and averages out to ~1e-8 over 10^4 values,
    /// so 1e-6 there (the naive sum-of-squares formula gives about -7550 there).
    var varianceTolerance = 1e-9
    var testDescription: String { name }
}

private let momentData: [MomentsDataCase] = {
    let stream = RandomStreams(seed: 5).stream(named: "moments")
    return [
        .init(name: "one value", values: [4.25]),
        .init(name: "1 to 5", values: [1, 2, 3, 4, 5]),
        .init(name: "exponential draws", values: (0..<10_000).map { _ in Distribution.exponential(mean: 0.3).sample(using: stream) }),
        .init(name: "lognormal draws", values: (0..<10_000).map { _ in Distribution.lognormal(mu: 0, sigma: 2).sample(using: stream) }),
        .init(name: "on a 1e9 offset", values: (0..<10_000).map { _ in 1e9 + stream.uniform() }, varianceTolerance: 1e-6),
    ]
}()

@Suite("Streaming moments")
struct StatisticsMomentsTests {
    @Test("agree with the exact two-pass computation", arguments: momentData)
    func matchesTwoPass(_ c: MomentsDataCase) throws {
        let m = StreamingMoments(c.values)
        let exact = TwoPassStatistics(c.values)
        #expect(m.count == exact.count)
        #expect(isClose(m.mean, exact.mean, relative: 1e-13))
        #expect(isClose(m.variance, exact.variance, relative: c.varianceTolerance), "\(m.variance) vs \(exact.variance)")
        #expect(isClose(m.standardDeviation, exact.variance.squareRoot(), relative: c.varianceTolerance))
        #expect(m.min == exact.min)
        #expect(m.max == exact.max)
        #expect(isClose(m.sum, c.values.reduce(0, +), relative: 1e-12))
    }

    @Test("hand-computed values, including on a large offset")
    func handComputed() {
        let small = StreamingMoments([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(small.mean == 5)
        #expect(small.populationVariance == 4)
        #expect(isClose(small.variance, 32.0 / 7, relative: 1e-15))
        // Deviations 4, 7, 13, 16 around 1e9: mean 1e9 + 10, variance (36+9+9+36)/3 = 30.
        // The naive sum-of-squares formula loses every digit here (1e18 squares).
        let offset = StreamingMoments([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])
        #expect(offset.mean == 1e9 + 10)
        #expect(isClose(offset.variance, 30, relative: 1e-9))
    }

    @Test("an empty accumulator has no min or max and zero moments")
    func empty() {
        let m = StreamingMoments()
        #expect(m.isEmpty && m.count == 0)
        #expect(m.mean == 0 && m.variance == 0 && m.sum == 0)
        #expect(m.min == nil && m.max == nil)
        #expect(StreamingMoments([3]).variance == 0)
    }

    @Test("merging parts equals the combined stream", arguments: momentData)
    func mergeEqualsCombined(_ c: MomentsDataCase) {
        let whole = StreamingMoments(c.values)
        let n = c.values.count
        for split in Set([0, 1, n / 3, n - 1, n]).sorted() {
            var left = StreamingMoments(c.values[..<split])
            left.merge(StreamingMoments(c.values[split...]))
            #expect(left.count == whole.count)
            #expect(isClose(left.mean, whole.mean, relative: 1e-13), "split at \(split)")
            #expect(isClose(left.variance, whole.variance, relative: c.varianceTolerance), "split at \(split)")
            #expect(left.min == whole.min && left.max == whole.max)
        }
        // Ten replications folded one by one.
        var folded = StreamingMoments()
        let chunk = Swift.max(1, n / 10)
        for start in stride(from: 0, to: n, by: chunk) {
            folded = folded.merged(with: StreamingMoments(c.values[start..<Swift.min(n, start + chunk)]))
        }
        #expect(folded.count == n)
        #expect(isClose(folded.variance, TwoPassStatistics(c.values).variance, relative: c.varianceTolerance))
    }
}
