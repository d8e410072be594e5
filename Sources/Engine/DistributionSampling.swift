import CGSL

extension Distribution {
    /// One draw, through GSL's generator and distribution functions. Assumes the
    /// distribution was validated.
    @inlinable
    public func sample(using stream: RandomStream) -> Double {
        switch self {
        case .constant(let v):
            return v
        case .uniform(let low, let high):
            return gsl_ran_flat(stream.gsl, low, high)
        case .exponential(let mean):
            return gsl_ran_exponential(stream.gsl, mean)
        case .truncatedNormal(let mean, let stddev):
            // Redraw negatives: keeps the normal's shape above zero.
            while true {
                let x = mean + gsl_ran_gaussian_ziggurat(stream.gsl, stddev)
                if x >= 0 { return x }
            }
        case .lognormal(let mu, let sigma):
            return gsl_ran_lognormal(stream.gsl, mu, sigma)
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(stream.gsl, shape, scale)
        case .weibull(let shape, let scale):
            return gsl_ran_weibull(stream.gsl, scale, shape)
        case .pareto(let shape, let scale):
            return gsl_ran_pareto(stream.gsl, shape, scale)
        case .empirical(let samples):
            return samples.sorted[Int(gsl_rng_uniform_int(stream.gsl, UInt(samples.sorted.count)))]
        }
    }

    /// A draw read as seconds.
    @inlinable
    public func sampleDuration(using stream: RandomStream) -> SimDuration {
        .seconds(sample(using: stream))
    }
}
