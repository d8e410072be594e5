/// Where a proxy sends requests for one pod: a port on 127.0.0.1 (the pod's
/// queue-proxy, or its sidecar hop in front of it) and the pod's identity.
///
/// The activator's throttler sorts pods (Knative sorts them by IP); `pod` is a number
/// that is stable for the pod's life, such as its creation sequence number, so the
/// order does not change when ports are reused.
public struct Endpoint: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The pod's stable id (creation order).
    public let pod: Int
    /// The port on 127.0.0.1 to send the pod's requests to.
    public let port: Int

    public init(pod: Int, port: Int) {
        self.pod = pod
        self.port = port
    }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        (lhs.pod, lhs.port) < (rhs.pod, rhs.port)
    }

    public var description: String { "pod \(pod) at 127.0.0.1:\(port)" }
}
