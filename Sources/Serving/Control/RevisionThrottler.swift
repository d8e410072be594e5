/// How the activator reaches a revision's pods (`revisionWatcher.checkDests`,
/// `pkg/activator/net/revision_backends.go`).
public enum ActivatorRouting: Sendable, Equatable {
    /// By pod IP (the activator's probes reach the pods): per-pod trackers, subsetting
    /// across activators when CC > 0, the CC-dependent load-balancing policy.
    case podAddressing
    /// Through the revision's private ClusterIP Service, when pod IPs cannot be probed
    /// (a mesh such as Istio with mTLS in front of the pods). The revision breaker's
    /// capacity is CC × ready pods / activators (at least 1), and the Service chooses
    /// the pod: modelled as a uniformly random ready pod (kube-proxy's choice; an
    /// activator-side Envoy would balance differently, which is not modelled).
    case clusterIP
}

/// What the throttler did with a request.
public enum ThrottleOutcome<Pod> {
    /// Send it to this pod now; hand the lease back to `release` when it is done.
    case assigned(PodLease<Pod>)
    /// It waits in the activator (a later `release`, `admitNext` or pod update assigns it).
    case queued
    /// The revision breaker is full: 503 now.
    case rejected
}

extension ThrottleOutcome: Equatable where Pod: Equatable {}
extension ThrottleOutcome: Sendable where Pod: Sendable {}

/// One activator's throttler for one revision (`revisionThrottler`,
/// `pkg/activator/net/throttler.go`): a revision-wide breaker in front of per-pod
/// trackers, and a load-balancing policy to choose among the pods assigned to this
/// activator.
///
/// - Revision breaker: CC > 0: capacity CC × (pods assigned to this activator), queue
///   depth 10 000 (`breakerQueueDepth`) and Knative's `MaxConcurrency` of 2³¹ − 1
///   (`revisionMaxConcurrency`). CC = 0: a gate, open (unlimited) while there is a
///   ready pod, else closed (`infiniteBreaker`).
/// - The buffer: at most `queueDepth` requests wait; the next one is rejected (503,
///   Knative's `ErrRequestQueueFull`). Knative's breaker counts the waiting *and* the
///   admitted requests against `queueDepth + revisionMaxConcurrency`, so with its
///   constants it never fills in practice (and its CC = 0 gate has no limit at all);
///   knsim applies the depth to the waiting requests alone, for both, which is what
///   Knative's comment on `breakerQueueDepth` describes ("the number of requests that
///   are queued on the breaker before the 503s are sent") and makes the depth a
///   setting a study can vary. With the default of 10 000 the two agree unless more
///   than 10 000 requests wait for one revision in one activator.
/// - A request admitted by the breaker is given a pod with room at once; it never waits
///   on a pod. (Knative re-queues if none has room after all; with capacity equal to
///   the assigned pods' slots that cannot happen here, but it is handled the same way.)
/// - Requests wait in FIFO order. A request whose deadline passes while waiting is
///   removed with `removeQueued`; Knative answers 504 (revision `timeoutSeconds`,
///   default 300 s).
///
/// Modelling choice: a value models *one activator instance's* view, given its index
/// among `numActivators`. To model the activator fleet as one logical throttler per
/// revision, use the default (index unknown, one activator): every pod is assigned and
/// the capacity is the fleet's total. To model k activators, keep k values with indices
/// 0..<k and spread requests over them.
///
/// Pods are any `Comparable` id; Knative sorts pods by IP, so use an id whose order is
/// stable over the run (such as a creation sequence number). No allocation per request
/// once buffers have grown; a pod update costs O(P log P).
public struct RevisionThrottler<Request, Pod: Comparable> {
    /// Knative's `breakerQueueDepth`.
    public static var knativeQueueDepth: Int { 10_000 }
    /// Knative's `revisionMaxConcurrency` (`queue.MaxBreakerCapacity`, 2³¹ − 1).
    public static var knativeRevisionMaxConcurrency: Int { Int(Int32.max) }

