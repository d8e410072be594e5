import Autoscaling
import DequeModule
import Engine
import Workload

/// The Knative-on-Istio model: requests enter through the ingress gateway, go to a
/// revision by the traffic split, through the activator when it is in the path, through
/// the pod's istio-proxy and queue-proxy to the user container. Pods are scheduled on
/// nodes and go through every cold-start phase; the revision's autoscaling policy (the
/// KPA by default) and Knative's PodAutoscaler reconciler decide how many there are.
///
/// The control logic (breakers, throttler, metric windows, policies, reconciler) is
/// the same code real mode runs; this type only moves simulated time and requests.
/// Split across files by concern: requests, pods, autoscaling, reporting.
public struct KnativeSimulation {
    enum Event {
        case arrival(workload: Int32)
        /// A closed-loop client sends its next request.
        case clientSends(workload: Int32, client: Int32)
        case reachedActivator(request: Int32, generation: UInt32)
        case reachedQueueProxy(request: Int32, generation: UInt32)
        case serviceDone(request: Int32, generation: UInt32)
        case requestTimeout(request: Int32, generation: UInt32)
        case podPhaseDone(pod: Int32, generation: UInt32)
        case podGraceExpired(pod: Int32, generation: UInt32)
        /// The first request in service on a processor-sharing pod finishes.
        case sharedServiceDone(pod: Int32, generation: UInt32)
        case imagePulled(node: NodeID, image: ImageID)
        case secondTick
        /// The revision's policy decides (every `ScalingPolicy.decisionInterval`).
        case decisionTick(revision: Int32)
        case reconcile(revision: Int32)
        case warmupEnds
        case scenarioEvent(index: Int32)
        case clusterAutoscalerScan
        case nodeProvisioned(pool: Int32)
        /// A request that makes calls reached its next step's point of service time.
        case callPoint(request: Int32, generation: UInt32)
        /// A call's own timeout (the caller stops waiting for it).
        case callTimeout(request: Int32, generation: UInt32)
    }

    struct WorkloadState {
        var service: Int32
        var arrivals: AnyArrivalProcess
        var stream: RandomStream
        /// Closed-loop clients (their think times draw on `stream`); nil for an open process.
        var clients: ClosedLoopClients?
    }

    struct RevisionState {
        var spec: RevisionSpec
        var service: Int32
        var policy: any ScalingPolicy
        var reconciler: PodAutoscalerReconciler
        var hasScrapeTarget: Bool
        var proxyMode = true
        var throttler: RevisionThrottler<Int32, PodKey>
        var reporter = ActivatorConcurrencyReporter()
        var sampler: ScrapeSampler
        /// Pods receiving traffic (ready and known to the routers), in creation order.
        var routable: [Int32] = []
        /// Every pod of the revision that is not terminating, in creation order.
        var active: [Int32] = []
        var readyCount = 0
        var desired = 0
        var reconcileTimer: TimerHandle?
        var streams: RevisionStreams
        /// The HPA class: no activator in the path, no scale to zero, CPU metric.
        var isHPA: Bool
        /// The CPU limit processor sharing divides, nil for unconstrained CPU.
        var sharedCPULimit: Double?
        /// Every pod's requests; built once, as scheduling a pod must not allocate.
        var template: PodTemplate
        /// The pod's summed CPU request in cores (the HPA's utilisation denominator).
        var requestedCores: Double
    }

    /// One named random stream per component and purpose, so adding one never shifts
    /// another's draws.
    struct RevisionStreams {
        var serviceTime: RandomStream
        var startup: RandomStream
        var routing: RandomStream
        var scrape: RandomStream
        var crash: RandomStream
    }

    struct ServiceState {
        var name: String
        var split: TrafficSplit
        var routing: RandomStream
    }

    let configuration: KnativeModelConfiguration
    var engine: Engine<Event>
    var cluster: Cluster
    var workloads: [WorkloadState] = []
    var services: [ServiceState] = []
    var revisions: [RevisionState] = []
    var requests = RequestTable()
    var pods: [PodState] = []
    var freePods: [Int32] = []
    var nextPodSerial: Int64 = 0
    /// Pods waiting for room on a node, in creation order (with their generation: a
    /// slot reused by a newer pod must not take the old one's place in the line).
    var unschedulable: Deque<PendingPod> = []
    /// Processor-sharing state by pod slot, kept apart from `PodState` so that its
    /// heap storage survives the slot's reuse.
    var sharing: [ProcessorSharing] = []
    var finishedScratch: [Int32] = []
    var victimScratch: [Int32] = []
    /// Each pool's nodes by ordinal (creation order within the pool), nil once gone:
    /// how kill-node events name a node.
    var nodesByPool: [[NodeID?]] = []
    var clusterAutoscaler: ClusterAutoscaler?
    var clusterAutoscalerStream: RandomStream
    var pendingScratch: [PodRequests] = []
    var actionScratch: [ClusterAutoscalerAction] = []
    var resources: ResourceRecorder
    var faults = FaultSummary()
    var hops: HopStreams
    var recorder: RequestRecorder
    var series: TimeSeriesBuilder
    var nodeSeries: NodeSeriesBuilder
    var startupRecorder = StartupRecorder()
    var scrapeScratch: [ScrapeCandidate] = []
    var totalReady = 0
    var keyScratch: [PodKey] = []
    /// Calls between services (KnativeSimulation+Calls); disabled without any.
    var calls: CallGraph

