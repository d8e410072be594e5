import Engine
import Serving
import Testing

/// A long seeded sequence of schedule / release / node add and removal / cordon: after
/// every step the cluster is consistent, no node is over its allocatable or pod limit,
/// a placement is the best-scoring feasible node (lowest id among ties), and a pod left
/// Pending fits no schedulable node.
@Suite struct ClusterInvariantTests {
    static let mi = ByteQuantity.mebibytes(1)

    static let templates: [PodTemplate] = [
        KnativePodResources.podRequests(),
        KnativePodResources.podRequests(istioProxy: nil),
        KnativePodResources.podRequests(user: .unset),
        PodRequests(containers: [ContainerRequests(milliCPU: 1500, memoryBytes: 3000 * mi)]),
        PodRequests(containers: [ContainerRequests(milliCPU: 50, memoryBytes: nil)]),
    ].map { PodTemplate(requests: $0, images: []) }

    @Test(arguments: [NodeScoringStrategy.leastAllocated, .mostAllocated], [UInt64(1), 2, 3])
    func randomOperationsKeepEveryInvariant(strategy: NodeScoringStrategy, seed: UInt64) {
        let pools = [
            NodePool(name: "small", count: 3, allocatable: .init(milliCPU: 2000, memoryBytes: 4096 * Self.mi),
                     maxPodsPerNode: 8, minCount: 0, maxCount: 6),
            NodePool(name: "large", count: 2, allocatable: .init(milliCPU: 8000, memoryBytes: 16384 * Self.mi),
                     minCount: 0, maxCount: 4),
        ]
        var cluster = Cluster(pools: pools, scheduler: KubeScheduler(strategy: strategy))
        let random = RandomStreams(seed: seed).stream(named: "cluster-invariants")
        let podSlots = 200
        var templateOf = [Int?](repeating: nil, count: podSlots)  // nil = not bound
        var scheduled = 0, pending = 0, drainedTotal = 0

        for step in 0..<10_000 {
            let roll = random.integer(below: 100)
            if roll < 55 {
                let p = random.integer(below: podSlots)
                guard templateOf[p] == nil else { continue }
                let t = random.integer(below: Self.templates.count)
                let template = Self.templates[t]
                let expected = Self.bestNode(for: template, in: cluster)
                let placed = cluster.schedule(PodID(p), template)
                #expect(placed == expected, "step \(step): scheduler chose \(String(describing: placed)), brute force \(String(describing: expected))")
                if placed != nil { templateOf[p] = t; scheduled += 1 } else { pending += 1 }
            } else if roll < 92 {
                let p = random.integer(below: podSlots)
                let node = cluster.release(PodID(p))
                #expect((node != nil) == (templateOf[p] != nil), "step \(step): release of pod \(p)")
                templateOf[p] = nil
            } else if roll < 95 {
                let pool = PoolID(random.integer(below: pools.count))
                if cluster.nodeCount(in: pool) < pools[pool.index].maxCount { cluster.addNode(pool: pool) }
            } else if roll < 98 {
                let live = Array(cluster.nodes.map(\.id))
                guard live.count > 1 else { continue }
                let victim = live[random.integer(below: live.count)]
                let expectedPods = cluster.node(victim)!.pods.sorted()
                let drained = cluster.removeNode(victim).sorted()
                #expect(drained == expectedPods)
                for pod in drained { templateOf[pod.index] = nil }
                drainedTotal += drained.count
            } else {
                let live = Array(cluster.nodes.map(\.id))
                let node = live[random.integer(below: live.count)]
                if cluster.node(node)!.isCordoned { cluster.uncordon(node) } else { cluster.cordon(node) }
            }
            let violations = cluster.invariantViolations()
            #expect(violations.isEmpty, "step \(step): \(violations)")
            if !violations.isEmpty { return }
        }
        // The sequence must have exercised both outcomes and drains, or it proves little.
        #expect(scheduled > 1000 && pending > 100 && drainedTotal > 10,
                "scheduled \(scheduled), pending \(pending), drained \(drainedTotal)")
    }

    /// Brute force: the feasible node with the highest score, lowest id on ties.
    static func bestNode(for template: PodTemplate, in cluster: Cluster) -> NodeID? {
        let feasible = cluster.nodes.filter { !$0.isCordoned && $0.podCount < $0.maxPods
            && $0.allocated.milliCPU + template.requests.requested.milliCPU <= $0.allocatable.milliCPU
            && $0.allocated.memoryBytes + template.requests.requested.memoryBytes <= $0.allocatable.memoryBytes }
        let scored = feasible.map { (id: $0.id, score: cluster.scheduler.score(template, on: $0, in: cluster)) }
        guard let top = scored.map(\.score).max() else { return nil }
        return scored.filter { $0.score == top }.map(\.id).min()
    }
}
