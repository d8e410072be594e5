import Engine

/// How long a request keeps its container busy (the user code's own time; the
/// cluster model adds queueing, sidecars and cold starts).
///
/// The cluster model draws from a stream of its own (e.g. "service/<service>"), so
/// service times do not shift the arrival stream:
///
///     let s = model.serviceTime(recorded: process.recordedServiceTime, using: serviceStream)
public enum ServiceTimeModel: Sendable, Equatable {
    /// Independent draws from a distribution (seconds).
    case distribution(Distribution)
    /// Independent draws by inversion through known percentiles (seconds), e.g.
    /// from `Azure2019Durations`.
    case percentiles(PiecewiseLinearQuantiles)
    /// The duration recorded with each request in the trace being replayed (a CSV
    /// second column, Azure 2021's `duration`); `fallback` for requests without one.
    case recorded(fallback: Distribution)

    /// The service time of one request. `recorded` is the arrival process's
    /// `recordedServiceTime` for that request; only `.recorded` uses it.
    @inlinable
    public func serviceTime(recorded: SimDuration?, using random: RandomStream) -> SimDuration {
        switch self {
        case .distribution(let d):
            return d.sampleDuration(using: random)
        case .percentiles(let q):
            return .seconds(q.sample(using: random))
        case .recorded(let fallback):
            return recorded ?? fallback.sampleDuration(using: random)
        }
    }

    /// Throws the first parameter that makes no sense (percentiles are checked when built).
    public func validate() throws {
        switch self {
        case .distribution(let d), .recorded(fallback: let d):
            try d.validate()
        case .percentiles:
            break
        }
    }
}
