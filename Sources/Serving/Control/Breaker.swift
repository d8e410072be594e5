import DequeModule

/// What a breaker did with a request.
public enum BreakerAdmission: Sendable, Equatable {
    /// It holds a slot now and may proceed.
    case admitted
    /// It waits in the breaker's FIFO queue until `release()` or `admitNext()` hands it a slot.
    case queued
    /// The breaker was full (slots and queue): Knative answers 503 at once.
    case rejected
}

/// Knative's concurrency breaker (`pkg/queue/breaker.go`): at most `capacity` requests
/// hold a slot; more wait in a queue; a request that finds `queueDepth + maxConcurrency`
/// requests already pending (holding or waiting) is rejected.
///
/// Used by queue-proxy in front of the user container (`Breaker.queueProxy`) and by the
/// activator's revision throttler (`RevisionThrottler`).
///
/// Behaviour kept from Knative:
/// - The rejection limit counts *all* pending requests against `queueDepth +
///   maxConcurrency`, not against the current capacity: a breaker with capacity 0 still
///   queues up to that many (Knative's `TestBreakerQueueing`).
/// - Lowering the capacity never evicts: requests holding slots keep them, and nobody
///   else is admitted until the number holding slots is below the new capacity.
///
/// Where this differs: Knative's semaphore wakes "any" waiter (Go channel receivers,
/// which are FIFO in practice, racing newcomers); here the queue is strictly FIFO and a
/// newcomer never overtakes a waiter. The breaker is single-threaded and value-typed:
/// the caller owns the request tokens and learns who got a slot from the return values.
///
/// No allocation per request once the queue's buffer has grown to its high-water mark.
public struct Breaker<Waiter> {
    /// How many requests may wait beyond the slots.
    public let queueDepth: Int
    /// Knative's `MaxConcurrency`: with `queueDepth` it bounds the pending requests.
    public let maxConcurrency: Int
    /// How many requests may hold a slot at once now.
    public private(set) var capacity: Int
    /// Requests holding a slot.
    public private(set) var inFlight: Int = 0
    private var waiters: Deque<Waiter> = []
    /// `queueDepth + maxConcurrency`, saturating (the unlimited forms use `Int.max`).
    private let totalSlots: Int

    /// - Parameters:
    ///   - queueDepth: Knative requires > 0; 0 is allowed here for a breaker that never queues.
    ///   - maxConcurrency: ≥ 0.
    ///   - initialCapacity: in 0...maxConcurrency, like Knative's `BreakerParams`.
    public init(queueDepth: Int, maxConcurrency: Int, initialCapacity: Int) {
        precondition(queueDepth >= 0, "breaker queue depth must be ≥ 0, got \(queueDepth)")
        precondition(maxConcurrency >= 0, "breaker max concurrency must be ≥ 0, got \(maxConcurrency)")
        precondition((0...maxConcurrency).contains(initialCapacity),
                     "breaker initial capacity must be in 0...\(maxConcurrency), got \(initialCapacity)")
        self.queueDepth = queueDepth
        self.maxConcurrency = maxConcurrency
        self.capacity = initialCapacity
        let (sum, overflow) = queueDepth.addingReportingOverflow(maxConcurrency)
        self.totalSlots = overflow ? .max : sum
    }

    /// Knative's queue-proxy queues up to 10 × containerConcurrency requests
    /// (`buildBreaker`, `pkg/queue/sharedmain/main.go`).
    public static var queueProxyQueueDepthFactor: Int { 10 }

    /// queue-proxy's breaker for a container concurrency (`buildBreaker`,
    /// `pkg/queue/sharedmain/main.go`): CC slots and 10·CC queue places, so the
    /// (CC + 10·CC + 1)-th pending request gets 503. CC = 0 means queue-proxy has no
    /// breaker at all: every request is admitted.
    public static func queueProxy(containerConcurrency cc: Int) -> Breaker {
        precondition(cc >= 0, "container concurrency must be ≥ 0, got \(cc)")
        if cc == 0 { return unlimited() }
        return Breaker(queueDepth: queueProxyQueueDepthFactor * cc, maxConcurrency: cc, initialCapacity: cc)
    }

