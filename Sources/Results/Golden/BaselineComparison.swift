/// A run's summary against a saved (golden) summary.json, metric by metric.
public struct BaselineComparison: Sendable {
    public struct Change: Sendable, Equatable {
        public var metric: String
        /// nil when the metric is new in this run (absent from the baseline file).
        public var baseline: Double?
        /// nil when the run no longer reports the metric.
        public var run: Double?
        public var isSeconds: Bool
        public var tolerance: BaselineTolerances.Tolerance

        public var absolute: Double? {
            guard let baseline, let run else { return nil }
            return run - baseline
        }

        /// nil when the baseline is 0 (any change is infinitely large) or absent.
        public var relative: Double? {
            guard let baseline, let absolute, baseline != 0 else { return nil }
            return absolute / abs(baseline)
        }

        public var isUnchanged: Bool { baseline == run }

        /// A new metric passes; a vanished one fails (a baseline can only be checked
        /// against what the run still reports).
        public var withinTolerance: Bool {
            guard let run else { return tolerance == .ignored }
            guard let baseline else { return true }
            return tolerance.allows(baseline: baseline, run: run)
        }

        /// `latency.p99  580ms → 601ms  +21ms (+3.62%)`.
        public var line: String {
            let format = { (v: Double) in MetricFormat.value(v, isSeconds: isSeconds) }
            guard let baseline else { return "\(metric)  new: \(run.map(format) ?? "")" }
            guard let run, let absolute else { return "\(metric)  \(format(baseline)) → absent" }
            var text = "\(metric)  \(format(baseline)) → \(format(run))  \(absolute >= 0 ? "+" : "")\(format(absolute))"
            if let relative {
                text += " (\(relative >= 0 ? "+" : "")\(MetricFormat.significant(relative * 100))%)"
            } else if absolute != 0 {
                text += " (from 0)"
            }
            return text
        }
    }

    /// Every metric of either summary, sorted by path.
    public let changes: [Change]

    public init(baseline: SummaryMetrics, run: SummaryMetrics, tolerances: BaselineTolerances = BaselineTolerances()) {
        var changes: [Change] = []
        var b = baseline.readings[...], r = run.readings[...]
        // A merge of two sorted lists.
        while !b.isEmpty || !r.isEmpty {
            let path: String
            if let bf = b.first, let rf = r.first { path = Swift.min(bf.path, rf.path) } else { path = (b.first ?? r.first)!.path }
            let fromBaseline = b.first?.path == path ? b.popFirst() : nil
            let fromRun = r.first?.path == path ? r.popFirst() : nil
            changes.append(Change(metric: path, baseline: fromBaseline?.value, run: fromRun?.value,
                                  isSeconds: (fromRun ?? fromBaseline)!.isSeconds, tolerance: tolerances.tolerance(for: path)))
        }
        self.changes = changes
    }

    public var changed: [Change] { changes.filter { !$0.isUnchanged } }
    public var beyondTolerance: [Change] { changes.filter { !$0.withinTolerance } }
}
