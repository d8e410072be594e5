import Engine

/// Counts every request and records the statistics of those that arrived after the
/// warm-up. Memory is fixed per revision: nothing is kept per request. Each request is
/// recorded once, for its revision; the overall totals are the revisions' merged at
/// the end (sketch counts add exactly, moments by Chan's formula).
package struct RequestRecorder {
    private var perRevision: [RequestTotals]
    /// Downstream calls each revision served (empty until the first call): kept apart
    /// so that the overall totals, the time series and Little's law stay about entry
    /// requests, while a revision's totals count both.
    private var perRevisionCalls: [RequestTotals] = []
    private var callFailureCounts: [[Int]] = []
    private var maxPodConcurrency: [Int]
    /// Failures per revision, indexed by `FailureReason.rawValue`.
    private var failureCounts: [[Int]]
    private let names: [String]
    private let services: [String]
    package private(set) var inSystem = 0
    private var inSystemLevel: TimeWeightedAverage
    private var readyPodsLevel: TimeWeightedAverage
    private var readyPods: Int
    /// Time in the system of every counted request that left it, completed or failed:
    /// the W of Little's law (latency covers completed requests only).
    private var timeInSystem = StreamingMoments()
    /// Latency breakdown, in `RequestRecorder.phaseNames` order.
    private var phases = Array(repeating: LatencyStatistics(), count: RequestRecorder.phaseNames.count)
    /// Latency of completed requests that met a cold start (arrived when their revision
    /// had no pod to serve them) and of those that did not: the two add up to the
    /// overall latency.
    private var coldLatency = LatencyStatistics()
    private var warmLatency = LatencyStatistics()
    static let phaseNames = ["ingress", "activator", "cold-start-wait", "queue-proxy", "service", "sidecar"]
    /// Time entry requests waited on their downstream calls (a phase only in runs
    /// with calls; `service` is then the container's own work).
    private var callsPhase: LatencyStatistics?

    package init(revisionNames: [String], revisionServices: [String], statisticsStart: SimTime, readyPods: Int) {
        names = revisionNames
        services = revisionServices
        perRevision = Array(repeating: RequestTotals(), count: revisionNames.count)
        maxPodConcurrency = Array(repeating: 0, count: revisionNames.count)
        failureCounts = Array(repeating: Array(repeating: 0, count: FailureReason.allCases.count), count: revisionNames.count)
        inSystemLevel = TimeWeightedAverage(start: statisticsStart, level: 0)
        readyPodsLevel = TimeWeightedAverage(start: statisticsStart, level: Double(readyPods))
        self.readyPods = readyPods
    }

    /// Restarts the time-weighted levels at the end of the warm-up, from the levels
    /// the system has then.
    package mutating func beginStatistics(at now: SimTime) {
        inSystemLevel = TimeWeightedAverage(start: now, level: Double(inSystem), at: now)
        readyPodsLevel = TimeWeightedAverage(start: now, level: Double(readyPods), at: now)
    }

    package mutating func arrived(revision: Int, at now: SimTime, counted: Bool, call: Bool = false) {
        if call {
            if perRevisionCalls.isEmpty {
                perRevisionCalls = Array(repeating: RequestTotals(), count: names.count)
                callFailureCounts = failureCounts.map { $0.map { _ in 0 } }
            }
            if counted { perRevisionCalls[revision].arrived += 1 } else { perRevisionCalls[revision].warmupArrivals += 1 }
            return
        }
        if counted {
            perRevision[revision].arrived += 1
        } else {
            perRevision[revision].warmupArrivals += 1
        }
        inSystem += 1
        inSystemLevel.record(level: Double(inSystem), at: now)
    }

    package mutating func started(revision: Int, waited: SimDuration, counted: Bool, call: Bool = false) {
        guard counted else { return }
        if call { perRevisionCalls[revision].wait.record(waited); return }
        perRevision[revision].wait.record(waited)
    }

    package mutating func observePodConcurrency(revision: Int, _ busy: Int) {
        if busy > maxPodConcurrency[revision] { maxPodConcurrency[revision] = busy }
    }

    /// `cold`: the request met a cold start (models without cold starts leave it false).
    package mutating func completed(revision: Int, at now: SimTime, arrivedAt: SimTime, counted: Bool, cold: Bool = false,
                            call: Bool = false) {
        if call {
            guard counted else { return }
            perRevisionCalls[revision].completed += 1
            perRevisionCalls[revision].latency.record(now - arrivedAt)
            return
        }
        inSystem -= 1
        inSystemLevel.record(level: Double(inSystem), at: now)
        guard counted else { return }
        let latency = now - arrivedAt
        timeInSystem.add(latency.seconds)
        perRevision[revision].completed += 1
        perRevision[revision].latency.record(latency)
        if cold { coldLatency.record(latency) } else { warmLatency.record(latency) }
    }

    package mutating func failed(revision: Int, reason: FailureReason, at now: SimTime, arrivedAt: SimTime, counted: Bool,
                         call: Bool = false) {
        if call {
            guard counted else { return }
            perRevisionCalls[revision].failed += 1
            callFailureCounts[revision][reason.rawValue] += 1
            return
        }
        inSystem -= 1
        inSystemLevel.record(level: Double(inSystem), at: now)
        guard counted else { return }
        timeInSystem.add((now - arrivedAt).seconds)
        perRevision[revision].failed += 1
        failureCounts[revision][reason.rawValue] += 1
    }

    /// The total of ready pods changed.
    package mutating func readyPodsChanged(to count: Int, at now: SimTime) {
        readyPods = count
        readyPodsLevel.record(level: Double(count), at: now)
    }

    /// Records where a completed request's time went (nanoseconds per phase).
    package mutating func breakdown(ingress: Int64, activator: Int64, coldStartWait: Int64, queueProxy: Int64,
                            service: Int64, sidecar: Int64, calls: Int64? = nil) {
        if let calls {
            if callsPhase == nil { callsPhase = LatencyStatistics() }
            callsPhase!.record(SimDuration(nanoseconds: calls))
        }
        phases[0].record(SimDuration(nanoseconds: ingress))
        phases[1].record(SimDuration(nanoseconds: activator))
        phases[2].record(SimDuration(nanoseconds: coldStartWait))
        phases[3].record(SimDuration(nanoseconds: queueProxy))
        phases[4].record(SimDuration(nanoseconds: service))
        phases[5].record(SimDuration(nanoseconds: sidecar))
    }

    package func report(at end: SimTime, eventsProcessed: Int, timeSeries: [TimeSeriesRow]) -> RunReport {
        var overall = RequestTotals()
        var perRevision = self.perRevision
        for (i, counts) in failureCounts.enumerated() {
            for reason in FailureReason.allCases where counts[reason.rawValue] > 0 {
                perRevision[i].failuresByReason[reason.name] = counts[reason.rawValue]
            }
        }
        for totals in perRevision {
            overall.arrived += totals.arrived
            overall.completed += totals.completed
            overall.failed += totals.failed
            overall.warmupArrivals += totals.warmupArrivals
            overall.latency.merge(totals.latency)
            overall.wait.merge(totals.wait)
            overall.failuresByReason.merge(totals.failuresByReason, uniquingKeysWith: +)
        }
        overall.inFlight = overall.arrived - overall.completed - overall.failed
        let revisions = names.indices.map { i -> RevisionReport in
            var totals = perRevision[i]
            if !perRevisionCalls.isEmpty {
                var calls = perRevisionCalls[i]
                for reason in FailureReason.allCases where callFailureCounts[i][reason.rawValue] > 0 {
                    calls.failuresByReason[reason.name] = callFailureCounts[i][reason.rawValue]
                }
                totals.add(calls)
            }
            totals.inFlight = totals.arrived - totals.completed - totals.failed
            return RevisionReport(name: names[i], service: services[i], totals: totals,
                                  maxPodConcurrency: maxPodConcurrency[i])
        }
        var breakdown = LatencyBreakdown()
        breakdown.phases = Self.phaseNames.indices.map { (Self.phaseNames[$0], phases[$0]) }
        if let callsPhase { breakdown.phases.append(("calls", callsPhase)) }
        return RunReport(
            duration: end - .zero,
            warmup: inSystemLevel.start - .zero,
            eventsProcessed: eventsProcessed,
            overall: overall,
            revisions: revisions,
            inSystem: inSystemLevel.summary(until: end),
            readyPods: readyPodsLevel.summary(until: end),
            timeSeries: timeSeries,
            meanTimeInSystem: timeInSystem.mean,
            breakdown: breakdown,
            coldLatency: coldLatency,
            warmLatency: warmLatency)
    }
}

extension TimeWeightedAverage {
    func summary(until end: SimTime) -> LevelSummary {
        LevelSummary(timeAverage: average(until: end) ?? level, max: maxLevel, integral: integral(until: end))
    }
}

extension RequestTotals {
    /// Adds another set's counts and statistics (an empty set leaves this one as is).
    mutating func add(_ other: RequestTotals) {
        arrived += other.arrived
        completed += other.completed
        failed += other.failed
        warmupArrivals += other.warmupArrivals
        if other.latency.count > 0 { latency.merge(other.latency) }
        if other.wait.count > 0 { wait.merge(other.wait) }
        failuresByReason.merge(other.failuresByReason, uniquingKeysWith: +)
    }
}
