/// The outcome of one `Scale()` call (Knative's `ScaleResult`).
public struct ScaleResult: Sendable, Equatable, CustomStringConvertible {
    public var desiredPodCount: Int32
    public var excessBurstCapacity: Int32
    /// False when the tick could not be computed (no data, pods unreadable); the
    /// decider status must then stay unchanged.
    public var valid: Bool

    public init(desiredPodCount: Int32, excessBurstCapacity: Int32, valid: Bool) {
        self.desiredPodCount = desiredPodCount
        self.excessBurstCapacity = excessBurstCapacity
        self.valid = valid
    }

    /// Knative's `invalidSR`.
    public static let invalid = ScaleResult(desiredPodCount: 0, excessBurstCapacity: 0, valid: false)

    public var description: String {
        valid ? "desired=\(desiredPodCount) ebc=\(excessBurstCapacity)" : "invalid"
    }
}

/// The KPA decision rule of one revision: Knative's `autoscaler.Scale`
/// (pkg/autoscaler/scaling/autoscaler.go), with its panic-mode state and the
/// scale-down-delay window. It takes the metric values as input; `KPAPolicy` couples it
/// with the collector and the decider status.
///
/// The rule, in order (shared/reference/knative-kpa.md, section 4):
/// 1. R' = max(1, ready pods); maxScaleUp = ceil(upRate·R');
///    maxScaleDown = floor(R'/downRate) when reachable, else 0.
/// 2. dspc = ceil(stable/target), dppc = ceil(panic/target), each clamped to
///    [maxScaleDown, maxScaleUp]; then raised to activation-scale when > 0.
/// 3. Panic when dppc/R' ≥ threshold (unclamped dppc): enter or extend; leave on the first
///    tick not over the threshold that is strictly more than one stable window after the
///    last tick that was.
/// 4. In panic the count only ratchets up (max of stable and panic, never below the
///    largest panic count so far).
/// 5. Scale-down delay: the maximum over the last ceil(delay / 2 s) tick slots.
/// 6. Excess burst capacity from the panic value: floor(R·total − TBC − panic),
///    0 for TBC 0, −1 for TBC −1.
public struct KPADecider: Sendable {
    public private(set) var spec: DeciderSpec
    /// When panic mode last started or was extended; nil when not panicking
    /// (Go: `panicTime`, zero time = not panicking).
    var panicTime: Int64?
    /// The largest pod count decided during the current panic (Go: `maxPanicPods`).
    var maxPanicPods: Int32
    /// Exists only if the delay was positive when the decider was created, as in Knative.
    private var delayWindow: ScaleDownDelayWindow?

    /// Creates the decider at `now` with the revision's current ready pods. With more than
    /// one ready pod it starts in panic mode holding that count (Knative does this so an
    /// autoscaler restart, which loses the metric history, cannot scale a revision down).
    public init(spec: DeciderSpec, createdAt now: Int64, readyPods: Int) {
        self.spec = spec
        self.delayWindow = spec.scaleDownDelay > 0 ? ScaleDownDelayWindow(delay: spec.scaleDownDelay) : nil
        self.panicTime = readyPods > 1 ? now : nil
        self.maxPanicPods = Int32(clamping: readyPods)
    }

    /// Knative's `Update`: a new spec takes effect at the next tick; the panic state and
    /// the delay window (or its absence) are kept.
    public mutating func update(spec: DeciderSpec) {
        self.spec = spec
    }

    /// True while in panic mode.
    public var inPanic: Bool { panicTime != nil }

    /// The time panic mode started or was last extended, if panicking.
    public var panicStartedOrExtendedAt: Int64? { panicTime }

    /// The largest desired count of the current panic (0 outside panic unless the decider
    /// was created with ready pods).
    public var maximumPanicPods: Int32 { maxPanicPods }

    /// One decision at `now` from the ready pod count and the stable and panic values.
    public mutating func scale(at now: Int64, readyPods: Int, stable: Double, panic: Double) -> ScaleResult {
        let spec = self.spec
        // A revision with no ready pods is treated as one pod for rates and thresholds.
        let podsForRates = max(1, Double(readyPods))

        // At least +1 pod is always possible, even with a rate close to 1.
        let maxScaleUp = (spec.maxScaleUpRate * podsForRates).rounded(.up)
        let maxScaleDown = spec.reachable ? (podsForRates / spec.maxScaleDownRate).rounded(.down) : 0

        let stablePods = (stable / spec.targetValue).rounded(.up)
        let panicPods = (panic / spec.targetValue).rounded(.up)

        var desiredStable = GoNumerics.int32(min(max(stablePods, maxScaleDown), maxScaleUp))
        var desiredPanic = GoNumerics.int32(min(max(panicPods, maxScaleDown), maxScaleUp))

        // Activation scale applies after the rate clamp, so it can exceed maxScaleUp.
        if spec.activationScale > 1 {
            if stablePods > 0 && spec.activationScale > desiredStable { desiredStable = spec.activationScale }
            if panicPods > 0 && spec.activationScale > desiredPanic { desiredPanic = spec.activationScale }
        }

        let overPanicThreshold = panicPods / podsForRates >= spec.panicThreshold
        if panicTime == nil && overPanicThreshold {
            panicTime = now                                   // enter panic
        } else if overPanicThreshold {
            panicTime = now                                   // extend panic
        } else if let started = panicTime, started + spec.stableWindow < now {
            panicTime = nil                                   // the surge reached the stable window
            maxPanicPods = 0
        }

        var desired = desiredStable
        if panicTime != nil {
            // The stable value can exceed the panic one; provision for the larger.
            desired = max(desired, desiredPanic)
            // Never scale down in panic mode.
            maxPanicPods = max(maxPanicPods, desired)
            desired = maxPanicPods
        }

        if spec.reachable, delayWindow != nil {
            delayWindow!.record(at: now, value: desired)
            desired = delayWindow!.current
        }

        let excess: Double
        if spec.targetBurstCapacity == 0 {
            excess = 0
        } else if spec.targetBurstCapacity > 0 {
            // Raw ready count (may be 0) times the per-pod capacity, not the target.
            let totalCapacity = Double(readyPods) * spec.totalValue
            excess = (totalCapacity - spec.targetBurstCapacity - panic).rounded(.down)
        } else {
            excess = -1
        }

        return ScaleResult(desiredPodCount: desired, excessBurstCapacity: GoNumerics.int32(excess), valid: true)
    }
}
