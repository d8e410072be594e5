import Engine

/// Where a pod is in its life.
enum PodPhase: UInt8 {
    /// Created, waiting to be scheduled (or for room on a node).
    case pending
    /// Bound to a node, going through the startup phases.
    case starting
    /// Kubernetes-ready (counted by the autoscaler) but not yet routed to: the
    /// activator and ingress have not learnt the endpoint.
    case ready
    /// Ready and receiving traffic.
    case routable
    /// Draining: no new requests; leaves when empty or after its grace period.
    case terminating
}

struct PodState {
    var generation: UInt32 = 0
    var live = false
    var revision: Int32 = -1
    var key = PodKey(serial: 0, slot: 0)
    var node: NodeID?
    var phase = PodPhase.pending
    var createdAt: Int64 = 0
    var readyAt: Int64 = 0
    /// When the application (and proxy) become ready, computed at container creation.
    var startupPhase = StartupPhase.scheduling
    var queueProxy: QueueProxy<Int32>?
    /// Requests holding a container slot.
    var inService: Int32 = 0
    /// Of those, requests waiting for their downstream calls: they hold a slot but
    /// use no CPU.
    var waitingOnCalls: Int32 = 0
    var graceTimer: TimerHandle?
    var waitingForNode = false
    /// Created after the warm-up: its start counts as a cold start in the results.
    var countsAsColdStart = false
    /// The user container's current start will crash (drawn at container start).
    var crashing = false
    /// Crashes so far: the kubelet's back-off doubles with each.
    var restarts = 0
    /// CPU the user container used since `cpuWindowStart`, in core-seconds, accrued up
    /// to `cpuAccruedUntil` (for the HPA's utilisation; see `accrueCPU`).
    var cpuUsed = 0.0
    var cpuAccruedUntil: Int64 = 0
    var cpuWindowStart: Int64 = 0
    /// Requests that passed the pod's istio-proxy since `cpuWindowStart`.
    var meshRequests: Int32 = 0

    var isKubernetesReady: Bool { phase == .ready || phase == .routable }
    var isActive: Bool { phase != .terminating }
    var load: Int { Int(inService) + (queueProxy?.breaker.queued ?? 0) }
}
