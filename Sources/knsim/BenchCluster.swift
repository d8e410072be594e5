import Engine
import Serving

extension BenchCommand {
    /// The cluster model's hot path (schedule and release with image pulls, and a
    /// cluster-autoscaler scan every 10,000 operations), timed per block of operations
    /// so that a cost growing with run length would show as rising figures.
    func printClusterFigures() {
        let blocks = 5, perBlock = quick ? 100_000 : 400_000
        print("\ncluster model (schedule/release churn near capacity, pulls, autoscaler scans), ns per operation by block of \(grouped(Double(perBlock))):")
        print(row("nodes", "block 1", "block 2", "block 3", "block 4", "block 5", "violations"))
        for nodes in [10, 100] {
            var images = ImageCatalog()
            let app = images.register(name: "app", sizeBytes: 300_000_000)
            let pool = NodePool(name: "p", count: nodes, allocatable: .init(milliCPU: 8000, memoryBytes: ByteQuantity.gibibytes(32)),
                                minCount: 0, maxCount: nodes)
            var cluster = Cluster(pools: [pool], images: images)
            var autoscaler = ClusterAutoscaler(poolCount: 1)
            let template = PodTemplate(requests: KnativePodResources.podRequests(), images: [app])
            let random = RandomStreams(seed: 1).stream(named: "bench")
            let podSlots = nodes * 15  // about the capacity of the nodes: some schedules fail
            var bound = [Bool](repeating: false, count: podSlots)
            var actions: [ClusterAutoscalerAction] = []
            actions.reserveCapacity(16)
            var now = SimTime.zero
            var columns = [String(nodes)]
            for _ in 0..<blocks {
                let start = CPUClock.now()
                for i in 0..<perBlock {
                    now = now + .milliseconds(1)
                    let p = random.integer(below: podSlots)
                    if bound[p] {
                        cluster.release(PodID(p))
                        bound[p] = false
                    } else if let node = cluster.schedule(PodID(p), template) {
                        bound[p] = true
                        if case .started(let t) = cluster.startPull(app, on: node, at: now) {
                            cluster.pullFinished(app, on: node, at: t)
                        }
                    }
                    if i % 10_000 == 0 {
                        actions.removeAll(keepingCapacity: true)
                        autoscaler.evaluate(now: now, pendingPods: EmptyCollection<PodRequests>(), cluster: cluster,
                                            random: random, into: &actions)
                    }
                }
                columns.append(format((CPUClock.now() - start) * 1e9 / Double(perBlock), 0))
            }
            columns.append(String(cluster.invariantViolations().count))
            print(row(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6]))
        }
    }
}
