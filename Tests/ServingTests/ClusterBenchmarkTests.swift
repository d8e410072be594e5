import Engine
import Foundation
import Serving
import Testing

/// Cost of the cluster model's hot path (schedule + release, pulls, autoscaler scans),
/// printed per block of operations so that growth with run length would show. Printed,
/// never asserted. Run with: KNSIM_BENCH=1 swift test -c release --filter ClusterBenchmark
@Suite("Cluster benchmark", .enabled(if: ProcessInfo.processInfo.environment["KNSIM_BENCH"] != nil))
struct ClusterBenchmarkTests {
    @Test(arguments: [10, 100])
    func scheduleReleaseChurn(nodes: Int) {
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
        let blocks = 5, perBlock = 400_000
        var now = SimTime.zero
        var line = "cluster, \(nodes) nodes, ns per operation by block of \(perBlock):"
        for _ in 0..<blocks {
            let start = DispatchTime.now().uptimeNanoseconds
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
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            line += " " + String(format: "%.0f", Double(elapsed) / Double(perBlock))
        }
        print(line)
        #expect(cluster.invariantViolations().isEmpty)
    }
}
