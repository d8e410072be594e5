import Foundation

/// An expectation checked against one scenario's runs (one per seed).
public struct ExpectationOutcome: Sendable, Equatable {
    public var expectation: MetricExpectation
    /// Seeds run, in order.
    public var seeds: [UInt64]
    /// The metric in each seed's summary, in seed order.
    public var observed: [Double]
    /// The value compared when the expectation aggregates over seeds.
    public var aggregated: Double?
    public var passed: Bool

    /// Checks `expectation` against summaries of the same scenario, one per seed.
    public init(_ expectation: MetricExpectation, summaries: [(seed: UInt64, metrics: SummaryMetrics)]) {
        self.expectation = expectation
        seeds = summaries.map(\.seed)
        // A name in an open map (a failure reason, a phase) that a run never recorded reads 0.
        observed = summaries.map { $0.metrics[expectation.metric]?.value ?? 0 }
        switch expectation.aggregate {
        case .everySeed:
            aggregated = nil
            passed = !observed.isEmpty && observed.allSatisfy(expectation.holds(for:))
        default:
            let value = Self.aggregate(observed, expectation.aggregate)
            aggregated = value
            passed = expectation.holds(for: value)
        }
    }

    /// Seeds whose value fails (for every-seed expectations).
    public var failingSeeds: [UInt64] {
        guard expectation.aggregate == .everySeed else { return [] }
        return zip(seeds, observed).filter { !expectation.holds(for: $0.1) }.map(\.0)
    }

    /// e.g. `observed 580ms (seed 42)` or `observed p90 612ms over 5 seeds (540ms … 640ms)`.
    public var observedText: String {
        let format = { (v: Double) in MetricFormat.value(v, isSeconds: expectation.isSeconds) }
        if let aggregated {
            return "observed \(Self.name(expectation.aggregate)) \(format(aggregated)) over \(seeds.count) seed\(seeds.count == 1 ? "" : "s") ("
                + observed.map(format).joined(separator: ", ") + ")"
        }
        if observed.count == 1 { return "observed \(format(observed[0])) (seed \(seeds[0]))" }
        var text = "observed " + zip(seeds, observed).map { "\(format($0.1)) (seed \($0.0))" }.joined(separator: ", ")
        let failing = failingSeeds
        if !failing.isEmpty { text += "; fails for seed " + failing.map(String.init).joined(separator: ", ") }
        return text
    }

    /// One line for the terminal: `PASS  latency.p99 < 2s  observed 580ms (seed 42)`.
    public var line: String {
        "\(passed ? "PASS" : "FAIL")  \(expectation.source.text)  \(observedText)"
    }

    static func name(_ aggregate: MetricExpectation.SeedAggregate) -> String {
        switch aggregate {
        case .everySeed: "every seed"
        case .mean: "mean"
        case .min: "min"
        case .max: "max"
        case .quantile(let q): "p" + MetricFormat.number(q * 100).replacingOccurrences(of: ".", with: "")
        }
    }

    /// Linear interpolation between order statistics (type 7, as R and NumPy default).
    static func aggregate(_ values: [Double], _ aggregate: MetricExpectation.SeedAggregate) -> Double {
        guard !values.isEmpty else { return 0 }
        switch aggregate {
        case .everySeed, .mean: return values.reduce(0, +) / Double(values.count)
        case .min: return values.min()!
        case .max: return values.max()!
        case .quantile(let q):
            let sorted = values.sorted()
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = Swift.min(low + 1, sorted.count - 1)
            return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
        }
    }
}
