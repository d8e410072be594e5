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
    @usableFromInline var clock: SimTime = .zero
    public let endTime: SimTime
    public let warmupEnd: SimTime
    @usableFromInline var queue = EventQueue<Payload>()
    @usableFromInline var processed: Int = 0

    public init(endTime: SimTime, warmupEnd: SimTime = .zero) {
        precondition(warmupEnd <= endTime, "warm-up must end before the run does")
        self.endTime = endTime
        self.warmupEnd = warmupEnd
    }

    /// The current simulated time: the time of the event last returned by `next()`,
    /// or `endTime` once the run is over.
    @inlinable public var now: SimTime { clock }
    /// Events run so far (for the benchmark and the progress bar).
    @inlinable public var eventsProcessed: Int { processed }
    @inlinable public var isWarmingUp: Bool { clock < warmupEnd }
    @inlinable public var pendingCount: Int { queue.count }
    /// The time of the next pending event, if any — possibly at or after `endTime`,
    /// in which case it will never run.
    @inlinable public var peekTime: SimTime? { queue.nextTime }

    /// Makes room for `capacity` simultaneously pending events.
    @inlinable public mutating func reserveCapacity(_ capacity: Int) { queue.reserveCapacity(capacity) }

    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        precondition(time >= clock, "an event cannot be scheduled in the past")
        return queue.schedule(payload, at: time)
    }

    /// Schedules `payload` `delay` from now; the time saturates at `distantFuture`.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: SimDuration) -> TimerHandle {
        precondition(delay >= .zero, "an event cannot be scheduled in the past")
        return queue.schedule(payload, at: clock + delay)
    }

    @inlinable @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Bool { queue.cancel(handle) }

    @inlinable public func isPending(_ handle: TimerHandle) -> Bool { queue.isPending(handle) }

    /// The next event before `endTime`, advancing the clock to it; nil when the run
    /// is over (the clock then stands at `endTime`).
    @inlinable public mutating func next() -> Payload? {
        guard let t = queue.nextTime, t < endTime, let (time, payload) = queue.popNext() else {
            clock = max(clock, endTime)
            return nil
        }
        clock = time
        processed &+= 1
        return payload
    }
}

extension Engine: Sendable where Payload: Sendable {}