    public let containerConcurrency: Int
    /// Requests that may wait at once (default `knativeQueueDepth`); one more is rejected.
    public let queueDepth: Int
    public let routing: ActivatorRouting
    /// This activator's index among those carrying the revision; nil until known (then
    /// Knative assigns it every pod).
    public private(set) var activatorIndex: Int?
    public private(set) var numActivators: Int
    /// One tracker per ready pod, sorted by pod.
    public private(set) var trackers: [PodTracker<Pod>] = []
    /// Positions in `trackers` this activator sends requests to, in pod order.
    private var assigned: [Int] = []
    private var balancer: ActivatorLoadBalancer
    private var breaker: Breaker<Request>
    private var nextSerial: UInt64 = 1
    private var podScratch: [Pod] = []
    private var trackerScratch: [PodTracker<Pod>] = []

    public init(containerConcurrency cc: Int, queueDepth: Int = Self.knativeQueueDepth,
                routing: ActivatorRouting = .podAddressing, activatorIndex: Int? = nil, numActivators: Int = 1) {
        precondition(cc >= 0, "container concurrency must be ≥ 0, got \(cc)")
        precondition(queueDepth >= 1, "activator queue depth must be ≥ 1, got \(queueDepth)")
        self.queueDepth = queueDepth
        Self.checkActivators(index: activatorIndex, count: numActivators)
        containerConcurrency = cc
        self.routing = routing
        self.activatorIndex = activatorIndex
        self.numActivators = numActivators
        balancer = routing == .clusterIP
            ? ActivatorLoadBalancer(policy: .random, podCapacity: 0)
            : ActivatorLoadBalancer(containerConcurrency: cc)
        breaker = cc == 0
            ? .gate(open: false)
            : Breaker(queueDepth: Self.knativeQueueDepth, maxConcurrency: Self.knativeRevisionMaxConcurrency,
                      initialCapacity: 0)
    }

    // MARK: State

    public var loadBalancingPolicy: ActivatorLoadBalancingPolicy { balancer.policy }
    /// The revision breaker's capacity (`Int.max` for an open CC = 0 gate).
    public var capacity: Int { breaker.capacity }
    /// Requests holding a revision-breaker slot (sent to a pod, not yet released).
    public var inFlight: Int { breaker.inFlight }
    /// Requests waiting in this activator.
    public var queued: Int { breaker.queued }
    /// The pods this activator sends requests to, in order (allocates; for inspection).
    public var assignedPods: [Pod] { assigned.map { trackers[$0].pod } }

    /// This activator's requests on `pod`, or nil if the pod has no tracker.
    public func inFlight(on pod: Pod) -> Int? {
        position(of: pod).map { trackers[$0].inFlight }
    }

    // MARK: Updates

    /// The revision's ready pods changed (Knative: a probed endpoints update). Pods that
    /// stay keep their trackers; new pods get fresh ones; requests on a removed pod run
    /// to completion and then release nothing on it. Returns how many queued requests
    /// may now be sent; take them with `admitNext`.
    @discardableResult
    public mutating func updatePods<Pods: Sequence>(ready: Pods) -> Int where Pods.Element == Pod {
        podScratch.removeAll(keepingCapacity: true)
        podScratch.append(contentsOf: ready)
        podScratch.sort()
        trackerScratch.removeAll(keepingCapacity: true)
        var old = 0
        for (offset, pod) in podScratch.enumerated() {
            if offset > 0 && podScratch[offset - 1] == pod { continue }
            while old < trackers.count && trackers[old].pod < pod { old += 1 }
            if old < trackers.count && trackers[old].pod == pod {
                trackerScratch.append(trackers[old])
                old += 1
            } else {
                trackerScratch.append(PodTracker(pod: pod, serial: nextSerial))
                nextSerial += 1
            }
        }
        swap(&trackers, &trackerScratch)
        return reassign()
    }

    /// The activators carrying the revision changed (Knative: the public endpoints'
    /// activator list; `index` is this activator's position in it by sorted IP). Returns
    /// how many queued requests may now be sent.
    @discardableResult
    public mutating func updateActivators(index: Int?, count: Int) -> Int {
        Self.checkActivators(index: index, count: count)
        activatorIndex = index
        numActivators = count
        return reassign()
    }

    // MARK: Requests

