import Serving

/// One pod's queue-proxy state: the simulation's `QueueProxy` (breaker and stats),
/// behind an actor, with the continuations of the requests waiting in its breaker.
actor QueueProxyCore {
    /// What happened to a request at the breaker.
    enum Entry: Equatable {
        /// It holds a container slot: forward it, then call `finished`.
        case admitted
        /// The breaker was full: 503 (already counted in and out).
        case rejected
        /// Its deadline passed while it waited: 504 (already counted out).
        case timedOut
    }

    private let clock: ProxyClock
    private var proxy: QueueProxy<UInt64>
    private var waiting: [UInt64: CheckedContinuation<Bool, Never>] = [:]
    private var nextToken: UInt64 = 0

    init(containerConcurrency: Int, clock: ProxyClock) {
        self.clock = clock
        proxy = QueueProxy(containerConcurrency: containerConcurrency, startedAt: clock.now())
    }

    /// A request arrives (Knative's order: counted in, then the breaker). Waits while
    /// it is queued, at most until `deadline`.
    func enter(proxied: Bool, deadline: ContinuousClock.Instant) async -> Entry {
        nextToken += 1
        let token = nextToken
        switch proxy.requestArrived(token, proxied: proxied, at: clock.now()) {
        case .admitted: return .admitted
        case .rejected: return .rejected
        case .queued:
            let timer = Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                if !Task.isCancelled { await self?.expire(token, proxied: proxied) }
            }
            // Cancelled (the server stopping): leave the queue now, not at the deadline.
            let admitted = await withTaskCancellationHandler {
                await withCheckedContinuation { waiting[token] = $0 }
            } onCancel: {
                Task { await self.expire(token, proxied: proxied) }
            }
            timer.cancel()
            return admitted ? .admitted : .timedOut
        }
    }

    /// An admitted request's response is complete (or it failed): its slot passes to
    /// the longest-waiting request.
    func finished(proxied: Bool) {
        if let next = proxy.requestFinished(proxied: proxied, at: clock.now()) {
            waiting.removeValue(forKey: next)?.resume(returning: true)
        }
    }

    /// The 1 s report: the period's averages; the window restarts.
    func report() -> PodStat {
        proxy.report(at: clock.now())
    }

    /// Requests in queue-proxy now (waiting or in the container).
    var concurrency: Int { proxy.stats.concurrency }
    /// Requests holding a container slot.
    var inContainer: Int { proxy.breaker.inFlight }
    /// Requests waiting in the breaker.
    var queued: Int { proxy.breaker.queued }

    private func expire(_ token: UInt64, proxied: Bool) {
        if proxy.requestAbandoned(token, proxied: proxied, at: clock.now()) {
            waiting.removeValue(forKey: token)?.resume(returning: false)
        }
    }
}
