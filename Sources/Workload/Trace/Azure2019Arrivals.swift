import Engine
import Foundation

/// Replays Azure Functions 2019 per-minute invocation counts as arrivals.
///
/// The trace gives only how many invocations fell in each minute. A minute's n
/// invocations are spread as n independent uniform points within the minute —
/// which is exactly a Poisson process conditioned on n points in the interval, so
/// the replay is a Poisson process whose rate changes every minute and whose
/// per-minute counts match the trace exactly (at `scale` 1).
///
/// The points are generated already sorted, one at a time, with no buffer: the
/// smallest of m uniforms on [x, 60 s) is x + (60 s − x)(1 − U^(1/m)), and given it
/// the other m − 1 are uniform on the rest. One uniform per arrival.
///
/// Trace minute `startMinute` maps to sim time `start`. With `loop`, the days repeat
/// for ever; otherwise the process ends after the last minute.
///
/// Holds only the counts (not the function's names), so that it stays small inside
/// `AnyArrivalProcess`: every call copies the enum's payload out and back.
public struct Azure2019Arrivals: ArrivalProcess, Sendable, Equatable {
    /// Invocations per minute, 1440 per day.
    public let countsPerMinute: [UInt32]
    public let start: SimTime
    public let startMinute: Int
    /// Multiplies every minute's count; a fractional result is rounded up with
    /// probability equal to its fraction (so the mean count is n × scale). At 1 no
    /// randomness is spent on counts.
    public let scale: Double
    public let loop: Bool

    /// Minutes elapsed since `start` of the minute being filled (−1 before the first).
    @usableFromInline var minute = -1
    /// Arrivals still to place in the current minute.
    @usableFromInline var remaining = 0
    /// Seconds into the current minute of the last arrival placed.
    @usableFromInline var position = 0.0
    @usableFromInline let isEmpty: Bool

    public init(invocations: Azure2019Invocations, start: SimTime = .zero, startMinute: Int = 0,
                scale: Double = 1, loop: Bool = false) throws {
        countsPerMinute = invocations.countsPerMinute
        guard (0..<max(1, countsPerMinute.count)).contains(startMinute) else {
            throw WorkloadError(parameter: "startMinute", message: "must be in 0..<\(invocations.countsPerMinute.count), got \(startMinute)")
        }
        try WorkloadError.requirePositive(scale, "scale")
        self.start = start
        self.startMinute = startMinute
        self.scale = scale
        self.loop = loop
        isEmpty = countsPerMinute.allSatisfy { $0 == 0 }
    }

    @usableFromInline static let minuteNanoseconds: Int64 = 60_000_000_000

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        let counts = countsPerMinute
        guard !isEmpty else { return nil }
        while true {
            let minuteStart = start + SimDuration(nanoseconds: Int64(max(minute, 0)) &* Self.minuteNanoseconds)
            if remaining == 0 || minuteStart + SimDuration(nanoseconds: Self.minuteNanoseconds) <= now {
                // Next minute; skip whole minutes that end before `now` without drawing.
                minute += 1
                var index = startMinute + minute
                if index >= counts.count {
                    guard loop else { remaining = 0; return nil }
                    index %= counts.count
                }
                let next = start + SimDuration(nanoseconds: Int64(minute) &* Self.minuteNanoseconds)
                remaining = next + SimDuration(nanoseconds: Self.minuteNanoseconds) <= now ? 0 : scaled(counts[index], using: random)
                position = 0
                continue
            }
            // The smallest of `remaining` uniforms on [position, 60): 1 − U^(1/m), via expm1 for accuracy at large m.
            let fraction = -expm1(log(random.uniformOpen()) / Double(remaining))
            position += (60 - position) * fraction
            remaining -= 1
            let offset = min(Int64((position * 1e9).rounded()), Self.minuteNanoseconds - 1)
            let t = minuteStart + SimDuration(nanoseconds: offset)
            if t >= now { return t }
        }
    }

    @inlinable func scaled(_ n: UInt32, using random: RandomStream) -> Int {
        if scale == 1 { return Int(n) }
        let x = Double(n) * scale
        let whole = x.rounded(.down)
        return Int(whole) + (random.uniform() < x - whole ? 1 : 0)
    }
}