    /// A breaker that admits everything (no limit, never queues).
    public static func unlimited() -> Breaker {
        Breaker(queueDepth: 0, maxConcurrency: .max, initialCapacity: .max)
    }

    /// A gate (Knative's `infiniteBreaker` in the activator, for CC = 0): capacity is
    /// either 0 (closed: requests wait, without limit) or `Int.max` (open). Open or close
    /// it with `updateCapacity(open ? .max : 0)`.
    public static func gate(open: Bool) -> Breaker {
        Breaker(queueDepth: .max, maxConcurrency: .max, initialCapacity: open ? .max : 0)
    }

    /// Requests waiting for a slot.
    public var queued: Int { waiters.count }
    /// Requests holding a slot or waiting: Knative's `Breaker.InFlight()`.
    public var pending: Int { inFlight + waiters.count }

    /// A request arrives: it takes a free slot if nobody is waiting, else joins the
    /// queue, unless `queueDepth + maxConcurrency` requests are already pending.
    public mutating func tryAcquire(_ waiter: Waiter) -> BreakerAdmission {
        if pending >= totalSlots { return .rejected }
        if waiters.isEmpty && inFlight < capacity {
            inFlight += 1
            return .admitted
        }
        waiters.append(waiter)
        return .queued
    }

    /// Knative's `Reserve`: take a slot now or fail, never queue. The activator uses it
    /// on each pod's tracker.
    public mutating func tryReserve() -> Bool {
        if pending >= totalSlots || inFlight >= capacity { return false }
        inFlight += 1
        return true
    }

    /// A request holding a slot is done. Returns the waiter that takes the freed slot,
    /// if any (it now holds a slot), in FIFO order.
    public mutating func release() -> Waiter? {
        precondition(inFlight > 0, "breaker: release without a matching acquire")
        inFlight -= 1
        return admitNext()
    }

    /// Changes the capacity and returns how many waiters may now take a slot; the
    /// caller admits them with `admitNext()` (which returns nil once none may).
    @discardableResult
    public mutating func updateCapacity(_ newCapacity: Int) -> Int {
        precondition(newCapacity >= 0, "breaker capacity must be ≥ 0, got \(newCapacity)")
        capacity = newCapacity
        return Swift.min(waiters.count, Swift.max(0, capacity - inFlight))
    }

    /// Gives a slot to the longest-waiting request if a slot is free.
    public mutating func admitNext() -> Waiter? {
        guard inFlight < capacity, let next = waiters.popFirst() else { return nil }
        inFlight += 1
        return next
    }

    /// Removes the first waiter matching `isTarget` (a request whose deadline passed
    /// while queued). Searches from the head, where the oldest, likeliest-to-expire
    /// waiters are. Returns false if no waiter matched (it already holds a slot, or
    /// was never queued).
    public mutating func removeWaiter(where isTarget: (Waiter) -> Bool) -> Bool {
        guard let position = waiters.firstIndex(where: isTarget) else { return false }
        waiters.remove(at: position)
        return true
    }

    /// Puts a request that was just admitted back at the head of the queue and frees
    /// its slot without admitting anyone (the activator's "re-enqueue" when no pod had
    /// room after all).
    mutating func unadmitToFront(_ waiter: Waiter) {
        precondition(inFlight > 0, "breaker: unadmit without a matching acquire")
        inFlight -= 1
        waiters.prepend(waiter)
    }
}

extension Breaker where Waiter: Equatable {
    /// Removes a queued request by its token (e.g. its deadline passed).
    public mutating func removeWaiter(_ waiter: Waiter) -> Bool {
        removeWaiter(where: { $0 == waiter })
    }
}

extension Breaker: Sendable where Waiter: Sendable {}
