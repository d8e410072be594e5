import Testing
@testable import RealMode

/// Issue 6's acceptance criteria judged on comparison rows: each bound at, inside and
/// beyond its limit.
@Suite struct ValidationCriteriaTests {
    typealias Row = ValidationComparison.Row

    static let cases: [(row: Row, passes: Bool)] = [
        (Row(metric: "cold_starts", simulated: 3, real: 4), true),       // within 1
        (Row(metric: "cold_starts", simulated: 3, real: 1), false),      // 2 apart
        (Row(metric: "latency_p50", simulated: 0.200, real: 0.219), true),  // 9.5 %
        (Row(metric: "latency_p50", simulated: 0.200, real: 0.178), false), // 11 % below
        (Row(metric: "latency_p95", simulated: 1.000, real: 1.200), true),  // exactly 20 %
        (Row(metric: "latency_p95", simulated: 1.000, real: 1.250), false),
        (Row(metric: "pods_ready_mean_abs_error", simulated: 0, real: 0.5), true),
        (Row(metric: "pods_ready_mean_abs_error", simulated: 0, real: 0.51), false),
    ]

    @Test(arguments: cases.indices)
    func eachCriterionPassesInsideItsBoundAndFailsBeyondIt(_ index: Int) throws {
        let (row, passes) = Self.cases[index]
        let criterion = try #require(ValidationCriterion.issueDefaults.first { $0.metric == row.metric })
        let verdict = criterion.judge(ValidationComparison(rows: [row]))
        #expect(verdict.passed == passes)
        #expect(!verdict.missing)
        #expect(verdict.line.hasPrefix(passes ? "PASS \(row.metric):" : "FAIL \(row.metric):"))
    }

    @Test func aMissingRowFailsAndSaysSo() {
        let verdicts = ValidationComparison(rows: [Row(metric: "cold_starts", simulated: 1, real: 1)]).verdicts()
        #expect(verdicts.map(\.criterion.metric) == ["cold_starts", "latency_p50", "latency_p95", "pods_ready_mean_abs_error"])
        #expect(verdicts.map(\.passed) == [true, false, false, false])
        #expect(verdicts[3].missing)
        #expect(verdicts[3].line.contains("no value"))
    }

    @Test func theRelativeLimitIsAFractionOfTheSimulatedValue() {
        let verdict = ValidationCriterion(metric: "latency_p50", bound: .relative(0.10))
            .judge(ValidationComparison(rows: [Row(metric: "latency_p50", simulated: 0.5, real: 0.53)]))
        #expect(abs(verdict.limit - 0.05) < 1e-12)
        #expect(abs(verdict.measured - 0.03) < 1e-12)
        #expect(verdict.line == "PASS latency_p50: |difference| 0.0300 <= 0.0500 (10% of simulated)")
    }
}
