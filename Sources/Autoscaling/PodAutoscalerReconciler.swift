/// What one reconcile of a KPA-class PodAutoscaler decided.
public struct ReconcileResult: Sendable, Equatable {
    /// The replica count to write to the Deployment now, nil to leave it as it is. (Knative
    /// skips the patch when it equals the current replicas; writing it again is harmless.)
    public var replicas: Int32?
    /// The PA's desired scale after bounds and scale-to-zero gating (−1 = unknown).
    public var want: Int32
    /// The PA's Active condition after this reconcile.
    public var activity: PodAutoscalerActivity
    /// The SKS mode the reconciler asked for.
    public var requestedMode: ServerlessServiceMode
    /// The mode in effect: Proxy whenever no pod is ready.
    public var effectiveMode: ServerlessServiceMode
    /// How many activators the revision's traffic is spread over.
    public var activators: Int32
    /// When to reconcile again at the latest, if nothing else triggers it; equal to the
    /// reconcile time when the PA or SKS status changed (Knative re-reconciles on its own
    /// status updates).
    public var recheckAt: Int64?

    public init(replicas: Int32?, want: Int32, activity: PodAutoscalerActivity,
                requestedMode: ServerlessServiceMode, effectiveMode: ServerlessServiceMode,
                activators: Int32, recheckAt: Int64?) {
        self.replicas = replicas
        self.want = want
        self.activity = activity
        self.requestedMode = requestedMode
        self.effectiveMode = effectiveMode
        self.activators = activators
        self.recheckAt = recheckAt
    }
}

/// Knative's PodAutoscaler reconciler for the KPA class (`ReconcileKind`,
/// pkg/reconciler/autoscaling/kpa/kpa.go, with `scaler.scale`, scaler.go): turns the
/// decider status into Deployment replicas, the PA's Active condition and the SKS mode.
/// One value per revision; the host owns the clock and the timers.
///
/// One reconcile, in Knative's order:
/// 1. Desired −1 (no decision yet) while not Activating → want −1, apply nothing.
/// 2. Otherwise bound it (`ReconcilerRules.boundedScale`: min/max-scale, initial-scale
///    until initialized) and gate a 0 (`ReconcilerRules.scaleToZero`).
/// 3. SKS mode: Serve iff want > 0 and EBC ≥ 0 (`ReconcilerRules.requestedMode`); in
///    effect Proxy with 0 ready pods. The SKS reconciler and its endpoint programming are
///    instantaneous here: the activator counts as in the path from this reconcile on.
/// 4. Activators: `ReconcilerRules.numberOfActivators`.
/// 5. Status (`computeActiveCondition`): initialized once ready ≥ the active threshold;
///    the Active condition from `ReconcilerRules.nextActivity`.
///
/// When to call `reconcile`: Knative reconciles a PA when its decider's desired scale
/// changes or the EBC changes sign, when the revision's pods change, when the PA or SKS
/// status changes, and when a re-enqueue timer fires. The host should do the same: on
/// every decider status change and ready-pod change, and at `recheckAt` (keeping only the
/// earliest pending recheck, as Kubernetes' delaying work queue does).
public struct PodAutoscalerReconciler: Sendable {
    public let spec: ReconcilerSpec
    /// The Active condition and when its status last changed.
    public private(set) var activity: PodAutoscalerActivity
    public private(set) var activitySince: Int64
    /// `ScaleTargetInitialized`: ready pods reached the active threshold once.
    public private(set) var scaleTargetInitialized: Bool
    /// The SKS mode the last reconcile asked for.
    public private(set) var requestedMode: ServerlessServiceMode
    /// When the activator entered the request path; nil while the pods serve directly.
    public private(set) var proxySince: Int64?

    /// A new PodAutoscaler at `now`: Activating, not initialized, SKS in Proxy mode (Knative
    /// creates the SKS in Proxy before the decider exists). Its Deployment starts with
    /// `spec.initialReplicas`.
    public init(spec: ReconcilerSpec, createdAt now: Int64) {
        self.spec = spec
        self.activity = .activating
        self.activitySince = now
        self.scaleTargetInitialized = false
        self.requestedMode = .proxy
        self.proxySince = now
    }

    /// The mode in effect now (Proxy while the activator is in the path).
    public var effectiveMode: ServerlessServiceMode { proxySince == nil ? .serve : .proxy }

    /// Reconciles with the decider's status (desired scale, −1 while unknown, and excess
    /// burst capacity) and the revision's ready pods at `now`.
    public mutating func reconcile(desiredScale: Int32, excessBurstCapacity: Int32, readyPods: Int,
                                   at now: Int64) -> ReconcileResult {
        // 1–2. scaler.scale
        var want = desiredScale
        var replicas: Int32?
        var recheckAt: Int64?
        if desiredScale >= 0 || activity == .activating {
            let bounded = ReconcilerRules.boundedScale(desiredScale, spec: spec, initialized: scaleTargetInitialized)
            let gate = ReconcilerRules.scaleToZero(desired: bounded, activity: activity, activitySince: activitySince,
                                                   proxySince: proxySince, requestedMode: requestedMode,
                                                   spec: spec, now: now)
            want = gate.scale
            if gate.apply { replicas = gate.scale }
            recheckAt = gate.recheckAt
        }

        // 3. SKS mode, programmed at once.
        let modeBefore = effectiveMode
        requestedMode = ReconcilerRules.requestedMode(want: want, excessBurstCapacity: excessBurstCapacity)
        switch ReconcilerRules.effectiveMode(requested: requestedMode, readyPods: readyPods) {
        case .proxy: if proxySince == nil { proxySince = now }
        case .serve: proxySince = nil
        }

        // 4. Activators.
        let activators = ReconcilerRules.numberOfActivators(
            readyPods: readyPods, targetBurstCapacity: spec.targetBurstCapacity,
            totalValue: spec.totalValue, activatorCapacity: spec.activatorCapacity)

        // 5. computeStatus: the threshold is read before this reconcile may initialize.
        let threshold = ReconcilerRules.activeThreshold(spec: spec, initialized: scaleTargetInitialized)
        if readyPods >= threshold { scaleTargetInitialized = true }
        let next = ReconcilerRules.nextActivity(want: want, readyPods: readyPods, threshold: threshold,
                                                current: activity)
        var statusChanged = effectiveMode != modeBefore
        if next != activity {
            activity = next
            activitySince = now
            statusChanged = true
        }
        if statusChanged { recheckAt = now }

        return ReconcileResult(replicas: replicas, want: want, activity: activity, requestedMode: requestedMode,
                               effectiveMode: effectiveMode, activators: activators, recheckAt: recheckAt)
    }

    /// Reconciles with a policy's status (`ScalingPolicy.status`).
    public mutating func reconcile(_ status: ScalingDecision, readyPods: Int, at now: Int64) -> ReconcileResult {
        reconcile(desiredScale: status.desiredScale, excessBurstCapacity: status.excessBurstCapacity,
                  readyPods: readyPods, at: now)
    }
}
