/// Count, mean, variance, minimum and maximum of a stream of values, in constant
/// memory and with no allocation per value.
///
/// The mean and the sum of squared deviations are updated with Welford's method,
/// which stays accurate when the values sit on a large offset (a naive
/// sum-of-squares loses every significant digit there). Two accumulators combine
/// with the pairwise formula of Chan, Golub and LeVeque, so replications or shards
/// can be summarised separately and merged without keeping their values.
public struct StreamingMoments: Sendable, Equatable {
    /// Number of values added.
    public private(set) var count: Int = 0
    /// Arithmetic mean of the values; 0 when there are none.
    public private(set) var mean: Double = 0
    /// Sum of squared deviations from the mean (Welford's M2).
    public private(set) var sumOfSquaredDeviations: Double = 0
    // Stored as infinities so `add` needs no branch on emptiness; read through
    // `min` / `max`, which say nil for an empty accumulator.
    private var smallest: Double = .infinity
    private var largest: Double = -.infinity

    public init() {}

    /// An accumulator holding the given values.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
        if x < smallest { smallest = x }
        if x > largest { largest = x }
    }

    /// Folds `other` into this accumulator, as if its values had been added here.
    public mutating func merge(_ other: StreamingMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count) + Double(other.count)
        let delta = other.mean - mean
        let otherShare = Double(other.count) / n
        mean += delta * otherShare
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * Double(count) * otherShare
        count += other.count
        smallest = Swift.min(smallest, other.smallest)
        largest = Swift.max(largest, other.largest)
    }

    /// This accumulator and `other` combined.
    public func merged(with other: StreamingMoments) -> StreamingMoments {
        var copy = self
        copy.merge(other)
        return copy
    }

    public var isEmpty: Bool { count == 0 }

    /// Sample variance (divides by n - 1, unbiased); 0 with fewer than two values.
    public var variance: Double {
        count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0
    }

    /// Population variance (divides by n); 0 when empty.
    public var populationVariance: Double {
        count > 0 ? sumOfSquaredDeviations / Double(count) : 0
    }

    /// Sample standard deviation, the square root of `variance`.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Sum of the values (mean x count; 0 when empty).
    public var sum: Double { mean * Double(count) }

    /// Smallest value added, nil when empty.
    public var min: Double? { count > 0 ? smallest : nil }

    /// Largest value added, nil when empty.
    public var max: Double? { count > 0 ? largest : nil }
}
