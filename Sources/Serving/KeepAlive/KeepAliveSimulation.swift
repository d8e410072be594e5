import Autoscaling
import Engine

/// Runs a `KeepAliveConfiguration` to completion and returns its report.
///
/// Each revision is a `KeepAliveInstancePool` with the revision's expiration. The
/// simulation owns the expiry timers: one engine timer per idle instance, cancelled
/// (removed from the queue, not left to fire and be ignored) when the instance gets a
/// request, so the queue holds exactly one arrival per service, one completion per busy
/// instance and one expiry per idle instance.
///
/// **At the expiry instant the expiry wins**: an instance lives on
/// [creation, last end + expiration), so a request arriving exactly at its deadline does
/// not get it, whatever the order of the two events in the queue; it goes to the next
/// idle instance or starts a new one.
///
/// The report: `coldStarts.pods` and `coldStarts.requests` count cold starts among the
/// requests counted after the warm-up (the cold-start probability is
/// `coldStarts.requests / overall.arrived`); `readyPods` is the live instance count
/// (busy or idle), time-weighted; `inSystem` the busy ones; wait is always zero and the
/// latency breakdown is left empty (the model does not split a response). The time
/// series has one row per simulated second: `podsReady` and `desiredPods` are live
/// instances, `inFlight` busy ones.
///
/// Per request nothing is allocated: the pools' tables and the engine's slots keep
/// their capacity, and seconds are closed lazily before the first event after them
/// rather than by a timer event each second (which at 0.9 req/s would double the events).
public struct KeepAliveSimulation {
    enum Event {
        case arrival(service: Int32)
        case completion(revision: Int32, instance: Int64, arrivedAt: Int64, counted: Bool, cold: Bool)
        case expiry(revision: Int32, instance: Int64, timer: Int32)
        case warmupEnds
    }

    struct ServiceState {
        var interarrival: Distribution
        var arrivals: RandomStream
        /// Recorded arrival instants (ns), when `replaying`.
        var replaying: Bool
        var trace: [Int64]
        var traceNext = 0
        var routing: RandomStream
        var split: TrafficSplit
    }

    struct RevisionState {
        var pool: KeepAliveInstancePool
        var expiration: Int64
        var warmServiceTime: Distribution
        var coldServiceTime: Distribution
        var warmDraws: RandomStream
        var coldDraws: RandomStream
        /// The pending expiry timers of idle instances, by the token the pool keeps with
        /// each idle instance; free entries are reused (no hashing, no allocation).
        var expiryTimers: [TimerHandle] = []
        var freeTimers: [Int32] = []

        mutating func storeTimer(_ handle: TimerHandle) -> Int32 {
            if let index = freeTimers.popLast() {
                expiryTimers[Int(index)] = handle
                return index
            }
            expiryTimers.append(handle)
            return Int32(expiryTimers.count - 1)
        }
    }

    let configuration: KeepAliveConfiguration
    var engine: Engine<Event>
    var services: [ServiceState] = []
    var revisions: [RevisionState] = []
    var recorder: RequestRecorder
    var series: TimeSeriesBuilder
    var nextSecond = SimTime.seconds(1)
    var liveInstances = 0
    var busyInstances = 0
    var countedColdStarts = 0
    /// Instances that expired over the whole run (warm-up included).
    public private(set) var expirations = 0
    /// Told of every placement and expiry, in order (for tests and traces); nil costs
    /// nothing.
    public var observer: ((KeepAliveDecision) -> Void)?

