import Engine

/// The cluster the services run on: its nodes, how pods are placed on them, how
/// images reach them, whether nodes come and go, and the cluster-wide parts of
/// Knative's data path (the ingress and the queue-proxy sidecar).
///
/// Default: one node pool `default` of 3 nodes with 4 CPU and 16Gi each, no
/// cluster autoscaler, and the defaults of each part.
public struct ClusterConfig: Sendable, Equatable {
    public var nodePools: [NodePool]
    /// How kube-scheduler scores the nodes a pod fits on. Default: least-allocated.
    public var scheduler: SchedulerScoring
    /// Bytes per second one node pulls image layers at. Default: `defaultImagePullBandwidth`.
    public var imagePullBandwidth: Double
    public var clusterAutoscaler: ClusterAutoscalerConfig
    public var ingress: IngressConfig
    public var queueProxy: QueueProxyConfig

    public init(nodePools: [NodePool] = ClusterConfig.defaultNodePools,
                scheduler: SchedulerScoring = .leastAllocated,
                imagePullBandwidth: Double = ClusterConfig.defaultImagePullBandwidth,
                clusterAutoscaler: ClusterAutoscalerConfig = ClusterAutoscalerConfig(),
                ingress: IngressConfig = IngressConfig(),
                queueProxy: QueueProxyConfig = QueueProxyConfig()) {
        self.nodePools = nodePools
        self.scheduler = scheduler
        self.imagePullBandwidth = imagePullBandwidth
        self.clusterAutoscaler = clusterAutoscaler
        self.ingress = ingress
        self.queueProxy = queueProxy
    }

    /// A small but realistic default: three worker nodes of a common 4 vCPU / 16 GiB
    /// size, the shape of a typical managed-Kubernetes starter cluster. (Neither
    /// Knative nor Istio prescribes a cluster; this is knsim's choice.)
    public static let defaultNodePools = [NodePool(name: "default", count: 3, cpu: 4, memory: 16 * 0x1p30)]

    /// 100Mi per second per node. Kubernetes sets no figure (pull speed is the
    /// registry's and the network's); this is knsim's assumption for a cloud node
    /// pulling from a registry in the same region. Measure yours and set it.
    public static let defaultImagePullBandwidth: Double = 100 * 0x1p20

    static let keys = ["node-pools", "scheduler", "image-pull-bandwidth", "cluster-autoscaler", "ingress", "queue-proxy"]

    /// Sections that used to live here and are now at the top level.
    static let movedToTopLevel = ["mesh", "activator"]

    static func decode(_ reader: NodeReader, warnings: inout [ScenarioWarning]) throws(ScenarioError) -> ClusterConfig {
        for moved in movedToTopLevel {
            if let keyAt = reader.keyReader(moved) {
                throw keyAt.error("\(moved) is a top-level section; move it out of cluster (to \(moved): at the start of a line)")
            }
        }
        var fields = try reader.mapping(keys: keys)
        var config = ClusterConfig()
        if let pools = fields.optional("node-pools") {
            config.nodePools = try NodePool.decodeList(pools)
        }
        if let scheduler = fields.optional("scheduler") {
            config.scheduler = SchedulerScoring(rawValue: try scheduler.oneOf(SchedulerScoring.allCases.map(\.rawValue),
                                                                              what: "scoring strategy"))!
        }
        if let bandwidth = fields.optional("image-pull-bandwidth") {
            config.imagePullBandwidth = try bandwidth.quantity("must be more than 0 bytes per second") { $0 > 0 }
        }
        if let autoscaler = fields.optional("cluster-autoscaler") {
            config.clusterAutoscaler = try ClusterAutoscalerConfig(decoding: autoscaler)
        }
        if let ingress = fields.optional("ingress") {
            config.ingress = try IngressConfig(decoding: ingress)
        }
        if let queueProxy = fields.optional("queue-proxy") {
            config.queueProxy = try QueueProxyConfig(decoding: queueProxy)
        }
        fields.finish()
        // A pool that may grow or shrink does so only with the cluster autoscaler.
        if !config.clusterAutoscaler.enabled, let items = reader.peek("node-pools")?.sequenceItems {
            for (pool, item) in zip(config.nodePools, items) where pool.minCount != pool.count || pool.maxCount != pool.count {
                let key = pool.maxCount != pool.count ? "max-count" : "min-count"
                if let field = item.peek(key) {
                    warnings.append(field.warning("has no effect: cluster-autoscaler is not enabled (cluster.cluster-autoscaler.enabled)"))
                }
            }
        }
        return config
    }
}

/// kube-scheduler's scoring strategy for the NodeResourcesFit plugin: among the
/// nodes a pod fits on, which one it prefers.
public enum SchedulerScoring: String, Sendable, Equatable, CaseIterable {
    /// Prefer the node with the most free resources, spreading pods out:
    /// kube-scheduler's default (`LeastAllocated`).
    case leastAllocated = "least-allocated"
    /// Prefer the fullest node that still fits, packing pods so that empty nodes
    /// can be removed (`MostAllocated`), as with a cluster autoscaler.
    case mostAllocated = "most-allocated"
}
