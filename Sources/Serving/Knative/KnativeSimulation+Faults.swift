import Engine

/// Failures: containers that crash while starting, pods and nodes that die.
extension KnativeSimulation {
    /// Whether this start of the user container crashes (its own stream, so a revision
    /// without crashes draws nothing and other streams never shift).
    mutating func drawCrashOnStart(revision: Int) -> Bool {
        let p = revisions[revision].spec.crashOnStartProbability
        guard p > 0 else { return false }
        return revisions[revision].streams.crash.uniform() < p
    }

    /// The user container exited during start-up: the kubelet restarts it after the
    /// CrashLoopBackOff delay — 10 s, doubling with each crash, at most 5 min
    /// (kubernetes pkg/kubelet/kubelet.go: `backOffPeriod = 10 * time.Second`,
    /// `MaxContainerBackOff = 300 * time.Second`). The pod keeps its node and sandbox
    /// and stays unready; the restart goes through container start and application
    /// init again (and may crash again). Kubernetes resets the back-off after 10 min
    /// of running; a container that never got ready never earns that here.
    mutating func crashLoopBackOff(pod slot: Int32) {
        let p = Int(slot)
        faults.podCrashes += 1
        pods[p].crashing = false
        pods[p].restarts += 1
        let backOff = min(10.0 * Double(1 << min(pods[p].restarts - 1, 5)), 300.0)
        // Back in the phase before container start: the next step starts the container.
        pods[p].startupPhase = .containerCreation
        schedulePhase(pod: slot, after: .seconds(backOff))
    }

    /// `count` pods of the revision die (a kill-pod event): ready pods first, oldest
    /// first, then pods still starting. The ReplicaSet replaces them.
    mutating func killPods(revision: Int, count: Int) {
        victimScratch.removeAll(keepingCapacity: true)
        for slot in revisions[revision].active where victimScratch.count < count && pods[Int(slot)].isKubernetesReady {
            victimScratch.append(slot)
        }
        for slot in revisions[revision].active where victimScratch.count < count && !pods[Int(slot)].isKubernetesReady {
            victimScratch.append(slot)
        }
        for index in victimScratch.indices {
            kill(pod: victimScratch[index], reason: .podKilled)
            faults.podsKilled += 1
        }
        setReplicas(revision: revision, to: revisions[revision].desired)
    }

    /// The pod dies at once: no drain, its requests fail with `reason`. Requests on
    /// their way to it find it gone on arrival (the activator retries proxied ones).
    mutating func kill(pod slot: Int32, reason: FailureReason) {
        if pods[Int(slot)].phase != .terminating { withdraw(pod: slot) }
        failRequests(onPod: slot, reason: reason)
        remove(pod: slot)
    }

    /// The node fails (a kill-node event): its pods die with "node-killed" and their
    /// ReplicaSets recreate them on the nodes left (Pending if none has room).
    mutating func killNode(pool: Int, index: Int) {
        guard index < nodesByPool[pool].count, let id = nodesByPool[pool][index], cluster.contains(id) else {
            faults.eventsWithoutTarget += 1
            return
        }
        faults.nodesKilled += 1
        lose(node: id, reason: .nodeKilled)
    }

    /// Removes the node from the cluster and kills what ran on it; then each revision
    /// that lost a pod gets its desired count back.
    mutating func lose(node id: NodeID, reason: FailureReason) {
        for pool in nodesByPool.indices {
            for i in nodesByPool[pool].indices where nodesByPool[pool][i] == id { nodesByPool[pool][i] = nil }
        }
        let drained = cluster.removeNode(id)
        resources.nodesChanged(to: cluster.nodeCount, at: engine.now)
        victimScratch.removeAll(keepingCapacity: true)
        for pod in drained where pods[pod.index].live { victimScratch.append(Int32(pod.index)) }
        // Creation order, so the replacements' order does not depend on the node's
        // internal pod list.
        victimScratch.sort { pods[Int($0)].key < pods[Int($1)].key }
        for index in victimScratch.indices {
            let slot = victimScratch[index]
            // The node is gone: nothing to release on it.
            pods[Int(slot)].node = nil
            resources.podUnbound(revisions[Int(pods[Int(slot)].revision)].template.requests.requested, at: engine.now)
            kill(pod: slot, reason: reason)
        }
        for revision in revisions.indices where revisions[revision].active.count < revisions[revision].desired {
            setReplicas(revision: revision, to: revisions[revision].desired)
        }
    }
}
