import Engine

/// The Kubernetes cluster as a value: node pools, nodes, which pod is bound where, and
/// which images each node holds. No events are scheduled here: the simulation calls
/// these methods at the simulated time and schedules whatever follows (a pull's
/// completion, a pod's start).
///
/// Invariant, enforced by preconditions and checked by `invariantViolations()`: on every
/// node, the pods' requests never exceed allocatable and the pod count never exceeds
/// `maxPods`.
///
/// Memory: one slot per node (slots of removed nodes are reused) and one placement
/// record per pod index in use, so it follows the peak number of nodes and pods, not
/// the length of the run.
public struct Cluster: Sendable {
    public let pools: [NodePool]
    public let images: ImageCatalog
    public var scheduler: KubeScheduler
    public let imagePulls: ImagePullSettings

    /// Node slots in id order; removed nodes stay as non-live slots until reused.
    public internal(set) var slots: [Node] = []
    public internal(set) var nodeCount = 0
    private(set) var nodeCountPerPool: [Int]
    /// Live nodes holding each image (ImageLocality's spread factor).
    public internal(set) var nodesHoldingImage: [Int]
    var placements: [PodPlacement] = []

    struct PodPlacement: Sendable {
        var node: NodeID?
        var requests: PodRequests
        var position: Int32
    }

    /// Builds the cluster with each pool's initial nodes, pool by pool in order (so
    /// node ids follow the pools' order).
    public init(
        pools: [NodePool],
        images: ImageCatalog = ImageCatalog(),
        scheduler: KubeScheduler = KubeScheduler(),
        imagePulls: ImagePullSettings = ImagePullSettings()
    ) {
        for pool in pools {
            let problems = pool.problems(imageCount: images.count)
            precondition(problems.isEmpty, problems.joined(separator: "; "))
        }
        self.pools = pools
        self.images = images
        self.scheduler = scheduler
        self.imagePulls = imagePulls
        nodeCountPerPool = Array(repeating: 0, count: pools.count)
        nodesHoldingImage = Array(repeating: 0, count: images.count)
        for (p, pool) in pools.enumerated() {
            for _ in 0..<pool.count { addNode(pool: PoolID(p)) }
        }
    }

    // MARK: Nodes

    /// The live nodes, in id order.
    public var nodes: LazyFilterSequence<[Node]> { slots.lazy.filter(\.isLive) }

    public func nodeCount(in pool: PoolID) -> Int { nodeCountPerPool[pool.index] }

    /// Whether `id` names a node that is still in the cluster (not a removed one, nor
    /// the slot's later occupant).
    @inlinable public func contains(_ id: NodeID) -> Bool {
        let s = Int(id.slot)
        return s < slots.count && slots[s].isLive && slots[s].id == id
    }

    /// The node, or nil if it has been removed.
    public func node(_ id: NodeID) -> Node? { contains(id) ? slots[Int(id.slot)] : nil }

    /// Adds a ready node of `pool` (the cluster autoscaler's `addNode` action, once its
    /// provisioning delay has passed). Reuses the lowest free slot.
    @discardableResult
    public mutating func addNode(pool: PoolID) -> NodeID {
        let template = pools[pool.index]
        let slot = slots.firstIndex(where: { !$0.isLive }) ?? slots.count
        let generation: UInt32 = slot < slots.count ? slots[slot].id.generation &+ 1 : 0
        let id = NodeID(slot: slot, generation: generation)
        if slot == slots.count {
            var pods: [PodID] = []
            pods.reserveCapacity(template.maxPodsPerNode)
            slots.append(Node(
                id: id, pool: pool, allocatable: template.allocatable, maxPods: template.maxPodsPerNode,
                allocated: .zero, nonZeroAllocated: .zero, pods: pods, isCordoned: false,
                images: ImageSet(capacity: images.count), isLive: true,
                pulls: NodeImagePulls(imageCount: images.count, lanes: imagePulls.lanes)))
        } else {
            slots[slot].id = id
            slots[slot].pool = pool
            slots[slot].allocatable = template.allocatable
            slots[slot].maxPods = template.maxPodsPerNode
            slots[slot].allocated = .zero
            slots[slot].nonZeroAllocated = .zero
            slots[slot].pods.removeAll(keepingCapacity: true)
            slots[slot].pods.reserveCapacity(template.maxPodsPerNode)
            slots[slot].isCordoned = false
            slots[slot].images.removeAll()
            slots[slot].pulls.reset()
            slots[slot].isLive = true
        }
        for image in template.preloadedImages where slots[slot].images.insert(image) {
            nodesHoldingImage[image.index] += 1
        }
        nodeCount += 1
        nodeCountPerPool[pool.index] += 1
        return id
    }

    /// Stops new pods landing on the node (`kubectl cordon`); running pods stay.
    public mutating func cordon(_ id: NodeID) {
        precondition(contains(id), "cordon of \(id), which is not in the cluster")
        slots[Int(id.slot)].isCordoned = true
    }

    public mutating func uncordon(_ id: NodeID) {
        precondition(contains(id), "uncordon of \(id), which is not in the cluster")
        slots[Int(id.slot)].isCordoned = false
    }

    /// Cordons, drains and removes the node. Returns the pods that were on it, now
    /// unbound, so the caller can fail or retry their requests and reschedule them. Its
    /// pulls in flight are dropped: their `pullFinished` calls will return false.
    public mutating func removeNode(_ id: NodeID) -> [PodID] {
        precondition(contains(id), "removal of \(id), which is not in the cluster")
        let s = Int(id.slot)
        slots[s].isCordoned = true
        let drained = slots[s].pods
        for pod in drained { placements[pod.index].node = nil }
        slots[s].pods.removeAll(keepingCapacity: true)
        slots[s].allocated = .zero
        slots[s].nonZeroAllocated = .zero
        for image in slots[s].images.members { nodesHoldingImage[image.index] -= 1 }
        slots[s].images.removeAll()
        slots[s].pulls.reset()
        slots[s].isLive = false
        nodeCount -= 1
        nodeCountPerPool[slots[s].pool.index] -= 1
        return drained
    }
}
