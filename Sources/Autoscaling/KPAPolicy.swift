/// The Knative Pod Autoscaler for one revision: the metric collector's four windows,
/// the decider (`KPADecider`) and the decider status the reconciler reads, with
/// Knative's tick and poke rules (pkg/autoscaler/scaling/multiscaler.go).
public struct KPAPolicy: ScalingPolicy {
    public private(set) var spec: DeciderSpec
    public private(set) var metrics: RevisionMetrics
    public private(set) var decider: KPADecider
    /// Desired scale −1 and the initial excess burst capacity until the first valid tick.
    public private(set) var status: ScalingDecision

    public var decisionInterval: Int64 { KPATiming.tickInterval }

    /// Creates the revision's autoscaler at `now` with its current ready pods (more than
    /// one → start in panic mode).
    ///
    /// Initial status (`createScaler`): desired scale −1; excess burst capacity equal to
    /// the TBC when it is −1 or 0, otherwise int32(initialScale × totalValue − TBC),
    /// so a new revision with default settings starts behind the activator.
    public init(spec: DeciderSpec, createdAt now: Int64, readyPods: Int) {
        self.spec = spec
        self.metrics = RevisionMetrics(spec: spec)
        self.decider = KPADecider(spec: spec, createdAt: now, readyPods: readyPods)
        let tbc = spec.targetBurstCapacity
        let initialEBC = (tbc == -1 || tbc == 0)
            ? GoNumerics.int32(tbc)
            : GoNumerics.int32(Double(spec.initialScale) * spec.totalValue - tbc)
        self.status = ScalingDecision(desiredScale: -1, excessBurstCapacity: initialEBC, valid: false,
                                      inPanic: decider.inPanic)
    }

    /// Records a stat into the four windows. A pushed (activator) sample with non-zero
    /// concurrency while the status is 0 pods asks for an immediate decision.
    public mutating func record(_ sample: MetricSample, at now: Int64) -> Bool {
        metrics.record(at: now, concurrency: sample.concurrency, rps: sample.rps)
        return sample.source == .push && shouldPoke(concurrency: sample.concurrency)
    }

    /// Knative's `Poke` condition: the status says 0 pods and the report carries load.
    public func shouldPoke(concurrency: Double) -> Bool {
        status.desiredScale == 0 && concurrency != 0
    }

    /// One tick (or poke): reads the windows, runs `Scale()`, and on a valid result
    /// overwrites the status. The returned decision carries the values used (0 when
    /// invalid) and `valid`.
    public mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
        switch metrics.reading(spec.scalingMetric, at: now) {
        case .noData:
            var unchanged = status
            unchanged.valid = false
            unchanged.inPanic = decider.inPanic
            unchanged.stableValue = 0
            unchanged.panicValue = 0
            return unchanged
        case let .values(stable, panic):
            let result = decider.scale(at: now, readyPods: readyPods, stable: stable, panic: panic)
            status = ScalingDecision(desiredScale: result.desiredPodCount,
                                     excessBurstCapacity: result.excessBurstCapacity,
                                     valid: true, inPanic: decider.inPanic,
                                     stableValue: stable, panicValue: panic)
            return status
        }
    }

    /// A new spec (e.g. changed annotations or reachability), as Knative's `Update`: the
    /// decider keeps its panic state and delay window. The metric windows keep their
    /// length and algorithm: Knative's window resizing is not modelled, so a change of
    /// window, panic window or algorithm needs a new policy.
    public mutating func update(spec: DeciderSpec) {
        self.spec = spec
        decider.update(spec: spec)
    }
}
