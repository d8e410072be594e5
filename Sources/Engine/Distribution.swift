/// A probability distribution over non-negative reals, used for inter-arrival times,
/// service times and every cold-start phase. Values are unitless; a time
/// distribution's values are seconds (see `sampleDuration`).
///
/// The cases are the canonical parameterisation; `validate()` rejects nonsense
/// parameters with a `DistributionError` naming the parameter, and the factory
/// functions for other parameterisations (lognormal from mean/stddev or median/p99,
/// exponential from a rate, empirical from unsorted values) validate as they build.
public enum Distribution: Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    case exponential(mean: Double)
    /// Normal with the given mean and standard deviation, truncated at zero
    /// (negative draws are redrawn, so the shape above zero is preserved).
    case truncatedNormal(mean: Double, stddev: Double)
    /// log X ~ Normal(mu, sigma).
    case lognormal(mu: Double, sigma: Double)
    case gamma(shape: Double, scale: Double)
    case weibull(shape: Double, scale: Double)
    /// Pareto type I: P(X > x) = (scale / x)^shape for x >= scale.
    case pareto(shape: Double, scale: Double)
    /// Draws uniformly among the given samples (kept sorted).
    case empirical(EmpiricalSamples)
}

/// The samples of an empirical distribution, sorted ascending, never empty.
public struct EmpiricalSamples: Sendable, Equatable {
    public let sorted: [Double]
}
