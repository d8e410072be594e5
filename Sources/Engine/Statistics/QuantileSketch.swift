import Foundation

/// Quantiles of a stream of non-negative values (latencies, in seconds) with a
/// guaranteed relative error, in fixed memory: a DDSketch-style histogram with
/// logarithmically spaced buckets (Masson, Rim and Lee, VLDB 2019).
///
/// **Buckets.** With relative accuracy `a` and `gamma = (1 + a) / (1 - a)`, bucket `i`
/// holds the values in `(gamma^(i-1), gamma^i]` and stands for the value
/// `2 gamma^i / (gamma + 1)`, which is within a factor `1 ± a` of every value in
/// the bucket. The buckets cover `[minValue, maxValue]` of the configuration and are
/// allocated once, up front; adding a value only increments a counter.
///
/// **Quantile definition.** `quantile(q)` estimates the value of rank
/// `k = max(1, ceil(q * n))` (1-based) of the `n` values added — the smallest value
/// with at least a fraction `q` of the values at or below it. The estimate is the
/// representative of the bucket holding that value, clamped into `[min, max]` of
/// the values seen (which can only move it closer), so for any value of rank `k`
/// inside the range the relative error is at most `a`. Ranks 1 and `n` return the
/// exact minimum and maximum, which the sketch keeps (even out of range). `rank(ofQuantile:count:)`
/// exposes the rank so callers and tests use the same definition.
///
/// **Out of range.** Zero has its own bucket and is reported as exactly 0. Values in
/// `(0, minValue)` are counted in the lowest bucket, values above `maxValue` (and
/// NaN) in the highest, negative values in the zero bucket; all of these are also
/// counted in `belowRangeCount` / `aboveRangeCount` so a report can say that the
/// error bound did not hold for them.
public struct QuantileSketch: Sendable, Equatable {
    /// Accuracy and value range; two sketches merge only if these are equal.
    public struct Configuration: Sendable, Equatable {
        /// The relative accuracy `a` of each bucket's representative value.
        public let relativeAccuracy: Double
        /// Smallest positive value the buckets cover without clamping.
        public let minValue: Double
        /// Largest value the buckets cover without clamping.
        public let maxValue: Double

        /// Precondition: `0 < relativeAccuracy < 1`, `0 < minValue < maxValue`, all
        /// finite. These are fixed in code, never user input.
        public init(relativeAccuracy: Double, minValue: Double, maxValue: Double) {
            precondition(relativeAccuracy > 0 && relativeAccuracy < 1, "relativeAccuracy must be in (0, 1)")
            precondition(minValue > 0 && maxValue.isFinite && minValue < maxValue, "need 0 < minValue < maxValue < infinity")
            self.relativeAccuracy = relativeAccuracy
            self.minValue = minValue
            self.maxValue = maxValue
        }

        /// Latencies in seconds: 1 ns to 10^7 s (about 116 days), relative accuracy
        /// 0.5 % — half the 1 % that reports promise, so the promise holds with margin.
        /// 3685 buckets of 8 bytes, about 29 KB per sketch.
        public static let latencySeconds = Configuration(relativeAccuracy: 0.005, minValue: 1e-9, maxValue: 1e7)
    }

    public let configuration: Configuration
    /// `ln(gamma)`, and its inverse to turn a logarithm into a bucket index.
    private let logGamma: Double
    private let inverseLogGamma: Double
    /// The index `i` of `counts[0]`.
    private let firstIndex: Int
    /// Preallocated: one counter per bucket from `minValue`'s to `maxValue`'s.
    private var counts: [Int]

    /// Number of values added (all of them, in range or not).
    public private(set) var count: Int = 0
    /// Values that were 0 (or negative, also counted in `belowRangeCount`).
    public private(set) var zeroCount: Int = 0
    /// Values below `minValue` (negative ones included), clamped.
    public private(set) var belowRangeCount: Int = 0
    /// Values above `maxValue`, or NaN, clamped into the highest bucket.
    public private(set) var aboveRangeCount: Int = 0
    private var smallest: Double = .infinity
    private var largest: Double = -.infinity

    public init(configuration: Configuration = .latencySeconds) {
        self.configuration = configuration
        let a = configuration.relativeAccuracy
        logGamma = log((1 + a) / (1 - a))
        inverseLogGamma = 1 / logGamma
        firstIndex = Int((log(configuration.minValue) * inverseLogGamma).rounded(.up))
        let lastIndex = Int((log(configuration.maxValue) * inverseLogGamma).rounded(.up))
        counts = [Int](repeating: 0, count: lastIndex - firstIndex + 1)
    }

