import CallPlanWire
import Serving

/// How one request of a real run ended, as the load generator saw it. Times are
/// nanoseconds since the run started (the wall clock the autoscaler is fed).
public struct RealRequestOutcome: Sendable, Equatable {
    /// The revision (index in the configuration's order of services, then revisions).
    public var revision: Int
    public var arrivedAt: Int64
    /// When the response (or the failure) came back.
    public var finishedAt: Int64
    /// nil for a completed request (2xx).
    public var failure: FailureReason?
    /// The request waited for a pod to start (`X-Knsim-Cold: 1`).
    public var cold: Bool
    /// The service time it asked for, in nanoseconds (its wait is the rest of its latency).
    public var serviceTime: Int64
    /// The downstream calls its tree made, as its functions reported them (offsets from
    /// the start of its own work, taken as its arrival).
    public var calls: [CallRecord]

    public init(revision: Int, arrivedAt: Int64, finishedAt: Int64, failure: FailureReason?, cold: Bool,
                serviceTime: Int64, calls: [CallRecord] = []) {
        self.revision = revision
        self.arrivedAt = arrivedAt
        self.finishedAt = finishedAt
        self.failure = failure
        self.cold = cold
        self.serviceTime = serviceTime
        self.calls = calls
    }
}

/// What happened to one pod of a real run (nanoseconds since the start).
public struct RealPodRecord: Sendable, Equatable {
    public var revision: Int
    public var createdAt: Int64
    /// When its readiness probe first answered; nil if it never became ready.
    public var readyAt: Int64?
    /// When it was withdrawn (no longer counted as ready); nil if it lived to the end.
    public var withdrawnAt: Int64?
    /// Startup phases with their durations (emulated ones as drawn, real ones measured).
    public var phases: [(phase: StartupPhase, nanoseconds: Int64)]

    public init(revision: Int, createdAt: Int64, readyAt: Int64? = nil, withdrawnAt: Int64? = nil,
                phases: [(phase: StartupPhase, nanoseconds: Int64)] = []) {
        self.revision = revision
        self.createdAt = createdAt
        self.readyAt = readyAt
        self.withdrawnAt = withdrawnAt
        self.phases = phases
    }

    public static func == (a: RealPodRecord, b: RealPodRecord) -> Bool {
        a.revision == b.revision && a.createdAt == b.createdAt && a.readyAt == b.readyAt
            && a.withdrawnAt == b.withdrawnAt && a.phases.map(\.phase) == b.phases.map(\.phase)
            && a.phases.map(\.nanoseconds) == b.phases.map(\.nanoseconds)
    }
}

/// Pods by state and requests queued at the end of one wall-clock second, sampled live
/// by the run's 1 s tick.
public struct RealSecondSample: Sendable, Equatable {
    /// Nanoseconds since the start (a whole second).
    public var time: Int64
    public var pending: Int
    public var starting: Int
    public var ready: Int
    public var terminating: Int
    public var desired: Int
    public var queued: Int

    public init(time: Int64, pending: Int = 0, starting: Int = 0, ready: Int = 0, terminating: Int = 0,
                desired: Int = 0, queued: Int = 0) {
        self.time = time
        self.pending = pending
        self.starting = starting
        self.ready = ready
        self.terminating = terminating
        self.desired = desired
        self.queued = queued
    }
}
