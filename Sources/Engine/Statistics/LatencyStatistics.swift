/// What the model records per request kind: exact moments and approximate
/// quantiles of a latency, in seconds, in fixed memory.
public struct LatencyStatistics: Sendable, Equatable {
    public private(set) var moments: StreamingMoments
    public private(set) var sketch: QuantileSketch

    public init(configuration: QuantileSketch.Configuration = .latencySeconds) {
        moments = StreamingMoments()
        sketch = QuantileSketch(configuration: configuration)
    }

    /// Records one latency in seconds.
    public mutating func record(seconds: Double) {
        moments.add(seconds)
        sketch.add(seconds)
    }

    /// Records one latency.
    public mutating func record(_ latency: SimDuration) {
        record(seconds: latency.seconds)
    }

    /// Folds in another replication's or component's statistics.
    public mutating func merge(_ other: LatencyStatistics) {
        moments.merge(other.moments)
        sketch.merge(other.sketch)
    }

    public func merged(with other: LatencyStatistics) -> LatencyStatistics {
        var copy = self
        copy.merge(other)
        return copy
    }

    public var count: Int { moments.count }
    public var isEmpty: Bool { moments.isEmpty }
    /// Exact mean, in seconds; 0 when empty.
    public var mean: Double { moments.mean }
    /// Exact sample standard deviation, in seconds.
    public var standardDeviation: Double { moments.standardDeviation }
    public var min: Double? { moments.min }
    public var max: Double? { moments.max }
    /// Quantile estimate within the sketch's relative accuracy; nil when empty.
    public func quantile(_ q: Double) -> Double? { sketch.quantile(q) }
    /// p50 ... p99.9; nil when empty.
    public var quantiles: StandardQuantiles? { sketch.quantiles }
}
