import Engine

/// Any built-in arrival process, as one concrete value type: what the cluster model
/// stores per service. An enum rather than `any ArrivalProcess`, so a call is a
/// switch and a direct (inlinable) call — no existential box, no allocation.
///
/// Each call copies the active payload out and writes it back, so every payload is
/// kept to a few words (immutable tables live in arrays, shared by reference; names
/// and metadata stay outside). A payload carrying strings once made every call,
/// whatever the case, several times slower.
public enum AnyArrivalProcess: ArrivalProcess, Sendable, Equatable {
    case poisson(PoissonArrivals)
    case deterministic(DeterministicArrivals)
    case schedule(ScheduledArrivals)
    case diurnal(DiurnalArrivals)
    case mmpp(MMPPArrivals)
    case trace(TraceArrivals)
    case azure2019(Azure2019Arrivals)

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        switch self {
        case .poisson(var p):
            let t = p.nextArrival(after: now, using: random); self = .poisson(p); return t
        case .deterministic(var p):
            let t = p.nextArrival(after: now, using: random); self = .deterministic(p); return t
        case .schedule(var p):
            let t = p.nextArrival(after: now, using: random); self = .schedule(p); return t
        case .diurnal(var p):
            let t = p.nextArrival(after: now, using: random); self = .diurnal(p); return t
        case .mmpp(var p):
            let t = p.nextArrival(after: now, using: random); self = .mmpp(p); return t
        case .trace(var p):
            let t = p.nextArrival(after: now, using: random); self = .trace(p); return t
        case .azure2019(var p):
            let t = p.nextArrival(after: now, using: random); self = .azure2019(p); return t
        }
    }

    @inlinable
    public var recordedServiceTime: SimDuration? {
        if case .trace(let p) = self { return p.recordedServiceTime }
        return nil
    }
}
