/// kube-scheduler's NodeResourcesFit scoring strategies.
public enum NodeScoringStrategy: String, Hashable, Sendable, CaseIterable {
    /// Favours the node with the most free capacity after placement (the default):
    /// spreads pods.
    case leastAllocated = "LeastAllocated"
    /// Favours the node with the least free capacity after placement: packs pods,
    /// leaving whole nodes empty for the cluster autoscaler to remove.
    case mostAllocated = "MostAllocated"
}

/// The part of kube-scheduler that decides where a pod goes: filter, score, select.
///
/// - Filter: NodeResourcesFit (CPU and memory requests) and the node's pod limit;
///   cordoned nodes are skipped.
/// - Score: NodeResourcesFit with `strategy`, CPU and memory weighted 1 each, in
///   kube-scheduler's integer arithmetic (pkg/scheduler/framework/plugins/noderesources
///   least_allocated.go, most_allocated.go, resource_allocation.go). Per resource, with
///   `requested` = the node's non-zero requests + the pod's:
///     LeastAllocated: (allocatable − requested) × 100 / allocatable  (0 if requested > allocatable)
///     MostAllocated:  min(requested, allocatable) × 100 / allocatable
///   and the node's score is (cpuScore + memoryScore) / 2, each division truncating.
///   Optionally plus ImageLocality (weight 1), see `imageLocalityScore`.
/// - Select: the highest total score; ties go to the lowest node id. The real
///   kube-scheduler picks uniformly at random among tied nodes (selectHost's reservoir
///   sampling); knsim is deterministic instead, so among equal nodes the lowest id fills
///   first.
///
/// Not modelled: the other default score plugins (NodeResourcesBalancedAllocation,
/// TaintToleration, NodeAffinity, PodTopologySpread, InterPodAffinity — hence not
/// Knative's default `prefer-spread-revision-over-nodes` anti-affinity), and
/// `percentageOfNodesToScore` (every feasible node is scored, which is what
/// kube-scheduler does below 100 nodes).
public struct KubeScheduler: Hashable, Sendable {
    public var strategy: NodeScoringStrategy
    /// Adds kube-scheduler's ImageLocality score. Off by default in knsim (it is on in
    /// kube-scheduler's default profile) so that placement follows the resource
    /// strategy alone unless a scenario asks for it.
    public var imageLocality: Bool

    /// framework.MaxNodeScore.
    public static let maxNodeScore: Int64 = 100

    public init(strategy: NodeScoringStrategy = .leastAllocated, imageLocality: Bool = false) {
        self.strategy = strategy
        self.imageLocality = imageLocality
    }

    /// One resource's score, 0...100.
    @inlinable
    public static func resourceScore(_ strategy: NodeScoringStrategy, requested: Int64, allocatable: Int64) -> Int64 {
        if allocatable == 0 { return 0 }
        switch strategy {
        case .leastAllocated:
            if requested > allocatable { return 0 }
            return (allocatable - requested) * maxNodeScore / allocatable
        case .mostAllocated:
            return min(requested, allocatable) * maxNodeScore / allocatable
        }
    }

    /// The NodeResourcesFit score of placing a pod with `requests` on `node`, 0...100.
    @inlinable
    public func resourceScore(of requests: PodRequests, on node: Node) -> Int64 {
        let after = node.nonZeroAllocated + requests.nonZeroRequested
        let cpu = Self.resourceScore(strategy, requested: after.milliCPU, allocatable: node.allocatable.milliCPU)
        let memory = Self.resourceScore(strategy, requested: after.memoryBytes, allocatable: node.allocatable.memoryBytes)
        return (cpu + memory) / 2
    }

    /// ImageLocality's bounds: 23 MiB, and 1000 MiB per container
    /// (pkg/scheduler/framework/plugins/imagelocality/image_locality.go).
    public static let imageLocalityMinThreshold: Int64 = ByteQuantity.mebibytes(23)
    public static let imageLocalityMaxContainerThreshold: Int64 = ByteQuantity.mebibytes(1000)

    /// kube-scheduler's ImageLocality score, 0...100: the sum, over the pod's container
    /// images already on the node, of size × (nodes holding the image / all nodes),
    /// clamped to [23 MiB, 1000 MiB × containers] and scaled to 0...100.
    public func imageLocalityScore(of images: [ImageID], on node: Node, in cluster: Cluster) -> Int64 {
        guard !images.isEmpty, cluster.nodeCount > 0 else { return 0 }
        var sum: Int64 = 0
        for image in images where node.images.contains(image) {
            let spread = Double(cluster.nodesHoldingImage[image.index]) / Double(cluster.nodeCount)
            sum += Int64(Double(cluster.images.size(of: image)) * spread)
        }
        let low = Self.imageLocalityMinThreshold
        let high = Self.imageLocalityMaxContainerThreshold * Int64(images.count)
        let clamped = min(max(sum, low), high)
        return Self.maxNodeScore * (clamped - low) / (high - low)
    }

    /// The total score of placing the pod on `node` (assumed feasible).
    public func score(_ template: PodTemplate, on node: Node, in cluster: Cluster) -> Int64 {
        var total = resourceScore(of: template.requests, on: node)
        if imageLocality { total += imageLocalityScore(of: template.images, on: node, in: cluster) }
        return total
    }

    /// The node the pod should go to, or nil if none fits. O(nodes), allocates nothing.
    public func selectNode(for template: PodTemplate, in cluster: Cluster) -> NodeID? {
        var best: NodeID?
        var bestScore = Int64.min
        // Indexing the slots in place, rather than `for node in slots`, avoids copying each
        // Node (and retaining its arrays) per candidate.
        cluster.slots.withUnsafeBufferPointer { slots in
            for i in slots.indices where slots[i].isSchedulable && slots[i].fits(template.requests) {
                let s = score(template, on: slots[i], in: cluster)
                // Slots are visited in id order, so a strict > keeps the lowest id on ties.
                if s > bestScore {
                    best = slots[i].id
                    bestScore = s
                }
            }
        }
        return best
    }
}
