import Foundation
import Scenario

/// A parsed `expect:` line: `METRIC OP VALUE [± TOLERANCE] [(AGGREGATE over seeds)]`.
///
/// - METRIC is a dotted path into summary.json (`latency.p99`, `revisions.hello-v1.wait.mean`).
/// - OP is `<`, `<=`, `>`, `>=`, `==` or `~` (approximately equal; needs `± TOLERANCE`,
///   relative as `± 5%` or absolute as `± 10ms`; `+-` is accepted for `±`).
/// - VALUE is `2s`, `150ms`, `3`, `5%` (a fraction: 5% is 0.05).
/// - With several seeds every seed must pass, unless the line ends with an aggregate
///   over seeds — `(p90 over seeds)`, `(median over seeds)`, `(mean over seeds)`,
///   `(min over seeds)`, `(max over seeds)` — which is compared instead.
public struct MetricExpectation: Sendable, Equatable {
    public enum Comparison: String, Sendable, CaseIterable {
        case lessThan = "<", lessOrEqual = "<=", greaterThan = ">", greaterOrEqual = ">=", equal = "==", approximately = "~"
    }

    public enum Tolerance: Sendable, Equatable {
        /// A fraction of the expected value.
        case relative(Double)
        case absolute(Double)
    }

    /// How several seeds' values become one.
    public enum SeedAggregate: Sendable, Equatable {
        /// Every seed's value must pass (the default).
        case everySeed
        case quantile(Double)
        case mean
        case min
        case max
    }

    public var source: Expectation
    public var metric: String
    public var isSeconds: Bool
    public var comparison: Comparison
    public var expected: MetricQuantity
    public var tolerance: Tolerance?
    public var aggregate: SeedAggregate

    /// Whether an observed value satisfies the comparison.
    public func holds(for observed: Double) -> Bool {
        let target = expected.value
        switch comparison {
        case .lessThan: return observed < target
        case .lessOrEqual: return observed <= target
        case .greaterThan: return observed > target
        case .greaterOrEqual: return observed >= target
        case .equal: return observed == target
        case .approximately:
            let allowed: Double
            switch tolerance {
            case .relative(let fraction): allowed = abs(target) * fraction
            case .absolute(let amount): allowed = amount
            case nil: allowed = 0
            }
            return abs(observed - target) <= allowed
        }
    }
}

extension MetricExpectation {
    static let grammar = "write METRIC OP VALUE, e.g. \"latency.p99 < 2s\" or \"pods.max ~ 4 ± 1\""

    /// Parses one expectation, checking its metric against `catalog`. Errors are at
    /// the expectation's line.
    public init(parsing source: Expectation, catalog: MetricCatalog) throws(ScenarioError) {
        self.source = source
        var rest = Substring(source.text.trimmingCharacters(in: .whitespaces))

        // Trailing "(… over seeds)".
        aggregate = .everySeed
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            let clause = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
            aggregate = try Self.parseAggregate(String(clause), source: source)
            rest = rest[..<open]
        }

        // METRIC: the leading run of path characters.
        let metricEnd = rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") } ?? rest.endIndex
        metric = String(rest[..<metricEnd])
        guard !metric.isEmpty else { throw source.error("\"\(source.text)\" has no metric; \(Self.grammar)") }
        guard let entry = catalog.entry(for: metric) else {
            throw source.error("unknown metric \"\(metric)\"; valid metrics (closest first): "
                               + catalog.suggestions(for: metric, limit: catalog.paths.count).joined(separator: ", "))
        }
        isSeconds = entry.isSeconds
        rest = rest[metricEnd...].drop { $0 == " " }

