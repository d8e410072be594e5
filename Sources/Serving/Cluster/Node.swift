/// One node of the cluster: what it offers, what its pods have requested, and which
/// images it holds.
///
/// Kept in the cluster's slot array and mutated in place; its arrays are sized when
/// the slot is first used and reused when the slot is given to a later node.
public struct Node: Sendable {
    public internal(set) var id: NodeID
    public internal(set) var pool: PoolID
    public internal(set) var allocatable: ResourceList
    public internal(set) var maxPods: Int
    /// Sum of the set requests of the pods bound here (what the Fit filter checks).
    public internal(set) var allocated: ResourceList
    /// Sum of the pods' requests with unset ones counted as kube-scheduler's non-zero
    /// defaults (what the LeastAllocated / MostAllocated scores use).
    public internal(set) var nonZeroAllocated: ResourceList
    /// The pods bound here, in no particular order (removal swaps with the last).
    public internal(set) var pods: [PodID]
    /// A cordoned node takes no new pods; its pods keep running.
    public internal(set) var isCordoned: Bool
    /// Images whose pull on this node has finished (or that were preloaded).
    public internal(set) var images: ImageSet
    /// False for a slot whose node was removed and not yet reused.
    public internal(set) var isLive: Bool
    var pulls: NodeImagePulls

    @inlinable public var podCount: Int { pods.count }
    @inlinable public var free: ResourceList { allocatable - allocated }
    @inlinable public var isEmpty: Bool { pods.isEmpty }
    /// Whether new pods may be placed here.
    @inlinable public var isSchedulable: Bool { isLive && !isCordoned }

    /// kube-scheduler's NodeResourcesFit filter and the pod-count check: the pod fits
    /// when, for CPU and memory, allocated + request <= allocatable, and the node has
    /// fewer than `maxPods` pods.
    @inlinable public func fits(_ requests: PodRequests) -> Bool {
        pods.count < maxPods && (allocated + requests.requested).isWithin(allocatable)
    }

    /// Fraction of allocatable CPU and memory requested, the larger of the two (for
    /// reports; the cluster autoscaler's threshold uses the same notion).
    public var utilisation: Double {
        max(Double(allocated.milliCPU) / Double(allocatable.milliCPU),
            Double(allocated.memoryBytes) / Double(allocatable.memoryBytes))
    }
}
