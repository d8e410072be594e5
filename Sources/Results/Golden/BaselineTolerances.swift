/// How far a metric may move from its golden (baseline) value before `knsim check
/// --baseline` fails.
///
/// A change is within tolerance when |run − baseline| ≤ the allowed amount: a
/// relative tolerance allows that fraction of |baseline| (so a count that was 0 may
/// not change at all), an absolute one that amount in the metric's unit.
///
/// Defaults: 5% for every metric; 50% for the extremes and the far tail (`min`,
/// `max`, `p999` leaves), which move most when a code change reshuffles random draws;
/// `events` and `seed` are not compared (the event count is the model's bookkeeping,
/// not behaviour users see); `littles_law.relative_error`, a ratio near zero whose
/// relative change means nothing, may move by 0.01 absolute. Per-metric tolerances name a metric path or a prefix of
/// whole segments (`latency` covers `latency.p99`); the longest match wins.
public struct BaselineTolerances: Sendable, Equatable {
    public enum Tolerance: Sendable, Equatable, CustomStringConvertible {
        case relative(Double)
        case absolute(Double)
        /// Not compared.
        case ignored

        public func allows(baseline: Double, run: Double) -> Bool {
            let change = abs(run - baseline)
            switch self {
            case .relative(let fraction): return change <= abs(baseline) * fraction
            case .absolute(let amount): return change <= amount
            case .ignored: return true
            }
        }

        public var description: String {
            switch self {
            case .relative(let f): MetricFormat.number(f * 100) + "%"
            case .absolute(let a): MetricFormat.number(a)
            case .ignored: "ignored"
            }
        }

        /// `5%` (relative), `50ms` or `2` (absolute), or `ignore`.
        public init?(parsing text: String) {
            if text == "ignore" || text == "ignored" { self = .ignored; return }
            guard let quantity = MetricQuantity(parsing: text) else { return nil }
            switch quantity {
            case .ratio(let f): self = .relative(f)
            case .seconds(let v), .number(let v): self = .absolute(v)
            }
            if case .relative(let f) = self, f < 0 { return nil }
            if case .absolute(let a) = self, a < 0 { return nil }
        }
    }

    public var defaultTolerance: Tolerance
    /// Path (or prefix of whole segments) → tolerance.
    public var perMetric: [(metric: String, tolerance: Tolerance)]
    /// Leaf names (last path segment) with their own default.
    public var perLeaf: [(leaf: String, tolerance: Tolerance)]

    public init(defaultTolerance: Tolerance = .relative(0.05),
                perMetric: [(metric: String, tolerance: Tolerance)] = [("events", .ignored), ("seed", .ignored),
                                                                        ("littles_law.relative_error", .absolute(0.01))],
                perLeaf: [(leaf: String, tolerance: Tolerance)] = [("min", .relative(0.5)), ("max", .relative(0.5)), ("p999", .relative(0.5))]) {
        self.defaultTolerance = defaultTolerance
        self.perMetric = perMetric
        self.perLeaf = perLeaf
    }

    public static func == (a: BaselineTolerances, b: BaselineTolerances) -> Bool {
        a.defaultTolerance == b.defaultTolerance
            && a.perMetric.map(\.metric) == b.perMetric.map(\.metric) && a.perMetric.map(\.tolerance) == b.perMetric.map(\.tolerance)
            && a.perLeaf.map(\.leaf) == b.perLeaf.map(\.leaf) && a.perLeaf.map(\.tolerance) == b.perLeaf.map(\.tolerance)
    }

    /// The tolerance for one metric path.
    public func tolerance(for path: String) -> Tolerance {
        var best: (length: Int, tolerance: Tolerance)?
        for entry in perMetric where path == entry.metric || path.hasPrefix(entry.metric + ".") {
            if entry.metric.count > (best?.length ?? -1) { best = (entry.metric.count, entry.tolerance) }
        }
        if let best { return best.tolerance }
        let leaf = path.split(separator: ".").last.map(String.init) ?? path
        if let entry = perLeaf.last(where: { $0.leaf == leaf }) { return entry.tolerance }
        return defaultTolerance
    }

    /// Applies a command-line setting: `5%` sets the default, `latency.p99=10%` one metric.
    public mutating func apply(_ setting: String) -> Bool {
        if let equals = setting.firstIndex(of: "=") {
            let metric = String(setting[..<equals]).trimmingCharacters(in: .whitespaces)
            guard !metric.isEmpty, let tolerance = Tolerance(parsing: String(setting[setting.index(after: equals)...])) else { return false }
            perMetric.append((metric, tolerance))
            return true
        }
        guard let tolerance = Tolerance(parsing: setting) else { return false }
        defaultTolerance = tolerance
        return true
    }
}
