import Autoscaling

/// What one pod's queue-proxy reports each period and the autoscaler scrapes
/// (Knative's `metrics.Stat` as filled by `ProtobufStatsReporter.Report`,
/// `pkg/queue/protobuf_stats_reporter.go`).
public struct PodStat: Sendable, Equatable {
    /// Time-weighted average of requests in flight over the period, including requests
    /// waiting in queue-proxy's breaker.
    public var averageConcurrency: Double
    /// The same, for requests the activator proxied.
    public var averageProxiedConcurrency: Double
    /// Arrivals in the period divided by the reporting period in seconds (Knative's
    /// `RequestCount` field holds this rate).
    public var requestsPerSecond: Double
    /// The same, for proxied requests (Knative's `ProxiedRequestCount`).
    public var proxiedRequestsPerSecond: Double
    /// Seconds since queue-proxy started, at the report.
    public var processUptime: Double

    public init(averageConcurrency: Double = 0, averageProxiedConcurrency: Double = 0,
                requestsPerSecond: Double = 0, proxiedRequestsPerSecond: Double = 0,
                processUptime: Double = 0) {
        self.averageConcurrency = averageConcurrency
        self.averageProxiedConcurrency = averageProxiedConcurrency
        self.requestsPerSecond = requestsPerSecond
        self.proxiedRequestsPerSecond = proxiedRequestsPerSecond
        self.processUptime = processUptime
    }

    /// What a pod serves before its first report (Knative stores an empty stat).
    public static let empty = PodStat()

    /// The sample the autoscaler's collector records for this stat (`collection.record`,
    /// `pkg/autoscaler/metrics/collector.go`): proxied traffic is subtracted because the
    /// activator already reported it, so each request counts once.
    public func metricSample(source: MetricSample.Source = .scrape) -> MetricSample {
        MetricSample(concurrency: averageConcurrency - averageProxiedConcurrency,
                     rps: requestsPerSecond - proxiedRequestsPerSecond,
                     source: source)
    }
}
