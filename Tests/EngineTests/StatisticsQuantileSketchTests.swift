import Foundation
import Testing
import Engine

struct SketchDataCase: Sendable, CustomTestStringConvertible {
    let name: String
    let values: [Double]
    var testDescription: String { name }
}

private let sampleCount = 100_000

private let sketchData: [SketchDataCase] = {
    let streams = RandomStreams(seed: 31)
    func draws(_ name: String, _ draw: (RandomStream) -> Double) -> [Double] {
        let s = streams.stream(named: name)
        return (0..<sampleCount).map { _ in draw(s) }
    }
    return [
        .init(name: "exponential mean 0.1", values: draws("exp") { Distribution.exponential(mean: 0.1).sample(using: $0) }),
        .init(name: "lognormal sigma 2 (heavy tail)",
              values: draws("ln") { Distribution.lognormal(mu: log(0.05), sigma: 2).sample(using: $0) }),
        .init(name: "uniform 0.001..2", values: draws("uni") { Distribution.uniform(low: 0.001, high: 2).sample(using: $0) }),
        .init(name: "constant 0.3", values: [Double](repeating: 0.3, count: sampleCount)),
        .init(name: "log-uniform 1e-6..1e4", values: draws("span") { exp(log(1e-6) + $0.uniform() * (log(1e4) - log(1e-6))) }),
    ]
}()

private let levels: [Double] = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1]

/// The exact quantile under the sketch's definition: the value of rank
/// max(1, ceil(q n)) of the sorted values.
private func exactQuantile(_ sorted: [Double], _ q: Double) -> Double {
    let rank = Swift.min(sorted.count, Swift.max(1, Int((q * Double(sorted.count)).rounded(.up))))
    return sorted[rank - 1]
}

@Suite("Quantile sketch")
struct StatisticsQuantileSketchTests {
    @Test("the rank definition on hand-worked cases")
    func rankDefinition() {
        #expect(QuantileSketch.rank(ofQuantile: 0.5, count: 10) == 5)
        #expect(QuantileSketch.rank(ofQuantile: 0.9, count: 10) == 9)
        #expect(QuantileSketch.rank(ofQuantile: 0.95, count: 7) == 7)  // ceil(6.65)
        #expect(QuantileSketch.rank(ofQuantile: 0.5, count: 7) == 4)  // ceil(3.5)
        #expect(QuantileSketch.rank(ofQuantile: 0, count: 10) == 1)
        #expect(QuantileSketch.rank(ofQuantile: 1, count: 10) == 10)
        #expect(QuantileSketch.rank(ofQuantile: 0.999, count: 1000) == 999)
        #expect(QuantileSketch.rank(ofQuantile: 1.5, count: 3) == 3)
    }

