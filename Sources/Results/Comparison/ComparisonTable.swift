import Engine

/// Mean and 95% confidence interval of every metric for every variant, computed from
/// a complete set of runs (one `RunMeasurement` per run of the plan, in index order).
public struct ComparisonTable: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var variant: String
        public var metric: String
        public var mean: Double
        /// nil with a single replication: there is no spread to estimate.
        public var halfWidth: Double?
        public var replications: Int

        public var lower: Double? { halfWidth.map { mean - $0 } }
        public var upper: Double? { halfWidth.map { mean + $0 } }
    }

    public static let confidenceLevel = 0.95

    public let plan: ComparisonPlan
    /// Variant-major, metrics in plan order.
    public let cells: [Cell]

    public init(plan: ComparisonPlan, runs: [RunMeasurement]) {
        precondition(runs.count == plan.runCount && runs.indices.allSatisfy { runs[$0].index == $0 },
                     "a comparison table needs every run of the plan, in order")
        self.plan = plan
        var cells: [Cell] = []
        for (v, variant) in plan.variants.enumerated() {
            let own = runs[(v * plan.replications)..<((v + 1) * plan.replications)]
            for metric in plan.metrics {
                let values = own.map { $0.values[metric] ?? 0 }
                let moments = StreamingMoments(values)
                let interval = ConfidenceInterval(moments: moments, level: Self.confidenceLevel)
                cells.append(Cell(variant: variant.name, metric: metric, mean: interval?.mean ?? moments.mean,
                                  halfWidth: interval?.halfWidth, replications: values.count))
            }
        }
        self.cells = cells
    }

    public func cell(variant: String, metric: String) -> Cell? {
        cells.first { $0.variant == variant && $0.metric == metric }
    }
}
