/// A policy whose decisions can fail at run time (an external program that exits or
/// breaks the protocol). `ScalingPolicy`'s methods cannot throw, so such a policy keeps
/// its first error and a host checks `policyFailure` before and after a run, rather than
/// reporting a run that went on without decisions as if it were sound.
public protocol FallibleScalingPolicy: ScalingPolicy {
    /// The first error, nil while every exchange succeeded.
    var policyFailure: (any Error & Sendable)? { get }
}

extension ExternalPolicy: FallibleScalingPolicy {
    public var policyFailure: (any Error & Sendable)? { failure }
}

/// A policy that could not even start (e.g. an external program that is not found): it
/// never decides and reports why. Lets a non-throwing factory hand its failure to the
/// host.
public struct FailedScalingPolicy: FallibleScalingPolicy {
    public let error: any Error & Sendable
    public var decisionInterval: Int64 { KPATiming.tickInterval }
    public var status: ScalingDecision { ScalingDecision(desiredScale: -1, excessBurstCapacity: -1, valid: false) }
    public var policyFailure: (any Error & Sendable)? { error }

    public init(_ error: any Error & Sendable) { self.error = error }

    public mutating func record(_ sample: MetricSample, at now: Int64) -> Bool { false }
    public mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision { status }
}
