import DequeModule
import Engine

/// Runs a `FixedPoolConfiguration` to completion and returns its report.
///
/// Each revision's pods offer `pods × containerConcurrency` slots; a request takes a
/// free slot at once or waits in the revision's FIFO queue. The queue is shared by the
/// pool (like a single load balancer in front of it) so the model is exactly M/M/c
/// under Poisson arrivals and exponential service, which the tests rely on.
public struct FixedPoolSimulation {
    enum Event {
        case arrival(service: Int32)
        case completion(revision: Int32, pod: Int32, arrivedAt: Int64, counted: Bool)
        case secondTick
        case warmupEnds
    }

    struct Waiting {
        var arrivedAt: Int64
        var counted: Bool
    }

    struct ServiceState {
        var interarrival: Distribution
        var arrivals: RandomStream
        var routing: RandomStream
        var split: TrafficSplit
    }

    struct RevisionState {
        var serviceTime: Distribution
        var serviceTimes: RandomStream
        /// Unlimited concurrency (containerConcurrency 0): every request starts at once.
        var unlimited: Bool
        /// One token per free slot, holding the slot's pod index.
        var freeSlots: [Int32]
        var busyPerPod: [Int32]
        var queue: Deque<Waiting>
        /// Int.max when the queue is unbounded.
        var queueCapacity: Int
    }

    let configuration: FixedPoolConfiguration
    var engine: Engine<Event>
    var services: [ServiceState] = []
    var revisions: [RevisionState] = []
    var recorder: RequestRecorder
    var series: TimeSeriesBuilder
    let totalPods: Int

    public init(_ configuration: FixedPoolConfiguration) {
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
                let cc = revision.containerConcurrency
                var slots: [Int32] = []
                if cc > 0 {
                    // Pushed in reverse so pod 0's slots are taken first.
                    for pod in (0..<revision.pods).reversed() {
                        for _ in 0..<cc { slots.append(Int32(pod)) }
                    }
                }
                revisions.append(RevisionState(
                    serviceTime: revision.serviceTime,
                    serviceTimes: streams.stream(named: "service-time/\(revision.name)"),
                    unlimited: cc == 0,
                    freeSlots: slots,
                    busyPerPod: Array(repeating: 0, count: revision.pods),
                    queue: Deque(),
                    queueCapacity: revision.queueCapacity ?? Int.max))
            }
            services.append(ServiceState(
                interarrival: service.interarrival,
                arrivals: streams.stream(named: "arrivals/\(service.name)"),
                routing: streams.stream(named: "routing/\(service.name)"),
                split: TrafficSplit(revisions: indices, percents: service.revisions.map(\.trafficPercent))))
        }
        let readyPods = configuration.services.flatMap(\.revisions).map(\.pods).reduce(0, +)
        totalPods = readyPods
        recorder = RequestRecorder(revisionNames: revisionNames, revisionServices: revisionServices,
                                   statisticsStart: .zero + configuration.warmup, readyPods: readyPods)
        series = TimeSeriesBuilder()
    }

    /// Runs the simulation. `progress` is called now and then with the fraction done.
    public mutating func run(progress: ((Double) -> Void)? = nil) -> RunReport {
        for index in services.indices {
            let first = services[index].interarrival.sampleDuration(using: services[index].arrivals)
            engine.schedule(.arrival(service: Int32(index)), at: .zero + first)
        }
        engine.schedule(.secondTick, at: .seconds(1))
        engine.schedule(.warmupEnds, at: engine.warmupEnd)
        let endNanoseconds = Double(engine.endTime.nanoseconds)
        while let event = engine.next() {
            switch event {
            case .arrival(let service):
                arrive(service: Int(service))
            case .completion(let revision, let pod, let arrivedAt, let counted):
                complete(revision: Int(revision), pod: Int(pod), arrivedAt: arrivedAt, counted: counted)
            case .secondTick:
                series.closeSecond(at: engine.now, inFlight: recorder.inSystem, queued: queuedCount, pods: podCounts)
                engine.schedule(.secondTick, after: .seconds(1))
                if let progress, engine.now.nanoseconds % 60_000_000_000 == 0 {
                    progress(Double(engine.now.nanoseconds) / endNanoseconds)
                }
            case .warmupEnds:
                recorder.beginStatistics(at: engine.now)
            }
        }
        series.closePartialSecond(at: engine.now, inFlight: recorder.inSystem, queued: queuedCount, pods: podCounts)
        return recorder.report(at: engine.now, eventsProcessed: engine.eventsProcessed,
                               timeSeries: series.rows)
    }

    var queuedCount: Int { revisions.reduce(0) { $0 + $1.queue.count } }

    /// Every pod is always ready: the pool never changes.
    var podCounts: PodCounts { PodCounts(ready: totalPods, desired: totalPods) }

    mutating func arrive(service index: Int) {
        let now = engine.now
        let next = services[index].interarrival.sampleDuration(using: services[index].arrivals)
        engine.schedule(.arrival(service: Int32(index)), at: now + next)

        let revision = route(service: index)
        let counted = !engine.isWarmingUp
        recorder.arrived(revision: revision, at: now, counted: counted)
        series.arrivals += 1
        if revisions[revision].unlimited {
            start(revision: revision, pod: 0, arrivedAt: now.nanoseconds, counted: counted)
        } else if let pod = revisions[revision].freeSlots.popLast() {
            start(revision: revision, pod: Int(pod), arrivedAt: now.nanoseconds, counted: counted)
        } else if revisions[revision].queue.count >= revisions[revision].queueCapacity {
            recorder.failed(revision: revision, reason: .queueFull, at: now, arrivedAt: now, counted: counted)
            series.failures += 1
        } else {
            revisions[revision].queue.append(Waiting(arrivedAt: now.nanoseconds, counted: counted))
        }
    }

    func route(service index: Int) -> Int {
        services[index].split.choose(using: services[index].routing)
    }

    mutating func start(revision: Int, pod: Int, arrivedAt: Int64, counted: Bool) {
        let now = engine.now
        if !revisions[revision].unlimited {
            revisions[revision].busyPerPod[pod] += 1
            recorder.observePodConcurrency(revision: revision, Int(revisions[revision].busyPerPod[pod]))
        }
        recorder.started(revision: revision, waited: now - SimTime(nanoseconds: arrivedAt), counted: counted)
        let service = revisions[revision].serviceTime.sampleDuration(using: revisions[revision].serviceTimes)
        engine.schedule(.completion(revision: Int32(revision), pod: Int32(pod), arrivedAt: arrivedAt, counted: counted),
                        at: now + service)
    }

    mutating func complete(revision: Int, pod: Int, arrivedAt: Int64, counted: Bool) {
        recorder.completed(revision: revision, at: engine.now, arrivedAt: SimTime(nanoseconds: arrivedAt), counted: counted)
        series.completions += 1
        guard !revisions[revision].unlimited else { return }
        revisions[revision].busyPerPod[pod] -= 1
        if let next = revisions[revision].queue.popFirst() {
            start(revision: revision, pod: pod, arrivedAt: next.arrivedAt, counted: next.counted)
        } else {
            revisions[revision].freeSlots.append(Int32(pod))
        }
    }
}
