import Engine
import Foundation

/// A homogeneous Poisson process: exponential gaps with mean 1/rate.
///
/// Memoryless, so it keeps no state: the next arrival is `now` plus one draw.
public struct PoissonArrivals: ArrivalProcess, Sendable, Equatable {
    /// Requests per second; 0 means no arrivals.
    public let rate: Double

    public init(rate: Double) throws {
        try WorkloadError.requireNonNegative(rate, "rate")
        self.rate = rate
    }

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        guard rate > 0 else { return nil }
        return now + .seconds(random.exponential(mean: 1 / rate))
    }
}