    struct HopStreams {
        var ingress: RandomStream
        var activator: RandomStream
        var sidecar: RandomStream
        var queueProxy: RandomStream
    }

    public init(_ configuration: KnativeModelConfiguration) {
        self.configuration = configuration
        engine = Engine(endTime: .zero + configuration.duration, warmupEnd: .zero + configuration.warmup)
        let streams = RandomStreams(seed: configuration.seed, kind: configuration.generator)
        cluster = Cluster(pools: configuration.cluster.pools, images: configuration.cluster.images,
                          scheduler: configuration.cluster.scheduler, imagePulls: configuration.cluster.imagePulls)
        hops = HopStreams(ingress: streams.stream(named: "hop/ingress"),
                          activator: streams.stream(named: "hop/activator"),
                          sidecar: streams.stream(named: "hop/sidecar"),
                          queueProxy: streams.stream(named: "hop/queue-proxy"))
        var names: [String] = [], serviceNames: [String] = []
        for (s, service) in configuration.services.enumerated() {
            var indices: [Int32] = []
            for revision in service.revisions {
                indices.append(Int32(revisions.count))
                names.append(revision.name)
                serviceNames.append(service.name)
                revisions.append(Self.makeRevision(revision, service: Int32(s), streams: streams,
                                                   activatorQueueDepth: configuration.activator.queueDepth))
            }
            services.append(ServiceState(name: service.name,
                                         split: TrafficSplit(revisions: indices, percents: service.revisions.map(\.trafficPercent)),
                                         routing: streams.stream(named: "routing/\(service.name)")))
        }
        for workload in configuration.workloads {
            let service = configuration.services.firstIndex { $0.name == workload.service } ?? 0
            workloads.append(WorkloadState(service: Int32(service), arrivals: workload.arrivals,
                                           stream: streams.stream(named: "arrivals/\(workload.service)"),
                                           clients: workload.clients))
        }
        calls = CallGraph(services: configuration.services, streams: streams)
        recorder = RequestRecorder(revisionNames: names, revisionServices: serviceNames,
                                   statisticsStart: .zero + configuration.warmup, readyPods: 0)
        series = TimeSeriesBuilder()
        nodeSeries = NodeSeriesBuilder(poolNames: configuration.cluster.pools.map(\.name))
        resources = ResourceRecorder(statisticsStart: .zero + configuration.warmup, nodes: cluster.nodeCount)
        clusterAutoscalerStream = streams.stream(named: "cluster-autoscaler")
        if let settings = configuration.clusterAutoscaler {
            clusterAutoscaler = ClusterAutoscaler(settings: settings, poolCount: configuration.cluster.pools.count)
        }
        // The cluster adds each pool's first nodes pool by pool, in id order.
        nodesByPool = Array(repeating: [], count: configuration.cluster.pools.count)
        for node in cluster.nodes { nodesByPool[node.pool.index].append(node.id) }
        for index in revisions.indices {
            let template = Self.template(for: revisions[index].spec, configuration: configuration)
            revisions[index].template = template
            revisions[index].requestedCores = Double(template.requests.requested.milliCPU) / 1000
        }
    }

    static func makeRevision(_ spec: RevisionSpec, service: Int32, streams: RandomStreams,
                             activatorQueueDepth: Int) -> RevisionState {
        let decider = spec.autoscaling.deciderSpec()
        let reconcilerSpec = ReconcilerSpec(settings: spec.autoscaling)
        let (policy, isHPA) = spec.makeScalingPolicy()
        var sharedCPULimit: Double?
        if case .processorSharing(let limit) = spec.cpuModel {
            precondition(limit > 0, "processor sharing needs a CPU limit above 0, got \(limit)")
            sharedCPULimit = limit
        }
        let reconciler = PodAutoscalerReconciler(spec: reconcilerSpec, createdAt: 0)
        let name = spec.name
        var state = RevisionState(
            spec: spec, service: service, policy: policy, reconciler: reconciler,
            hasScrapeTarget: decider.hasScrapeTarget,
            throttler: RevisionThrottler(containerConcurrency: spec.containerConcurrency, queueDepth: activatorQueueDepth),
            sampler: ScrapeSampler(stableWindow: SimDuration(nanoseconds: decider.stableWindow)),
            streams: RevisionStreams(serviceTime: streams.stream(named: "service-time/\(name)"),
                                     startup: streams.stream(named: "startup/\(name)"),
                                     routing: streams.stream(named: "pod-routing/\(name)"),
                                     scrape: streams.stream(named: "scrape/\(name)"),
                                     crash: streams.stream(named: "crash/\(name)")),
            isHPA: isHPA, sharedCPULimit: sharedCPULimit,
            template: PodTemplate(requests: PodRequests(containers: []), images: []), requestedCores: 0)
        // Knative creates an HPA revision's SKS in Serve mode; a KPA revision's in Proxy.
        state.proxyMode = !isHPA
        return state
    }

