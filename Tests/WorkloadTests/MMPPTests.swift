import Engine
import Testing
import Workload

@Suite struct MMPPTests {
    @Test func longRunRateIsTheStationaryMix() throws {
        // On 25 % of the time at 30/s, off 75 % at 10/s: 15/s overall.
        let p = try MMPPArrivals.onOff(onRate: 30, offRate: 10, meanOn: .seconds(1.0), meanOff: .seconds(3.0))
        #expect(abs(p.stationary[0] - 0.25) < 1e-12)
        #expect(abs(p.longRunRate - 15) < 1e-12)
        let horizon = 20_000.0
        let n = arrivals(p, until: .seconds(horizon), using: stream(21)).count
        // Count variance ≈ IDC × mean with IDC = 1 + 2(λ₁−λ₂)²π₁π₂/((r₁+r₂)λ̄) = 8.5.
        let sd = (8.5 * 15 * horizon).squareRoot()
        #expect(abs(Double(n) - 15 * horizon) < 4 * sd, "\(n) arrivals")
    }

    @Test func onOffIsBurstierThanPoisson() throws {
        let p = try MMPPArrivals.onOff(onRate: 50, meanOn: .seconds(2.0), meanOff: .seconds(8.0))
        let c = counts(arrivals(p, until: .seconds(20_000), using: stream(4)), width: 10, windows: 2000)
        #expect(abs(mean(c) - 100) < 15)
        #expect(variance(c) / mean(c) > 20)  // Poisson would give 1
    }

    @Test func kStateStationaryAndRate() throws {
        // A cycle 0 → 1 → 2 → 0: every state visited equally, so time shares ∝ sojourns 1:2:3.
        let p = try MMPPArrivals(
            states: [.init(rate: 60, meanSojourn: .seconds(1.0)), .init(rate: 0, meanSojourn: .seconds(2.0)),
                     .init(rate: 12, meanSojourn: .seconds(3.0))],
            transitions: [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
        for (got, want) in zip(p.stationary, [1.0 / 6, 2.0 / 6, 3.0 / 6]) { #expect(abs(got - want) < 1e-9) }
        #expect(abs(p.longRunRate - 16) < 1e-9)  // 60/6 + 12·3/6
        let n = arrivals(p, until: .seconds(20_000), using: stream(8)).count
        #expect(abs(Double(n) / 20_000 - 16) < 0.8)
    }

    @Test func rejectsBadChains() {
        #expect(throws: WorkloadError.self) { try MMPPArrivals(states: [.init(rate: 1, meanSojourn: .wholeSeconds(1))]) }
        #expect(throws: WorkloadError.self) {
            try MMPPArrivals.onOff(onRate: 0, meanOn: .wholeSeconds(1), meanOff: .wholeSeconds(1))
        }
        #expect(throws: WorkloadError.self) {
            try MMPPArrivals(states: [.init(rate: 1, meanSojourn: .wholeSeconds(1)), .init(rate: 1, meanSojourn: .wholeSeconds(1)),
                                      .init(rate: 1, meanSojourn: .wholeSeconds(1))],
                             transitions: [[0, 0.5, 0.4], [0.5, 0, 0.5], [0.5, 0.5, 0]])
        }
    }
}
