import Engine

/// One pod's queue-proxy request statistics and its 1 s reporter
/// (`pkg/queue/sharedmain/main.go` report ticker, `pkg/queue/handler.go`,
/// `pkg/queue/protobuf_stats_reporter.go`, knative/networking `pkg/http/stats/request.go`).
///
/// Knative records the "in" event when a request reaches queue-proxy, *before* the
/// breaker, and the "out" event when its response completes; so requests waiting in
/// the breaker count as in flight, and a request the breaker rejects (503) still counts
/// as an arrival (its "out" follows at once). Kubelet probes are not counted.
/// `QueueProxy` applies that order for you.
public struct QueueProxyStats: Sendable, Equatable {
    /// Knative's `reportingPeriod` (`pkg/queue/sharedmain/main.go`): 1 s.
    public static let knativeReportingPeriod = SimDuration.wholeSeconds(1)

    /// When queue-proxy started; `processUptime` counts from here.
    public let processStart: SimTime
    /// The nominal period the counts are divided by (Knative divides by the configured
    /// period, not by the time actually elapsed).
    public let reportingPeriod: SimDuration
    private var window: RequestStatsWindow

    public init(startedAt start: SimTime, reportingPeriod: SimDuration = knativeReportingPeriod) {
        precondition(reportingPeriod.nanoseconds > 0, "reporting period must be positive")
        processStart = start
        self.reportingPeriod = reportingPeriod
        window = RequestStatsWindow(startedAt: start)
    }

    /// Requests in queue-proxy now (waiting in the breaker or in the container).
    public var concurrency: Int { window.concurrency }
    /// Of those, requests the activator proxied.
    public var proxiedConcurrency: Int { window.proxiedConcurrency }

    /// A request reached queue-proxy (before the breaker). `proxied`: it came through
    /// the activator (Knative's proxy header).
    public mutating func requestIn(at now: SimTime, proxied: Bool) {
        window.requestIn(at: now, proxied: proxied)
    }

    /// A request's response completed, or the request was rejected or gave up.
    public mutating func requestOut(at now: SimTime, proxied: Bool) {
        window.requestOut(at: now, proxied: proxied)
    }

    /// The periodic report: averages over the time since the previous report, arrival
    /// rates over the nominal period, uptime. Counters restart; in-flight levels carry over.
    public mutating func report(at now: SimTime) -> PodStat {
        let period = window.report(at: now)
        let seconds = reportingPeriod.seconds
        return PodStat(averageConcurrency: period.averageConcurrency,
                       averageProxiedConcurrency: period.averageProxiedConcurrency,
                       requestsPerSecond: Double(period.requestCount) / seconds,
                       proxiedRequestsPerSecond: Double(period.proxiedRequestCount) / seconds,
                       processUptime: (now - processStart).seconds)
    }
}
