import Engine
import Serving
import Testing

/// The cluster autoscaler: scale-up after the provisioning delay, one node per group of
/// pods it covers, limits respected; an empty node removed after the unneeded time and
/// the delays, not before.
@Suite struct ClusterAutoscalerTests {
    static let mi = ByteQuantity.mebibytes(1)
    static let nodeSize = ResourceList(milliCPU: 1000, memoryBytes: 4096 * mi)

    static func pod(_ milliCPU: Int64) -> PodTemplate {
        PodTemplate(requests: PodRequests(containers: [ContainerRequests(milliCPU: milliCPU, memoryBytes: 100 * mi)]), images: [])
    }

    static func random() -> RandomStream { RandomStreams(seed: 7).stream(named: "cluster-autoscaler") }

    /// Drives cluster, scheduler and autoscaler with the engine, the way the simulation
    /// will: scans every 10 s, a node joins at its `readyAt`, Pending pods retried in
    /// FIFO order whenever a node joins or a pod leaves.
    struct Harness {
        enum Event { case scan, nodeReady(PoolID), release(PodID), submit(PodID, PodTemplate) }

        var engine: Engine<Event>
        var cluster: Cluster
        var autoscaler: ClusterAutoscaler
        var pending: [(PodID, PodTemplate)] = []
        var boundAt: [PodID: SimTime] = [:]
        var added: [(decidedAt: SimTime, readyAt: SimTime)] = []
        var joined: [SimTime] = []
        var removed: [(SimTime, NodeID)] = []
        let random = ClusterAutoscalerTests.random()

        init(pool: NodePool, settings: ClusterAutoscalerSettings, until end: SimTime) {
            engine = Engine(endTime: end)
            cluster = Cluster(pools: [pool])
            autoscaler = ClusterAutoscaler(settings: settings, poolCount: 1)
            _ = engine.schedule(.scan, at: .zero)
        }

        mutating func run() {
            while let event = engine.next() {
                switch event {
                case .scan:
                    let actions = autoscaler.evaluate(now: engine.now, pendingPods: pending.lazy.map(\.1.requests),
                                                      cluster: cluster, random: random)
                    for action in actions {
                        switch action {
                        case .addNode(let pool, let readyAt):
                            added.append((engine.now, readyAt))
                            _ = engine.schedule(.nodeReady(pool), at: readyAt)
                        case .removeNode(let id):
                            #expect(cluster.removeNode(id).isEmpty, "the autoscaler removed a node with pods")
                            removed.append((engine.now, id))
                        }
                    }
                    _ = engine.schedule(.scan, after: autoscaler.settings.scanInterval)
                case .nodeReady(let pool):
                    cluster.addNode(pool: pool)
                    autoscaler.nodeProvisioned(pool: pool)
                    joined.append(engine.now)
                    retryPending()
                case .release(let pod):
                    cluster.release(pod)
                    retryPending()
                case .submit(let pod, let template):
                    pending.append((pod, template))
                    retryPending()
                }
            }
        }

        mutating func retryPending() {
            var still: [(PodID, PodTemplate)] = []
            for (pod, template) in pending {
                if cluster.schedule(pod, template) != nil { boundAt[pod] = engine.now } else { still.append((pod, template)) }
            }
            pending = still
        }
    }

    @Test func aPendingPodGetsANodeAfterTheProvisioningDelay() {
        let pool = NodePool(name: "p", count: 1, allocatable: Self.nodeSize, minCount: 1, maxCount: 3)
        let settings = ClusterAutoscalerSettings(provisioningDelay: .constant(90))
        var h = Harness(pool: pool, settings: settings, until: .seconds(300))
        _ = h.engine.schedule(.submit(PodID(0), Self.pod(600)), at: .seconds(1))
        _ = h.engine.schedule(.submit(PodID(1), Self.pod(600)), at: .seconds(2))
        h.run()
        #expect(h.boundAt[PodID(0)] == .seconds(1), "the first pod fits the existing node")
        // Pod 1 is Pending from t = 2 s; the scan at 10 s asks for a node, ready at 100 s.
        #expect(h.added.map(\.decidedAt) == [.seconds(10)], "exactly one scale-up, at the first scan after the pod went Pending")
        #expect(h.added.map(\.readyAt) == [.seconds(100)])
        #expect(h.joined == [.seconds(100)])
        #expect(h.boundAt[PodID(1)] == .seconds(100), "bound when the node joins, not before")
        #expect(h.cluster.nodeCount == 2)
        #expect(h.autoscaler.upcoming == [0])
    }

