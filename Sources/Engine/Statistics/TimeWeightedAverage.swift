/// The time average of a piecewise-constant level — ready pods, requests in flight,
/// queue length — measured from a start time (the end of warm-up) onwards.
///
/// The level holds from each `record(level:at:)` until the next. Only time at or
/// after `start` counts: a level recorded during warm-up is the level in force when
/// measurement starts, but the time before `start` adds nothing to the integral,
/// and a level that was replaced before `start` does not count towards `maxLevel`.
/// Constant memory; times must not go backwards.
public struct TimeWeightedAverage: Sendable, Equatable {
    /// When measurement starts.
    public let start: SimTime
    /// The level now in force.
    public private(set) var level: Double
    /// When `level` took effect.
    public private(set) var lastChange: SimTime
    /// Integral of the level over [start, lastChange], in level-seconds.
    private var settledIntegral: Double = 0
    /// Largest level in force for some time after `start`, among levels already replaced.
    private var settledMax: Double = -.infinity

    /// - Parameters:
    ///   - start: measurement start (e.g. the engine's warm-up end).
    ///   - level: the level in force from `time` on, until the first record.
    ///   - time: when that initial level took effect (it may be before or after
    ///     `start`); by default the start of the run. Time between `start` and a
    ///     later `time` counts as level 0.
    public init(start: SimTime = .zero, level: Double = 0, at time: SimTime = .zero) {
        self.start = start
        self.level = level
        self.lastChange = time
    }

    /// The level changes to `newLevel` at `time` (not earlier than the last change).
    public mutating func record(level newLevel: Double, at time: SimTime) {
        precondition(time >= lastChange, "time-weighted average: time went backwards (\(time) < \(lastChange))")
        if time > start && time > lastChange {
            // The old level held over (max(lastChange, start), time], a non-empty
            // span. A level replaced at the instant it was set held for no time and
            // counts for nothing, not even the maximum.
            let from = Swift.max(lastChange, start)
            settledIntegral += level * (time - from).seconds
            settledMax = Swift.max(settledMax, level)
        }
        level = newLevel
        lastChange = time
    }

    /// Shorthand for `record(level: level + delta, at: time)`: a pod became ready, a
    /// request arrived (+1) or left (-1).
    public mutating func add(_ delta: Double, at time: SimTime) {
        record(level: level + delta, at: time)
    }

    /// Integral of the level over [start, end], in level-seconds (pod-seconds for a
    /// pod count); 0 when `end` is not after `start`. `end` must not precede the last change.
    public func integral(until end: SimTime) -> Double {
        guard end > start else { return 0 }
        precondition(end >= lastChange, "time-weighted average: asked about \(end), before the last change at \(lastChange)")
        return settledIntegral + level * (end - Swift.max(lastChange, start)).seconds
    }

    /// Average level over [start, end]; nil when `end` is not after `start`.
    public func average(until end: SimTime) -> Double? {
        guard end > start else { return nil }
        return integral(until: end) / (end - start).seconds
    }

    /// Largest level in force at or after `start`. The current level counts, as it
    /// holds from `max(lastChange, start)` on.
    public var maxLevel: Double { Swift.max(settledMax, level) }
}