    /// A request for the revision reaches the throttler.
    public mutating func acquire<R: RandomIndexSource>(_ request: Request, random: inout R) -> ThrottleOutcome<Pod> {
        // Someone waits, so this request would wait too (the queue is FIFO): is there room?
        if breaker.queued >= queueDepth { return .rejected }
        switch breaker.tryAcquire(request) {
        case .rejected: return .rejected
        case .queued: return .queued
        case .admitted:
            if let lease = choosePod(random: &random) { return .assigned(lease) }
            breaker.unadmitToFront(request)
            return .queued
        }
    }

    /// A request sent with `lease` is done (response, failure, or cancelled while at
    /// the pod). Returns the queued request that is sent now, with its pod, if any.
    public mutating func release<R: RandomIndexSource>(_ lease: PodLease<Pod>, random: inout R)
        -> (request: Request, lease: PodLease<Pod>)? {
        if let position = position(of: lease.pod), trackers[position].serial == lease.trackerSerial {
            trackers[position].inFlight -= 1
        }
        guard let next = breaker.release() else { return nil }
        return assign(next, random: &random)
    }

    /// Sends the longest-waiting request if the breaker has room (after `updatePods` or
    /// `updateActivators` raised the capacity). Call until it returns nil.
    public mutating func admitNext<R: RandomIndexSource>(random: inout R) -> (request: Request, lease: PodLease<Pod>)? {
        guard let next = breaker.admitNext() else { return nil }
        return assign(next, random: &random)
    }

    /// Removes a waiting request (its deadline passed). False if it was not waiting.
    public mutating func removeQueued(where isTarget: (Request) -> Bool) -> Bool {
        breaker.removeWaiter(where: isTarget)
    }

    // MARK: Internals

    private mutating func assign<R: RandomIndexSource>(_ request: Request, random: inout R)
        -> (request: Request, lease: PodLease<Pod>)? {
        if let lease = choosePod(random: &random) { return (request, lease) }
        breaker.unadmitToFront(request)
        return nil
    }

    private mutating func choosePod<R: RandomIndexSource>(random: inout R) -> PodLease<Pod>? {
        guard let position = balancer.pick(from: assigned, trackers: &trackers, random: &random) else { return nil }
        return PodLease(pod: trackers[position].pod, trackerSerial: trackers[position].serial)
    }

    /// Recomputes this activator's pods and the breaker capacity (`updateCapacity` and
    /// `calculateCapacity`, `pkg/activator/net/throttler.go`).
    private mutating func reassign() -> Int {
        assigned.removeAll(keepingCapacity: true)
        if routing == .podAddressing && containerConcurrency > 0 {
            let (slice, extra) = ActivatorSubsetting.assignedPositions(
                podCount: trackers.count, activatorIndex: activatorIndex, numActivators: numActivators)
            assigned.append(contentsOf: slice)
            if let extra { assigned.append(extra) }
        } else {
            // CC = 0 uses every pod; ClusterIP routing lets the Service choose among all.
            assigned.append(contentsOf: trackers.indices)
        }
        return breaker.updateCapacity(targetCapacity())
    }

    private func targetCapacity() -> Int {
        let backends = trackers.count
        if containerConcurrency == 0 { return backends > 0 ? .max : 0 }
        var target: Int
        switch routing {
        case .podAddressing:
            target = containerConcurrency * assigned.count
        case .clusterIP:
            target = containerConcurrency * backends
            if target > 0 { target = Swift.max(1, target / Swift.max(1, numActivators)) }
        }
        return Swift.min(target, Self.knativeRevisionMaxConcurrency)
    }

    private func position(of pod: Pod) -> Int? {
        var low = 0, high = trackers.count
        while low < high {
            let middle = (low + high) / 2
            if trackers[middle].pod < pod { low = middle + 1 } else { high = middle }
        }
        return low < trackers.count && trackers[low].pod == pod ? low : nil
    }

    private static func checkActivators(index: Int?, count: Int) {
        precondition(count >= 1, "activator count must be ≥ 1, got \(count)")
        if let index { precondition((0..<count).contains(index), "activator index \(index) not in 0..<\(count)") }
    }
}

extension RevisionThrottler where Request: Equatable {
    /// `removeQueued(where:)` by the request's token.
    public mutating func removeQueued(_ request: Request) -> Bool {
        removeQueued(where: { $0 == request })
    }
}

extension RevisionThrottler: Sendable where Request: Sendable, Pod: Sendable {}