    /// Runs to the end and reports. `progress` is called now and then with the
    /// fraction of simulated time done.
    public mutating func run(progress: ((Double) -> Void)? = nil) -> RunReport {
        for index in workloads.indices {
            if workloads[index].clients != nil { startClients(workload: index) } else { scheduleNextArrival(workload: index) }
        }
        engine.schedule(.secondTick, at: .seconds(1))
        for index in revisions.indices {
            let interval = SimDuration(nanoseconds: revisions[index].policy.decisionInterval)
            engine.schedule(.decisionTick(revision: Int32(index)), at: .zero + interval)
        }
        engine.schedule(.warmupEnds, at: engine.warmupEnd)
        for (index, event) in configuration.events.enumerated() where .zero + event.at < engine.endTime {
            engine.schedule(.scenarioEvent(index: Int32(index)), at: .zero + event.at)
        }
        if let settings = configuration.clusterAutoscaler {
            engine.schedule(.clusterAutoscalerScan, at: .zero + settings.scanInterval)
        }
        // Knative creates each revision's Deployment with initial-scale replicas.
        for index in revisions.indices {
            let initial = Int(revisions[index].reconciler.spec.initialReplicas)
            setReplicas(revision: index, to: initial)
        }
        let end = Double(engine.endTime.nanoseconds)
        while let event = engine.next() {
            handle(event)
            if let progress, case .secondTick = event, engine.now.nanoseconds % 60_000_000_000 == 0 {
                progress(Double(engine.now.nanoseconds) / end)
            }
        }
        return finalReport()
    }

    mutating func handle(_ event: Event) {
        switch event {
        case .arrival(let workload): arrive(workload: Int(workload))
        case .clientSends(let workload, let client): arrive(workload: Int(workload), client: client)
        case .reachedActivator(let r, let g): if requests.isCurrent(r, g) { enterActivator(request: r) }
        case .reachedQueueProxy(let r, let g): if requests.isCurrent(r, g) { enterQueueProxy(request: r) }
        case .serviceDone(let r, let g): if requests.isCurrent(r, g) { finishService(request: r) }
        case .requestTimeout(let r, let g): if requests.isCurrent(r, g) { timeOut(request: r) }
        case .podPhaseDone(let p, let g): if isCurrentPod(p, g) { advanceStartup(pod: p) }
        case .podGraceExpired(let p, let g): if isCurrentPod(p, g) { graceExpired(pod: p) }
        case .sharedServiceDone(let p, let g): if isCurrentPod(p, g) { finishSharedService(pod: p) }
        case .imagePulled(let node, let image): _ = cluster.pullFinished(image, on: node, at: engine.now)
        case .secondTick: secondTick()
        case .decisionTick(let revision): decisionTick(revision: Int(revision))
        case .reconcile(let revision): reconcile(revision: Int(revision))
        case .warmupEnds:
            recorder.beginStatistics(at: engine.now)
            resources.beginStatistics(at: engine.now)
        case .scenarioEvent(let index): apply(configuration.events[Int(index)].action)
        case .clusterAutoscalerScan: scanClusterAutoscaler()
        case .nodeProvisioned(let pool): provisionNode(pool: Int(pool))
        case .callPoint(let r, let g): if requests.isCurrent(r, g) { makeCalls(request: r) }
        case .callTimeout(let r, let g): if requests.isCurrent(r, g) { callTimedOut(request: r) }
        }
    }

    static func template(for spec: RevisionSpec, configuration: KnativeModelConfiguration) -> PodTemplate {
        var containers = [spec.userContainer, configuration.queueProxy.requests]
        if configuration.mesh.enabled { containers.append(configuration.mesh.sidecarRequests) }
        return PodTemplate(requests: PodRequests(containers: containers), images: spec.image.map { [$0] } ?? [])
    }

    func isCurrentPod(_ slot: Int32, _ generation: UInt32) -> Bool {
        let pod = pods[Int(slot)]
        return pod.live && pod.generation == generation
    }
}

/// A Pending pod in the scheduling line.
struct PendingPod {
    var slot: Int32
    var generation: UInt32
}
