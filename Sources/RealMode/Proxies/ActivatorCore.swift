import Engine
import Serving

/// The activator's state for every revision: the simulation's `RevisionThrottler` and
/// `ActivatorConcurrencyReporter` behind an actor, with the continuations of the
/// requests waiting in the throttler.
actor ActivatorCore {
    /// What the throttler gave a request.
    enum Grant: Sendable {
        /// Send it to this pod; hand the lease back to `release`.
        case lease(PodLease<Endpoint>)
        /// No room to wait: 503.
        case overflow
        /// Its deadline passed while it waited: 504.
        case timedOut
    }

    private struct Revision {
        var throttler: RevisionThrottler<UInt64, Endpoint>
        var reporter = ActivatorConcurrencyReporter()
        var settings: ActivatorRevisionSettings
        var readyEndpoints = 0
    }

    private let clock: ProxyClock
    private let pushes: AsyncStream<ActivatorPush>.Continuation
    /// The throttlers' pod choices (power of two choices, random for ClusterIP routing).
    private let random: RandomStream
    private var revisions: [Int: Revision] = [:]
    private var waiting: [UInt64: CheckedContinuation<Grant, Never>] = [:]
    private var nextToken: UInt64 = 0

    init(clock: ProxyClock, streams: RandomStreams, pushes: AsyncStream<ActivatorPush>.Continuation) {
        self.clock = clock
        self.pushes = pushes
        random = streams.stream(named: "activator/routing")
    }

    /// Adds a revision, or changes its settings (a new container-concurrency, routing
    /// or buffer bound takes a fresh throttler; only do that while no request is in it).
    func configure(revision: Int, _ settings: ActivatorRevisionSettings) {
        if var existing = revisions[revision],
           existing.settings.containerConcurrency == settings.containerConcurrency,
           existing.settings.routing == settings.routing,
           existing.settings.maxBuffered == settings.maxBuffered {
            existing.settings = settings
            revisions[revision] = existing
            return
        }
        revisions[revision] = Revision(
            // The same buffer bound as the simulation's throttler (`activator.queue-depth`).
            throttler: RevisionThrottler(containerConcurrency: settings.containerConcurrency,
                                         queueDepth: max(1, settings.maxBuffered), routing: settings.routing),
            settings: settings)
    }

    /// The revision's ready pods changed: the throttler's capacity follows, and waiting
    /// requests that now fit are sent.
    func setEndpoints(revision: Int, _ endpoints: [Endpoint]) {
        guard revisions[revision] != nil else { return }
        revisions[revision]!.readyEndpoints = endpoints.count
        revisions[revision]!.throttler.updatePods(ready: endpoints)
        var stream = random
        while let (next, lease) = revisions[revision]!.throttler.admitNext(random: &stream) {
            waiting.removeValue(forKey: next)?.resume(returning: .lease(lease))
        }
    }

    /// A request for `revision` reached the activator: counted in by the reporter (the
    /// first sighting is pushed at once). Returns nil for an unknown revision, else
    /// whether it arrived while the revision had no ready pod (it will wait for a start).
    func arrive(revision: Int) -> (cold: Bool, timeout: Duration)? {
        guard revisions[revision] != nil else { return nil }
        if let stat = revisions[revision]!.reporter.requestIn(at: clock.now()) {
            pushes.yield(ActivatorPush(revision: revision, stat: stat, isFirstSighting: true))
        }
        return (revisions[revision]!.readyEndpoints == 0, revisions[revision]!.settings.timeout)
    }

    /// Asks the throttler for a pod; waits while the request is queued, at most until
    /// `deadline`.
    func acquire(revision: Int, deadline: ContinuousClock.Instant) async -> Grant {
        guard revisions[revision] != nil else { return .overflow }
        if revisions[revision]!.throttler.queued >= revisions[revision]!.settings.maxBuffered { return .overflow }
        nextToken += 1
        let token = nextToken
        var stream = random
        switch revisions[revision]!.throttler.acquire(token, random: &stream) {
        case .assigned(let lease): return .lease(lease)
        case .rejected: return .overflow
        case .queued:
            let timer = Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                if !Task.isCancelled { await self?.expire(token, revision: revision) }
            }
            // Cancelled (the server stopping cuts its handlers off): give up the place now
            // rather than hold the server's shutdown until the deadline.
            let grant = await withTaskCancellationHandler {
                await withCheckedContinuation { waiting[token] = $0 }
            } onCancel: {
                Task { await self.expire(token, revision: revision) }
            }
            timer.cancel()
            return grant
        }
    }

    /// A request sent with `lease` is done at the pod: the freed slot goes to the
    /// longest-waiting request.
    func release(revision: Int, _ lease: PodLease<Endpoint>) {
        guard revisions[revision] != nil else { return }
        var stream = random
        if let (next, nextLease) = revisions[revision]!.throttler.release(lease, random: &stream) {
            waiting.removeValue(forKey: next)?.resume(returning: .lease(nextLease))
        }
    }

    /// The request's response left the activator (or it failed).
    func leave(revision: Int) {
        revisions[revision]?.reporter.requestOut(at: clock.now())
    }

    /// The 1 s reports of every tracked revision, in revision order.
    func report() -> [ActivatorPush] {
        let now = clock.now()
        var reports: [ActivatorPush] = []
        for revision in revisions.keys.sorted() {
            if let stat = revisions[revision]!.reporter.report(at: now) {
                reports.append(ActivatorPush(revision: revision, stat: stat, isFirstSighting: false))
            }
        }
        return reports
    }

    /// Requests of the revision waiting in the activator now.
    func queued(revision: Int) -> Int { revisions[revision]?.throttler.queued ?? 0 }
    /// Requests of the revision in the activator now (waiting or at a pod).
    func concurrency(revision: Int) -> Int { revisions[revision]?.reporter.concurrency ?? 0 }

    private func expire(_ token: UInt64, revision: Int) {
        if revisions[revision]?.throttler.removeQueued(token) == true {
            waiting.removeValue(forKey: token)?.resume(returning: .timedOut)
        }
    }
}
