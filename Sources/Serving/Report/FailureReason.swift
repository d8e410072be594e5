/// Why a request failed. Each reason is one entry of `failures.by_reason` in
/// summary.json, under its `name`; the recorder counts by `rawValue` (an array
/// index), which keeps hashing off the request path.
public enum FailureReason: Int, CaseIterable, Sendable {
    /// 503: the activator already held `activator.queue-depth` requests waiting for
    /// the revision (Knative's `ErrRequestQueueFull`).
    case activatorOverflow
    /// 504: the revision's timeout passed while it waited in the activator.
    case activatorTimeout
    /// 503: queue-proxy's queue (10 × container-concurrency) was full.
    case queueProxyOverflow
    /// 504: the revision's timeout passed at the pod (queued or in service).
    case requestTimeout
    /// Sent straight to a pod that was gone when it arrived (no activator to retry).
    case podGone
    /// Still at a terminating pod when its grace period ran out.
    case podTerminated
    /// On a pod killed by a scenario event or a crash.
    case podKilled
    /// On a node killed by a scenario event.
    case nodeKilled
    /// On a node the cluster autoscaler removed.
    case nodeRemoved
    /// The fixed pool's bounded queue was full.
    case queueFull
    /// A downstream call did not answer within the call's timeout (the caller gave up).
    case callTimeout
    /// A downstream call failed; the edge's own failures say why.
    case callFailed
    /// Real mode: no connection to the target could be made.
    case connectionFailed
    /// Real mode: the connection broke before the response came (e.g. the pod died).
    case connectionBroken
    /// Real mode: no response within the load generator's timeout.
    case clientTimeout
    /// Real mode: an error status whose proxy named no reason.
    case serverError

    /// The name in summary.json.
    public var name: String {
        switch self {
        case .activatorOverflow: return "activator-overflow"
        case .activatorTimeout: return "activator-timeout"
        case .queueProxyOverflow: return "queue-proxy-overflow"
        case .requestTimeout: return "request-timeout"
        case .podGone: return "pod-gone"
        case .podTerminated: return "pod-terminated"
        case .podKilled: return "pod-killed"
        case .nodeKilled: return "node-killed"
        case .nodeRemoved: return "node-removed"
        case .queueFull: return "queue-full"
        case .callTimeout: return "call-timeout"
        case .callFailed: return "call-failed"
        case .connectionFailed: return "connection-failed"
        case .connectionBroken: return "connection-broken"
        case .clientTimeout: return "client-timeout"
        case .serverError: return "server-error"
        }
    }

    /// The reason with this summary.json name (what real mode's proxies send in
    /// `X-Knsim-Failure`), nil for an unknown name.
    public init?(name: String) {
        guard let reason = FailureReason.allCases.first(where: { $0.name == name }) else { return nil }
        self = reason
    }
}
