/// The seam between an autoscaling policy and whatever drives it: the simulation (with
/// simulated time and modelled pods), the replay, or real mode (with the wall clock).
///
/// A policy sees the revision's metric samples as they arrive and, at decision points,
/// the ready pod count; it answers with the pod count it wants. It does not apply
/// min/max-scale, initial-scale or scale-to-zero gating: those belong to the
/// reconciler, which is the same for every policy.
///
/// The host's loop is:
/// 1. on every metric sample: `record(_:at:)`; if it returns true, decide right away
///    (the KPA's "poke" on an activator report while scaled to zero);
/// 2. every `decisionInterval`: `decide(at:readyPods:)`;
/// 3. apply `ScalingDecision.desiredScale` (when ≥ 0) through the reconciler.
///
/// Times are `Int64` nanoseconds since the run started. Implementations are value types
/// and must be deterministic: same calls, same decisions.
public protocol ScalingPolicy: Sendable {
    /// How often the host asks for a decision, in nanoseconds (KPA: 2 s).
    var decisionInterval: Int64 { get }

    /// The state after the latest decision: desired scale −1 until a valid decision.
    var status: ScalingDecision { get }

    /// Takes one metric sample observed at `now`. Returns true when the policy wants a
    /// decision now rather than at the next interval.
    mutating func record(_ sample: MetricSample, at now: Int64) -> Bool

    /// Decides at `now` given the ready pods, updates `status` if the decision is valid,
    /// and returns the new status (with `valid` telling whether this call changed it).
    mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision
}

/// One observation of a revision's load.
public struct MetricSample: Sendable, Equatable {
    /// Where a sample comes from; the KPA reacts immediately only to pushed reports.
    public enum Source: Sendable, Equatable {
        /// Scraped from the pods (Knative: the 1 s scraper).
        case scrape
        /// Pushed by a proxy in front of the pods (Knative: the activator's report).
        case push
    }

    /// Average in-flight requests over the sample period, not counting requests a
    /// pushing proxy already reported (Knative records concurrency − proxied).
    public var concurrency: Double
    /// Requests per second that arrived in the period, on the same basis.
    public var rps: Double
    public var source: Source
    /// Average CPU utilisation of the ready pods over the period, in percent of their CPU
    /// request (what Kubernetes' metrics-server gives the HPA); nil when not observed.
    /// The KPA ignores it.
    public var cpuUtilization: Double?

    public init(concurrency: Double, rps: Double, source: Source = .scrape, cpuUtilization: Double? = nil) {
        self.concurrency = concurrency
        self.rps = rps
        self.source = source
        self.cpuUtilization = cpuUtilization
    }
}

/// A policy's answer and the values it was based on.
public struct ScalingDecision: Sendable, Equatable {
    /// The pod count the policy wants, before min/max-scale; −1 while unknown.
    public var desiredScale: Int32
    /// Spare capacity beyond the target burst capacity (KPA's excess burst capacity);
    /// negative keeps the activator in the request path. Policies without the notion
    /// report −1 (always proxy) or 0.
    public var excessBurstCapacity: Int32
    /// False when this decision could not be made and the status was left unchanged.
    public var valid: Bool
    /// KPA panic mode (false for policies without one).
    public var inPanic: Bool
    /// The metric values the decision used (stable and panic windows for the KPA; 0 on an
    /// invalid decision).
    public var stableValue: Double
    public var panicValue: Double

    public init(desiredScale: Int32, excessBurstCapacity: Int32, valid: Bool, inPanic: Bool = false,
                stableValue: Double = 0, panicValue: Double = 0) {
        self.desiredScale = desiredScale
        self.excessBurstCapacity = excessBurstCapacity
        self.valid = valid
        self.inPanic = inPanic
        self.stableValue = stableValue
        self.panicValue = panicValue
    }
}
