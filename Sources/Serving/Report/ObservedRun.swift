import Engine

/// One request of a run that happened outside the simulation (real mode), as the
/// load generator saw it. Times are offsets from the run's start.
public struct ObservedRequest: Sendable, Equatable {
    /// Index into `ObservedRun.revisionNames`.
    public var revision: Int
    public var arrivedAt: SimTime
    public var endedAt: SimTime
    /// nil: completed.
    public var failure: FailureReason?
    /// It waited for a pod to start.
    public var cold: Bool

    public init(revision: Int, arrivedAt: SimTime, endedAt: SimTime, failure: FailureReason?, cold: Bool) {
        self.revision = revision
        self.arrivedAt = arrivedAt
        self.endedAt = endedAt
        self.failure = failure
        self.cold = cold
    }
}

/// One pod's start in an observed run.
public struct ObservedPodStart: Sendable {
    public var createdAt: SimTime
    /// nil: never became ready.
    public var readyAt: SimTime?
    /// The phases known for it (emulated or measured).
    public var phases: [(phase: StartupPhase, duration: SimDuration)]

    public init(createdAt: SimTime, readyAt: SimTime?, phases: [(phase: StartupPhase, duration: SimDuration)] = []) {
        self.createdAt = createdAt
        self.readyAt = readyAt
        self.phases = phases
    }
}

/// Pods by state at the end of one second of an observed run.
public struct ObservedPodCounts: Sendable, Equatable {
    public var pending = 0
    public var starting = 0
    public var ready = 0
    public var terminating = 0
    public var desired = 0
    public var queued = 0
    public init(pending: Int = 0, starting: Int = 0, ready: Int = 0, terminating: Int = 0, desired: Int = 0, queued: Int = 0) {
        self.pending = pending
        self.starting = starting
        self.ready = ready
        self.terminating = terminating
        self.desired = desired
        self.queued = queued
    }
}

/// A run that happened outside the simulation, turned into the same `RunReport` the
/// models produce — through the very recorders they use — so real runs write the same
/// summary.json and timeseries.csv. Requests still open at `duration` count as in
/// flight, as in a simulation that ends.
public struct ObservedRun: Sendable {
    public var revisionNames: [String]
    public var revisionServices: [String]
    public var duration: SimDuration
    public var warmup: SimDuration
    public var requests: [ObservedRequest] = []
    /// Changes of the total of ready pods, in time order.
    public var readyPodChanges: [(at: SimTime, count: Int)] = []
    public var podStarts: [ObservedPodStart] = []
    /// Pod counts at the end of each second (index 0: second 1); missing seconds take
    /// the ready count from `readyPodChanges` and zero for the rest.
    public var podCountsPerSecond: [ObservedPodCounts] = []

    public init(revisionNames: [String], revisionServices: [String], duration: SimDuration, warmup: SimDuration) {
        self.revisionNames = revisionNames
        self.revisionServices = revisionServices
        self.duration = duration
        self.warmup = warmup
    }

    private enum Change {
        case arrival(Int), departure(Int), ready(Int), warmupEnds, secondEnds(Int)
        /// At equal times: departures before arrivals, so a level never overshoots.
        var order: Int {
            switch self {
            case .departure: return 0
            case .ready: return 1
            case .warmupEnds: return 2
            case .arrival: return 3
            case .secondEnds: return 4
            }
        }
    }

    public func report() -> RunReport {
        let end = SimTime.zero + duration
        let start = SimTime.zero + warmup
        var changes: [(time: SimTime, change: Change)] = []
        for (i, request) in requests.enumerated() where request.arrivedAt < end {
            changes.append((request.arrivedAt, .arrival(i)))
            if request.endedAt <= end { changes.append((max(request.endedAt, request.arrivedAt), .departure(i))) }
        }
        for change in readyPodChanges where change.at <= end { changes.append((change.at, .ready(change.count))) }
        changes.append((start, .warmupEnds))
        var second = 1
        while SimTime.zero + .wholeSeconds(Int64(second)) <= end {
            changes.append((SimTime.zero + .wholeSeconds(Int64(second)), .secondEnds(second)))
            second += 1
        }
        changes.sort { a, b in a.time != b.time ? a.time < b.time : a.change.order < b.change.order }

        var recorder = RequestRecorder(revisionNames: revisionNames, revisionServices: revisionServices,
                                       statisticsStart: start, readyPods: 0)
        var series = TimeSeriesBuilder()
        var startups = StartupRecorder()
        var ready = 0
        func pods(second: Int) -> PodCounts {
            var counts = PodCounts()
            if second - 1 < podCountsPerSecond.count {
                let observed = podCountsPerSecond[second - 1]
                counts.pending = observed.pending
                counts.starting = observed.starting
                counts.ready = observed.ready
                counts.terminating = observed.terminating
                counts.desired = observed.desired
            } else {
                counts.ready = ready
            }
            return counts
        }
        func queued(second: Int) -> Int {
            second - 1 < podCountsPerSecond.count ? podCountsPerSecond[second - 1].queued : 0
        }
        for (time, change) in changes {
            switch change {
            case .arrival(let i):
                let request = requests[i]
                let counted = request.arrivedAt >= start
                recorder.arrived(revision: request.revision, at: time, counted: counted)
                if counted && request.cold { startups.coldRequest() }
                series.arrivals += 1
            case .departure(let i):
                let request = requests[i]
                let counted = request.arrivedAt >= start
                if let reason = request.failure {
                    recorder.failed(revision: request.revision, reason: reason, at: time, arrivedAt: request.arrivedAt, counted: counted)
                    series.failures += 1
                } else {
                    recorder.completed(revision: request.revision, at: time, arrivedAt: request.arrivedAt, counted: counted)
                    series.completions += 1
                }
            case .ready(let count):
                ready = count
                recorder.readyPodsChanged(to: count, at: time)
            case .warmupEnds:
                recorder.beginStatistics(at: time)
            case .secondEnds(let s):
                series.closeSecond(at: time, inFlight: recorder.inSystem, queued: queued(second: s), pods: pods(second: s))
            }
        }
        series.closePartialSecond(at: end, inFlight: recorder.inSystem, queued: queued(second: second), pods: pods(second: second))
        for pod in podStarts where pod.createdAt >= start {
            guard let readyAt = pod.readyAt else { continue }
            startups.podReady(after: readyAt.nanoseconds - pod.createdAt.nanoseconds)
            for (phase, duration) in pod.phases { startups.record(phase, duration) }
        }
        var report = recorder.report(at: end, eventsProcessed: requests.count, timeSeries: series.rows)
        report.coldStarts = startups.result
        return report
    }
}