    struct ScaleUpCase: CustomTestStringConvertible, Sendable {
        var name: String
        var pending: [Int64]  // CPU of each Pending pod, millicores
        var upcoming: Int  // nodes already in flight
        var existing: Int
        var maxCount: Int
        var maxNodesTotal: Int?
        var expectedAdds: Int
        var testDescription: String { name }
    }

    static let scaleUpCases: [ScaleUpCase] = [
        .init(name: "four 400m pods pack two to a 1000m node", pending: [400, 400, 400, 400], upcoming: 0,
              existing: 1, maxCount: 10, maxNodesTotal: nil, expectedAdds: 2),
        .init(name: "first fit in FIFO order: 600, 600, 400, 400 need two nodes", pending: [600, 600, 400, 400], upcoming: 0,
              existing: 1, maxCount: 10, maxNodesTotal: nil, expectedAdds: 2),
        .init(name: "pods an in-flight node will take ask for nothing", pending: [400, 400], upcoming: 1,
              existing: 1, maxCount: 10, maxNodesTotal: nil, expectedAdds: 0),
        .init(name: "the overflow beyond in-flight nodes asks for more", pending: [400, 400, 400, 400, 400], upcoming: 1,
              existing: 1, maxCount: 10, maxNodesTotal: nil, expectedAdds: 2),
        .init(name: "pool max counts nodes in flight", pending: [900, 900, 900, 900], upcoming: 1,
              existing: 1, maxCount: 3, maxNodesTotal: nil, expectedAdds: 1),
        .init(name: "cluster-wide max", pending: [900, 900, 900, 900], upcoming: 0,
              existing: 1, maxCount: 10, maxNodesTotal: 3, expectedAdds: 2),
        .init(name: "a pod no node can hold asks for nothing", pending: [1200], upcoming: 0,
              existing: 1, maxCount: 10, maxNodesTotal: nil, expectedAdds: 0),
    ]

    @Test(arguments: scaleUpCases)
    func scaleUpPacksPendingPods(_ c: ScaleUpCase) {
        let pool = NodePool(name: "p", count: c.existing, allocatable: Self.nodeSize, minCount: 0, maxCount: c.maxCount)
        let cluster = Cluster(pools: [pool])
        var autoscaler = ClusterAutoscaler(
            settings: ClusterAutoscalerSettings(maxNodesTotal: c.maxNodesTotal, provisioningDelay: .constant(60)), poolCount: 1)
        let random = Self.random()
        if c.upcoming > 0 {
            // Put nodes in flight with a pod each of zero CPU (one node per pod, given pod order).
            let seeds = Array(repeating: PodRequests(containers: [ContainerRequests(milliCPU: 1000, memoryBytes: 0)]), count: c.upcoming)
            let first = autoscaler.evaluate(now: .zero, pendingPods: seeds, cluster: cluster, random: random)
            #expect(first.count == c.upcoming)
        }
        let pending = c.pending.map { Self.pod($0).requests }
        let actions = autoscaler.evaluate(now: .seconds(10), pendingPods: pending, cluster: cluster, random: random)
        #expect(actions == Array(repeating: .addNode(pool: PoolID(0), readyAt: .seconds(70)), count: c.expectedAdds))
        #expect(autoscaler.upcoming == [c.upcoming + c.expectedAdds])
        // The same Pending pods at the next scan ask for nothing more.
        let again = autoscaler.evaluate(now: .seconds(20), pendingPods: pending, cluster: cluster, random: random)
        #expect(again.isEmpty)
    }

