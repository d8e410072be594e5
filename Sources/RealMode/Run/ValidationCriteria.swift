import Foundation

/// The acceptance criteria of `knsim validate`: how close a real run must come
/// to its simulation for the simulation to count as validated on this machine.
///
/// - cold starts (pods started) equal within 1;
/// - latency p50 within 10 % and p95 within 20 % of the simulated value;
/// - the mean absolute difference of the ready-pod counts, second by second, at most
///   0.5 pods.
public struct ValidationCriterion: Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        /// |real − simulated| ≤ the value.
        case absolute(Double)
        /// |real − simulated| ≤ the fraction × |simulated|.
        case relative(Double)
        /// The real column itself ≤ the value (for a metric that is already a difference).
        case atMost(Double)
    }

    /// The comparison row it reads (`ValidationComparison.Row.metric`).
    public var metric: String
    public var bound: Bound

    public static let issueDefaults: [ValidationCriterion] = [
        ValidationCriterion(metric: "cold_starts", bound: .absolute(1)),
        ValidationCriterion(metric: "latency_p50", bound: .relative(0.10)),
        ValidationCriterion(metric: "latency_p95", bound: .relative(0.20)),
        ValidationCriterion(metric: "pods_ready_mean_abs_error", bound: .atMost(0.5)),
    ]

    /// The criterion checked against one comparison.
    public struct Verdict: Sendable, Equatable {
        public var criterion: ValidationCriterion
        /// What was measured against the bound (|difference|, or the real column).
        public var measured: Double
        /// The largest `measured` that passes.
        public var limit: Double
        /// False also when the comparison has no such row (nothing to judge by).
        public var passed: Bool
        public var missing: Bool

        /// `PASS latency_p50: |difference| 0.0031 <= 0.0064 (10% of simulated)`.
        public var line: String {
            let verdict = passed ? "PASS" : "FAIL"
            let metric = criterion.metric
            if missing { return "\(verdict) \(metric): no value to compare (the run has no such row)" }
            let measuredText = ValidationComparison.short(measured)
            let limitText = ValidationComparison.short(limit)
            let sign = passed ? "<=" : ">"
            switch criterion.bound {
            case .absolute:
                return "\(verdict) \(metric): |difference| \(measuredText) \(sign) \(limitText)"
            case .relative(let fraction):
                return "\(verdict) \(metric): |difference| \(measuredText) \(sign) \(limitText) (\(Int((fraction * 100).rounded()))% of simulated)"
            case .atMost:
                return "\(verdict) \(metric): \(measuredText) \(sign) \(limitText)"
            }
        }
    }

    public func judge(_ comparison: ValidationComparison) -> Verdict {
        guard let row = comparison.rows.first(where: { $0.metric == metric }) else {
            return Verdict(criterion: self, measured: .nan, limit: .nan, passed: false, missing: true)
        }
        let measured: Double, limit: Double
        switch bound {
        case .absolute(let value):
            measured = abs(row.difference); limit = value
        case .relative(let fraction):
            measured = abs(row.difference); limit = fraction * abs(row.simulated)
        case .atMost(let value):
            measured = row.real; limit = value
        }
        // A tiny tolerance so that a difference printed as equal to the limit passes.
        return Verdict(criterion: self, measured: measured, limit: limit,
                       passed: measured <= limit + 1e-9, missing: false)
    }
}

extension ValidationComparison {
    /// Each criterion's verdict on this comparison, in the criteria's order.
    public func verdicts(_ criteria: [ValidationCriterion] = ValidationCriterion.issueDefaults) -> [ValidationCriterion.Verdict] {
        criteria.map { $0.judge(self) }
    }
}

extension ValidationComparison {
    /// A comparison of given rows (no pod series), for judging criteria in tests.
    init(rows: [Row]) {
        self.rows = rows
        self.pods = []
    }
}
