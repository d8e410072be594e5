import Engine

/// One change in a schedule of request rates (requests per second).
public enum RateChange: Sendable, Equatable {
    /// From `at` on, the rate is `rate`, until the next change starts.
    case step(at: SimTime, rate: Double)
    /// The rate goes linearly from `from` to `to` over `over`, then holds at `to`
    /// until the next change starts. It starts at `at`, or — when `at` is nil —
    /// where the previous ramp ends (at time zero if it is the first change; a
    /// step has no end, so a ramp right after a step needs an `at`).
    case ramp(at: SimTime? = nil, from: Double, to: Double, over: SimDuration)
}

/// A piecewise-linear rate function λ(t), built from steps and ramps, with its
/// integral Λ(t) = ∫₀ᵗ λ in closed form.
///
/// Before the first change the rate is 0. Changes must be in time order and a
/// change may not start inside a preceding ramp. Times are held as Double seconds
/// (exact to well under a nanosecond for runs shorter than a century).
public struct RateSchedule: Sendable, Equatable {
    public let changes: [RateChange]

    /// On [start, next.start) the rate is `rate + slope × (t − start)`, and
    /// `cumulative` is Λ(start). The last segment is always flat and unbounded.
    @usableFromInline struct Segment: Sendable, Equatable {
        @usableFromInline var start: Double
        @usableFromInline var rate: Double
        @usableFromInline var slope: Double
        @usableFromInline var cumulative: Double
    }
    @usableFromInline let segments: [Segment]

    public init(_ changes: [RateChange]) throws {
        self.changes = changes
        var segs = [Segment(start: 0, rate: 0, slope: 0, cumulative: 0)]
        // The earliest time the next change may start, and what that bound is, for messages.
        var earliest = 0.0
        var previousRampEnd: Double? = 0  // nil after a step: a step has no end.

        func append(_ s: Segment) {
            // A change at the same instant as the last segment replaces it (zero length).
            if segs[segs.count - 1].start == s.start { segs[segs.count - 1] = s } else { segs.append(s) }
        }

        for (i, change) in changes.enumerated() {
            let name = "changes[\(i)]"
            switch change {
            case .step(let at, let rate):
                try WorkloadError.requireNonNegative(rate, "\(name).rate")
                let start = at.seconds
                guard start >= earliest else {
                    throw WorkloadError(parameter: "\(name).at", message: Self.orderMessage(earliest: earliest, got: start))
                }
                append(Segment(start: start, rate: rate, slope: 0, cumulative: 0))
                earliest = start
                previousRampEnd = nil
            case .ramp(let at, let from, let to, let over):
                try WorkloadError.requireNonNegative(from, "\(name).from")
                try WorkloadError.requireNonNegative(to, "\(name).to")
                guard over > .zero else {
                    throw WorkloadError(parameter: "\(name).over", message: "must be greater than 0, got \(over)")
                }
                let start: Double
                if let at {
                    start = at.seconds
                    guard start >= earliest else {
                        throw WorkloadError(parameter: "\(name).at", message: Self.orderMessage(earliest: earliest, got: start))
                    }
                } else if let end = previousRampEnd {
                    start = end
                } else {
                    throw WorkloadError(parameter: "\(name).at", message: "is required: the ramp follows a step, which has no end time")
                }
                let end = start + over.seconds
                append(Segment(start: start, rate: from, slope: (to - from) / over.seconds, cumulative: 0))
                segs.append(Segment(start: end, rate: to, slope: 0, cumulative: 0))
                earliest = end
                previousRampEnd = end
            }
        }
        for k in 1..<max(1, segs.count) {
            let p = segs[k - 1], d = segs[k].start - p.start
            segs[k].cumulative = p.cumulative + p.rate * d + 0.5 * p.slope * d * d
        }
        segments = segs
    }

    private static func orderMessage(earliest: Double, got: Double) -> String {
        "changes must be in time order and may not start inside a ramp: expected \(earliest)s or later, got \(got)s"
    }

    /// λ(t), requests per second.
    public func rate(at time: SimTime) -> Double {
        let t = time.seconds
        let s = segments[segmentIndex(containing: t, hint: 0)]
        return s.rate + s.slope * (t - s.start)
    }

    /// Λ(end) − Λ(start): the expected number of arrivals in [start, end).
    public func expectedArrivals(from start: SimTime, to end: SimTime) -> Double {
        cumulative(at: end.seconds, hint: 0) - cumulative(at: start.seconds, hint: 0)
    }

    @usableFromInline func cumulative(at t: Double, hint: Int) -> Double {
        let s = segments[segmentIndex(containing: t, hint: hint)]
        let d = t - s.start
        return s.cumulative + s.rate * d + 0.5 * s.slope * d * d
    }

    /// The index of the segment containing `t` (t ≥ 0), searching forward from
    /// `hint` — arrivals move forward, so this is usually zero or one step.
    @usableFromInline func segmentIndex(containing t: Double, hint: Int) -> Int {
        var i = hint < segments.count && segments[hint].start <= t ? hint : 0
        while i + 1 < segments.count && segments[i + 1].start <= t { i += 1 }
        return i
    }

    /// The first time t ≥ `from` with Λ(t) = Λ(from) + `mass`, and its segment;
    /// nil if the rate is zero from some point on and Λ never gets there.
    ///
    /// Inverse of the integrated rate, segment by segment: on a segment with
    /// rate a + b·x (x the offset into it), Λ grows by a·x + b·x²/2, so the offset
    /// reaching mass y is x = 2y / (a + √(a² + 2by)) — the root of the quadratic in
    /// the form that stays accurate when b is tiny or negative.
    @usableFromInline func time(after from: Double, mass: Double, hint: Int) -> (time: Double, segment: Int)? {
        var i = segmentIndex(containing: from, hint: hint)
        let target = cumulative(at: from, hint: i) + mass
        while true {
            let s = segments[i]
            let isLast = i + 1 == segments.count
            if isLast && s.rate <= 0 { return nil }
            if isLast || target <= segments[i + 1].cumulative {
                let y = target - s.cumulative
                let x: Double
                if s.slope == 0 {
                    x = y / s.rate
                } else {
                    let root = (s.rate * s.rate + 2 * s.slope * y).squareRoot()
                    let denominator = s.rate + (root.isNaN ? 0 : root)
                    x = denominator > 0 ? 2 * y / denominator : 0
                }
                var t = s.start + x
                if !isLast { t = min(t, segments[i + 1].start) }
                return (max(t, from), i)
            }
            i += 1
        }
    }
}

/// A non-homogeneous Poisson process whose rate follows a `RateSchedule`.
///
/// Exact, by inversion: the arrivals of a Poisson process with integrated rate Λ are
/// Λ⁻¹ of the arrivals of a unit-rate process, so each gap is one Exp(1) draw pushed
/// through the closed-form inverse of Λ. No thinning bound, no rejected draws: one
/// uniform per arrival however spiky the schedule.
public struct ScheduledArrivals: ArrivalProcess, Sendable, Equatable {
    public let schedule: RateSchedule
    @usableFromInline var hint = 0

    public init(schedule: RateSchedule) { self.schedule = schedule }
    public init(_ changes: [RateChange]) throws { schedule = try RateSchedule(changes) }

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        let from = now.seconds
        guard let (t, i) = schedule.time(after: from, mass: random.exponential(mean: 1), hint: hint) else { return nil }
        hint = i
        return max(now, SimTime.seconds(t))
    }
}
