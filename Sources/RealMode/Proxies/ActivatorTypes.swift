import Serving

/// How the activator treats one revision.
public struct ActivatorRevisionSettings: Sendable, Equatable {
    /// The revision's container-concurrency (0 = unlimited): the throttler's per-pod limit.
    public var containerConcurrency: Int
    /// The revision's request timeout (Knative `timeoutSeconds`): how long a request may
    /// wait in the activator before it is answered 504.
    public var timeout: Duration
    /// How the activator reaches the pods (pod addressing, or the ClusterIP Service in a mesh).
    public var routing: ActivatorRouting
    /// At most this many requests wait in the activator for the revision; the next gets
    /// 503. Knative's own bound (its breaker's 10 000 queue places plus 2³¹ − 1) is never
    /// reached in practice; this one keeps a run's memory bounded (a CC = 0 revision's
    /// gate would otherwise queue without limit).
    public var maxBuffered: Int

    public init(containerConcurrency: Int, timeout: Duration, routing: ActivatorRouting = .podAddressing,
                maxBuffered: Int = RevisionThrottler<UInt64, Endpoint>.knativeQueueDepth) {
        precondition(containerConcurrency >= 0, "container concurrency must be ≥ 0")
        precondition(maxBuffered >= 0, "activator buffer must be ≥ 0")
        self.containerConcurrency = containerConcurrency
        self.timeout = timeout
        self.routing = routing
        self.maxBuffered = maxBuffered
    }
}

/// A statistic the activator pushes to the autoscaler for one revision.
public struct ActivatorPush: Sendable, Equatable {
    public var revision: Int
    public var stat: ActivatorStat
    /// True for the immediate scale-from-zero signal (the first request the activator
    /// sees for an untracked revision), false for the 1 s report.
    public var isFirstSighting: Bool

    public init(revision: Int, stat: ActivatorStat, isFirstSighting: Bool) {
        self.revision = revision
        self.stat = stat
        self.isFirstSighting = isFirstSighting
    }
}
