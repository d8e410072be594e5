import Foundation

/// The steady-state model of a scale-per-request platform with an expiration threshold
/// (one request per instance, a new instance when none is idle, an idle instance
/// removed `expiration` after its last request): N. Mahmoudi and H. Khazaei,
/// "Performance Modeling of Serverless Computing Platforms", IEEE Transactions on
/// Cloud Computing, 2020 (doi:10.1109/TCC.2020.3033373); the same model underlies their
/// "Temporal performance modelling of serverless computing platforms", WoSC 2020.
///
/// The model is a birth–death chain over n, the number of warm instances:
/// * given n instances, the busy ones form an Erlang loss system M/M/n/n with offered
///   load ρ = λ·E[warm service]; a request that finds all n busy is a cold start, so
///   P(cold | n) = B(n, ρ) (Erlang B);
/// * n → n+1 at the rate of one cold start followed by its cold service, the two
///   times in series: 1 / (1/(λB(n,ρ)) + E[cold service]);
/// * n → n−1 at the sum over instances m = 1…n of 1 / (instance m's mean lifetime).
///   With routing to the newest idle instance, instance m takes the requests that the
///   m−1 above it turn away and it does not: a Poisson stream of rate
///   L_m = λ(B(m−1, ρ) − B(m, ρ)). It expires after a gap of more than the threshold T,
///   which each gap is with probability p = e^(−L T); until then come 1/p − 1 shorter
///   gaps, each counted at ∫₀^T′ t L e^(−Lt) dt with T′ = T + E[warm service], so its
///   lifetime is T + (1/p − 1)·(1 − e^(−LT′))/L − T′e^(−LT′)).
///
/// The stationary distribution π of the chain gives P(cold) = Σ π_n B(n, ρ) and the
/// mean instance count Σ π_n n.
///
/// **An approximation.** The stream that reaches instance m is the overflow of a loss
/// system, which is burstier than Poisson, and the per-instance lifetimes are treated
/// as independent. Against the simulated model (knsim and SimFaaS agree; Poisson
/// arrivals, warm 1.991 s, cold 2.244 s, T = 600 s) the mean instance count is within
/// about 1% (7.60 vs 7.69 at 0.9 req/s, 36.9 vs 37.2 at 10, 250.4 vs 251 at 100), while
/// the cold-start probability is underestimated by 10–30% (1.19e-3 vs 1.32e-3,
/// 2.30e-4 vs 2.83e-4, 6.0e-5 vs 8.4e-5): B(n, ρ) falls by a factor ρ/n per instance,
/// so a shift of the stationary count by one instance moves P(cold) by tens of percent.
///
/// Derived here from the paper's description; the values agree with the authors'
/// own implementation (`pacsltk.perfmodel.get_sls_warm_count_dist`, PyPI pacsltk
/// 0.2.0) to four significant figures.
public struct KeepAliveSteadyState: Sendable, Equatable {
    /// Cold-start probability of a request.
    public var coldStartProbability: Double
    /// Time-average number of warm instances (busy or idle).
    public var meanInstances: Double
    /// The chain's stationary distribution, π[n] for n = 0…π.count − 1.
    public var distribution: [Double]

    /// Solves the chain for arrival rate `arrivalRate` (req/s), mean warm and cold
    /// service times and expiration threshold (seconds).
    public init(arrivalRate lambda: Double, meanWarmService warm: Double, meanColdService cold: Double,
                expiration threshold: Double) {
        precondition(lambda > 0 && warm > 0 && cold > 0 && threshold > 0)
        let rho = lambda * warm
        // Erlang B by its recurrence B(0) = 1, B(n) = ρB(n−1) / (n + ρB(n−1)).
        var blocking = [1.0]
        // log of the rate down from n: the sum of the n instances' expiry rates, kept
        // in logs because an instance that takes a request every few seconds has an
        // expected lifetime of e^(L T) — beyond Double for long thresholds.
        var logExpiry = -Double.infinity
        // Log-weights of the stationary distribution (π_n ∝ Π birth/death), walked up
        // until the mass above the mode is negligible.
        var logWeights = [0.0]
        var mode = 0
        var n = 0
        while n < 1_000_000 {
            let b = blocking[n]
            let coldRate = lambda * b
            guard coldRate > 0 else { break }
            let logBirth = -log(1 / coldRate + cold)
            n += 1
            let next = rho * b / (Double(n) + rho * b)
            blocking.append(next)
            let logRate = Self.logExpiryRate(ofInstanceReceiving: lambda * (b - next), threshold: threshold, warm: warm)
            logExpiry = Self.logSum(logExpiry, logRate)
            logWeights.append(logWeights[n - 1] + logBirth - logExpiry)
            if logWeights[n] > logWeights[mode] { mode = n }
            // Past the mode, stop once the weights are 1e-18 of it and still falling.
            if n > mode, logWeights[n] < logWeights[mode] - 41.4, logWeights[n] < logWeights[n - 1] { break }
        }
        let peak = logWeights[mode]
        let weights = logWeights.map { exp($0 - peak) }
        let total = weights.reduce(0, +)
        distribution = weights.map { $0 / total }
        coldStartProbability = zip(distribution, blocking).map { $0 * $1 }.reduce(0, +)
        meanInstances = distribution.enumerated().map { Double($0.offset) * $0.element }.reduce(0, +)
    }

    /// log(1 / mean lifetime) of an instance that receives a Poisson stream of rate
    /// `rate` and expires after an idle gap longer than `threshold` (see the type's
    /// comment).
    static func logExpiryRate(ofInstanceReceiving rate: Double, threshold: Double, warm: Double) -> Double {
        // No traffic at all: it expires after one threshold.
        guard rate > 0 else { return -log(threshold) }
        let span = threshold + warm
        let meanShortGap = -expm1(-rate * span) / rate - span * exp(-rate * span)
        let exponent = rate * threshold
        // 1/p − 1 = e^(L T) − 1 short gaps before the one that expires it.
        if exponent < 600 { return -log(threshold + expm1(exponent) * meanShortGap) }
        return -(exponent + log(meanShortGap))  // the threshold and the −1 are below rounding
    }

    /// log(e^a + e^b).
    static func logSum(_ a: Double, _ b: Double) -> Double {
        let high = Swift.max(a, b), low = Swift.min(a, b)
        guard high > -Double.infinity else { return high }
        return high + log1p(exp(low - high))
    }
}
