import Engine

/// How a node pulls images.
///
/// Model: a pull of an image of `s` bytes takes `perPullOverhead + s / bandwidth`; a
/// node that holds the image skips the pull; a second request for an image whose pull
/// is already under way on the node joins that pull and completes with it.
///
/// The kubelet pulls images one at a time by default (`serializeImagePulls: true` in
/// KubeletConfiguration; kubernetes.io "Images" → "Serial and parallel image pulls"):
/// later pulls wait in a FIFO queue. With `serializeImagePulls: false` pulls run at once,
/// at most `maxParallelImagePulls` of them when that is set (default: no limit). knsim
/// models that as `lanes` FIFO queues: 1 when serialized, `maxParallelImagePulls` when
/// set, unbounded otherwise; a new pull goes to the lane that frees first.
///
/// Not modelled: parallel pulls sharing the node's bandwidth (each pull gets the full
/// `bandwidthBytesPerSecond`; lower it to approximate contention), layers shared between
/// different images, registry QPS limits (`registryPullQPS`), image garbage collection
/// (an image, once pulled, stays), and pull failures / back-off.
///
/// Joining an in-flight pull stands for what the node does: with serialized pulls the
/// second request queues behind the first and then finds every layer present, and the
/// container runtime fetches a given layer once even when two pulls ask for it. It is
/// optimistic in one case: with serialized pulls, a real second request also waits for
/// any other image queued between the two requests (and for a manifest check); here it
/// completes with the first pull.
public struct ImagePullSettings: Hashable, Sendable {
    /// Registry-to-node throughput of one pull, bytes per second. Default 100 MB/s:
    /// knsim's assumption for a cloud node pulling from a same-region registry
    /// (network plus decompression and unpacking); not a published figure.
    public var bandwidthBytesPerSecond: Double
    /// kubelet `serializeImagePulls`, default true.
    public var serializeImagePulls: Bool
    /// kubelet `maxParallelImagePulls`, used only when `serializeImagePulls` is false;
    /// nil (the kubelet's default) means no limit.
    public var maxParallelImagePulls: Int?
    /// Fixed time added to each pull (manifest resolution, unpack start). Default 0.
    public var perPullOverhead: SimDuration

    public static let defaultBandwidthBytesPerSecond: Double = 100_000_000

    public init(
        bandwidthBytesPerSecond: Double = ImagePullSettings.defaultBandwidthBytesPerSecond,
        serializeImagePulls: Bool = true,
        maxParallelImagePulls: Int? = nil,
        perPullOverhead: SimDuration = .zero
    ) {
        precondition(bandwidthBytesPerSecond > 0 && bandwidthBytesPerSecond.isFinite, "image pull bandwidth must be positive")
        precondition(maxParallelImagePulls.map { $0 >= 1 } ?? true, "maxParallelImagePulls must be at least 1")
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.serializeImagePulls = serializeImagePulls
        self.maxParallelImagePulls = maxParallelImagePulls
        self.perPullOverhead = perPullOverhead
    }

    /// Pull queues per node; nil = unbounded (every pull starts at once).
    public var lanes: Int? { serializeImagePulls ? 1 : maxParallelImagePulls }

    /// Time one pull of `bytes` takes once it starts.
    public func pullDuration(bytes: Int64) -> SimDuration {
        perPullOverhead + .seconds(Double(bytes) / bandwidthBytesPerSecond)
    }
}

/// What `Cluster.startPull` did.
public enum ImagePullOutcome: Hashable, Sendable {
    /// The node already holds the image: nothing to wait for.
    case present
    /// A pull of this image was already under way on the node; this request completes
    /// with it.
    case joined(completesAt: SimTime)
    /// A new pull was queued; it completes then (the caller schedules an event at that
    /// time and calls `Cluster.pullFinished`).
    case started(completesAt: SimTime)

    /// When the image is usable, for a request made at `now`.
    public func readyAt(_ now: SimTime) -> SimTime {
        switch self {
        case .present: return now
        case .joined(let t), .started(let t): return t
        }
    }
}

/// A node's pulls in flight: the completion time per image (array indexed by image id;
/// -1 = none) and when each pull lane frees. Fixed size per node.
struct NodeImagePulls: Sendable {
    var completionNanos: [Int64]
    var laneFreeAt: [SimTime]
    var inFlight: Int

    init(imageCount: Int, lanes: Int?) {
        completionNanos = Array(repeating: -1, count: imageCount)
        laneFreeAt = Array(repeating: .zero, count: lanes ?? 0)
        inFlight = 0
    }

    mutating func reset() {
        for i in completionNanos.indices { completionNanos[i] = -1 }
        for i in laneFreeAt.indices { laneFreeAt[i] = .zero }
        inFlight = 0
    }

    func completion(of image: ImageID) -> SimTime? {
        let t = completionNanos[image.index]
        return t < 0 ? nil : SimTime(nanoseconds: t)
    }

    /// Queues a pull of `duration` at `now` on the lane that frees first (lowest lane
    /// on ties) and returns its completion time.
    mutating func enqueue(_ image: ImageID, duration: SimDuration, now: SimTime) -> SimTime {
        let completes: SimTime
        if laneFreeAt.isEmpty {
            completes = now + duration
        } else {
            var lane = 0
            for i in 1..<laneFreeAt.count where laneFreeAt[i] < laneFreeAt[lane] { lane = i }
            completes = max(now, laneFreeAt[lane]) + duration
            laneFreeAt[lane] = completes
        }
        completionNanos[image.index] = completes.nanoseconds
        inFlight += 1
        return completes
    }

    mutating func finish(_ image: ImageID) {
        completionNanos[image.index] = -1
        inFlight -= 1
    }
}
