import Foundation
import Engine

/// One line of `knsim validate-model`: a quantity, what theory says, what the
/// simulation measured over R replications, and whether they agree.
public struct ValidationRow: Sendable {
    public var quantity: String
    public var theory: Double
    /// The mean over replications.
    public var simulation: Double
    /// 95% Student-t interval over replications; nil with fewer than two.
    public var interval: ConfidenceInterval?
    /// The difference, relative to theory, that is accepted even outside the interval.
    public var practicalTolerance: Double

    /// Theory inside the 95% interval, or the estimate within the practical tolerance
    /// of theory. The second clause keeps a row from failing on a difference too small
    /// to matter once many replications make the interval very narrow (warm-up and
    /// end-of-run bias are of that order), and on the 1-in-20 chance of a correct
    /// model's interval missing the true value.
    public var passed: Bool {
        if let interval, interval.lower <= theory, theory <= interval.upper { return true }
        let scale = Swift.max(abs(theory), 1e-12)
        return abs(simulation - theory) / scale <= practicalTolerance
    }

    public init(quantity: String, theory: Double, replications: [Double], practicalTolerance: Double = 0.01) {
        self.quantity = quantity
        self.theory = theory
        self.simulation = replications.isEmpty ? .nan : replications.reduce(0, +) / Double(replications.count)
        self.interval = ConfidenceInterval(replications: replications, level: 0.95)
        self.practicalTolerance = practicalTolerance
    }
}

/// A group of rows from one known answer. Keep-alive checks (cold-start probability
/// and mean instance count of a scale-per-request platform with an expiration
/// threshold) join the suite as another conforming type added to
/// `ModelValidation.standardChecks`.
public protocol ValidationCheck: Sendable {
    func rows(replications: Int) throws -> [ValidationRow]
}

/// The table, rendered with aligned columns.
public enum ValidationTable {
    public static let header = ["quantity", "theory", "simulation", "95% CI", "pass"]

    public static func render(_ rows: [ValidationRow]) -> String {
        let cells = [header] + rows.map { row in
            [row.quantity, format(row.theory), format(row.simulation),
             row.interval.map { "[\(format($0.lower)), \(format($0.upper))]" } ?? "n/a",
             row.passed ? "PASS" : "FAIL"]
        }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        return cells.map { line in
            line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { MetricFormat.significant(value, figures: 6) }
}
