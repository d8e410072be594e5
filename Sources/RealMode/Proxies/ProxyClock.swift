import Engine

/// Wall-clock time expressed as the simulation's `SimTime`, so that real mode can hand
/// the very same control types (breaker, queue-proxy stats, activator reporter) the
/// time values they take in simulation. Time zero is the clock's origin; every proxy
/// and the autoscaler of one run should share one clock so their times compare.
public struct ProxyClock: Sendable {
    /// The instant that is `SimTime.zero`.
    public let origin: ContinuousClock.Instant

    public init(origin: ContinuousClock.Instant = .now) {
        self.origin = origin
    }

    /// Now, as time since the origin.
    public func now() -> SimTime { time(at: .now) }

    /// An instant as time since the origin.
    public func time(at instant: ContinuousClock.Instant) -> SimTime {
        let elapsed = (instant - origin).components
        return SimTime(nanoseconds: elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }
}
