import Autoscaling
import Engine
import Serving

/// One revision's autoscaling loop in real mode: the same steps, in the same order, as
/// `KnativeSimulation+Autoscaling.swift`, with the same policy, reconciler and scrape
/// sampler objects — only the time they are fed is the wall clock (nanoseconds since the
/// run started) and the stats come from real queue-proxies and a real activator.
///
/// It decides and answers; the caller (`RealRun`) applies the answer to processes and
/// proxies. Keeping it free of I/O lets the tests drive it with made-up times.
struct RevisionAutoscaler {
    /// What the caller applies after a decision or a reconcile.
    struct Outcome: Equatable {
        /// The new replica count when it changed.
        var replicas: Int?
        /// Whether the activator is in the path (the SKS's effective mode).
        var proxyMode: Bool
        /// When the reconciler wants to run again on its own (scale-to-zero grace).
        var recheckAt: Int64?
    }

    let name: String
    private(set) var policy: any ScalingPolicy
    private(set) var reconciler: PodAutoscalerReconciler
    let hasScrapeTarget: Bool
    /// The HPA class: no activator in the path, no scale to zero.
    let isHPA: Bool
    private var sampler: ScrapeSampler
    private var scrapeStream: RandomStream
    private(set) var proxyMode: Bool
    /// Replicas last applied (the ReplicaSet's spec).
    private(set) var desired = 0

    /// Built as `KnativeSimulation.makeRevision` builds a revision's control objects, on
    /// the random stream of the same name (`scrape/<revision>`).
    init(spec: RevisionSpec, streams: RandomStreams) {
        name = spec.name
        let decider = spec.autoscaling.deciderSpec()
        let reconcilerSpec = ReconcilerSpec(settings: spec.autoscaling)
        (policy, isHPA) = spec.makeScalingPolicy()
        reconciler = PodAutoscalerReconciler(spec: reconcilerSpec, createdAt: 0)
        hasScrapeTarget = decider.hasScrapeTarget
        sampler = ScrapeSampler(stableWindow: SimDuration(nanoseconds: decider.stableWindow))
        scrapeStream = streams.stream(named: "scrape/\(spec.name)")
        // Knative creates an HPA revision's SKS in Serve mode; a KPA revision's in Proxy.
        proxyMode = !isHPA
    }

    var decisionInterval: Int64 { policy.decisionInterval }
    var initialReplicas: Int { Int(reconciler.spec.initialReplicas) }

    /// The Deployment starts with initial-scale replicas.
    mutating func start() -> Int {
        desired = initialReplicas
        return desired
    }

    /// The 1 s scrape of the ready pods' queue-proxies. Nothing is recorded with no
    /// ready pod or no scrape target. The HPA gets the revision totals (no CPU figure:
    /// real mode does not measure the processes' CPU).
    mutating func scrape(_ candidates: [ScrapeCandidate], at now: SimTime) {
        if isHPA {
            guard !candidates.isEmpty else { return }
            var concurrency = 0.0, rps = 0.0
            for candidate in candidates {
                concurrency += candidate.stat.averageConcurrency
                rps += candidate.stat.requestsPerSecond
            }
            _ = policy.record(MetricSample(concurrency: concurrency, rps: rps, source: .scrape), at: now.nanoseconds)
            return
        }
        guard hasScrapeTarget else { return }
        var stream = scrapeStream
        guard let estimate = sampler.scrape(candidates, at: now, random: &stream) else { return }
        _ = policy.record(estimate.metricSample(source: .scrape), at: now.nanoseconds)
    }

    /// An activator stat reaches the autoscaler. Returns true when the policy wants a
    /// decision now (the poke of scale from zero): the caller then calls `decide`.
    mutating func push(_ stat: ActivatorStat, at now: SimTime) -> Bool {
        guard !isHPA else { return false }
        let sample = MetricSample(concurrency: stat.concurrency, rps: stat.requestCount, source: .push)
        return policy.record(sample, at: now.nanoseconds)
    }

    mutating func decide(at now: SimTime, readyPods: Int) -> Outcome {
        _ = policy.decide(at: now.nanoseconds, readyPods: readyPods)
        return reconcile(at: now, readyPods: readyPods)
    }

    /// Knative's PA reconciler: bounds, initial scale, scale-to-zero gating and the
    /// activator's place in the path.
    mutating func reconcile(at now: SimTime, readyPods: Int) -> Outcome {
        let status = policy.status
        if isHPA {
            proxyMode = false
            var replicas: Int?
            if status.desiredScale >= 0, Int(status.desiredScale) != desired {
                desired = Int(status.desiredScale)
                replicas = desired
            }
            return Outcome(replicas: replicas, proxyMode: false, recheckAt: nil)
        }
        let result = reconciler.reconcile(status, readyPods: readyPods, at: now.nanoseconds)
        proxyMode = result.effectiveMode == .proxy
        var replicas: Int?
        if let wanted = result.replicas, Int(wanted) != desired {
            desired = Int(wanted)
            replicas = desired
        }
        let recheck = result.recheckAt.flatMap { $0 > now.nanoseconds ? $0 : nil }
        return Outcome(replicas: replicas, proxyMode: proxyMode, recheckAt: recheck)
    }
}
