/// The metric the KPA scales on (annotation `autoscaling.knative.dev/metric`).
public enum ScalingMetric: String, Sendable, Equatable, CaseIterable {
    case concurrency
    case rps
}

/// What the decider reads from the collector for one tick.
public enum MetricReading: Sendable, Equatable {
    /// The stable-window and panic-window values of the scaling metric.
    case values(stable: Double, panic: Double)
    /// Knative's `ErrNoData`: the stable series had no write for more than a stable
    /// window while the revision has a scrape target. The tick is invalid.
    case noData
}

/// A revision's four metric series — concurrency and requests per second, each over
/// the stable and the panic window — as Knative's collector keeps them
/// (pkg/autoscaler/metrics/collector.go).
public struct RevisionMetrics: Sendable {
    public private(set) var concurrencyStable: MetricBuckets
    public private(set) var concurrencyPanic: MetricBuckets
    public private(set) var rpsStable: MetricBuckets
    public private(set) var rpsPanic: MetricBuckets
    /// False when target-burst-capacity is −1: Knative then gives the metric no scrape
    /// target, and an empty window reads as 0 instead of `ErrNoData`.
    public let hasScrapeTarget: Bool

    /// - Parameters:
    ///   - stableWindow, panicWindow: nanoseconds (see `DeciderSpec`).
    public init(stableWindow: Int64, panicWindow: Int64, algorithm: AggregationAlgorithm,
                hasScrapeTarget: Bool) {
        concurrencyStable = MetricBuckets(window: stableWindow, algorithm: algorithm)
        concurrencyPanic = MetricBuckets(window: panicWindow, algorithm: algorithm)
        rpsStable = MetricBuckets(window: stableWindow, algorithm: algorithm)
        rpsPanic = MetricBuckets(window: panicWindow, algorithm: algorithm)
        self.hasScrapeTarget = hasScrapeTarget
    }

    public init(spec: DeciderSpec) {
        self.init(stableWindow: spec.stableWindow, panicWindow: spec.panicWindow,
                  algorithm: spec.aggregationAlgorithm,
                  hasScrapeTarget: spec.hasScrapeTarget)
    }

    /// Records one stat at `now`. `concurrency` and `rps` are net of what the activator
    /// proxied (Knative records `AverageConcurrentRequests − AverageProxiedConcurrentRequests`
    /// and `RequestCount − ProxiedRequestCount`), so that each request counts once.
    public mutating func record(at now: Int64, concurrency: Double, rps: Double) {
        concurrencyStable.record(at: now, value: concurrency)
        concurrencyPanic.record(at: now, value: concurrency)
        rpsStable.record(at: now, value: rps)
        rpsPanic.record(at: now, value: rps)
    }

    /// `StableAndPanicConcurrency` / `StableAndPanicRPS`.
    public func reading(_ metric: ScalingMetric, at now: Int64) -> MetricReading {
        switch metric {
        case .concurrency: return Self.reading(concurrencyStable, concurrencyPanic, now, hasScrapeTarget)
        case .rps: return Self.reading(rpsStable, rpsPanic, now, hasScrapeTarget)
        }
    }

    private static func reading(_ stable: MetricBuckets, _ panic: MetricBuckets, _ now: Int64,
                                _ hasScrapeTarget: Bool) -> MetricReading {
        if stable.isEmpty(at: now) && hasScrapeTarget { return .noData }
        return .values(stable: stable.average(at: now), panic: panic.average(at: now))
    }
}
