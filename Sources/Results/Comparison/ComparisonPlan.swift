/// Which runs a comparison makes: every variant (baseline first) × every replication,
/// enumerated variant-major, replication-minor, so run `i` is variant
/// `i / replications`, replication `i % replications`, whoever executes it.
public struct ComparisonPlan: Sendable, Codable, Equatable {
    public var scenario: String
    public var replications: Int
    public var variants: [ComparisonVariant]
    /// Overrides applied to every variant, the baseline included, before its own.
    public var commonOverrides: [String]
    /// Metric names, in table order.
    public var metrics: [String]

    public init(scenario: String, replications: Int, variants: [ComparisonVariant], commonOverrides: [String] = [],
                metrics: [String] = ComparisonMetric.all.map(\.name)) {
        self.scenario = scenario
        self.commonOverrides = commonOverrides
        self.replications = replications
        self.variants = variants
        self.metrics = metrics
    }

    public var runCount: Int { variants.count * replications }

    public func variantIndex(ofRun index: Int) -> Int { index / replications }
    public func replication(ofRun index: Int) -> Int { index % replications }

    /// Common random numbers: replication r of every variant starts from the same
    /// offset of its scenario seed, so variants see the same arrivals.
    public func seed(ofRun index: Int) -> UInt64 {
        variants[variantIndex(ofRun: index)].seed &+ UInt64(replication(ofRun: index))
    }

    /// The runs a shard executes; all of them without a shard.
    public func runs(in shard: Shard?) -> [Int] {
        guard let shard else { return Array(0..<runCount) }
        return (0..<runCount).filter { $0 % shard.count == shard.index }
    }
}

/// `--shard I/N`: this process runs the runs whose index % N == I.
public struct Shard: Sendable, Codable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(ComparisonInputError) {
        guard count >= 1, index >= 0, index < count else {
            throw ComparisonInputError("--shard \(index)/\(count): needs 0 <= I < N")
        }
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws(ComparisonInputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ComparisonInputError("--shard \(text): expected I/N, e.g. 0/4 (shard I of N, counted from 0)")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }
}

/// One run's results: the metric values of its summary.
public struct RunMeasurement: Sendable, Codable, Equatable {
    public var index: Int
    public var variant: String
    public var replication: Int
    public var seed: UInt64
    /// By metric name.
    public var values: [String: Double]

    public init(index: Int, plan: ComparisonPlan, summary: Summary) {
        self.index = index
        variant = plan.variants[plan.variantIndex(ofRun: index)].name
        replication = plan.replication(ofRun: index)
        seed = plan.seed(ofRun: index)
        values = [:]
        for name in plan.metrics {
            if let metric = ComparisonMetric.named(name) { values[name] = metric.read(summary) }
        }
    }
}