    @Test("quantiles are within 1% of the exact sorted quantiles", arguments: sketchData)
    func accuracy(_ c: SketchDataCase) throws {
        var sketch = QuantileSketch()
        for v in c.values { sketch.add(v) }
        let sorted = c.values.sorted()
        #expect(sketch.count == c.values.count)
        #expect(sketch.belowRangeCount == 0 && sketch.aboveRangeCount == 0 && sketch.zeroCount == 0)
        var worst = 0.0
        for q in levels {
            let exact = exactQuantile(sorted, q)
            let estimate = try #require(sketch.quantile(q))
            let error = abs(estimate - exact) / exact
            worst = max(worst, error)
            #expect(error <= 0.01, "q = \(q): \(estimate) vs exact \(exact)")
        }
        // The configured accuracy (0.5 %) is what actually holds; 1 % is the promise.
        #expect(worst <= QuantileSketch.Configuration.latencySeconds.relativeAccuracy * (1 + 1e-9), "worst \(worst)")
        // min and max are exact.
        #expect(sketch.quantile(0) == sorted.first && sketch.quantile(1) == sorted.last)
        #expect(sketch.min == sorted.first && sketch.max == sorted.last)
        let standard = try #require(sketch.quantiles)
        #expect(standard == StandardQuantiles(
            p50: sketch.quantile(0.5)!, p90: sketch.quantile(0.9)!, p95: sketch.quantile(0.95)!,
            p99: sketch.quantile(0.99)!, p999: sketch.quantile(0.999)!))
    }

    @Test("a coarser sketch really is coarser (the test can fail)")
    func coarserSketchFails() throws {
        // With 5 % accuracy the same comparison exceeds 1 %: the accuracy test above
        // measures the bucket width, not something that always passes.
        var sketch = QuantileSketch(configuration: .init(relativeAccuracy: 0.05, minValue: 1e-9, maxValue: 1e7))
        let values = sketchData[0].values
        for v in values { sketch.add(v) }
        let sorted = values.sorted()
        let worst = levels.map { abs(sketch.quantile($0)! - exactQuantile(sorted, $0)) / exactQuantile(sorted, $0) }.max()!
        #expect(worst > 0.01 && worst <= 0.05 * (1 + 1e-9))
    }

    @Test("merging sketches equals sketching the combined stream", arguments: sketchData)
    func merge(_ c: SketchDataCase) {
        var whole = QuantileSketch(), left = QuantileSketch(), right = QuantileSketch()
        for (i, v) in c.values.enumerated() {
            whole.add(v)
            if i % 3 == 0 { left.add(v) } else { right.add(v) }
        }
        let merged = left.merged(with: right)
        #expect(merged == whole)
        #expect(levels.map { merged.quantile($0) } == levels.map { whole.quantile($0) })
        var intoEmpty = QuantileSketch()
        intoEmpty.merge(whole)
        #expect(intoEmpty == whole)
    }

    @Test("zero, out-of-range values are counted and clamped")
    func outOfRange() throws {
        var sketch = QuantileSketch()
        for v in [0, 0, 1e-12, 0.5, 5e7] { sketch.add(v) }
        #expect(sketch.count == 5)
        #expect(sketch.zeroCount == 2)
        #expect(sketch.belowRangeCount == 1)
        #expect(sketch.aboveRangeCount == 1)
        #expect(sketch.quantile(0.2) == 0)
        #expect(sketch.quantile(0.4) == 0)
        // 1e-12 is clamped into the lowest bucket (about 1 ns).
        let clamped = try #require(sketch.quantile(0.6))
        #expect(clamped > 0 && clamped <= 1e-9 * 1.01)
        #expect(abs(try #require(sketch.quantile(0.8)) - 0.5) <= 0.005 * 0.5)
        // Above the range: the highest bucket, but the maximum itself is exact.
        #expect(sketch.quantile(1) == 5e7)

        var odd = QuantileSketch()
        odd.add(-1)
        odd.add(.nan)
        #expect(odd.zeroCount == 1 && odd.belowRangeCount == 1 && odd.aboveRangeCount == 1)
    }

    @Test("an empty sketch has no quantiles")
    func empty() {
        let sketch = QuantileSketch()
        #expect(sketch.isEmpty)
        #expect(sketch.quantile(0.5) == nil)
        #expect(sketch.quantiles == nil)
        #expect(sketch.min == nil && sketch.max == nil)
        var one = QuantileSketch()
        one.add(0.25)
        #expect(one.quantile(.nan) == nil)
        #expect(one.quantile(0.5) == 0.25)  // clamped into [min, max]: exact
    }

    @Test("storage is fixed: 10^6 adds do not grow it")
    func fixedMemory() {
        var sketch = QuantileSketch()
        let buckets = sketch.bucketCount
        let bytes = sketch.storageBytes
        #expect(buckets == 3685)  // ceil(ln 1e7 / ln g) - ceil(ln 1e-9 / ln g) + 1, g = 1.005/0.995
        #expect(bytes >= buckets * 8 && bytes < buckets * 8 + 64)
        let stream = RandomStreams(seed: 3).stream(named: "memory")
        for _ in 0..<1_000_000 {
            // Log-uniform over 1e-12 .. 1e9: every bucket, and both clamped ends.
            sketch.add(exp(log(1e-12) + stream.uniform() * (log(1e9) - log(1e-12))))
        }
        #expect(sketch.count == 1_000_000)
        #expect(sketch.bucketCount == buckets)
        #expect(sketch.storageBytes == bytes)
    }
}
