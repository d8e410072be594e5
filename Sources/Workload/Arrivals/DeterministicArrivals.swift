import Engine

/// Arrivals on a fixed lattice: `phase + k × interval` for k = 0, 1, 2, …
///
/// Draws no randomness. Stateful so that two lattice points are never returned
/// twice: a call returns the first point not yet returned that is at or after `now`.
public struct DeterministicArrivals: ArrivalProcess, Sendable, Equatable {
    public let interval: SimDuration
    /// The time of the first arrival (default: the start of the run).
    public let phase: SimTime
    @usableFromInline var upcoming: SimTime

    public init(interval: SimDuration, phase: SimTime = .zero) throws {
        guard interval > .zero else {
            throw WorkloadError(parameter: "interval", message: "must be greater than 0, got \(interval)")
        }
        guard phase >= .zero else {
            throw WorkloadError(parameter: "phase", message: "must be 0 or more, got \(phase)")
        }
        self.interval = interval
        self.phase = phase
        upcoming = phase
    }

    /// Convenience: one request every 1/rate seconds.
    public init(rate: Double, phase: SimTime = .zero) throws {
        try WorkloadError.requirePositive(rate, "rate")
        try self.init(interval: .seconds(1 / rate), phase: phase)
    }

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        if upcoming < now {
            // Jump to the first lattice point at or after `now` without walking.
            let behind = (now - upcoming).nanoseconds
            let steps = (behind + interval.nanoseconds - 1) / interval.nanoseconds
            upcoming = upcoming + SimDuration(nanoseconds: steps &* interval.nanoseconds)
        }
        let t = upcoming
        upcoming = upcoming + interval
        return t == .distantFuture ? nil : t
    }
}
