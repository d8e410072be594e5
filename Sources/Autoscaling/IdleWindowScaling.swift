/// An idle-instance policy (fixed keep-alive, or the hybrid histogram of "Serverless in
/// the Wild") made a `ScalingPolicy`, so that it can scale a Knative revision.
///
/// Those policies come from scale-per-request platforms, where they decide one thing:
/// whether an idle application keeps a loaded instance. A Knative revision also needs a
/// size under load, so the rule is split:
/// * **Busy** (a metric sample with load within the last `samplePeriod`): the KPA sizes
///   the revision, at least 1 pod.
/// * **Idle** since `s` = the last sample with load + `samplePeriod` (the first second
///   that saw no request): with the windows `w` the idle-instance policy gives now,
///   0 pods before `s + w.prewarm` (the paper unloads right after the execution when it
///   pre-warms), max(1, KPA) from then until `s + w.prewarm + w.keepAlive`, 0 after.
///   With no pre-warm this is the KPA whose scale to zero waits for the keep-alive.
/// * **Never loaded** yet: 0 pods (no idle period is defined before the first
///   execution ends).
///
/// Idle times are what the samples show, to `samplePeriod` (1 s, Knative's scrape and
/// activator report period): a load sample at `t` after the last at `l` ends an idle
/// period of `t − l − samplePeriod`, which the hybrid histogram learns. A gap of a single
/// sample period is not idleness but sampling: the activator reports a request the
/// instant it arrives and subtracts it from its next periodic report, which then shows
/// no load while the request waits for a cold pod. So the revision counts as idle only
/// once more than two sample periods passed without load. A pushed sample with load while the status is 0 pods asks for a decision at
/// once (the KPA's poke), so scale from zero starts on the first buffered request.
/// Window edges take effect at the first decision at or after them (every 2 s).
public struct IdleWindowScaling: ScalingPolicy {
    /// Which idle-instance policy decides the windows.
    public enum Rule: Sendable, Equatable {
        /// A fixed keep-alive, no pre-warm.
        case keepAlive(KeepAlivePolicy)
        /// Windows learned from the revision's idle-time histogram.
        case hybridHistogram(HybridHistogramPolicy)
    }

    public private(set) var rule: Rule
    /// The KPA that sizes the revision while it is busy.
    public private(set) var kpa: KPAPolicy
    public let samplePeriod: Int64
    public private(set) var status: ScalingDecision
    /// The time of the latest metric sample with load; nil before the first.
    public private(set) var lastLoadAt: Int64?

    public var decisionInterval: Int64 { kpa.decisionInterval }

    public init(rule: Rule, spec: DeciderSpec, samplePeriod: Int64 = KPATiming.seconds(1)) {
        precondition(samplePeriod > 0, "samplePeriod is a duration")
        self.rule = rule
        self.kpa = KPAPolicy(spec: spec, createdAt: 0, readyPods: 0)
        self.samplePeriod = samplePeriod
        self.status = ScalingDecision(desiredScale: -1, excessBurstCapacity: kpa.status.excessBurstCapacity, valid: false)
    }

    /// The windows the rule gives for the current idle period.
    public var windows: IdleWindows {
        switch rule {
        case .keepAlive(let policy): return policy.idleWindows()
        case .hybridHistogram(let policy): return policy.idleWindows()
        }
    }

    /// When the current idle period began, or nil while busy or never loaded.
    public func idleSince(at now: Int64) -> Int64? {
        guard let last = lastLoadAt, now - last > 2 * samplePeriod else { return nil }
        return last + samplePeriod
    }

    public mutating func record(_ sample: MetricSample, at now: Int64) -> Bool {
        _ = kpa.record(sample, at: now)
        guard sample.concurrency > 0 || sample.rps > 0 else { return false }
        if let last = lastLoadAt, now - last > 2 * samplePeriod, case .hybridHistogram(var policy) = rule {
            policy.observeIdleTime(now - last - samplePeriod)
            rule = .hybridHistogram(policy)
        }
        lastLoadAt = max(lastLoadAt ?? now, now)
        return sample.source == .push && status.desiredScale == 0
    }

    public mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
        _ = kpa.decide(at: now, readyPods: readyPods)
        let sized = max(1, kpa.status.desiredScale)
        let desired: Int32
        if lastLoadAt == nil {
            desired = 0
        } else if let since = idleSince(at: now) {
            let w = windows
            let loadedFrom = since + w.prewarm
            desired = (now >= loadedFrom && now - loadedFrom < w.keepAlive) ? sized : 0
        } else {
            desired = sized
        }
        status = ScalingDecision(desiredScale: desired, excessBurstCapacity: kpa.status.excessBurstCapacity,
                                 valid: true, inPanic: kpa.status.inPanic,
                                 stableValue: kpa.status.stableValue, panicValue: kpa.status.panicValue)
        return status
    }
}
