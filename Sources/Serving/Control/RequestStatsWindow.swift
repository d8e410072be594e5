import Engine

/// Knative's per-proxy request accounting (`RequestStats`, knative/networking
/// `pkg/http/stats/request.go`), shared by queue-proxy and the activator.
///
/// It keeps the number of requests in flight (and of those, proxied by the activator)
/// and, per reporting period, the time integral of those levels and the arrivals. A
/// report divides the integral by the time elapsed, so two 500 ms requests in a 1 s
/// period average 1.0. After a report the integrals and counts restart from zero;
/// the in-flight levels carry over.
///
/// Knative accumulates float seconds; here the integral is exact integer
/// request·nanoseconds, divided once per report. Like Knative, an event whose time is
/// earlier than the last one adds no time (it is taken as happening at the last time).
public struct RequestStatsWindow: Sendable, Equatable {
    /// Requests in flight now.
    public private(set) var concurrency: Int = 0
    /// Of those, requests the activator proxied.
    public private(set) var proxiedConcurrency: Int = 0
    /// Time of the latest event or report.
    public private(set) var lastChange: SimTime

    // Reset by every report.
    private var requestCount = 0
    private var proxiedRequestCount = 0
    private var concurrencyIntegral: Int64 = 0
    private var proxiedConcurrencyIntegral: Int64 = 0
    private var elapsed: Int64 = 0

    public init(startedAt start: SimTime) {
        lastChange = start
    }

    /// A request arrives (Knative's `ReqIn`, or `ProxiedIn` when `proxied`).
    public mutating func requestIn(at now: SimTime, proxied: Bool = false) {
        advance(to: now)
        concurrency += 1
        requestCount += 1
        if proxied {
            proxiedConcurrency += 1
            proxiedRequestCount += 1
        }
    }

    /// A request's response completes (Knative's `ReqOut` / `ProxiedOut`).
    public mutating func requestOut(at now: SimTime, proxied: Bool = false) {
        advance(to: now)
        concurrency -= 1
        if proxied { proxiedConcurrency -= 1 }
    }

    /// Closes the period at `now`: averages over the time since the previous report
    /// (or the start), arrivals in it. Then starts a new period.
    public mutating func report(at now: SimTime) -> RequestStatsReport {
        advance(to: now)
        var report = RequestStatsReport(requestCount: requestCount, proxiedRequestCount: proxiedRequestCount)
        if elapsed > 0 {
            report.averageConcurrency = Double(concurrencyIntegral) / Double(elapsed)
            report.averageProxiedConcurrency = Double(proxiedConcurrencyIntegral) / Double(elapsed)
        }
        requestCount = 0
        proxiedRequestCount = 0
        concurrencyIntegral = 0
        proxiedConcurrencyIntegral = 0
        elapsed = 0
        return report
    }

    private mutating func advance(to now: SimTime) {
        let span = now.nanoseconds - lastChange.nanoseconds
        guard span > 0 else { return }
        elapsed += span
        concurrencyIntegral = Self.accumulate(concurrencyIntegral, level: concurrency, span: span)
        proxiedConcurrencyIntegral = Self.accumulate(proxiedConcurrencyIntegral, level: proxiedConcurrency, span: span)
        lastChange = now
    }

    /// Saturates instead of trapping: overflow needs about 9.2e9 request-seconds in one
    /// period (10 000 requests in flight for 10 days without a report).
    private static func accumulate(_ integral: Int64, level: Int, span: Int64) -> Int64 {
        let (product, o1) = Int64(level).multipliedReportingOverflow(by: span)
        let (sum, o2) = integral.addingReportingOverflow(product)
        return (o1 || o2) ? .max : sum
    }
}

/// One period of `RequestStatsWindow` (Knative's `RequestStatsReport`).
public struct RequestStatsReport: Sendable, Equatable {
    /// Time-weighted average of requests in flight over the period; 0 for an empty period.
    public var averageConcurrency: Double = 0
    /// The same for proxied requests.
    public var averageProxiedConcurrency: Double = 0
    /// Requests that arrived in the period.
    public var requestCount: Int
    /// Proxied requests that arrived in the period.
    public var proxiedRequestCount: Int

    public init(averageConcurrency: Double = 0, averageProxiedConcurrency: Double = 0,
                requestCount: Int, proxiedRequestCount: Int) {
        self.averageConcurrency = averageConcurrency
        self.averageProxiedConcurrency = averageProxiedConcurrency
        self.requestCount = requestCount
        self.proxiedRequestCount = proxiedRequestCount
    }
}
