/// The cluster the services run on. Default: one node pool `default` of 3 nodes
/// with 4 CPU and 16Gi each, an Istio mesh, and Knative's activator defaults.
public struct ClusterConfig: Sendable, Equatable {
    public var nodePools: [NodePool]
    public var mesh: MeshConfig
    public var activator: ActivatorConfig

    public init(nodePools: [NodePool] = ClusterConfig.defaultNodePools, mesh: MeshConfig = MeshConfig(),
                activator: ActivatorConfig = ActivatorConfig()) {
        self.nodePools = nodePools
        self.mesh = mesh
        self.activator = activator
    }

    /// A small but realistic default: three worker nodes of a common 4 vCPU / 16 GiB
    /// size, the shape of a typical managed-Kubernetes starter cluster. (Neither
    /// Knative nor Istio prescribes a cluster; this is knsim's choice.)
    public static let defaultNodePools = [NodePool(name: "default", count: 3, cpu: 4, memory: 16 * 0x1p30)]

    static let keys = ["node-pools", "mesh", "activator"]

    /// Also returns where `activator.capacity` was written, for the check that it is
    /// not set in config-autoscaler too.
    static func decode(_ reader: NodeReader) throws(ScenarioError) -> (ClusterConfig, activatorCapacityLocation: FilePosition?) {
        var fields = try reader.mapping(keys: keys)
        var config = ClusterConfig()
        if let pools = fields.optional("node-pools") {
            config.nodePools = try NodePool.decodeList(pools)
        }
        if let mesh = fields.optional("mesh") {
            config.mesh = try MeshConfig(decoding: mesh)
        }
        var capacityLocation: FilePosition?
        if let activator = fields.optional("activator") {
            (config.activator, capacityLocation) = try ActivatorConfig.decode(activator)
        }
        fields.finish()
        return (config, capacityLocation)
    }
}

/// A group of identical nodes.
public struct NodePool: Sendable, Equatable {
    /// A DNS-1123 label, unique in the cluster.
    public var name: String
    /// Number of nodes, at least 1.
    public var count: Int
    /// Allocatable CPU per node, in cores (quantity: `4`, `3500m`).
    public var cpu: Double
    /// Allocatable memory per node, in bytes (quantity: `16Gi`).
    public var memory: Double

    public init(name: String, count: Int, cpu: Double, memory: Double) {
        self.name = name
        self.count = count
        self.cpu = cpu
        self.memory = memory
    }

    static let keys = ["name", "count", "cpu", "memory"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        name = try fields.required("name").dnsLabel()
        count = try fields.required("count").integer("must be a whole number of nodes, at least 1") { $0 >= 1 }
        cpu = try fields.required("cpu").quantity("must be more than 0 cores") { $0 > 0 }
        memory = try fields.required("memory").quantity("must be more than 0 bytes") { $0 > 0 }
        fields.finish()
    }

    static func decodeList(_ reader: NodeReader) throws(ScenarioError) -> [NodePool] {
        let items = try reader.sequence("must be a list of node pools")
        guard !items.isEmpty else { throw reader.error("must hold at least one node pool") }
        var pools: [NodePool] = []
        for item in items {
            let pool = try NodePool(decoding: item)
            if pools.contains(where: { $0.name == pool.name }) {
                throw (item.peek("name") ?? item).error("duplicate node pool name \(quoted(pool.name))")
            }
            pools.append(pool)
        }
        return pools
    }
}

/// The Istio service mesh.
public struct MeshConfig: Sendable, Equatable {
    /// Whether pods carry an istio-proxy sidecar and traffic goes through the Istio
    /// ingress gateway. Default: true (knsim models Knative on Istio).
    public var enabled: Bool

    public init(enabled: Bool = true) { self.enabled = enabled }

    static let keys = ["enabled"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        enabled = try fields.optional("enabled")?.bool() ?? true
        fields.finish()
    }
}

/// Knative's activator, which buffers requests for revisions without ready capacity.
public struct ActivatorConfig: Sendable, Equatable {
    /// Requests a revision's breaker in the activator may queue before it answers 503.
    /// Default: 10000, Knative's revision breaker queue depth
    /// (pkg/activator/net/throttler.go).
    public var queueDepth: Int
    /// Concurrent requests one activator instance is sized for; Knative's
    /// config-autoscaler `activator-capacity`. Default: 100.
    public var capacity: Double

    public init(queueDepth: Int = ActivatorConfig.defaultQueueDepth, capacity: Double = ActivatorConfig.defaultCapacity) {
        self.queueDepth = queueDepth
        self.capacity = capacity
    }

    public static let defaultQueueDepth = 10_000
    public static let defaultCapacity: Double = 100

    static let keys = ["queue-depth", "capacity"]

    static func decode(_ reader: NodeReader) throws(ScenarioError) -> (ActivatorConfig, capacityLocation: FilePosition?) {
        var fields = try reader.mapping(keys: keys)
        var config = ActivatorConfig()
        if let depth = fields.optional("queue-depth") {
            config.queueDepth = try depth.integer("must be a whole number, at least 1") { $0 >= 1 }
        }
        var capacityLocation: FilePosition?
        if let capacity = fields.optional("capacity") {
            // Knative requires activator-capacity >= 1.
            config.capacity = try capacity.number("must be a number, at least 1") { $0 >= 1 }
            capacityLocation = capacity.location
        }
        fields.finish()
        return (config, capacityLocation)
    }
}
