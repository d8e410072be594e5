import Engine

/// The Kubernetes cluster autoscaler: every scan interval it looks at the Pending pods
/// and the empty nodes (`ClusterAutoscaler.evaluate`); nodes it asks for join the
/// cluster after their provisioning delay, and the Pending pods try them at once.
extension KnativeSimulation {
    mutating func scanClusterAutoscaler() {
        guard let settings = clusterAutoscaler?.settings else { return }
        pendingScratch.removeAll(keepingCapacity: true)
        for pending in unschedulable {
            let p = Int(pending.slot)
            guard pods[p].live, pods[p].generation == pending.generation, pods[p].waitingForNode else { continue }
            pendingScratch.append(revisions[Int(pods[p].revision)].template.requests)
        }
        actionScratch.removeAll(keepingCapacity: true)
        // In place: a copy of the autoscaler would copy its buffers on every scan.
        clusterAutoscaler!.evaluate(now: engine.now, pendingPods: pendingScratch, cluster: cluster,
                                    random: clusterAutoscalerStream, into: &actionScratch)
        for action in actionScratch {
            switch action {
            case .addNode(let pool, let readyAt):
                engine.schedule(.nodeProvisioned(pool: Int32(pool.index)), at: max(readyAt, engine.now))
            case .removeNode(let id):
                // Empty when chosen, at this same instant: nothing on it to kill.
                faults.nodesRemoved += 1
                lose(node: id, reason: .nodeRemoved)
            }
        }
        engine.schedule(.clusterAutoscalerScan, after: settings.scanInterval)
    }

    /// A node the autoscaler asked for is Ready: it joins its pool (numbered after the
    /// pool's existing nodes) and the Pending pods try again.
    mutating func provisionNode(pool: Int) {
        let id = cluster.addNode(pool: PoolID(pool))
        clusterAutoscaler?.nodeProvisioned(pool: PoolID(pool))
        nodesByPool[pool].append(id)
        faults.nodesAdded += 1
        resources.nodesChanged(to: cluster.nodeCount, at: engine.now)
        retryUnschedulable()
    }
}
