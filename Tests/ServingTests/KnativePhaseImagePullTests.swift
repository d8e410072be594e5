import Engine
import Serving
import Testing

/// The image pull phase: size / bandwidth on a node without the image, nothing on a
/// node that has it (preloaded, or pulled by an earlier pod).
@Suite struct KnativePhaseImagePullTests {
    static let size: Int64 = 250_000_000
    static let bandwidth = 80_000_000.0
    static var pullSeconds: Double { Double(size) / bandwidth }  // 3.125 s

    /// One node; the revision starts at zero (no initial pod to pull the image first)
    /// and has at most one pod, so each cold request creates exactly one pod. Requests
    /// at 300 s and 600 s: the revision scales to zero in between.
    static func run(preloaded: Bool, withImage: Bool = true) throws -> (ExactKnativeRun, RunReport) {
        var images = ImageCatalog()
        let image = images.register(name: "registry.example/hello:1", sizeBytes: size)
        let pool = NodePool(name: "one", count: 1, allocatable: ResourceList(milliCPU: 64_000, memoryBytes: 256 << 30),
                            preloadedImages: preloaded ? [image] : [])
        var run = ExactKnativeRun(arrivals: [300, 600])
        run.duration = 700
        run.cluster = ClusterModelSpec(pools: [pool], images: images,
                                       imagePulls: ImagePullSettings(bandwidthBytesPerSecond: bandwidth))
        run.image = withImage ? image : nil
        run.pairs = [(key: "initial-scale", value: "0"), (key: "allow-zero-initial-scale", value: "true"),
                     (key: "max-scale", value: "1")]
        return (run, try run.run())
    }

    static func latencies(_ report: RunReport) throws -> (first: Double, second: Double) {
        #expect(report.overall.completed == 2 && report.overall.failed == 0, "\(report.overall)")
        #expect(report.coldStarts.requests == 2, "both requests should find the revision at zero")
        #expect(report.coldStarts.pods == 2, "one pod per cold request")
        return (try #require(report.overall.latency.max), try #require(report.overall.latency.min))
    }

    /// The first request finds a revision that has never had a pod (initial-scale 0):
    /// the decider's status is still "unknown" (−1), so the activator's report does not
    /// poke it (Knative's `Poke` needs a status of 0) and the pod is created at the next
    /// 2 s tick, 302 s. The second request finds the status at 0 and is poked at once.
    static let firstPodCreatedAt = 302.0

    @Test func firstPullOnTheNodeAddsSizeOverBandwidthAndTheNextPodReusesTheImage() throws {
        let (run, report) = try Self.run(preloaded: false)
        let (first, second) = try Self.latencies(report)
        let (_, imageless) = try Self.run(preloaded: false, withImage: false)
        let (firstImageless, secondImageless) = try Self.latencies(imageless)
        // The pull adds exactly size / bandwidth to the first cold request ...
        #expect(abs(first - firstImageless - Self.pullSeconds) < 1e-9,
                "first cold request \(first), without an image \(firstImageless), pull \(Self.pullSeconds)")
        let pokeDelay = Self.firstPodCreatedAt - (300 + ExactKnativeRun.ingress + ExactKnativeRun.activatorHop)
        #expect(abs(first - (run.expectedColdLatency(imagePull: Self.pullSeconds) + pokeDelay)) < 1e-9)
        // ... and nothing to the second: its pod lands on the same node after the pull
        // finished.
        #expect(abs(second - secondImageless) < 1e-9 && abs(second - run.expectedColdLatency()) < 1e-9,
                "second cold request \(second), expected \(run.expectedColdLatency())")
        let pull = try ExactKnativeRun.phase(.imagePull, in: report)
        #expect(pull.count == 2)
        #expect(abs((pull.max ?? -1) - Self.pullSeconds) < 1e-9 && pull.min == 0,
                "image-pull phase min \(String(describing: pull.min)) max \(String(describing: pull.max))")
    }

    @Test func preloadedImageAddsNothing() throws {
        let (run, report) = try Self.run(preloaded: true)
        let (first, second) = try Self.latencies(report)
        let (_, imageless) = try Self.run(preloaded: false, withImage: false)
        let (firstImageless, _) = try Self.latencies(imageless)
        #expect(abs(first - firstImageless) < 1e-9, "first cold request \(first), without an image \(firstImageless)")
        #expect(abs(second - run.expectedColdLatency()) < 1e-9, "second cold request \(second)")
        #expect(try ExactKnativeRun.phase(.imagePull, in: report).max == 0)
    }
}
