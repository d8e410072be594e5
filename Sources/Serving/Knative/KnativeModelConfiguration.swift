import Autoscaling
import Engine
import Workload

/// The input of the Knative-on-Istio model: everything the simulation needs, with
/// every default already resolved (the Scenario layer maps a scenario file onto it).
public struct KnativeModelConfiguration: Sendable {
    public var duration: SimDuration
    public var warmup: SimDuration
    public var seed: UInt64
    public var generator: GeneratorKind
    public var cluster: ClusterModelSpec
    public var mesh: MeshSpec
    public var activator: ActivatorSpec
    public var ingress: IngressSpec
    public var queueProxy: QueueProxySpec
    public var services: [ServiceSpec]
    public var workloads: [WorkloadSpec]
    /// Things that happen at set times: traffic-split steps, pod and node failures.
    /// Default: none.
    public var events: [TimedModelEvent]
    /// The Kubernetes cluster autoscaler; nil (the default) keeps the node count fixed.
    public var clusterAutoscaler: ClusterAutoscalerSettings?

    public init(duration: SimDuration, warmup: SimDuration = .zero, seed: UInt64, generator: GeneratorKind = .mt19937,
                cluster: ClusterModelSpec = ClusterModelSpec(), mesh: MeshSpec = MeshSpec(),
                activator: ActivatorSpec = ActivatorSpec(), ingress: IngressSpec = IngressSpec(),
                queueProxy: QueueProxySpec = QueueProxySpec(),
                services: [ServiceSpec], workloads: [WorkloadSpec],
                events: [TimedModelEvent] = [], clusterAutoscaler: ClusterAutoscalerSettings? = nil) {
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.generator = generator
        self.cluster = cluster
        self.mesh = mesh
        self.activator = activator
        self.ingress = ingress
        self.queueProxy = queueProxy
        self.services = services
        self.workloads = workloads
        self.events = events
        self.clusterAutoscaler = clusterAutoscaler
    }
}

/// Nodes and how pods are placed on them.
public struct ClusterModelSpec: Sendable {
    public var pools: [NodePool]
    public var images: ImageCatalog
    public var scheduler: KubeScheduler
    public var imagePulls: ImagePullSettings

    /// One pool of 3 nodes with 4 CPUs and 16 GiB each (knsim's default, documented in
    /// docs/scenario-format.md).
    public init(pools: [NodePool] = [NodePool(name: "default", count: 3,
                                              allocatable: ResourceList(milliCPU: 4000, memoryBytes: 16 << 30))],
                images: ImageCatalog = ImageCatalog(),
                scheduler: KubeScheduler = KubeScheduler(),
                imagePulls: ImagePullSettings = ImagePullSettings()) {
        self.pools = pools
        self.images = images
        self.scheduler = scheduler
        self.imagePulls = imagePulls
    }
}

/// istio-proxy: the sidecar in front of every pod (and the activator).
public struct MeshSpec: Sendable {
    public var enabled: Bool
    /// Latency one proxy adds to a request. Default: lognormal with median 1.0 ms and
    /// p99 1.45 ms — half of Istio 1.9–1.15's "+2.65 ms p90" for a client and a server
    /// proxy together (shared/reference/platform-figures.md).
    public var hopLatency: Distribution
    /// istio-proxy's resource requests (Istio's default sidecar requests: 100m, 128Mi).
    public var sidecarRequests: ContainerRequests
    /// Istio's `holdApplicationUntilProxyStarts` (default false): when true the user
    /// container starts only after the proxy is up.
    public var holdApplicationUntilProxyStarts: Bool
    /// CPU-seconds one proxy spends per request: 0.35 vCPU per 1000 rps (Istio 1.9–1.15).
    public var cpuPerRequest: Double

    public init(enabled: Bool = true,
                hopLatency: Distribution = MeshSpec.defaultHopLatency,
                sidecarRequests: ContainerRequests = KnativePodResources.istioProxy,
                holdApplicationUntilProxyStarts: Bool = false,
                cpuPerRequest: Double = 0.00035) {
        self.enabled = enabled
        self.hopLatency = hopLatency
        self.sidecarRequests = sidecarRequests
        self.holdApplicationUntilProxyStarts = holdApplicationUntilProxyStarts
        self.cpuPerRequest = cpuPerRequest
    }

    public static let defaultHopLatency = Distribution.lognormal(mu: -6.907755278982137, sigma: 0.16)
}

/// The activator: Knative's buffer in front of revisions that are scaled to zero or
/// short of burst capacity.
public struct ActivatorSpec: Sendable {
    /// Requests the activator holds waiting for one revision before it answers 503
    /// (`FailureReason.activatorOverflow`). Default: Knative's `breakerQueueDepth`,
    /// 10 000 (see `RevisionThrottler` for how knsim applies it).
    public var queueDepth: Int
    /// Latency of the activator hop. Default: lognormal, median 1 ms, p99 5 ms (within
    /// Knative's data-plane budget of +10 ms p95 for activator and queue-proxy).
    public var hopLatency: Distribution

