import Engine

/// A pod's identity in the routing structures: ordered by creation (Knative orders
/// pods by IP, which is as arbitrary and as stable), carrying the slot to find its state.
struct PodKey: Comparable, Hashable, Sendable {
    var serial: Int64
    var slot: Int32
    static func < (a: PodKey, b: PodKey) -> Bool { a.serial < b.serial }
}

/// Where a request is, for timeouts and failures.
enum RequestStage: UInt8 {
    case travelling        // on a hop (a latency event is pending)
    case inActivatorQueue
    case inQueueProxyQueue
    case inService
}

/// The state of one in-flight request. Slots are reused, so memory follows the number
/// of requests in flight, not the total.
struct RequestState {
    var generation: UInt32 = 0
    var live = false
    var counted = false
    var proxied = false
    var cold = false
    /// Answered already (failed by a timeout) while still holding a container slot.
    var abandoned = false
    /// Sent by another request (a downstream call), not by a workload: kept out of
    /// the entry statistics and the time series.
    var isCall = false
    var stage = RequestStage.travelling
    var revision: Int32 = -1
    var pod: Int32 = -1
    /// The generation of `pod` when the request was sent to it: a request reaching a
    /// slot that a newer pod has taken must not be served there.
    var podGeneration: UInt32 = 0
    var lease: PodLease<PodKey>?
    var timeout: TimerHandle?
    var arrivedAt: Int64 = 0
    var deadline: Int64 = 0
    /// When the current waiting stage began.
    var stageStartedAt: Int64 = 0
    /// `sidecar + queueProxyWait` when the activator wait began: hop time before that
    /// (on an attempt the activator retried) is not part of the wait.
    var hopsBeforeWait: Int64 = 0
    // Where the time went, in nanoseconds.
    var ingress: Int64 = 0
    var activator: Int64 = 0
    var coldStartWait: Int64 = 0
    var queueProxyWait: Int64 = 0
    var sidecar: Int64 = 0
    var serviceStartedAt: Int64 = 0
    /// The service time a trace recorded for this request (ns), or −1 to draw one.
    var recordedService: Int64 = -1
    /// The closed-loop client that sent it (−1: an open arrival), and its workload.
    var client: Int32 = -1
    var workload: Int32 = -1
}

/// Requests by slot, with a free list.
struct RequestTable {
    private(set) var slots: [RequestState] = []
    private var free: [Int32] = []
    private(set) var live = 0
    /// Live requests that are downstream calls (`markCall`).
    private(set) var liveCalls = 0
    /// Live requests a workload sent (the time series' in-flight count).
    var liveEntries: Int { live - liveCalls }

    mutating func allocate() -> Int32 {
        live += 1
        if let slot = free.popLast() {
            slots[Int(slot)].live = true
            return slot
        }
        var state = RequestState()
        state.live = true
        slots.append(state)
        return Int32(slots.count - 1)
    }

    /// The request in `slot` is a downstream call.
    mutating func markCall(_ slot: Int32) {
        slots[Int(slot)].isCall = true
        liveCalls += 1
    }

    mutating func release(_ slot: Int32) {
        live -= 1
        if slots[Int(slot)].isCall { liveCalls -= 1 }
        let generation = slots[Int(slot)].generation &+ 1
        slots[Int(slot)] = RequestState()
        slots[Int(slot)].generation = generation
        free.append(slot)
    }

    subscript(slot: Int32) -> RequestState {
        get { slots[Int(slot)] }
        _modify { yield &slots[Int(slot)] }
    }

    func isCurrent(_ slot: Int32, _ generation: UInt32) -> Bool {
        let s = slots[Int(slot)]
        return s.live && s.generation == generation
    }
}
