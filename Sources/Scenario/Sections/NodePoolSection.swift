/// A group of identical nodes.
public struct NodePool: Sendable, Equatable {
    /// A DNS-1123 label, unique in the cluster.
    public var name: String
    /// Nodes at the start of the run, at least 1.
    public var count: Int
    /// Allocatable CPU per node, in cores (quantity: `4`, `3500m`).
    public var cpu: Double
    /// Allocatable memory per node, in bytes (quantity: `16Gi`).
    public var memory: Double
    /// The most pods one node runs. Default: 110, the kubelet's `maxPods` default.
    public var maxPods: Int
    /// Images already present on every node of the pool (pulled in advance or baked
    /// into the node image): a pod whose image is listed starts without a pull.
    /// Names are compared as written. Default: none.
    public var images: [String]
    /// The fewest nodes the cluster autoscaler may shrink the pool to. Default:
    /// `count` (the pool never shrinks unless allowed to).
    public var minCount: Int
    /// The most nodes the cluster autoscaler may grow the pool to. Default: `count`
    /// (the pool never grows unless allowed to).
    public var maxCount: Int

    public init(name: String, count: Int, cpu: Double, memory: Double, maxPods: Int = NodePool.defaultMaxPods,
                images: [String] = [], minCount: Int? = nil, maxCount: Int? = nil) {
        self.name = name
        self.count = count
        self.cpu = cpu
        self.memory = memory
        self.maxPods = maxPods
        self.images = images
        self.minCount = minCount ?? count
        self.maxCount = maxCount ?? count
    }

    /// The kubelet's `maxPods` default (KubeletConfiguration).
    public static let defaultMaxPods = 110

    static let keys = ["name", "count", "cpu", "memory", "max-pods", "images", "min-count", "max-count"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        name = try fields.required("name").dnsLabel()
        count = try fields.required("count").integer("must be a whole number of nodes, at least 1") { $0 >= 1 }
        cpu = try fields.required("cpu").quantity("must be more than 0 cores") { $0 > 0 }
        memory = try fields.required("memory").quantity("must be more than 0 bytes") { $0 > 0 }
        maxPods = try fields.optional("max-pods")?.integer("must be a whole number of pods, at least 1") { $0 >= 1 }
            ?? Self.defaultMaxPods
        images = []
        if let list = fields.optional("images") {
            for item in try list.sequence("must be a list of image names") {
                let image = try item.nonEmptyString("must be an image name such as ghcr.io/acme/app:1.2")
                if images.contains(image) { throw item.error("duplicate image \(quoted(image))") }
                images.append(image)
            }
        }
        let count = self.count
        minCount = try fields.optional("min-count")?
            .integer("must be a whole number of nodes from 0 to count (\(count))") { (0...count).contains($0) } ?? count
        maxCount = try fields.optional("max-count")?
            .integer("must be a whole number of nodes, at least count (\(count))") { $0 >= count } ?? count
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
