import Engine

/// The Kubernetes cluster autoscaler's decisions, as a value the simulation calls every
/// `scanInterval`.
///
/// Scale-up: the Pending pods (ones the scheduler could not place) are packed, first
/// fit in the order given, onto the nodes already being provisioned and then onto new
/// nodes; each new node is an `addNode` of the first pool (in scenario order) whose node
/// can hold the pod and that is below its `maxCount` (and the cluster below
/// `maxNodesTotal`). So a pod that an in-flight node will take never asks for another
/// node: one scale-up in flight per group of pods it covers. This is CA's binpacking
/// estimate over "upcoming" nodes; its expander (default `random`) is replaced by pool
/// order, for determinism. A pod no pool's node can hold asks for nothing.
///
/// Scale-down: a node is unneeded while it is empty (no pods) and not cordoned; after
/// `scaleDownUnneededTime` of being continuously unneeded, as seen at scans, it is
/// removed (at most `maxEmptyBulkDelete` per scan, lowest ids first, never below the
/// pool's `minCount`), unless a scale-up happened less than `scaleDownDelayAfterAdd`
/// ago or a removal less than `scaleDownDelayAfterDelete` ago. CA also removes nodes
/// under `scale-down-utilization-threshold` (0.5) whose pods fit elsewhere; knsim models
/// only empty nodes.
///
/// Also not modelled: `max-node-provision-time` (provisioning never fails),
/// `new-pod-scale-up-delay` (0 by default), balancing similar node groups.
///
/// State is O(pools + node slots) and its scratch buffers are reused between scans.
public struct ClusterAutoscaler: Sendable {
    public let settings: ClusterAutoscalerSettings
    /// Nodes per pool requested and not yet provisioned.
    public private(set) var upcoming: [Int]
    public private(set) var lastScaleUp: SimTime?
    public private(set) var lastScaleDown: SimTime?
    private var unneededSince: [UnneededMark] = []
    private var bins: [Bin] = []
    private var poolCounts: [Int] = []

    private struct UnneededMark: Sendable {
        var node: NodeID?
        var since: SimTime
    }

    /// A node (upcoming or about to be requested) as seen by the binpacking estimate.
    private struct Bin: Sendable {
        var free: ResourceList
        var podsLeft: Int

        func fits(_ pod: PodRequests) -> Bool { podsLeft > 0 && pod.requested.isWithin(free) }
        mutating func place(_ pod: PodRequests) {
            free -= pod.requested
            podsLeft -= 1
        }
    }

    public init(settings: ClusterAutoscalerSettings = ClusterAutoscalerSettings(), poolCount: Int) {
        self.settings = settings
        upcoming = Array(repeating: 0, count: poolCount)
        poolCounts.reserveCapacity(poolCount)
    }

    /// The simulation added, to the cluster, a node this autoscaler asked for.
    public mutating func nodeProvisioned(pool: PoolID) {
        precondition(upcoming[pool.index] > 0, "nodeProvisioned(\(pool)) with no node of that pool in flight")
        upcoming[pool.index] -= 1
    }

    /// One scan at `now`. `pendingPods` are the requests of the pods that are Pending
    /// because no node fits them, in the caller's FIFO order. The provisioning delays
    /// are drawn from `random`.
    public mutating func evaluate(
        now: SimTime, pendingPods: some Sequence<PodRequests>, cluster: Cluster, random: RandomStream
    ) -> [ClusterAutoscalerAction] {
        var actions: [ClusterAutoscalerAction] = []
        evaluate(now: now, pendingPods: pendingPods, cluster: cluster, random: random, into: &actions)
        return actions
    }

    /// As `evaluate(now:pendingPods:cluster:random:)`, appending to a buffer the caller
    /// reuses, so a scan allocates nothing.
    public mutating func evaluate(
        now: SimTime, pendingPods: some Sequence<PodRequests>, cluster: Cluster, random: RandomStream,
        into actions: inout [ClusterAutoscalerAction]
    ) {
        precondition(upcoming.count == cluster.pools.count, "autoscaler built for \(upcoming.count) pools, cluster has \(cluster.pools.count)")
        scaleUp(now: now, pendingPods: pendingPods, cluster: cluster, random: random, into: &actions)
        scaleDown(now: now, cluster: cluster, into: &actions)
    }

    private mutating func scaleUp(
        now: SimTime, pendingPods: some Sequence<PodRequests>, cluster: Cluster, random: RandomStream,
        into actions: inout [ClusterAutoscalerAction]
    ) {
        bins.removeAll(keepingCapacity: true)
        var totalNodes = cluster.nodeCount
        for (p, pool) in cluster.pools.enumerated() {
            totalNodes += upcoming[p]
            for _ in 0..<upcoming[p] {
                bins.append(Bin(free: pool.allocatable, podsLeft: pool.maxPodsPerNode))
            }
        }
        pods: for pod in pendingPods {
            for b in bins.indices where bins[b].fits(pod) {
                bins[b].place(pod)
                continue pods
            }
            if let total = settings.maxNodesTotal, totalNodes >= total { continue }
            for (p, pool) in cluster.pools.enumerated() {
                var bin = Bin(free: pool.allocatable, podsLeft: pool.maxPodsPerNode)
                guard bin.fits(pod), cluster.nodeCount(in: PoolID(p)) + upcoming[p] < pool.maxCount else { continue }
                bin.place(pod)
                bins.append(bin)
                upcoming[p] += 1
                totalNodes += 1
                lastScaleUp = now
                let delay = settings.provisioningDelay.sampleDuration(using: random)
                actions.append(.addNode(pool: PoolID(p), readyAt: now + delay))
                continue pods
            }
        }
    }

    private mutating func scaleDown(now: SimTime, cluster: Cluster, into actions: inout [ClusterAutoscalerAction]) {
        guard settings.scaleDownEnabled else { return }
        // Track how long each node has been unneeded, even while in cool-down (as CA does).
        if unneededSince.count < cluster.slots.count {
            unneededSince.append(contentsOf: repeatElement(UnneededMark(node: nil, since: .zero),
                                                           count: cluster.slots.count - unneededSince.count))
        }
        for node in cluster.slots {
            let s = Int(node.id.slot)
            if node.isLive && node.isEmpty && !node.isCordoned {
                if unneededSince[s].node != node.id { unneededSince[s] = UnneededMark(node: node.id, since: now) }
            } else {
                unneededSince[s].node = nil
            }
        }
        if let t = lastScaleUp, now < t + settings.scaleDownDelayAfterAdd { return }
        if let t = lastScaleDown, now < t + settings.scaleDownDelayAfterDelete { return }

        poolCounts.removeAll(keepingCapacity: true)
        for p in cluster.pools.indices { poolCounts.append(cluster.nodeCount(in: PoolID(p))) }
        var removed = 0
        for node in cluster.slots where removed < settings.maxEmptyBulkDelete {
            let s = Int(node.id.slot)
            guard unneededSince[s].node == node.id,
                  now - unneededSince[s].since >= settings.scaleDownUnneededTime,
                  poolCounts[node.pool.index] > cluster.pools[node.pool.index].minCount
            else { continue }
            actions.append(.removeNode(node.id))
            poolCounts[node.pool.index] -= 1
            unneededSince[s].node = nil
            removed += 1
        }
        if removed > 0 { lastScaleDown = now }
    }
}
