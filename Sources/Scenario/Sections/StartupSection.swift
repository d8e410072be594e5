import Engine

/// How long each phase of a pod's cold start takes, from the decision to create the
/// pod until the activator and the ingress route requests to it. Each phase is a
/// distribution of seconds; pulling the image is not a phase here: it follows from
/// the image's size, the pool's `images` and `cluster.image-pull-bandwidth`.
///
/// Defaults: Knative reports scaling from zero "in nearly a second" for a pre-pulled
/// hello-world image (KubeCon EU 2019; ~800ms in steady state in knative/serving
/// issue 15477). knsim splits that second among the phases; the split is knsim's
/// assumption, weighted towards sandbox creation (network setup) and endpoint
/// propagation, which the reports single out. Each default is a lognormal with
/// p99 = 3 x median; the medians add up to 900ms and the means to about 1s.
public struct StartupPhases: Sendable, Equatable {
    /// ReplicaSet controller creating the pod, kube-scheduler binding it to a node.
    /// Default median 50ms.
    public var scheduling: Distribution
    /// The kubelet creating the pod sandbox: pause container, network namespace,
    /// CNI. Default median 200ms.
    public var sandboxCreation: Distribution
    /// The container runtime creating the containers (after any image pull).
    /// Default median 100ms.
    public var containerCreation: Distribution
    /// The istio-proxy sidecar becoming ready; only with the mesh. Default: the
    /// mesh's `startup` (median 200ms).
    public var proxyStart: Distribution
    /// The user container's process starting. Default median 50ms.
    public var userContainerStart: Distribution
    /// The application initialising until it can answer (a hello-world's is short;
    /// a JVM's is not). Default median 100ms.
    public var applicationInit: Distribution
    /// Until the readiness probe notices: queue-proxy probes the user container
    /// aggressively, which removed most of the kubelet's former 1s floor
    /// (knative/serving issue 4148). Default median 50ms.
    public var readinessProbe: Distribution
    /// Until the endpoint is published and the activator and ingress route to the
    /// pod. Default median 150ms.
    public var endpointPropagation: Distribution

    public init(scheduling: Distribution = StartupPhases.phase(median: 0.05),
                sandboxCreation: Distribution = StartupPhases.phase(median: 0.2),
                containerCreation: Distribution = StartupPhases.phase(median: 0.1),
                proxyStart: Distribution = MeshConfig.defaultStartup,
                userContainerStart: Distribution = StartupPhases.phase(median: 0.05),
                applicationInit: Distribution = StartupPhases.phase(median: 0.1),
                readinessProbe: Distribution = StartupPhases.phase(median: 0.05),
                endpointPropagation: Distribution = StartupPhases.phase(median: 0.15)) {
        self.scheduling = scheduling
        self.sandboxCreation = sandboxCreation
        self.containerCreation = containerCreation
        self.proxyStart = proxyStart
        self.userContainerStart = userContainerStart
        self.applicationInit = applicationInit
        self.readinessProbe = readinessProbe
        self.endpointPropagation = endpointPropagation
    }

    /// The shape of every default phase: lognormal, p99 = 3 x median.
    public static func phase(median: Double) -> Distribution {
        try! .lognormal(median: median, p99: 3 * median)
    }

    /// The phases in the order a cold start goes through them.
    public var all: [(key: String, distribution: Distribution)] {
        [("scheduling", scheduling), ("sandbox-creation", sandboxCreation), ("container-creation", containerCreation),
         ("proxy-start", proxyStart), ("user-container-start", userContainerStart), ("application-init", applicationInit),
         ("readiness-probe", readinessProbe), ("endpoint-propagation", endpointPropagation)]
    }

    static let keys = [
        "scheduling", "sandbox-creation", "container-creation", "proxy-start", "user-container-start",
        "application-init", "readiness-probe", "endpoint-propagation",
    ]

    /// Phases left out take their defaults; `proxy-start` takes the mesh's `startup`.
    init(decoding reader: NodeReader, mesh: MeshConfig, warnings: inout [ScenarioWarning]) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        self.init(proxyStart: mesh.startup)
        func phase(_ key: String, _ value: inout Distribution) throws(ScenarioError) {
            if let field = fields.optional(key) { value = try DistributionDecoder.decode(field) }
        }
        try phase("scheduling", &scheduling)
        try phase("sandbox-creation", &sandboxCreation)
        try phase("container-creation", &containerCreation)
        try phase("proxy-start", &proxyStart)
        if !mesh.enabled, let field = fields.optional("proxy-start") {
            warnings.append(field.warning("has no effect: the mesh is disabled (mesh.enabled), so pods have no istio-proxy"))
        }
        try phase("user-container-start", &userContainerStart)
        try phase("application-init", &applicationInit)
        try phase("readiness-probe", &readinessProbe)
        try phase("endpoint-propagation", &endpointPropagation)
        fields.finish()
    }
}

/// The user container's image.
public struct ImageConfig: Sendable, Equatable {
    /// As written in the pod spec, e.g. `ghcr.io/acme/checkout:1.4`; compared as
    /// written with the node pools' `images`.
    public var name: String
    /// Compressed size in bytes, which with `cluster.image-pull-bandwidth` gives the
    /// pull time on a node that lacks the image. Default: 0 (the pull takes no time).
    public var size: Double

    public init(name: String, size: Double = 0) {
        self.name = name
        self.size = size
    }

    static let keys = ["name", "size"]
}

/// How the requests in one pod share its CPU.
public enum CPUModel: String, Sendable, Equatable, CaseIterable {
    /// Requests do not compete for CPU: each takes its service time, however many
    /// run at once (knsim's default).
    case unconstrained = "none"
    /// Processor sharing: the n requests running in one pod share its CPU limit
    /// equally, each progressing at min(1, limit / n) cores, so they slow down when
    /// more run than the limit has cores (a service time is the time alone on one
    /// core). Needs `resources.limits.cpu`.
    case processorSharing = "processor-sharing"
}
