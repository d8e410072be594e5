import Engine

/// Pods by node, each second (pods_by_node.csv).
extension KnativeSimulation {
    mutating func closeNodeSecond(at now: SimTime) {
        nodeSeries.begin(slotCount: cluster.slots.count)
        for pod in pods where pod.live {
            if let node = pod.node { nodeSeries.count(node: node, ready: pod.isKubernetesReady) }
        }
        nodeSeries.close(at: now.seconds, nodesByPool: nodesByPool)
    }
}

extension KnativeSimulation {
    /// The last, partial second's rows, if the run did not end on a whole second.
    mutating func closeNodePartialSecond(at now: SimTime) {
        guard now.seconds > nodeSeries.lastClosed else { return }
        closeNodeSecond(at: now)
    }
}
