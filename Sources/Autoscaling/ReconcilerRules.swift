/// The decisions of Knative's KPA-class PodAutoscaler reconciler, each a pure function of
/// explicit inputs. `PodAutoscalerReconciler` composes them in Knative's order.
/// Source: knative/serving pkg/reconciler/autoscaling/kpa/kpa.go and scaler.go (commit
/// 98e5ef90), summarised in shared/reference/knative-kpa.md section 6.
public enum ReconcilerRules {
    /// `applyBounds` (scaler.go): raise to `min`, lower to `max` unless it is 0 (unlimited).
    public static func applyBounds(_ desired: Int32, min: Int32, max: Int32) -> Int32 {
        if desired < min { return min }
        if max != 0 && desired > max { return max }
        return desired
    }

    /// The desired scale with the bounds `scale()` applies (scaler.go):
    /// min = min-scale (0 when unreachable); until the scale target is initialized, a
    /// reachable revision with initial-scale > 1 uses max(min, initial-scale) as its
    /// minimum; max-scale caps. A desired scale of −1 (unknown) becomes the minimum.
    public static func boundedScale(_ desired: Int32, spec: ReconcilerSpec, initialized: Bool) -> Int32 {
        var minimum = spec.effectiveMinScale
        if spec.initialScale > 1 && !initialized && spec.reachable {
            minimum = max(minimum, spec.initialScale)
        }
        return applyBounds(desired, min: minimum, max: spec.maxScale)
    }

    /// What `handleScaleToZero` (scaler.go) decides for a bounded desired scale.
    public struct ScaleToZeroOutcome: Sendable, Equatable {
        /// The scale the reconciler wants: the input, 1 (keep a pod), or −1 (unknown while
        /// still activating).
        public var scale: Int32
        /// Whether to write `scale` to the Deployment now.
        public var apply: Bool
        /// When to reconcile again because a period runs out (Knative's `enqueueCB`), if any.
        public var recheckAt: Int64?

        public init(scale: Int32, apply: Bool, recheckAt: Int64? = nil) {
            self.scale = scale
            self.apply = apply
            self.recheckAt = recheckAt
        }
    }

    /// `handleScaleToZero` (scaler.go). Only a desired scale of 0 is gated:
    /// * `enable-scale-to-zero=false` → keep 1 pod.
    /// * Activating (`Active=Unknown`): give up and apply 0 once activating for strictly
    ///   longer than the activation timeout (`CanFailActivation`); until then want −1 and
    ///   apply nothing. Knative re-enqueues after the full timeout from the reconcile; the
    ///   model rechecks at the first instant the timeout has passed (activating since +
    ///   timeout + 1 ns), which is what Knative's first reconcile in the Activating state
    ///   schedules up to its processing delay.
    /// * Active: after at least one stable window Active, want 0 without applying (the
    ///   caller marks the PA Inactive and the activator enters the path); recheck after 3 s
    ///   when the SKS already proxies (nothing else would trigger it). Before that, scale to
    ///   1 and recheck when the stable window is over.
    /// * Inactive: Knative first makes sure the activator is in the path (assumed when
    ///   TBC = −1, otherwise probed). **In the simulation the probe always succeeds**, so the
    ///   asynchronous re-probe path is not modelled. Then apply 0 when inactive for at least
    ///   max(grace period, pod retention); else wait out the retention if it is positive
    ///   and not over; else apply 0 as soon as the SKS has proxied for the grace period, and
    ///   otherwise recheck when it will have.
    ///
    /// - Parameters:
    ///   - activitySince: when the Active condition last changed status.
    ///   - proxySince: when the activator entered the request path (the SKS's
    ///     `ActivatorEndpointsPopulated` transition), nil while the pods serve directly.
    ///   - requestedMode: the SKS mode the previous reconcile asked for.
    public static func scaleToZero(desired: Int32, activity: PodAutoscalerActivity, activitySince: Int64,
                                   proxySince: Int64?, requestedMode: ServerlessServiceMode,
                                   spec: ReconcilerSpec, now: Int64) -> ScaleToZeroOutcome {
        if desired != 0 { return ScaleToZeroOutcome(scale: desired, apply: true) }
        if !spec.enableScaleToZero { return ScaleToZeroOutcome(scale: 1, apply: true) }

        switch activity {
        case .activating:
            if now - activitySince > spec.activationTimeout {
                return ScaleToZeroOutcome(scale: 0, apply: true)
            }
            return ScaleToZeroOutcome(scale: -1, apply: false, recheckAt: activitySince + spec.activationTimeout + 1)

        case .active:
            let activeFor = now - activitySince
            if activeFor >= spec.stableWindow {
                let recheck = requestedMode == .proxy ? now + ReconcilerSpec.alreadyProxyingRecheck : nil
                return ScaleToZeroOutcome(scale: 0, apply: false, recheckAt: recheck)
            }
            return ScaleToZeroOutcome(scale: 1, apply: true, recheckAt: now + (spec.stableWindow - activeFor))

        case .inactive:
            // The activator probe succeeds (see above).
            let inactiveFor = now - activitySince
            let retention = spec.effectivePodRetention
            if inactiveFor >= max(spec.scaleToZeroGracePeriod, retention) {
                return ScaleToZeroOutcome(scale: 0, apply: true)
            }
            if retention > 0 && inactiveFor < retention {
                return ScaleToZeroOutcome(scale: 0, apply: false, recheckAt: now + (retention - inactiveFor))
            }
            let proxyFor = proxySince.map { now - $0 } ?? 0
            let remaining = spec.scaleToZeroGracePeriod - proxyFor
            if remaining <= 0 { return ScaleToZeroOutcome(scale: 0, apply: true) }
            return ScaleToZeroOutcome(scale: 0, apply: false, recheckAt: now + remaining)
        }
    }

