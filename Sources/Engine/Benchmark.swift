import Foundation

/// Throughput of the event queue in the classic *hold model*: `pending` events are
/// kept in the queue; each step pops the earliest and schedules a new one at the
/// popped time plus a random increment. Increments (exponential, mean 1 ms) and the
/// ids to cancel are drawn before the clock starts, so the figure measures the
/// queue, not a random generator.
///
/// The CLI's `knsim bench` prints these; no test times anything.
public enum EngineBenchmark {
    /// Which queue a run measures.
    public enum Queue: String, Sendable, CaseIterable {
        /// The production `EventQueue` (radix heap).
        case radixHeap = "radix-heap"
        /// The original binary heap, kept for comparison only.
        case referenceBinaryHeap = "binary-heap"
    }

    public struct Result: Sendable, Equatable {
        public var queue: Queue
        public var pending: Int
        /// Whether each step also cancelled and rescheduled a random pending timer.
        public var cancelling: Bool
        /// Events popped while the clock ran.
        public var events: Int
        /// CPU time of this process over those events (CLOCK_PROCESS_CPUTIME_ID).
        public var cpuSeconds: Double
        /// A digest of the popped (time, payload) sequence. Both queues implement the
        /// same total order, so for the same arguments they must report the same value.
        public var checksum: UInt64

        public var eventsPerSecond: Double { cpuSeconds > 0 ? Double(events) / cpuSeconds : 0 }
    }

    /// Runs the hold model on `queue` (by default the production `EventQueue`).
    ///
    /// With `cancelling`, each step additionally cancels one random pending event and
    /// schedules it again (a request resetting its keep-alive timer), so a step is one
    /// pop, one cancel and two schedules.
    ///
    /// Before timing, the queue is filled with `pending` events and run for `pending`
    /// untimed steps, so that the measured steps see a steady-state distribution.
    public static func holdModel(
        pending: Int, events: Int, cancelling: Bool = false, queue: Queue = .radixHeap, seed: UInt64 = 1
    ) -> Result {
        precondition(pending > 0 && pending < Int(Int32.max) && events >= 0, "the hold model needs pending events")
        switch queue {
        case .radixHeap:
            var q = EventQueue<Int32>()
            q.reserveCapacity(pending + 1)
            return run(&q, queue: queue, pending: pending, events: events, cancelling: cancelling, seed: seed)
        case .referenceBinaryHeap:
            var q = ReferenceBinaryHeap<Int32>()
            return run(&q, queue: queue, pending: pending, events: events, cancelling: cancelling, seed: seed)
        }
    }

    /// The hold model on the original binary heap, for comparison.
    public static func holdModelReferenceHeap(pending: Int, events: Int, cancelling: Bool = false, seed: UInt64 = 1) -> Result {
        holdModel(pending: pending, events: events, cancelling: cancelling, queue: .referenceBinaryHeap, seed: seed)
    }

    /// The hold model where every step also cancels and reschedules a random timer;
    /// `eventsPerSecond` still counts pops (each with a cancel and two schedules).
    public static func holdModelWithCancellation(pending: Int, events: Int, queue: Queue = .radixHeap, seed: UInt64 = 1) -> Result {
        holdModel(pending: pending, events: events, cancelling: true, queue: queue, seed: seed)
    }

    // MARK: - The model

    /// Table sizes are powers of two so that indexing wraps with a mask; 2^16 entries
    /// stay in cache and are far longer than any period the queue could notice.
    static let tableSize = 1 << 16

    private static func run<Q: HoldModelQueue>(
        _ q: inout Q, queue: Queue, pending: Int, events: Int, cancelling: Bool, seed: UInt64
    ) -> Result where Q.Payload == Int32 {
        var random = BenchmarkRandom(seed: seed)
        let mask = tableSize - 1
        let increments = (0..<tableSize).map { _ in random.exponentialNanoseconds(mean: 1_000_000) }
        let victims = (0..<tableSize).map { _ in Int32(truncatingIfNeeded: random.below(pending)) }

        // Every id 0..<pending has exactly one pending event at any time.
        var handles = [TimerHandle]()
        handles.reserveCapacity(pending)
        for id in 0..<pending {
            handles.append(q.schedule(Int32(id), at: SimTime(nanoseconds: increments[id & mask])))
        }

        var checksum: UInt64 = 0
        var step = 0
        func hold(_ count: Int) {
            for _ in 0..<count {
                let (time, id) = q.popNext().unsafelyUnwrapped
                checksum = (checksum &* 0x100_0000_01b3) ^ UInt64(bitPattern: time.nanoseconds) ^ UInt64(UInt32(bitPattern: id))
                handles[Int(id)] = q.schedule(id, at: SimTime(nanoseconds: time.nanoseconds &+ increments[step & mask]))
                if cancelling {
                    let victim = Int(victims[step & mask])
                    _ = q.cancel(handles[victim])
                    handles[victim] = q.schedule(Int32(victim), at: SimTime(nanoseconds: time.nanoseconds &+ increments[(step &+ 7919) & mask]))
                }
                step &+= 1
            }
        }

        hold(pending)
        checksum = 0
        let start = ProcessCPUClock.seconds()
        hold(events)
        let cpu = ProcessCPUClock.seconds() - start
        return Result(queue: queue, pending: pending, cancelling: cancelling, events: events, cpuSeconds: cpu, checksum: checksum)
    }
}

/// What the hold model needs of a queue, so one generic loop measures both.
protocol HoldModelQueue {
    associatedtype Payload
    mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle
    mutating func cancel(_ handle: TimerHandle) -> Bool
    mutating func popNext() -> (time: SimTime, payload: Payload)?
}

extension EventQueue: HoldModelQueue {}
extension ReferenceBinaryHeap: HoldModelQueue {}

/// SplitMix64: tiny, seeded, and good enough to draw benchmark inputs.
struct BenchmarkRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1].
    mutating func unitInterval() -> Double { Double((next() >> 11) + 1) * 0x1p-53 }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func exponentialNanoseconds(mean: Double) -> Int64 {
        Int64((-Foundation.log(unitInterval()) * mean).rounded())
    }
}
