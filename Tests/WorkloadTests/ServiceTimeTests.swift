import Engine
import Testing
import Workload

@Suite struct ServiceTimeTests {
    @Test func quantilesInterpolateLinearly() throws {
        let q = try PiecewiseLinearQuantiles([(0, 1), (0.5, 2), (0.9, 10), (1, 10)])
        #expect(q.quantile(0) == 1)
        #expect(q.quantile(0.25) == 1.5)
        #expect(q.quantile(0.5) == 2)
        #expect(abs(q.quantile(0.7) - 6) < 1e-12)
        #expect(q.quantile(0.95) == 10)
        #expect(q.quantile(1) == 10)
        #expect(abs(q.mean - (0.5 * 1.5 + 0.4 * 6 + 0.1 * 10)) < 1e-12)
    }

    @Test func rejectsBadQuantiles() {
        #expect(throws: WorkloadError.self) { try PiecewiseLinearQuantiles([(0, 1)]) }
        #expect(throws: WorkloadError.self) { try PiecewiseLinearQuantiles([(0.1, 1), (1, 2)]) }
        #expect(throws: WorkloadError.self) { try PiecewiseLinearQuantiles([(0, 2), (1, 1)]) }
        #expect(throws: WorkloadError.self) { try PiecewiseLinearQuantiles([(0, 1), (0.5, 1), (0.5, 2), (1, 3)]) }
    }

    @Test func modelsUseTheRightSource() throws {
        let r = stream(1, "service/test")
        #expect(ServiceTimeModel.distribution(.constant(0.25)).serviceTime(recorded: .wholeSeconds(9), using: r) == .milliseconds(250))
        #expect(ServiceTimeModel.recorded(fallback: .constant(0.25)).serviceTime(recorded: .wholeSeconds(9), using: r) == .wholeSeconds(9))
        #expect(ServiceTimeModel.recorded(fallback: .constant(0.25)).serviceTime(recorded: nil, using: r) == .milliseconds(250))
        let q = try PiecewiseLinearQuantiles([(0, 0.1), (1, 0.3)])
        let draws = (0..<10_000).map { _ in ServiceTimeModel.percentiles(q).serviceTime(recorded: nil, using: r).seconds }
        #expect(draws.allSatisfy { $0 >= 0.1 && $0 <= 0.3 })
        #expect(abs(draws.reduce(0, +) / 10_000 - 0.2) < 0.003)
        #expect(throws: DistributionError.self) { try ServiceTimeModel.distribution(.exponential(mean: 0)).validate() }
    }
}