    public init(queueDepth: Int = RevisionThrottler<Int32, Int32>.knativeQueueDepth, hopLatency: Distribution = .lognormal(mu: -6.907755278982137, sigma: 0.6918)) {
        self.queueDepth = queueDepth
        self.hopLatency = hopLatency
    }
}

/// queue-proxy, the Knative sidecar in every pod.
public struct QueueProxySpec: Sendable {
    /// Latency of the queue-proxy hop. Default: lognormal, median 0.5 ms, p99 2 ms
    /// (well within Knative's data-plane budget of +10 ms p95).
    public var hopLatency: Distribution
    /// queue-proxy's requests (Knative: 25m CPU, `queue-sidecar-cpu-request`).
    public var requests: ContainerRequests

    public init(hopLatency: Distribution = .lognormal(mu: -7.600902459542082, sigma: 0.5959),
                requests: ContainerRequests = KnativePodResources.queueProxy) {
        self.hopLatency = hopLatency
        self.requests = requests
    }
}

/// The ingress gateway (an Envoy) every request enters through.
public struct IngressSpec: Sendable {
    public var hopLatency: Distribution
    public init(hopLatency: Distribution = MeshSpec.defaultHopLatency) { self.hopLatency = hopLatency }
}

public struct ServiceSpec: Sendable {
    public var name: String
    public var revisions: [RevisionSpec]
    public init(name: String, revisions: [RevisionSpec]) {
        self.name = name
        self.revisions = revisions
    }
}

/// One revision: its container, how it scales, how its pods start and how it serves.
public struct RevisionSpec: Sendable {
    public var name: String
    public var trafficPercent: Double
    /// Knative's containerConcurrency (0 = unlimited).
    public var containerConcurrency: Int
    /// Knative's timeoutSeconds (default 300 s).
    public var timeout: SimDuration
    /// config-autoscaler + annotations, parsed.
    public var autoscaling: AutoscalingSettings
    public var image: ImageID?
    public var userContainer: ContainerRequests
    public var startup: PodStartupSpec
    public var serviceTime: Distribution
    /// Kubernetes terminationGracePeriodSeconds; Knative sets it to the revision's
    /// timeout.
    public var terminationGracePeriod: SimDuration
    /// What decides the revision's pod count. Default: the KPA.
    public var policy: RevisionPolicyKind
    /// How the requests in service in one pod share its CPU. Default: unconstrained.
    public var cpuModel: ContainerCPUModel
    /// Probability that one start of the user container crashes before the pod is
    /// ready (each start, restarts included, draws on its own). Default 0.
    public var crashOnStartProbability: Double
    /// Downstream calls each request makes, in order of `at`. Default: none.
    public var calls: [CallStep] = []

    public init(name: String, trafficPercent: Double = 100, containerConcurrency: Int = 0,
                timeout: SimDuration = .wholeSeconds(300), autoscaling: AutoscalingSettings,
                image: ImageID? = nil, userContainer: ContainerRequests = KnativePodResources.userContainer,
                startup: PodStartupSpec = PodStartupSpec(), serviceTime: Distribution,
                terminationGracePeriod: SimDuration? = nil, policy: RevisionPolicyKind = .kpa,
                cpuModel: ContainerCPUModel = .unconstrained, crashOnStartProbability: Double = 0) {
        self.name = name
        self.trafficPercent = trafficPercent
        self.containerConcurrency = containerConcurrency
        self.timeout = timeout
        self.autoscaling = autoscaling
        self.image = image
        self.userContainer = userContainer
        self.startup = startup
        self.serviceTime = serviceTime
        self.terminationGracePeriod = terminationGracePeriod ?? timeout
        self.policy = policy
        self.cpuModel = cpuModel
        self.crashOnStartProbability = crashOnStartProbability
    }
}

/// Requests for one service: an open arrival process, or closed-loop clients.
public struct WorkloadSpec: Sendable {
    public var service: String
    /// The open process (unused when `clients` is set).
    public var arrivals: AnyArrivalProcess
    /// Closed-loop clients: each sends its next request one think time after its
    /// previous one completed or failed. nil for an open process.
    public var clients: ClosedLoopClients?

    public init(service: String, arrivals: AnyArrivalProcess) {
        self.service = service
        self.arrivals = arrivals
    }

    public init(service: String, clients: ClosedLoopClients) {
        self.service = service
        self.arrivals = .trace(TraceArrivals(trace: RecordedTrace(arrivals: [])))
        self.clients = clients
    }
}
