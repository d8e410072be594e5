import Autoscaling
import Engine

/// The autoscaling loop: every second the scraper reads the queue-proxies and the
/// activator pushes its report; every 2 s each revision's policy decides and the
/// PodAutoscaler reconciler turns the decision into replicas and the activator's place
/// in the path (Knative's timings, shared/reference/knative-kpa.md section 1).
///
/// An HPA-class revision instead syncs every 15 s (its `decisionInterval`) on a sample
/// made each second from all its ready pods: their CPU utilisation (see
/// KnativeSimulation+CPU.swift) and the revision totals of concurrency and rps. Its
/// decision is applied as is: the HPA keeps its own min/max and never asks for zero,
/// and Knative keeps an HPA revision's SKS in Serve mode, so the activator is in the
/// path only while no pod is routable (`route`). The activator's reports do not reach it.
///
/// Any other policy (`RevisionPolicyKind.custom`) is hosted as the KPA is.
extension KnativeSimulation {
    mutating func secondTick() {
        let now = engine.now
        for revision in revisions.indices {
            scrape(revision: revision, at: now)
            if let stat = revisions[revision].reporter.report(at: now) {
                push(stat, revision: revision)
            }
        }
        series.closeSecond(at: now, inFlight: requests.liveEntries, queued: queuedRequests, pods: podCounts)
        closeNodeSecond(at: now)
        engine.schedule(.secondTick, after: .seconds(1.0))
    }

    /// Every queue-proxy reports each second (its window resets); the scraper samples
    /// the ready pods and records the revision-total estimate. Nothing is recorded with
    /// no ready pod, or when the revision has no scrape target (target-burst-capacity −1).
    mutating func scrape(revision: Int, at now: SimTime) {
        scrapeScratch.removeAll(keepingCapacity: true)
        var cpu = 0.0, concurrency = 0.0, rps = 0.0, cpuPods = 0
        for slot in revisions[revision].active where pods[Int(slot)].isKubernetesReady {
            let stat = pods[Int(slot)].queueProxy!.report(at: now)
            scrapeScratch.append(ScrapeCandidate(startTime: SimTime(nanoseconds: pods[Int(slot)].readyAt), stat: stat))
            concurrency += stat.averageConcurrency
            rps += stat.requestsPerSecond
            if let rate = takeCPURate(pod: Int(slot)) {
                cpu += rate
                cpuPods += 1
            }
        }
        // Kubernetes: no CPU request, no utilisation (the HPA then reports an error).
        let requested = revisions[revision].requestedCores * Double(cpuPods)
        let utilisation = requested > 0 ? 100 * cpu / requested : nil
        if revisions[revision].isHPA {
            guard !scrapeScratch.isEmpty else { return }
            let sample = MetricSample(concurrency: concurrency, rps: rps, source: .scrape, cpuUtilization: utilisation)
            _ = revisions[revision].policy.record(sample, at: now.nanoseconds)
            return
        }
        guard revisions[revision].hasScrapeTarget else { return }
        var stream = revisions[revision].streams.scrape
        guard let estimate = revisions[revision].sampler.scrape(scrapeScratch, at: now, random: &stream) else { return }
        // The KPA ignores the CPU; other policies (an external program) may use it.
        var sample = estimate.metricSample(source: .scrape)
        sample.cpuUtilization = utilisation
        // The KPA pokes only on the activator's reports; any policy may ask on a scrape.
        if revisions[revision].policy.record(sample, at: now.nanoseconds) {
            decide(revision: revision)
        }
    }

    /// An activator report reaches the autoscaler; while scaled to zero it pokes the
    /// decider (the fast path of scale from zero).
    mutating func push(_ stat: ActivatorStat, revision: Int) {
        guard !revisions[revision].isHPA else { return }
        let sample = MetricSample(concurrency: stat.concurrency, rps: stat.requestCount, source: .push)
        if revisions[revision].policy.record(sample, at: engine.now.nanoseconds) {
            decide(revision: revision)
        }
    }

    /// Each revision's policy decides on its own period (KPA 2 s, HPA 15 s). Revisions
    /// with the same period keep their order at a shared instant: each reschedules
    /// itself as it is handled, in revision order.
    mutating func decisionTick(revision: Int) {
        decide(revision: revision)
        let interval = SimDuration(nanoseconds: revisions[revision].policy.decisionInterval)
        engine.schedule(.decisionTick(revision: Int32(revision)), after: interval)
    }

    mutating func decide(revision: Int) {
        let now = engine.now.nanoseconds
        _ = revisions[revision].policy.decide(at: now, readyPods: revisions[revision].readyCount)
        reconcile(revision: revision)
    }

    /// Knative's PA reconciler: bounds, initial scale, scale-to-zero gating and the
    /// activator's place in the path.
    mutating func reconcile(revision: Int) {
        let now = engine.now.nanoseconds
        let status = revisions[revision].policy.status
        if revisions[revision].isHPA {
            revisions[revision].proxyMode = false
            if status.desiredScale >= 0, Int(status.desiredScale) != revisions[revision].desired {
                setReplicas(revision: revision, to: Int(status.desiredScale))
            }
            return
        }
        let result = revisions[revision].reconciler.reconcile(status, readyPods: revisions[revision].readyCount, at: now)
        let proxy = result.effectiveMode == .proxy
        if proxy != revisions[revision].proxyMode { revisions[revision].proxyMode = proxy }
        if let replicas = result.replicas, Int(replicas) != revisions[revision].desired {
            setReplicas(revision: revision, to: Int(replicas))
        }
        if let timer = revisions[revision].reconcileTimer {
            engine.cancel(timer)
            revisions[revision].reconcileTimer = nil
        }
        if let recheck = result.recheckAt, recheck > now {
            revisions[revision].reconcileTimer = engine.schedule(.reconcile(revision: Int32(revision)),
                                                                 at: SimTime(nanoseconds: recheck))
        }
    }
}
