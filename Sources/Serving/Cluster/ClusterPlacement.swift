extension Cluster {
    /// The node the pod is bound to, if any.
    public func node(of pod: PodID) -> NodeID? {
        pod.index < placements.count ? placements[pod.index].node : nil
    }

    /// Picks a node with the cluster's `scheduler` and binds the pod there. Nil: no
    /// node fits, the pod stays Pending (the caller keeps it in its FIFO and calls
    /// again when capacity frees or a node is added).
    public mutating func schedule(_ pod: PodID, _ template: PodTemplate) -> NodeID? {
        guard let node = scheduler.selectNode(for: template, in: self) else { return nil }
        bind(pod, template.requests, to: node)
        return node
    }

    /// Binds the pod to the node. The node must be schedulable and the pod must fit:
    /// a violation is a bug in the caller, not an input error.
    public mutating func bind(_ pod: PodID, _ requests: PodRequests, to id: NodeID) {
        precondition(contains(id), "bind of \(pod) to \(id), which is not in the cluster")
        let s = Int(id.slot)
        precondition(!slots[s].isCordoned, "bind of \(pod) to cordoned \(id)")
        precondition(slots[s].fits(requests), "bind of \(pod) to \(id) would exceed its allocatable or pod limit")
        if pod.index >= placements.count {
            placements.reserveCapacity(max(pod.index + 1, placements.count * 2))
            while placements.count <= pod.index {
                placements.append(PodPlacement(node: nil, requests: PodRequests(containers: []), position: -1))
            }
        }
        precondition(placements[pod.index].node == nil, "\(pod) is already bound")
        placements[pod.index] = PodPlacement(node: id, requests: requests, position: Int32(slots[s].pods.count))
        slots[s].pods.append(pod)
        slots[s].allocated += requests.requested
        slots[s].nonZeroAllocated += requests.nonZeroRequested
    }

    /// Unbinds the pod and frees its requests on its node; returns that node. A pod
    /// that is not bound (never was, or its node was removed) returns nil and changes
    /// nothing.
    @discardableResult
    public mutating func release(_ pod: PodID) -> NodeID? {
        guard pod.index < placements.count, let id = placements[pod.index].node else { return nil }
        let s = Int(id.slot)
        let position = Int(placements[pod.index].position)
        let last = slots[s].pods.count - 1
        if position != last {
            let moved = slots[s].pods[last]
            slots[s].pods[position] = moved
            placements[moved.index].position = Int32(position)
        }
        slots[s].pods.removeLast()
        let requests = placements[pod.index].requests
        slots[s].allocated -= requests.requested
        slots[s].nonZeroAllocated -= requests.nonZeroRequested
        placements[pod.index].node = nil
        placements[pod.index].position = -1
        return id
    }
}
