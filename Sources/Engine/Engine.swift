/// The simulation kernel: a clock and an event queue. It knows nothing of Knative.
///
/// Components schedule payloads (usually a small enum defined by the model) and the
/// model runs the loop:
///
///     while let event = engine.next() { model.handle(event) }
///
/// `next()` advances `now` to the event's time and stops at `endTime`: events
/// scheduled at or after the end never run. `warmupEnd` marks the end of the warm-up
/// period; the model excludes requests that arrive before it from statistics.
public struct Engine<Payload> {
    public private(set) var now: SimTime = .zero
    public let endTime: SimTime
    public let warmupEnd: SimTime
    @usableFromInline var queue = EventQueue<Payload>()
    /// Events run so far (for the benchmark and the progress bar).
    public private(set) var eventsProcessed: Int = 0

    public init(endTime: SimTime, warmupEnd: SimTime = .zero) {
        precondition(warmupEnd <= endTime, "warm-up must end before the run does")
        self.endTime = endTime
        self.warmupEnd = warmupEnd
    }

    public var isWarmingUp: Bool { now < warmupEnd }
    public var pendingCount: Int { queue.count }

    @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        precondition(time >= now, "an event cannot be scheduled in the past")
        return queue.schedule(payload, at: time)
    }

    @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: SimDuration) -> TimerHandle {
        queue.schedule(payload, at: now + delay)
    }

    @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Bool { queue.cancel(handle) }

    public func isPending(_ handle: TimerHandle) -> Bool { queue.isPending(handle) }

    /// The next event before `endTime`, advancing the clock to it; nil when the run
    /// is over (the clock then stands at `endTime`).
    public mutating func next() -> Payload? {
        guard let t = queue.nextTime, t < endTime, let (time, payload) = queue.popNext() else {
            now = max(now, endTime)
            return nil
        }
        now = time
        eventsProcessed &+= 1
        return payload
    }
}
