import Engine
import Serving
import Testing

/// Image pulls: skipped when the node holds the image, shared when one is under way,
/// queued by `serializeImagePulls` / `maxParallelImagePulls`.
@Suite struct ClusterImagePullTests {
    static let node0 = NodeID(slot: 0, generation: 0)
    static let node1 = NodeID(slot: 1, generation: 0)

    /// Three images of 200 MB, 100 MB and 50 MB; the sidecar image is preloaded.
    static func cluster(_ settings: ImagePullSettings = ImagePullSettings()) -> (Cluster, [ImageID]) {
        var images = ImageCatalog()
        let a = images.register(name: "a", sizeBytes: 200_000_000)
        let b = images.register(name: "b", sizeBytes: 100_000_000)
        let c = images.register(name: "c", sizeBytes: 50_000_000)
        let sidecar = images.register(name: "sidecar", sizeBytes: 80_000_000)
        let pool = NodePool(name: "p", count: 2, allocatable: .init(milliCPU: 4000, memoryBytes: 1 << 33),
                            minCount: 0, maxCount: 2, preloadedImages: [sidecar])
        return (Cluster(pools: [pool], images: images, imagePulls: settings), [a, b, c, sidecar])
    }

    @Test func defaultsAreSerializedAt100MBPerSecond() {
        let settings = ImagePullSettings()
        #expect(settings.serializeImagePulls)
        #expect(settings.bandwidthBytesPerSecond == 100_000_000)
        #expect(settings.lanes == 1)
        #expect(settings.pullDuration(bytes: 250_000_000) == .seconds(2.5))
    }

    @Test func aPreloadedOrPulledImageIsNotPulledAgain() {
        var (cluster, img) = Self.cluster()
        #expect(cluster.startPull(img[3], on: Self.node0, at: .zero) == .present)
        #expect(cluster.startPull(img[0], on: Self.node0, at: .seconds(1)) == .started(completesAt: .seconds(3)))
        let first = cluster.pullFinished(img[0], on: Self.node0, at: .seconds(3))
        let second = cluster.pullFinished(img[0], on: Self.node0, at: .seconds(3))
        #expect(first)
        #expect(!second, "a second completion changes nothing")
        #expect(cluster.startPull(img[0], on: Self.node0, at: .seconds(4)) == .present)
        #expect(ImagePullOutcome.present.readyAt(.seconds(4)) == .seconds(4))
        // The cache is per node.
        #expect(cluster.startPull(img[0], on: Self.node1, at: .seconds(4)) == .started(completesAt: .seconds(6)))
        #expect(cluster.invariantViolations() == [])
    }

    @Test func concurrentPullsOfOneImageShareThePull() {
        var (cluster, img) = Self.cluster()
        #expect(cluster.startPull(img[0], on: Self.node0, at: .zero) == .started(completesAt: .seconds(2)))
        #expect(cluster.startPull(img[0], on: Self.node0, at: .seconds(0.5)) == .joined(completesAt: .seconds(2)))
        #expect(cluster.startPull(img[0], on: Self.node0, at: .seconds(1.9)) == .joined(completesAt: .seconds(2)))
        #expect(cluster.pullCompletion(of: img[0], on: Self.node0) == .seconds(2))
        let finished = cluster.pullFinished(img[0], on: Self.node0, at: .seconds(2))
        #expect(finished)
        #expect(cluster.pullCompletion(of: img[0], on: Self.node0) == nil)
        #expect(cluster.hasImage(img[0], on: Self.node0))
    }

    struct QueueCase: CustomTestStringConvertible, Sendable {
        var name: String
        var settings: ImagePullSettings
        /// Completion, in seconds, of pulls of a (2 s), b (1 s), c (0.5 s) all requested at t = 1 s.
        var completions: [Double]
        var testDescription: String { name }
    }

    static let queueCases: [QueueCase] = [
        .init(name: "serialized (kubelet default): one after another",
              settings: ImagePullSettings(), completions: [3, 4, 4.5]),
        .init(name: "parallel, no limit: all at once",
              settings: ImagePullSettings(serializeImagePulls: false), completions: [3, 2, 1.5]),
        .init(name: "parallel, at most 2: c waits for b's lane",
              settings: ImagePullSettings(serializeImagePulls: false, maxParallelImagePulls: 2), completions: [3, 2, 2.5]),
        .init(name: "serialized ignores maxParallelImagePulls",
              settings: ImagePullSettings(serializeImagePulls: true, maxParallelImagePulls: 3), completions: [3, 4, 4.5]),
        .init(name: "fixed overhead per pull, serialized",
              settings: ImagePullSettings(perPullOverhead: .milliseconds(500)), completions: [3.5, 5, 6]),
        .init(name: "half the bandwidth doubles the times",
              settings: ImagePullSettings(bandwidthBytesPerSecond: 50_000_000), completions: [5, 7, 8]),
    ]

    @Test(arguments: queueCases)
    func pullQueues(_ c: QueueCase) {
        var (cluster, img) = Self.cluster(c.settings)
        let outcomes = img[0..<3].map { cluster.startPull($0, on: Self.node0, at: .seconds(1)) }
        #expect(outcomes == c.completions.map { .started(completesAt: .seconds($0)) })
        // The other node's queue is its own.
        let other = cluster.startPull(img[2], on: Self.node1, at: .seconds(1))
        let expected = SimTime.seconds(1) + c.settings.pullDuration(bytes: 50_000_000)
        #expect(other == .started(completesAt: expected), "\(other) vs \(expected.nanoseconds)")
    }

    @Test func aFreedLaneStartsTheNextPullAtRequestTime() {
        var (cluster, img) = Self.cluster()
        #expect(cluster.startPull(img[1], on: Self.node0, at: .zero) == .started(completesAt: .seconds(1)))
        // Requested after the lane is free: starts at once, not at the lane's last finish.
        #expect(cluster.startPull(img[2], on: Self.node0, at: .seconds(10)) == .started(completesAt: .seconds(10.5)))
    }

    @Test func aPullOnARemovedNodeIsForgotten() {
        var (cluster, img) = Self.cluster()
        #expect(cluster.startPull(img[0], on: Self.node0, at: .zero) == .started(completesAt: .seconds(2)))
        _ = cluster.removeNode(Self.node0)
        let replacement = cluster.addNode(pool: PoolID(0))
        #expect(replacement.slot == Self.node0.slot)
        let stale = cluster.pullFinished(img[0], on: Self.node0, at: .seconds(2))
        #expect(!stale, "stale completion event")
        #expect(!cluster.hasImage(img[0], on: replacement))
        #expect(cluster.hasImage(img[3], on: replacement), "preloaded images come with every new node")
        #expect(cluster.startPull(img[0], on: replacement, at: .seconds(2)) == .started(completesAt: .seconds(4)))
        #expect(cluster.nodesHoldingImage == [0, 0, 0, 2])
        #expect(cluster.invariantViolations() == [])
    }
}