    public init(_ configuration: KeepAliveConfiguration) {
        self.configuration = configuration
        engine = Engine(endTime: .zero + configuration.duration, warmupEnd: .zero + configuration.warmup)
        let streams = RandomStreams(seed: configuration.seed, kind: configuration.generator)
        var revisionNames: [String] = []
        var revisionServices: [String] = []
        for service in configuration.services {
            var indices: [Int32] = []
            for revision in service.revisions {
                indices.append(Int32(revisions.count))
                revisionNames.append(revision.name)
                revisionServices.append(service.name)
                let expiration = revision.expiration.nanoseconds
                revisions.append(RevisionState(
                    pool: KeepAliveInstancePool(policy: KeepAlivePolicy(idleTimeout: expiration)),
                    expiration: expiration,
                    warmServiceTime: revision.warmServiceTime,
                    coldServiceTime: revision.coldServiceTime,
                    warmDraws: streams.stream(named: "service-time/\(revision.name)"),
                    coldDraws: streams.stream(named: "cold-service-time/\(revision.name)")))
            }
            var interarrival = Distribution.constant(0)
            var trace: [Int64] = []
            var replaying = false
            switch service.arrivals {
            case .interarrival(let distribution): interarrival = distribution
            case .times(let times): trace = times.map(\.nanoseconds); replaying = true
            }
            services.append(ServiceState(
                interarrival: interarrival,
                arrivals: streams.stream(named: "arrivals/\(service.name)"),
                replaying: replaying,
                trace: trace,
                routing: streams.stream(named: "routing/\(service.name)"),
                split: TrafficSplit(revisions: indices, percents: service.revisions.map(\.trafficPercent))))
        }
        recorder = RequestRecorder(revisionNames: revisionNames, revisionServices: revisionServices,
                                   statisticsStart: .zero + configuration.warmup, readyPods: 0)
        series = TimeSeriesBuilder()
        series.reserveCapacity(seconds: Int(configuration.duration.nanoseconds / 1_000_000_000) + 1)
    }

    /// Runs the simulation. `progress` is called now and then with the fraction done.
    public mutating func run(progress: ((Double) -> Void)? = nil) -> RunReport {
        for index in services.indices {
            if let first = nextArrival(service: index, after: .zero) {
                engine.schedule(.arrival(service: Int32(index)), at: first)
            }
        }
        engine.schedule(.warmupEnds, at: engine.warmupEnd)
        let end = engine.endTime
        var nextProgress = SimTime.seconds(60)
        while let event = engine.next() {
            let now = engine.now
            if now >= nextSecond {
                closeSeconds(before: now)
                if let progress, now >= nextProgress {
                    progress(now.seconds / end.seconds)
                    nextProgress = now + .wholeSeconds(60)
                }
            }
            switch event {
            case .arrival(let service):
                arrive(service: Int(service))
            case .completion(let revision, let instance, let arrivedAt, let counted, let cold):
                complete(revision: Int(revision), instance: InstanceID(instance), arrivedAt: arrivedAt, counted: counted,
                         cold: cold)
            case .expiry(let revision, let instance, let timer):
                // The timer has fired: only its table entry is released.
                revisions[Int(revision)].freeTimers.append(timer)
                expire(revision: Int(revision), instance: InstanceID(instance))
            case .warmupEnds:
                recorder.beginStatistics(at: now)
            }
        }
        closeSeconds(before: end)
        series.closePartialSecond(at: end, inFlight: busyInstances, queued: 0, pods: podCounts)
        var report = recorder.report(at: end, eventsProcessed: engine.eventsProcessed, timeSeries: series.rows)
        report.coldStarts.pods = countedColdStarts
        report.coldStarts.requests = countedColdStarts
        return report
    }

    var podCounts: PodCounts { PodCounts(ready: liveInstances, desired: liveInstances) }

    /// Closes every whole second that ended before `time` (an event exactly on a second
    /// boundary belongs to the next second, as with a tick scheduled before it).
    mutating func closeSeconds(before time: SimTime) {
        while nextSecond <= time && nextSecond < engine.endTime {
            series.closeSecond(at: nextSecond, inFlight: busyInstances, queued: 0, pods: podCounts)
            nextSecond = nextSecond + .wholeSeconds(1)
        }
    }