        // OP: longest first, so "<=" is not read as "<".
        let operators = Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        guard let op = operators.first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw source.error("\"\(source.text)\" has no comparison after \(metric) (one of < <= > >= == ~); \(Self.grammar)")
        }
        comparison = op
        rest = rest.dropFirst(op.rawValue.count)

        // VALUE [± TOLERANCE].
        var valueText = String(rest), toleranceText: String?
        for mark in ["±", "+-"] {
            if let range = valueText.range(of: mark) {
                toleranceText = String(valueText[range.upperBound...])
                valueText = String(valueText[..<range.lowerBound])
                break
            }
        }
        expected = try Self.parseValue(valueText, isSeconds: isSeconds, metric: metric, source: source)
        switch (op, toleranceText) {
        case (.approximately, nil):
            throw source.error("\"~\" needs a tolerance, e.g. \"\(metric) ~ \(expected) ± 5%\" or \"± 10ms\"")
        case (.approximately, let text?):
            guard let quantity = MetricQuantity(parsing: text) else {
                throw source.error("tolerance \"\(text.trimmingCharacters(in: .whitespaces))\" is not a value such as 5%, 10ms or 2")
            }
            if case .ratio(let fraction) = quantity {
                tolerance = .relative(fraction)
            } else {
                tolerance = .absolute(try Self.checkUnits(quantity, isSeconds: isSeconds, metric: metric, source: source))
            }
        case (_, .some):
            throw source.error("a tolerance (±) goes only with \"~\"")
        case (_, nil):
            tolerance = nil
        }
    }

    static func parseValue(_ text: String, isSeconds: Bool, metric: String, source: Expectation) throws(ScenarioError) -> MetricQuantity {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw source.error("\"\(source.text)\" has no value after the comparison; \(grammar)") }
        guard let quantity = MetricQuantity(parsing: trimmed) else {
            throw source.error("\"\(trimmed)\" is not a value: write a number, a duration (150ms, 2s) or a percentage (5%)")
        }
        let value = try checkUnits(quantity, isSeconds: isSeconds, metric: metric, source: source)
        switch quantity {
        case .ratio: return quantity
        default: return isSeconds ? .seconds(value) : .number(value)
        }
    }

    /// A duration only for a time metric; a percentage only for a non-time metric
    /// (ratios such as `littles_law.relative_error`).
    static func checkUnits(_ quantity: MetricQuantity, isSeconds: Bool, metric: String, source: Expectation) throws(ScenarioError) -> Double {
        switch quantity {
        case .seconds(let v):
            guard isSeconds else { throw source.error("\(metric) is not a time; compare it with a number, not \(quantity)") }
            return v
        case .ratio(let v):
            guard !isSeconds else { throw source.error("\(metric) is a time; compare it with a duration such as 2s, not \(quantity)") }
            return v
        case .number(let v):
            return v
        }
    }

    static func parseAggregate(_ clause: String, source: Expectation) throws(ScenarioError) -> SeedAggregate {
        let words = clause.split(separator: " ").map(String.init)
        guard words.count == 3, words[1] == "over", words[2] == "seeds" else {
            throw source.error("\"(\(clause))\" should read \"(p90 over seeds)\", \"(mean over seeds)\", \"(min over seeds)\" or \"(max over seeds)\"")
        }
        switch words[0] {
        case "mean": return .mean
        case "min": return .min
        case "max": return .max
        case "median": return .quantile(0.5)
        default:
            // p90 is the 0.9 quantile, p999 the 0.999 one (as in summary.json), p99.5 the 0.995 one.
            let digits = words[0].dropFirst()
            if words[0].hasPrefix("p"), !digits.isEmpty, digits.allSatisfy({ $0.isNumber || $0 == "." }),
               let q = digits.count > 2 && !digits.contains(".") ? Double("0." + digits) : Double(digits).map({ $0 / 100 }),
               q >= 0, q <= 1 {
                return .quantile(q)
            }
            throw source.error("\"\(words[0]) over seeds\": use p50…p99, median, mean, min or max")
        }
    }
}

extension Scenario {
    /// Parses every `expect:` line, checking metric paths against the summary this
    /// scenario produces. For `knsim lint` and `knsim check`: the first bad line is a
    /// located error listing the valid metrics, closest first.
    public func metricExpectations() throws(ScenarioError) -> [MetricExpectation] {
        let catalog = MetricCatalog(scenario: self)
        var parsed: [MetricExpectation] = []
        for expectation in expectations {
            parsed.append(try MetricExpectation(parsing: expectation, catalog: catalog))
        }
        return parsed
    }
}
