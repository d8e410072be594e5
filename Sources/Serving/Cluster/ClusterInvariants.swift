extension Cluster {
    /// Every broken invariant, as a sentence (empty when the cluster is consistent).
    /// For tests and debug checks: it walks every node and pod, O(nodes + pods).
    ///
    /// Checks: allocated <= allocatable and pods <= maxPods on each node; each node's
    /// allocated (and non-zero allocated) equals the sum over its pods; pod and node
    /// records agree; node counts per pool and per image match the nodes.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        var perPool = Array(repeating: 0, count: pools.count)
        var perImage = Array(repeating: 0, count: images.count)
        var live = 0
        for node in slots where node.isLive {
            live += 1
            perPool[node.pool.index] += 1
            for image in node.images.members { perImage[image.index] += 1 }
            if !node.allocated.isWithin(node.allocatable) {
                problems.append("\(node.id): allocated \(node.allocated) exceeds allocatable \(node.allocatable)")
            }
            if !node.allocated.isNonNegative { problems.append("\(node.id): negative allocation \(node.allocated)") }
            if node.pods.count > node.maxPods {
                problems.append("\(node.id): \(node.pods.count) pods exceed max \(node.maxPods)")
            }
            var sum = ResourceList.zero
            var nonZeroSum = ResourceList.zero
            for (position, pod) in node.pods.enumerated() {
                guard pod.index < placements.count, placements[pod.index].node == node.id,
                      Int(placements[pod.index].position) == position
                else {
                    problems.append("\(node.id) lists \(pod), whose placement disagrees")
                    continue
                }
                sum += placements[pod.index].requests.requested
                nonZeroSum += placements[pod.index].requests.nonZeroRequested
            }
            if sum != node.allocated { problems.append("\(node.id): allocated \(node.allocated) ≠ sum of pods \(sum)") }
            if nonZeroSum != node.nonZeroAllocated {
                problems.append("\(node.id): non-zero allocated \(node.nonZeroAllocated) ≠ sum of pods \(nonZeroSum)")
            }
        }
        for (index, placement) in placements.enumerated() {
            guard let id = placement.node else { continue }
            if !contains(id) {
                problems.append("pod#\(index) bound to \(id), which is not in the cluster")
            } else if !slots[Int(id.slot)].pods.indices.contains(Int(placement.position))
                        || slots[Int(id.slot)].pods[Int(placement.position)] != PodID(index) {
                problems.append("pod#\(index) not listed by \(id) at its position")
            }
        }
        if live != nodeCount { problems.append("node count \(nodeCount) ≠ live nodes \(live)") }
        if perPool != nodeCountPerPool { problems.append("per-pool counts \(nodeCountPerPool) ≠ \(perPool)") }
        if perImage != nodesHoldingImage { problems.append("per-image node counts \(nodesHoldingImage) ≠ \(perImage)") }
        return problems
    }
}
