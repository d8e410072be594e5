import Engine

/// What a run of any model produced: the input to Results (summary.json,
/// timeseries.csv) and to the tests. Statistics exclude requests that arrived during
/// the warm-up; the accounting (`RequestTotals`) counts every request.
public struct RunReport: Sendable {
    public var duration: SimDuration
    public var warmup: SimDuration
    public var eventsProcessed: Int
    public var overall: RequestTotals
    public var revisions: [RevisionReport]
    /// Requests in the system (queued or in service), time-weighted over the
    /// statistics period.
    public var inSystem: LevelSummary
    /// Ready pods, time-weighted over the statistics period.
    public var readyPods: LevelSummary
    public var timeSeries: [TimeSeriesRow]
    /// Pods on each node each second (pods_by_node.csv); nil for models without nodes.
    public var podsByNode: [NodePodsRow]? = nil
    /// Mean time in the system of the requests that left it after the warm-up,
    /// completed or failed (seconds): Little's law's W.
    public var meanTimeInSystem: Double = 0
    /// Pods created after the start (each a cold start), and their phases.
    public var coldStarts = ColdStartSummary()
    /// Where completed requests' time went, by phase of the request path.
    public var breakdown = LatencyBreakdown()
    /// Resources held over the statistics period (Knative model; zero for the fixed pool).
    public var resources = ResourceUsage()
    /// Crashes, kills, retries and node changes over the whole run (Knative model).
    public var faults = FaultSummary()
    /// Latency of the completed requests that met a cold start, and of the others
    /// (seconds): `overall.latency` split in two.
    public var coldLatency = LatencyStatistics()
    public var warmLatency = LatencyStatistics()
    /// Calls between services, by edge (caller service → callee revision); empty
    /// when the scenario has no calls (then `overall` is every request, all entries).
    public var edges: [EdgeReport] = []
    /// What entry requests met along their call paths; nil without calls.
    public var entryPaths: EntryPathReport?
}

/// Resources over the statistics period, time-weighted (integrals of the levels, not
/// sums per request). "Requested" is what pods bound to nodes asked for: all their
/// containers' requests (user container, queue-proxy, istio-proxy).
public struct ResourceUsage: Sendable, Equatable {
    /// Integral of the number of pods bound to a node (from binding to removal).
    public var podSeconds = 0.0
    /// Integral of those pods' summed CPU requests, in cores.
    public var vCPUSeconds = 0.0
    /// Integral of those pods' summed memory requests, in GiB (2^30 bytes).
    public var memoryGiBSeconds = 0.0
    /// Integral of the number of nodes.
    public var nodeSeconds = 0.0
    /// Requests that passed a pod's istio-proxy after the warm-up.
    public var sidecarRequests = 0
    /// CPU the sidecars used on them: `MeshSpec.cpuPerRequest` × `sidecarRequests`,
    /// in core-seconds.
    public var sidecarCPUSeconds = 0.0
    public init() {}
}

/// Faults and cluster changes over the whole run (warm-up included).
public struct FaultSummary: Sendable, Equatable {
    /// User-container starts that crashed (each followed by a CrashLoopBackOff restart).
    public var podCrashes = 0
    /// Pods killed by kill-pod events.
    public var podsKilled = 0
    /// Nodes killed by kill-node events.
    public var nodesKilled = 0
    /// Nodes the cluster autoscaler added and removed.
    public var nodesAdded = 0
    public var nodesRemoved = 0
    /// Proxied requests the activator sent again because their pod went away first.
    public var activatorRetries = 0
    /// Events that named nothing that exists at their time (e.g. a node not yet added).
    public var eventsWithoutTarget = 0
    public init() {}
}

/// Cold starts: how many pods started and how long each startup phase took.
public struct ColdStartSummary: Sendable {
    /// Pods created after the warm-up.
    public var pods = 0
    /// Requests that waited for a pod to start (arrived when their revision had none).
    public var requests = 0
    /// Time from pod creation to Kubernetes-ready.
    public var total = LatencyStatistics()
    /// Each startup phase's durations, in `StartupPhase` order (names from `StartupPhase.name`).
    public var phases: [(name: String, statistics: LatencyStatistics)] = []
    public init() {}
}

/// Completed requests' latency split by where the time went.
public struct LatencyBreakdown: Sendable {
    public var phases: [(name: String, statistics: LatencyStatistics)] = []
    public init() {}
}

/// A revision's share of the report.
public struct RevisionReport: Sendable {
    public var name: String
    public var service: String
    public var totals: RequestTotals
    /// The most requests one pod of the revision ever served at once.
    public var maxPodConcurrency: Int
}

/// Counts and latency statistics for a set of requests.
///
/// Conservation: `arrived == completed + failed + inFlight` (all counted after the
/// warm-up); `warmupArrivals` were simulated but are kept out of the statistics.
public struct RequestTotals: Sendable {
    public var arrived = 0
    public var completed = 0
    public var failed = 0
    public var inFlight = 0
    public var warmupArrivals = 0
    /// Time from arrival to the response, for completed requests, in seconds.
    public var latency = LatencyStatistics()
    /// Time from arrival to the start of service, in seconds.
    public var wait = LatencyStatistics()
    public var failuresByReason: [String: Int] = [:]

    public init() {}
}

/// A time-weighted level (pods, requests in the system) over the statistics period.
public struct LevelSummary: Sendable, Equatable {
    public var timeAverage: Double
    public var max: Double
    /// Integral of the level over time, in level-seconds (e.g. pod-seconds).
    public var integral: Double
}

/// One simulated second of the time series.
public struct TimeSeriesRow: Sendable, Equatable {
    /// End of the second, in whole seconds since the start (the last row may be a
    /// partial second and then carries the run's end time).
    public var time: Double
    public var arrivals: Int
    public var completions: Int
    public var failures: Int
    public var inFlight: Int
    public var queued: Int
    public var podsPending: Int
    public var podsStarting: Int
    public var podsReady: Int
    public var podsTerminating: Int
    public var desiredPods: Int
    /// Nodes in the cluster at the end of the second (0 for the fixed pool).
    public var nodes: Int = 0
    /// Pods created during the second (each a cold start), and requests that arrived
    /// during it to find their revision without a pod (they wait for one).
    public var podsCreated: Int = 0
    public var coldRequests: Int = 0
}
