import Autoscaling
import Engine

/// The autoscaling loop: every second the scraper reads the queue-proxies and the
/// activator pushes its report; every 2 s each revision's policy decides and the
/// PodAutoscaler reconciler turns the decision into replicas and the activator's place
/// in the path (Knative's timings, shared/reference/knative-kpa.md section 1).
extension KnativeSimulation {
    mutating func secondTick() {
        let now = engine.now
        for revision in revisions.indices {
            scrape(revision: revision, at: now)
            if let stat = revisions[revision].reporter.report(at: now) {
                push(stat, revision: revision)
            }
        }
        series.closeSecond(at: now, inFlight: requests.live, queued: queuedRequests, pods: podCounts)
        engine.schedule(.secondTick, after: .seconds(1.0))
    }

    /// Every queue-proxy reports each second (its window resets); the scraper samples
    /// the ready pods and records the revision-total estimate. Nothing is recorded with
    /// no ready pod, or when the revision has no scrape target (target-burst-capacity −1).
    mutating func scrape(revision: Int, at now: SimTime) {
        scrapeScratch.removeAll(keepingCapacity: true)
        for slot in revisions[revision].active where pods[Int(slot)].isKubernetesReady {
            let stat = pods[Int(slot)].queueProxy!.report(at: now)
            scrapeScratch.append(ScrapeCandidate(startTime: SimTime(nanoseconds: pods[Int(slot)].readyAt), stat: stat))
        }
        guard revisions[revision].hasScrapeTarget else { return }
        var stream = revisions[revision].streams.scrape
        guard let estimate = revisions[revision].sampler.scrape(scrapeScratch, at: now, random: &stream) else { return }
        _ = revisions[revision].policy.record(estimate.metricSample(source: .scrape), at: now.nanoseconds)
    }

    /// An activator report reaches the autoscaler; while scaled to zero it pokes the
    /// decider (the fast path of scale from zero).
    mutating func push(_ stat: ActivatorStat, revision: Int) {
        let sample = MetricSample(concurrency: stat.concurrency, rps: stat.requestCount, source: .push)
        if revisions[revision].policy.record(sample, at: engine.now.nanoseconds) {
            decide(revision: revision)
        }
    }

    mutating func decisionTick() {
        for revision in revisions.indices { decide(revision: revision) }
        engine.schedule(.decisionTick, after: SimDuration(nanoseconds: KPATiming.tickInterval))
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
