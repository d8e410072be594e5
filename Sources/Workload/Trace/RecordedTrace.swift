import Engine

/// Request arrivals read from a trace, sorted, with an optional service time each.
///
/// Held in memory: 8 bytes per arrival, plus 8 per service time (see
/// `TraceLimits`). Times are relative to the trace's own origin.
public struct RecordedTrace: Sendable, Equatable {
    /// Arrival times, non-decreasing.
    public let arrivals: [SimTime]
    /// One per arrival, or empty when the trace carries no service times.
    public let serviceTimes: [SimDuration]

    public init(arrivals: [SimTime], serviceTimes: [SimDuration] = []) {
        precondition(serviceTimes.isEmpty || serviceTimes.count == arrivals.count,
                     "service times must be absent or one per arrival")
        self.arrivals = arrivals
        self.serviceTimes = serviceTimes
    }

    public var count: Int { arrivals.count }
    public var hasServiceTimes: Bool { !serviceTimes.isEmpty }
}

/// Replays a `RecordedTrace`: trace time 0 maps to `start`, and each row is one
/// arrival. Draws no randomness. Rows earlier than the `now` passed in are skipped
/// (a replay that starts late starts mid-trace). Returns nil after the last row.
public struct TraceArrivals: ArrivalProcess, Sendable, Equatable {
    public let trace: RecordedTrace
    public let start: SimTime
    @usableFromInline var cursor = 0
    @usableFromInline var lastServiceTime: SimDuration?

    public var recordedServiceTime: SimDuration? { lastServiceTime }

    public init(trace: RecordedTrace, start: SimTime = .zero) {
        self.trace = trace
        self.start = start
    }

    /// Rows not yet replayed.
    public var remaining: Int { trace.count - cursor }

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        while cursor < trace.arrivals.count {
            let i = cursor
            cursor += 1
            let t = start + SimDuration(nanoseconds: trace.arrivals[i].nanoseconds)
            if t >= now {
                lastServiceTime = trace.serviceTimes.isEmpty ? nil : trace.serviceTimes[i]
                return t
            }
        }
        lastServiceTime = nil
        return nil
    }
}
