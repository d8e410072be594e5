/// A group of identical nodes (a cloud node group / managed node pool).
public struct NodePool: Hashable, Sendable {
    public var name: String
    /// Nodes the cluster starts with.
    public var count: Int
    /// What one node offers to pods (`status.allocatable`: capacity minus system and
    /// kubelet reservations).
    public var allocatable: ResourceList
    /// Pods one node admits. 110 is the kubelet's default `maxPods`.
    public var maxPodsPerNode: Int
    /// Bounds for the cluster autoscaler (the node group's min and max size). They
    /// default to `count`, so a pool does not grow or shrink unless a scenario says so.
    public var minCount: Int
    public var maxCount: Int
    /// Images present on a node of this pool from its start (baked into the machine
    /// image or pre-pulled by a DaemonSet) — typically the sidecar images.
    public var preloadedImages: [ImageID]

    /// The kubelet's default `maxPods`.
    public static let defaultMaxPodsPerNode = 110

    public init(
        name: String,
        count: Int,
        allocatable: ResourceList,
        maxPodsPerNode: Int = NodePool.defaultMaxPodsPerNode,
        minCount: Int? = nil,
        maxCount: Int? = nil,
        preloadedImages: [ImageID] = []
    ) {
        self.name = name
        self.count = count
        self.allocatable = allocatable
        self.maxPodsPerNode = maxPodsPerNode
        self.minCount = minCount ?? count
        self.maxCount = maxCount ?? count
        self.preloadedImages = preloadedImages
    }

    /// Every problem with this pool's numbers, as readable sentences (empty if none).
    /// The scenario layer reports these with the field's location; `Cluster.init`
    /// refuses a pool that has any.
    public func problems(imageCount: Int) -> [String] {
        var found: [String] = []
        if name.isEmpty { found.append("a node pool needs a name") }
        if allocatable.milliCPU <= 0 { found.append("node pool \(name): allocatable CPU must be positive") }
        if allocatable.memoryBytes <= 0 { found.append("node pool \(name): allocatable memory must be positive") }
        if maxPodsPerNode <= 0 { found.append("node pool \(name): max pods per node must be positive") }
        if count < 0 { found.append("node pool \(name): count must not be negative") }
        if minCount < 0 || minCount > maxCount {
            found.append("node pool \(name): need 0 <= min (\(minCount)) <= max (\(maxCount))")
        }
        if count < minCount || count > maxCount {
            found.append("node pool \(name): count \(count) outside [min \(minCount), max \(maxCount)]")
        }
        for image in preloadedImages where image.index >= imageCount {
            found.append("node pool \(name): preloaded \(image) is not in the image catalog")
        }
        return found
    }
}
