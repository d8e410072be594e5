import Foundation

/// A distribution parameter that makes no sense, named so the scenario layer can
/// report it with the field path and line.
public struct DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter at fault, e.g. "mean" or "p99".
    public let parameter: String
    public let message: String
    public init(parameter: String, message: String) { self.parameter = parameter; self.message = message }
    public var description: String { "\(parameter): \(message)" }
}

extension Distribution {
    /// Throws a `DistributionError` naming the first parameter that makes no sense.
    public func validate() throws {
        switch self {
        case .constant(let v):
            try Self.requireNonNegative(v, "value")
        case .uniform(let low, let high):
            try Self.requireNonNegative(low, "min")
            try Self.requireFinite(high, "max")
            guard high >= low else { throw DistributionError(parameter: "max", message: "must be at least min (\(low)), got \(high)") }
        case .exponential(let mean):
            try Self.requirePositive(mean, "mean")
        case .truncatedNormal(let mean, let stddev):
            try Self.requireFinite(mean, "mean")
            try Self.requireNonNegative(stddev, "stddev")
            // Truncation redraws negatives; with almost all mass below zero that would
            // take for ever, so require some probability above zero.
            guard mean > -3 * stddev || (stddev == 0 && mean >= 0) else {
                throw DistributionError(parameter: "mean", message: "must leave probability above zero (mean > -3 x stddev), got \(mean)")
            }
        case .lognormal(let mu, let sigma):
            try Self.requireFinite(mu, "mu")
            try Self.requireNonNegative(sigma, "sigma")
        case .gamma(let shape, let scale), .weibull(let shape, let scale), .pareto(let shape, let scale):
            try Self.requirePositive(shape, "shape")
            try Self.requirePositive(scale, "scale")
        case .empirical(let samples):
            guard !samples.sorted.isEmpty else { throw DistributionError(parameter: "values", message: "must hold at least one sample") }
            for (i, v) in samples.sorted.enumerated() where !(v.isFinite && v >= 0) {
                throw DistributionError(parameter: "values[\(i)]", message: "must be a finite number of 0 or more, got \(v)")
            }
        }
    }

    /// Validates and returns self, for chaining at construction.
    public func validated() throws -> Distribution {
        try validate()
        return self
    }

    public static func exponential(rate: Double) throws -> Distribution {
        try requirePositive(rate, "rate")
        return .exponential(mean: 1 / rate)
    }

    /// Lognormal with the given mean and standard deviation of X itself.
    public static func lognormal(mean: Double, stddev: Double) throws -> Distribution {
        try requirePositive(mean, "mean")
        try requireNonNegative(stddev, "stddev")
        let sigma2 = log(1 + (stddev * stddev) / (mean * mean))
        guard sigma2.isFinite else {
            throw DistributionError(parameter: "stddev", message: "is too large relative to the mean (\(mean)) to fit a lognormal, got \(stddev)")
        }
        return .lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// Lognormal with the given median and 99th percentile of X.
    public static func lognormal(median: Double, p99: Double) throws -> Distribution {
        try requirePositive(median, "median")
        try requirePositive(p99, "p99")
        guard p99 >= median else { throw DistributionError(parameter: "p99", message: "must be at least the median (\(median)), got \(p99)") }
        let z99 = 2.326_347_874_040_840_8  // the standard normal's 99th percentile
        let sigma = log(p99 / median) / z99
        guard sigma.isFinite else {
            throw DistributionError(parameter: "p99", message: "is too far above the median (\(median)) to fit a lognormal, got \(p99)")
        }
        return .lognormal(mu: log(median), sigma: sigma)
    }

    /// Empirical distribution over the given samples (any order).
    public static func empirical(values: [Double]) throws -> Distribution {
        // Check before sorting, so that an error's index is the caller's position
        // (sorting moves the bad value, and NaN has no place in the order).
        guard !values.isEmpty else { throw DistributionError(parameter: "values", message: "must hold at least one sample") }
        for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
            throw DistributionError(parameter: "values[\(i)]", message: "must be a finite number of 0 or more, got \(v)")
        }
        return .empirical(EmpiricalSamples(sorted: values.sorted()))
    }

    static func requireFinite(_ v: Double, _ name: String) throws {
        guard v.isFinite else { throw DistributionError(parameter: name, message: "must be a finite number, got \(v)") }
    }
    static func requirePositive(_ v: Double, _ name: String) throws {
        try requireFinite(v, name)
        guard v > 0 else { throw DistributionError(parameter: name, message: "must be greater than 0, got \(v)") }
    }
    static func requireNonNegative(_ v: Double, _ name: String) throws {
        try requireFinite(v, name)
        guard v >= 0 else { throw DistributionError(parameter: name, message: "must be 0 or more, got \(v)") }
    }
}
