/// An instant of simulated time, in integer nanoseconds since the run started.
///
/// Integers, not floating point, so that event order never depends on rounding and
/// equal times compare equal on every machine.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimTime(nanoseconds: 0)
    public static let distantFuture = SimTime(nanoseconds: .max)

    @inlinable public static func seconds(_ s: Double) -> SimTime {
        SimTime(nanoseconds: SimDuration.seconds(s).nanoseconds)
    }

    /// Seconds since the start, as a Double (for reporting only).
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime {
        // Saturate instead of trapping: a timer "never" is distantFuture.
        let (sum, overflow) = t.nanoseconds.addingReportingOverflow(d.nanoseconds)
        return SimTime(nanoseconds: overflow ? .max : sum)
    }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
        SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds)
    }
    @inlinable public static func - (t: SimTime, d: SimDuration) -> SimTime {
        SimTime(nanoseconds: t.nanoseconds - d.nanoseconds)
    }

    public var description: String { "\(seconds)s" }
}

/// A span of simulated time, in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimDuration(nanoseconds: 0)

    /// Rounds to the nearest nanosecond; negative and non-finite inputs are the
    /// caller's bug, so they clamp to zero / the maximum rather than trap mid-run.
    @inlinable public static func seconds(_ s: Double) -> SimDuration {
        guard s.isFinite else { return SimDuration(nanoseconds: s > 0 ? .max : 0) }
        let ns = (s * 1e9).rounded()
        if ns >= 9.2e18 { return SimDuration(nanoseconds: .max) }
        return SimDuration(nanoseconds: max(0, Int64(ns)))
    }
    @inlinable public static func milliseconds(_ ms: Int64) -> SimDuration { SimDuration(nanoseconds: ms * 1_000_000) }
    @inlinable public static func wholeSeconds(_ s: Int64) -> SimDuration { SimDuration(nanoseconds: s * 1_000_000_000) }

    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(nanoseconds: a.nanoseconds &+ b.nanoseconds)
    }
    @inlinable public static func * (d: SimDuration, k: Int64) -> SimDuration {
        SimDuration(nanoseconds: d.nanoseconds * k)
    }

    public var description: String { "\(seconds)s" }
}
