/// The activator's view of one ready pod of a revision (`podTracker`,
/// `pkg/activator/net/throttler.go`): how many of this activator's requests it is
/// serving.
///
/// With containerConcurrency CC > 0 Knative gives each tracker a breaker of capacity CC
/// and queue depth 10 000, but only ever *reserves* on it (take a slot now or fail, never
/// wait), so the tracker is exactly a counter limited to CC; that is what this is.
/// With CC = 0 the count is the "weight" the power-of-two-choices policy compares.
public struct PodTracker<Pod> {
    public let pod: Pod
    /// This activator's requests on the pod.
    public var inFlight: Int = 0
    /// Identifies this tracker among all trackers a throttler ever made, so that a
    /// request that finishes after its pod left (and maybe came back with a fresh
    /// tracker, as in Knative) releases nothing on the new one.
    public let serial: UInt64

    public init(pod: Pod, serial: UInt64, inFlight: Int = 0) {
        self.pod = pod
        self.serial = serial
        self.inFlight = inFlight
    }

    /// Whether it can take another request under a per-pod limit (0 = unlimited).
    func hasRoom(limit: Int) -> Bool { limit == 0 || inFlight < limit }
}

/// A request's hold on a pod, from `RevisionThrottler`; hand it back to `release`.
public struct PodLease<Pod> {
    /// Where to send the request.
    public let pod: Pod
    /// The tracker that counted it (see `PodTracker.serial`).
    public let trackerSerial: UInt64

    public init(pod: Pod, trackerSerial: UInt64) {
        self.pod = pod
        self.trackerSerial = trackerSerial
    }
}

extension PodTracker: Sendable where Pod: Sendable {}
extension PodTracker: Equatable where Pod: Equatable {}
extension PodLease: Sendable where Pod: Sendable {}
extension PodLease: Equatable where Pod: Equatable {}
