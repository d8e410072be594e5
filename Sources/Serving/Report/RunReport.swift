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
    /// Pods created after the start (each a cold start), and their phases.
    public var coldStarts = ColdStartSummary()
    /// Where completed requests' time went, by phase of the request path.
    public var breakdown = LatencyBreakdown()
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
}