    @Test func theFirstPoolThatCanHoldThePodIsChosen() {
        let pools = [
            NodePool(name: "small", count: 0, allocatable: .init(milliCPU: 500, memoryBytes: 1024 * Self.mi), minCount: 0, maxCount: 5),
            NodePool(name: "large", count: 0, allocatable: .init(milliCPU: 4000, memoryBytes: 8192 * Self.mi), minCount: 0, maxCount: 5),
        ]
        let cluster = Cluster(pools: pools)
        var autoscaler = ClusterAutoscaler(settings: ClusterAutoscalerSettings(provisioningDelay: .constant(60)), poolCount: 2)
        let actions = autoscaler.evaluate(now: .zero, pendingPods: [Self.pod(400).requests, Self.pod(2000).requests],
                                          cluster: cluster, random: Self.random())
        #expect(actions == [.addNode(pool: PoolID(0), readyAt: .seconds(60)), .addNode(pool: PoolID(1), readyAt: .seconds(60))])
    }

    @Test func provisioningDelaysAreDrawnFromTheDistribution() {
        let pool = NodePool(name: "p", count: 0, allocatable: Self.nodeSize, minCount: 0, maxCount: 100)
        var autoscaler = ClusterAutoscaler(settings: ClusterAutoscalerSettings(), poolCount: 1)
        #expect(autoscaler.settings.provisioningDelay == .uniform(low: 60, high: 120))
        let actions = autoscaler.evaluate(now: .seconds(5), pendingPods: Array(repeating: Self.pod(1000).requests, count: 50),
                                          cluster: Cluster(pools: [pool]), random: Self.random())
        let delays = actions.map { action -> Double in
            guard case .addNode(_, let readyAt) = action else { return -1 }
            return (readyAt - SimTime.seconds(5)).seconds
        }
        #expect(delays.count == 50)
        #expect(delays.allSatisfy { $0 >= 60 && $0 <= 120 })
        #expect(Set(delays).count > 40, "delays must vary")
    }

    struct ScaleDownCase: CustomTestStringConvertible, Sendable {
        var name: String
        var releaseAt: Double  // when the second node's only pod leaves, seconds
        var unneededTime: Int64  // seconds
        var expectedRemovalAt: Double
        var testDescription: String { name }
    }

    // Scans run at 0, 10, 20, … s. A release at a scan's instant is seen by that scan
    // (the release was scheduled first).
    static let scaleDownCases: [ScaleDownCase] = [
        .init(name: "default 10 min, emptied between scans", releaseAt: 305, unneededTime: 600, expectedRemovalAt: 910),
        .init(name: "default 10 min, emptied at a scan", releaseAt: 300, unneededTime: 600, expectedRemovalAt: 900),
        .init(name: "1 min unneeded time", releaseAt: 5, unneededTime: 60, expectedRemovalAt: 70),
        .init(name: "unneeded time not a multiple of the scan interval", releaseAt: 5, unneededTime: 65, expectedRemovalAt: 80),
    ]

    @Test(arguments: scaleDownCases)
    func anEmptyNodeIsRemovedAfterTheUnneededTimeNotBefore(_ c: ScaleDownCase) {
        // Two nodes, min 1: node 0 keeps a pod throughout, node 1's pod leaves at releaseAt.
        let pool = NodePool(name: "p", count: 2, allocatable: Self.nodeSize, minCount: 1, maxCount: 2)
        #expect(ClusterAutoscalerSettings().scaleDownUnneededTime == .wholeSeconds(600))
        #expect(ClusterAutoscalerSettings().scanInterval == .wholeSeconds(10))
        let settings = ClusterAutoscalerSettings(scaleDownUnneededTime: .wholeSeconds(c.unneededTime))
        var h = Harness(pool: pool, settings: settings, until: .seconds(2000))
        h.cluster.bind(PodID(0), Self.pod(500).requests, to: NodeID(slot: 0, generation: 0))
        h.cluster.bind(PodID(1), Self.pod(500).requests, to: NodeID(slot: 1, generation: 0))
        _ = h.engine.schedule(.release(PodID(1)), at: .seconds(c.releaseAt))
        h.run()
        #expect(h.removed.map(\.0) == [.seconds(c.expectedRemovalAt)])
        #expect(h.removed.map(\.1) == [NodeID(slot: 1, generation: 0)])
        #expect(h.cluster.nodeCount == 1, "never below the pool's minimum")
    }