    /// The SKS mode the reconciler asks for (kpa.go): Serve, with the activator out of the
    /// path, iff the reconciler wants pods and the decider reports excess burst capacity
    /// ≥ 0; otherwise Proxy.
    public static func requestedMode(want: Int32, excessBurstCapacity: Int32) -> ServerlessServiceMode {
        want > 0 && excessBurstCapacity >= 0 ? .serve : .proxy
    }

    /// The mode the SKS actually programs (`reconcilePublicEndpoints`,
    /// pkg/reconciler/serverlessservice/serverlessservice.go): Proxy whenever the private
    /// service has no ready endpoint. (Knative also forces Serve when there is no activator
    /// endpoint; the simulated cluster always has activators.)
    public static func effectiveMode(requested: ServerlessServiceMode, readyPods: Int) -> ServerlessServiceMode {
        readyPods == 0 ? .proxy : requested
    }

    /// `computeNumActivators` (kpa.go): 2 with TBC 0, otherwise
    /// max(2, ceil((ready · totalValue + max(TBC, 0)) / activator-capacity)).
    public static func numberOfActivators(readyPods: Int, targetBurstCapacity: Double, totalValue: Double,
                                          activatorCapacity: Double) -> Int32 {
        let minimum = 2.0
        if targetBurstCapacity == 0 { return Int32(minimum) }
        var capacityToCover = Double(readyPods) * totalValue
        if targetBurstCapacity > 0 { capacityToCover += targetBurstCapacity }
        return GoNumerics.int32(max(minimum, (capacityToCover / activatorCapacity).rounded(.up)))
    }

    /// `activeThreshold` (kpa.go): the ready pods needed to count as Active —
    /// max(min-scale, initial-scale) until the scale target is initialized, then
    /// max(min-scale, 1). min-scale is 0 when unreachable.
    public static func activeThreshold(spec: ReconcilerSpec, initialized: Bool) -> Int {
        let minimum = spec.effectiveMinScale
        return Int(initialized ? max(minimum, 1) : max(minimum, spec.initialScale))
    }

    /// `computeActiveCondition` (kpa.go), Knative's table:
    ///
    ///     want | ready      | threshold | now        | next
    ///     0    | any        | any       | any        | inactive
    ///     any  | any        | 0         | any        | inactive
    ///     > 0  | < thr      | > 0       | any        | activating
    ///     > 0  | ≥ thr      | > 0       | any        | active
    ///     −1   | < thr      | > 0       | inactive   | inactive
    ///     −1   | < thr      | > 0       | otherwise  | activating
    ///     −1   | ≥ thr      | > 0       | inactive   | inactive
    ///     −1   | ≥ thr      | > 0       | otherwise  | active
    public static func nextActivity(want: Int32, readyPods: Int, threshold: Int,
                                    current: PodAutoscalerActivity) -> PodAutoscalerActivity {
        if want == 0 || threshold == 0 { return .inactive }
        let leavesInactive = want > 0 || current != .inactive
        if readyPods < threshold { return leavesInactive ? .activating : .inactive }
        return leavesInactive ? .active : current
    }
}
