import Foundation
import Results
import Testing

/// Mahmoudi & Khazaei's steady-state keep-alive model (`KeepAliveSteadyState`).
@Suite struct KeepAliveFormulaTests {
    /// The authors' implementation (PyPI pacsltk 0.2.0,
    /// `perfmodel.get_sls_warm_count_dist(λ, 1.991, 2.244, 600)`) prints these values;
    /// ours is written from the paper, so agreement checks the derivation.
    @Test(arguments: [
        (0.9, 0.0011862666287375478, 7.60307268906575),
        (10.0, 0.00023019614070336346, 36.94679987160309),
        (100.0, 5.9689540246859e-05, 250.383408741873),
    ])
    func agreesWithTheAuthorsImplementation(rate: Double, cold: Double, instances: Double) {
        let model = KeepAliveSteadyState(arrivalRate: rate, meanWarmService: 1.991, meanColdService: 2.244, expiration: 600)
        #expect(abs(model.coldStartProbability - cold) / cold < 1e-4, "P(cold) \(model.coldStartProbability)")
        #expect(abs(model.meanInstances - instances) / instances < 1e-4, "instances \(model.meanInstances)")
        #expect(abs(model.distribution.reduce(0, +) - 1) < 1e-12)
    }

    /// Hand-computable limits: a tiny rate with a short threshold makes nearly every
    /// request cold (the instance expires between requests) and the mean count is the
    /// fraction of time an instance is alive; more keep-alive means fewer cold starts.
    @Test func limitsAndMonotonicity() {
        let sparse = KeepAliveSteadyState(arrivalRate: 0.001, meanWarmService: 1, meanColdService: 1, expiration: 1)
        // P(an instance sees another request within its ≈ 2 s life) ≈ 0.002.
        #expect(sparse.coldStartProbability > 0.99)
        // Alive ≈ (1 s cold service + 1 s threshold) per 1000 s.
        #expect(sparse.meanInstances > 0.0005 && sparse.meanInstances < 0.004)
        var previous = 1.0
        for threshold in [10.0, 60, 600, 3600] {
            let model = KeepAliveSteadyState(arrivalRate: 1, meanWarmService: 2, meanColdService: 2.5, expiration: threshold)
            #expect(model.coldStartProbability < previous, "threshold \(threshold)")
            previous = model.coldStartProbability
        }
        // A long threshold does not overflow the expected lifetimes (e^(L T) > Double.max).
        let long = KeepAliveSteadyState(arrivalRate: 10, meanWarmService: 1.991, meanColdService: 2.244, expiration: 7200)
        #expect(long.meanInstances.isFinite && long.meanInstances > 36.9)
        #expect(long.coldStartProbability.isFinite && long.coldStartProbability < 2.3e-4)
    }
}
