import Engine

/// A distribution given by a few of its quantiles, with the inverse CDF linear
/// between them: the service-time model for traces that publish percentiles (the
/// Azure Functions 2019 durations file gives p0, p1, p25, p50, p75, p99, p100).
///
/// Sampling is inversion — `quantile(U)` for one uniform U — so the given
/// percentiles are reproduced exactly, and between them the CDF is linear (the
/// density is constant). Values are unitless; as a service time they are seconds.
public struct PiecewiseLinearQuantiles: Sendable, Equatable {
    /// Cumulative probabilities, strictly increasing, from 0 to 1.
    public let probabilities: [Double]
    /// The quantile at each probability, non-decreasing.
    public let values: [Double]

    /// - Parameter points: (probability, value) pairs; probabilities strictly
    ///   increasing from exactly 0 to exactly 1, values finite, ≥ 0, non-decreasing.
    public init(_ points: [(probability: Double, value: Double)]) throws {
        guard points.count >= 2 else {
            throw WorkloadError(parameter: "percentiles", message: "needs at least 2 points (probability 0 and 1), got \(points.count)")
        }
        guard points.first!.probability == 0, points.last!.probability == 1 else {
            throw WorkloadError(parameter: "percentiles", message: "must start at probability 0 and end at probability 1 (the minimum and maximum)")
        }
        for (i, p) in points.enumerated() {
            try WorkloadError.requireNonNegative(p.value, "percentiles[\(i)].value")
            if i > 0 {
                guard p.probability > points[i - 1].probability else {
                    throw WorkloadError(parameter: "percentiles[\(i)].probability", message: "must be greater than the previous one (\(points[i - 1].probability)), got \(p.probability)")
                }
                guard p.value >= points[i - 1].value else {
                    throw WorkloadError(parameter: "percentiles[\(i)].value", message: "must be at least the previous percentile (\(points[i - 1].value)), got \(p.value)")
                }
            }
        }
        probabilities = points.map(\.probability)
        values = points.map(\.value)
    }

    /// The inverse CDF at p (clamped to 0...1).
    @inlinable public func quantile(_ p: Double) -> Double {
        let p = min(max(p, 0), 1)
        var i = 1
        while i < probabilities.count - 1 && probabilities[i] < p { i += 1 }
        let p0 = probabilities[i - 1], p1 = probabilities[i]
        let v0 = values[i - 1], v1 = values[i]
        return v0 + (v1 - v0) * (p - p0) / (p1 - p0)
    }

    /// The mean: the integral of the inverse CDF, trapezoids between the points.
    public var mean: Double {
        var sum = 0.0
        for i in 1..<values.count {
            let width = probabilities[i] - probabilities[i - 1]
            sum += width * (values[i] + values[i - 1]) / 2
        }
        return sum
    }

    @inlinable public func sample(using random: RandomStream) -> Double { quantile(random.uniform()) }
}