    /// A node added for pod B at the 10 s scan joins at 40 s; B leaves at 50 s, so the
    /// node is unneeded from the 50 s scan and due at 110 s — unless the scale-up at
    /// 10 s is less than scale-down-delay-after-add ago.
    @Test(arguments: [(Int64(600), 610.0), (0, 110), (100, 110), (300, 310)])
    func scaleDownWaitsOutTheDelayAfterAdd(delayAfterAdd: Int64, expectedRemovalAt: Double) {
        let pool = NodePool(name: "p", count: 1, allocatable: Self.nodeSize, minCount: 0, maxCount: 3)
        let settings = ClusterAutoscalerSettings(
            scaleDownUnneededTime: .wholeSeconds(60), scaleDownDelayAfterAdd: .wholeSeconds(delayAfterAdd),
            provisioningDelay: .constant(30))
        var h = Harness(pool: pool, settings: settings, until: .seconds(1000))
        _ = h.engine.schedule(.submit(PodID(0), Self.pod(600)), at: .seconds(1))
        _ = h.engine.schedule(.submit(PodID(1), Self.pod(600)), at: .seconds(2))
        _ = h.engine.schedule(.release(PodID(1)), at: .seconds(50))
        h.run()
        #expect(h.added.map(\.decidedAt) == [.seconds(10)])
        #expect(h.boundAt[PodID(1)] == .seconds(40))
        #expect(h.removed.map(\.0) == [.seconds(expectedRemovalAt)])
        #expect(h.removed.map(\.1) == [NodeID(slot: 1, generation: 0)])
    }

    @Test func emptyNodesAtThePoolMinimumStay() {
        let pool = NodePool(name: "p", count: 3, allocatable: Self.nodeSize, minCount: 2, maxCount: 3)
        var h = Harness(pool: pool, settings: ClusterAutoscalerSettings(), until: .seconds(3600))
        h.run()
        // All three start empty (unneeded from the 0 s scan): one goes at 600 s, the
        // lowest id first, and the other two stay.
        #expect(h.removed.map(\.0) == [.seconds(600)])
        #expect(h.removed.map(\.1) == [NodeID(slot: 0, generation: 0)])
        #expect(h.cluster.nodeCount == 2)
    }

    @Test func atMostMaxEmptyBulkDeletePerScan() {
        let pool = NodePool(name: "p", count: 5, allocatable: Self.nodeSize, minCount: 0, maxCount: 5)
        var h = Harness(pool: pool, settings: ClusterAutoscalerSettings(maxEmptyBulkDelete: 2), until: .seconds(700))
        h.run()
        // Due at 600 s; two per scan, and the delay after delete (one scan interval)
        // lets the next pair go at the next scan.
        #expect(h.removed.map(\.0) == [600, 600, 610, 610, 620].map { SimTime.seconds($0) })
        #expect(h.cluster.nodeCount == 0)
    }

    @Test func scaleDownDisabledRemovesNothing() {
        let pool = NodePool(name: "p", count: 2, allocatable: Self.nodeSize, minCount: 0, maxCount: 2)
        var h = Harness(pool: pool, settings: ClusterAutoscalerSettings(scaleDownEnabled: false), until: .seconds(3600))
        h.run()
        #expect(h.removed.isEmpty)
    }
}