    /// Counts one value. Constant time; allocates nothing (the bucket array is
    /// preallocated; a copied sketch copies it once, on its first add).
    public mutating func add(_ x: Double) {
        count += 1
        if x < smallest { smallest = x }
        if x > largest { largest = x }
        if x > 0 && x <= configuration.maxValue {
            if x < configuration.minValue {
                belowRangeCount += 1
                counts[0] += 1
                return
            }
            let i = Int((log(x) * inverseLogGamma).rounded(.up)) - firstIndex
            // The clamp only guards against rounding at the two range ends.
            counts[Swift.min(Swift.max(i, 0), counts.count - 1)] += 1
        } else if x <= 0 {
            zeroCount += 1
            if x < 0 { belowRangeCount += 1 }
        } else {
            aboveRangeCount += 1
            counts[counts.count - 1] += 1
        }
    }

    /// Folds `other` into this sketch. Precondition: equal configurations.
    public mutating func merge(_ other: QuantileSketch) {
        precondition(configuration == other.configuration, "cannot merge sketches with different configurations")
        for i in counts.indices { counts[i] += other.counts[i] }
        count += other.count
        zeroCount += other.zeroCount
        belowRangeCount += other.belowRangeCount
        aboveRangeCount += other.aboveRangeCount
        smallest = Swift.min(smallest, other.smallest)
        largest = Swift.max(largest, other.largest)
    }

    public func merged(with other: QuantileSketch) -> QuantileSketch {
        var copy = self
        copy.merge(other)
        return copy
    }

    public var isEmpty: Bool { count == 0 }

    /// The 1-based rank whose value `quantile(q)` estimates: `max(1, ceil(q * count))`,
    /// with `q` clamped to [0, 1] and the product computed in Double.
    public static func rank(ofQuantile q: Double, count: Int) -> Int {
        let clamped = Swift.min(Swift.max(q, 0), 1)
        let k = Int((clamped * Double(count)).rounded(.up))
        return Swift.min(Swift.max(k, 1), count)
    }

    /// Estimate of the value of rank `rank(ofQuantile: q, count: count)`; nil when
    /// the sketch is empty or `q` is NaN. See the type's documentation for the bound.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0, !q.isNaN else { return nil }
        let k = Self.rank(ofQuantile: q, count: count)
        // The extreme ranks are the minimum and maximum, which are kept exactly.
        if k == 1 { return smallest }
        if k == count { return largest }
        var estimate = 0.0
        if k > zeroCount {
            var cumulative = zeroCount
            var bucket = counts.count - 1
            for (j, c) in counts.enumerated() {
                cumulative += c
                if cumulative >= k { bucket = j; break }
            }
            estimate = representative(ofBucket: bucket)
        }
        return Swift.min(Swift.max(estimate, smallest), largest)
    }

    /// The standard report quantiles; nil when empty.
    public var quantiles: StandardQuantiles? {
        guard count > 0 else { return nil }
        return StandardQuantiles(
            p50: quantile(0.5)!, p90: quantile(0.9)!, p95: quantile(0.95)!,
            p99: quantile(0.99)!, p999: quantile(0.999)!)
    }

    /// Smallest value added (exact), nil when empty.
    public var min: Double? { count > 0 ? smallest : nil }
    /// Largest value added (exact), nil when empty.
    public var max: Double? { count > 0 ? largest : nil }

    /// Number of preallocated buckets (fixed by the configuration).
    public var bucketCount: Int { counts.count }
    /// Bytes held by the bucket array; constant over the sketch's life.
    public var storageBytes: Int { counts.capacity * MemoryLayout<Int>.stride }

    /// `2 gamma^i / (gamma + 1)`: the value within relative distance `a` of every
    /// value in `(gamma^(i-1), gamma^i]`.
    private func representative(ofBucket j: Int) -> Double {
        let i = Double(firstIndex + j)
        return 2 * exp(i * logGamma) / (exp(logGamma) + 1)
    }
}

/// The quantiles every latency report shows.
public struct StandardQuantiles: Sendable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double

    /// The levels of the fields above, in order.
    public static let levels: [Double] = [0.5, 0.9, 0.95, 0.99, 0.999]

    public init(p50: Double, p90: Double, p95: Double, p99: Double, p999: Double) {
        self.p50 = p50; self.p90 = p90; self.p95 = p95; self.p99 = p99; self.p999 = p999
    }
}