    mutating func arrive(service index: Int) {
        let now = engine.now
        if let next = nextArrival(service: index, after: now) {
            engine.schedule(.arrival(service: Int32(index)), at: next)
        }

        let revision = route(service: index)
        let counted = !engine.isWarmingUp
        recorder.arrived(revision: revision, at: now, counted: counted)
        series.arrivals += 1
        // The expiry wins at its instant: an idle instance due now is gone before the
        // request is placed, even if its expiry event is still queued behind this one.
        while let candidate = revisions[revision].pool.mostRecentIdle, candidate.expiresAt <= now.nanoseconds {
            cancelTimer(revision: revision, token: candidate.token)
            expire(revision: revision, instance: candidate.instance)
        }
        let reused = revisions[revision].pool.mostRecentIdle?.token
        let placement = revisions[revision].pool.requestArrived(at: now.nanoseconds)
        observer?(.placed(at: now, revision: revision, placement))
        let response: SimDuration
        if placement.isCold {
            liveInstances += 1
            recorder.readyPodsChanged(to: liveInstances, at: now)
            if counted { countedColdStarts += 1 }
            series.podsCreated += 1
            series.coldRequests += 1
            response = revisions[revision].coldServiceTime.sampleDuration(using: revisions[revision].coldDraws)
        } else {
            if let reused { cancelTimer(revision: revision, token: reused) }
            response = revisions[revision].warmServiceTime.sampleDuration(using: revisions[revision].warmDraws)
        }
        busyInstances += 1
        recorder.started(revision: revision, waited: .zero, counted: counted)
        engine.schedule(.completion(revision: Int32(revision), instance: placement.instance.rawValue,
                                    arrivedAt: now.nanoseconds, counted: counted, cold: placement.isCold),
                        at: now + response)
    }

    /// The service's next arrival instant after one at `now` (or the start); nil when
    /// its trace is exhausted.
    mutating func nextArrival(service index: Int, after now: SimTime) -> SimTime? {
        if !services[index].replaying {
            return now + services[index].interarrival.sampleDuration(using: services[index].arrivals)
        }
        let next = services[index].traceNext
        guard next < services[index].trace.count else { return nil }
        services[index].traceNext = next + 1
        return SimTime(nanoseconds: services[index].trace[next])
    }

    func route(service index: Int) -> Int {
        services[index].split.choose(using: services[index].routing)
    }

    mutating func complete(revision: Int, instance: InstanceID, arrivedAt: Int64, counted: Bool, cold: Bool) {
        let now = engine.now
        recorder.completed(revision: revision, at: now, arrivedAt: SimTime(nanoseconds: arrivedAt), counted: counted,
                           cold: cold)
        series.completions += 1
        busyInstances -= 1
        let deadline = now.nanoseconds + revisions[revision].expiration
        let token = revisions[revision].freeTimers.last ?? Int32(revisions[revision].expiryTimers.count)
        let handle = engine.schedule(.expiry(revision: Int32(revision), instance: instance.rawValue, timer: token),
                                     at: SimTime(nanoseconds: deadline))
        let stored = revisions[revision].storeTimer(handle)
        assert(stored == token)
        let kept = revisions[revision].pool.requestCompleted(instance, at: now.nanoseconds, token: Int(token))
        assert(kept == deadline)
    }

    /// Cancels an idle instance's expiry timer for real (it leaves the queue).
    mutating func cancelTimer(revision: Int, token: Int) {
        let cancelled = engine.cancel(revisions[revision].expiryTimers[token])
        assert(cancelled, "an idle instance's expiry timer is pending")
        revisions[revision].freeTimers.append(Int32(token))
    }

    /// Removes an idle instance at its deadline: from its expiry event, or from an
    /// arrival at the same instant (whose caller has cancelled the still-pending timer).
    mutating func expire(revision: Int, instance: InstanceID) {
        let now = engine.now
        let expired = revisions[revision].pool.expire(instance, at: now.nanoseconds)
        precondition(expired, "\(instance) was due to expire at \(now)")
        observer?(.expired(at: now, revision: revision, instance))
        expirations += 1
        liveInstances -= 1
        recorder.readyPodsChanged(to: liveInstances, at: now)
    }
}

/// A decision of the scale-per-request model, as `KeepAliveSimulation.observer` sees it.
public enum KeepAliveDecision: Sendable, Equatable {
    /// A request of revision `revision` (its index in configuration order) was placed.
    case placed(at: SimTime, revision: Int, KeepAliveInstancePool.Placement)
    /// An idle instance reached its deadline and was removed.
    case expired(at: SimTime, revision: Int, InstanceID)
}
