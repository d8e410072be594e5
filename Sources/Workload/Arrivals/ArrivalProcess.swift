import Foundation
import Engine

/// A source of request arrival times for one service: the seam between the
/// workload and the cluster model.
///
/// The model keeps one process per service and one `RandomStream` per service
/// (conventionally named `"arrivals/<service>"`). It asks for the first arrival with
/// the run's start time, schedules it on the engine, and when that event fires asks
/// again with the event's time:
///
///     var process = AnyArrivalProcess.poisson(try PoissonArrivals(rate: 50))
///     let stream = streams.stream(named: "arrivals/checkout")
///     if let t = process.nextArrival(after: .zero, using: stream) { engine.schedule(.arrival, at: t) }
///     // ...on each arrival event at time `now`:
///     if let t = process.nextArrival(after: now, using: stream) { engine.schedule(.arrival, at: t) }
///
/// Contract:
/// - `now` is the time of the previous arrival (or the start of the run). The result
///   is never earlier than `now`; it may equal it (trace rows can share a timestamp).
/// - nil means the process will produce no more arrivals (rate zero for ever, the
///   end of a trace).
/// - A process draws randomness only from the stream passed in, so the same stream
///   seed gives the same arrivals, whatever the model does with other streams.
/// - Processes are value types whose `nextArrival` allocates nothing: use them
///   through generics (`some ArrivalProcess`) or `AnyArrivalProcess`, not an
///   existential, in the event loop.
public protocol ArrivalProcess {
    mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime?

    /// The service time recorded with the arrival most recently returned, when the
    /// process replays a trace that carries one; nil otherwise. Pass it to
    /// `ServiceTimeModel.serviceTime(recorded:using:)`.
    var recordedServiceTime: SimDuration? { get }
}

extension ArrivalProcess {
    @inlinable public var recordedServiceTime: SimDuration? { nil }
}

extension RandomStream {
    /// An exponential draw with the given mean, by inversion. `uniformOpen` excludes
    /// 0, so the logarithm is finite and the draw strictly positive.
    @inlinable func exponential(mean: Double) -> Double {
        -mean * log(uniformOpen())
    }
}
