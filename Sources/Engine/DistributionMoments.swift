import CGSL
import Foundation

extension Distribution {
    /// The analytic mean; nil when it is infinite (pareto with shape <= 1) or does
    /// not fit in a Double. Assumes the distribution was validated.
    public var mean: Double? {
        let m: Double
        switch self {
        case .constant(let v):
            m = v
        case .uniform(let low, let high):
            m = (low + high) / 2
        case .exponential(let mean):
            m = mean
        case .truncatedNormal(let mu, let sigma):
            m = Self.truncatedNormalMoments(mu: mu, sigma: sigma).mean
        case .lognormal(let mu, let sigma):
            m = exp(mu + sigma * sigma / 2)
        case .gamma(let shape, let scale):
            m = shape * scale
        case .weibull(let shape, let scale):
            m = scale * tgamma(1 + 1 / shape)
        case .pareto(let shape, let scale):
            guard shape > 1 else { return nil }
            m = shape * scale / (shape - 1)
        case .empirical(let samples):
            m = StreamingMoments(samples.sorted).mean
        }
        return m.isFinite ? m : nil
    }

    /// The analytic variance; nil when it is infinite (pareto with shape <= 2) or
    /// does not fit in a Double. An empirical distribution draws uniformly from its
    /// samples, so its variance is their population variance (divides by n).
    public var variance: Double? {
        let v: Double
        switch self {
        case .constant:
            v = 0
        case .uniform(let low, let high):
            v = (high - low) * (high - low) / 12
        case .exponential(let mean):
            v = mean * mean
        case .truncatedNormal(let mu, let sigma):
            v = Self.truncatedNormalMoments(mu: mu, sigma: sigma).variance
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            v = expm1(s2) * exp(2 * mu + s2)
        case .gamma(let shape, let scale):
            v = shape * scale * scale
        case .weibull(let shape, let scale):
            let g1 = tgamma(1 + 1 / shape)
            v = scale * scale * (tgamma(1 + 2 / shape) - g1 * g1)
        case .pareto(let shape, let scale):
            guard shape > 2 else { return nil }
            v = scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2))
        case .empirical(let samples):
            v = StreamingMoments(samples.sorted).populationVariance
        }
        return v.isFinite ? v : nil
    }

    /// The standard deviation, the square root of `variance`.
    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

    /// Mean and variance of Normal(mu, sigma) conditioned on being >= 0 (the
    /// sampler redraws negatives, which is exactly conditioning). With
    /// alpha = -mu/sigma, Z = P(X >= 0) = Q(alpha) and lambda = phi(alpha) / Z:
    ///   mean = mu + sigma * lambda,  variance = sigma^2 * (1 + alpha * lambda - lambda^2).
    static func truncatedNormalMoments(mu: Double, sigma: Double) -> (mean: Double, variance: Double) {
        guard sigma > 0 else { return (mu, 0) }
        let alpha = -mu / sigma
        let lambda = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
        return (mu + sigma * lambda, sigma * sigma * (1 + alpha * lambda - lambda * lambda))
    }
}
