import Engine

/// One pod's queue-proxy: its statistics and its breaker, driven in Knative's order
/// (`ProxyHandler`, `pkg/queue/handler.go`):
/// 1. the "in" event is recorded when the request arrives;
/// 2. the breaker admits, queues or rejects it;
/// 3. the "out" event is recorded when the response completes, when the breaker
///    rejects it (503 at once), or when it gives up while queued (503).
///
/// The caller remembers, per request, whether it was proxied by the activator and
/// passes that flag back on completion.
public struct QueueProxy<Request> {
    public private(set) var stats: QueueProxyStats
    public private(set) var breaker: Breaker<Request>

    /// - Parameters:
    ///   - containerConcurrency: the revision's CC; 0 means no breaker (unlimited).
    ///   - start: when queue-proxy started (its stats period and uptime start here).
    public init(containerConcurrency: Int, startedAt start: SimTime,
                reportingPeriod: SimDuration = QueueProxyStats.knativeReportingPeriod) {
        stats = QueueProxyStats(startedAt: start, reportingPeriod: reportingPeriod)
        breaker = .queueProxy(containerConcurrency: containerConcurrency)
    }

    /// A request arrives. `.admitted`: it enters the user container now. `.queued`: it
    /// waits; `requestFinished` hands it over later. `.rejected`: 503 now (already
    /// accounted for, nothing more to call).
    public mutating func requestArrived(_ request: Request, proxied: Bool, at now: SimTime) -> BreakerAdmission {
        stats.requestIn(at: now, proxied: proxied)
        let admission = breaker.tryAcquire(request)
        if admission == .rejected { stats.requestOut(at: now, proxied: proxied) }
        return admission
    }

    /// A request that held a container slot finished (or was cancelled while running).
    /// Returns the queued request that enters the container now, if any.
    public mutating func requestFinished(proxied: Bool, at now: SimTime) -> Request? {
        stats.requestOut(at: now, proxied: proxied)
        return breaker.release()
    }

    /// A queued request gave up (its deadline passed): removed from the queue, counted
    /// out. Returns false if it was not queued (then it holds a slot: use `requestFinished`).
    public mutating func requestAbandoned(where isTarget: (Request) -> Bool, proxied: Bool, at now: SimTime) -> Bool {
        guard breaker.removeWaiter(where: isTarget) else { return false }
        stats.requestOut(at: now, proxied: proxied)
        return true
    }

    /// The periodic (1 s) report.
    public mutating func report(at now: SimTime) -> PodStat {
        stats.report(at: now)
    }
}

extension QueueProxy where Request: Equatable {
    /// `requestAbandoned(where:)` by the request's token.
    public mutating func requestAbandoned(_ request: Request, proxied: Bool, at now: SimTime) -> Bool {
        requestAbandoned(where: { $0 == request }, proxied: proxied, at: now)
    }
}

extension QueueProxy: Sendable where Request: Sendable {}
