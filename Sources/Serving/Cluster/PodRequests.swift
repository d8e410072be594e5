/// One container's `resources.requests`. `nil` means the request is not set, which is
/// not the same as zero: kube-scheduler scores an unset request as a small non-zero
/// default (see `PodRequests.nonZeroDefaults`), while an explicit zero stays zero.
public struct ContainerRequests: Hashable, Sendable {
    public var milliCPU: Int64?
    public var memoryBytes: Int64?

    @inlinable public init(milliCPU: Int64?, memoryBytes: Int64?) {
        self.milliCPU = milliCPU
        self.memoryBytes = memoryBytes
    }

    /// No requests at all (a BestEffort container).
    public static let unset = ContainerRequests(milliCPU: nil, memoryBytes: nil)
}

/// A pod's requests, summed over its containers, in the two forms Kubernetes uses.
///
/// - `requested`: the sum of the requests that are set. The NodeResourcesFit filter
///   and kubelet admission use it, and it is what a node has "allocated".
/// - `nonZeroRequested`: the same sum with an unset CPU or memory request counted as
///   `nonZeroDefaults`. The LeastAllocated / MostAllocated scores use it, so that pods
///   without requests do not all pile onto one node (kube-scheduler
///   pkg/scheduler/util: DefaultMilliCPURequest, DefaultMemoryRequest; used by
///   noderesources/resource_allocation.go through NonMissingContainerRequests).
///
/// Built once per pod template, not per pod: it holds no array.
public struct PodRequests: Hashable, Sendable {
    public private(set) var requested: ResourceList
    public private(set) var nonZeroRequested: ResourceList
    public private(set) var containerCount: Int

    /// kube-scheduler's score-time stand-ins for an unset request: 100m CPU and
    /// 200 MiB (`200 * 1024 * 1024`) memory.
    public static let nonZeroDefaults = ResourceList(milliCPU: 100, memoryBytes: ByteQuantity.mebibytes(200))

    public init(containers: [ContainerRequests]) {
        var requested = ResourceList.zero
        var nonZero = ResourceList.zero
        for c in containers {
            precondition((c.milliCPU ?? 0) >= 0 && (c.memoryBytes ?? 0) >= 0, "negative resource request")
            requested.milliCPU += c.milliCPU ?? 0
            requested.memoryBytes += c.memoryBytes ?? 0
            nonZero.milliCPU += c.milliCPU ?? Self.nonZeroDefaults.milliCPU
            nonZero.memoryBytes += c.memoryBytes ?? Self.nonZeroDefaults.memoryBytes
        }
        self.requested = requested
        self.nonZeroRequested = nonZero
        self.containerCount = containers.count
    }
}

/// What the scheduler needs to place one pod of a revision: its requests and the image
/// of each container (for ImageLocality and image pulls). Shared by every pod of the
/// revision; passing it around copies no array storage.
public struct PodTemplate: Hashable, Sendable {
    public var requests: PodRequests
    /// One entry per container, in start order (user container, queue-proxy, istio-proxy).
    public var images: [ImageID]

    public init(requests: PodRequests, images: [ImageID]) {
        self.requests = requests
        self.images = images
    }
}
