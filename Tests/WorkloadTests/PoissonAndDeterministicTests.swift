import Engine
import Testing
import Workload

@Suite struct PoissonAndDeterministicTests {
    @Test(arguments: [(rate: 50.0, width: 1.0), (rate: 2.0, width: 5.0), (rate: 400.0, width: 0.1)])
    func poissonCountsHaveMeanAndVarianceRateTimesWindow(rate: Double, width: Double) throws {
        let windows = 4000
        let times = arrivals(try PoissonArrivals(rate: rate), until: .seconds(width * Double(windows)), using: stream(7))
        let c = counts(times, width: width, windows: windows)
        let expected = rate * width
        // Mean: standard error √(λw/n); allow 4 of them.
        #expect(abs(mean(c) - expected) <= 4 * (expected / Double(windows)).squareRoot())
        // Dispersion index var/mean is 1 for Poisson (± √(2/n) ≈ 0.022); a regular or
        // clumped process would miss by far more.
        #expect(abs(variance(c) / mean(c) - 1) < 0.1)
    }

    @Test func poissonRateZeroEnds() throws {
        var p = try PoissonArrivals(rate: 0)
        #expect(p.nextArrival(after: .zero, using: stream(1)) == nil)
    }

    @Test func rejectsBadRates() {
        #expect(throws: WorkloadError.self) { try PoissonArrivals(rate: -1) }
        #expect(throws: WorkloadError.self) { try PoissonArrivals(rate: .nan) }
        #expect(throws: WorkloadError.self) { try DeterministicArrivals(interval: .zero) }
    }

    @Test func deterministicTimesAreExact() throws {
        let p = try DeterministicArrivals(interval: .milliseconds(250), phase: SimTime(nanoseconds: 100_000_000))
        let times = arrivals(p, until: .seconds(1.5), using: stream(1))
        #expect(times.map(\.nanoseconds) == [100, 350, 600, 850, 1100, 1350].map { Int64($0) * 1_000_000 })
    }

    @Test func deterministicSkipsToTheFirstPointAtOrAfterNow() throws {
        var p = try DeterministicArrivals(rate: 4)  // every 250 ms from 0
        let r = stream(1)
        #expect(p.nextArrival(after: .zero, using: r) == .zero)
        #expect(p.nextArrival(after: .seconds(1.1), using: r) == .seconds(1.25))
        #expect(p.nextArrival(after: .seconds(1.25), using: r) == .seconds(1.5))
        #expect(p.nextArrival(after: .seconds(2.0), using: r) == .seconds(2.0))
    }
}
