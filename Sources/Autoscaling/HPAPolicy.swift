/// Kubernetes' HorizontalPodAutoscaler as a `ScalingPolicy`: the algorithm of
/// `reconcileAutoscaler` (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go)
/// with the replica calculation of replica_calculator.go. Knative selects it with
/// `autoscaling.knative.dev/class: hpa.autoscaling.knative.dev` (`HPASpec(settings:)`).
///
/// Every `decisionInterval` (the 15 s sync period):
/// 1. The first sync records the current replicas as a recommendation.
/// 2. Replicas above max or below min are set to the bound (no metric needed).
/// 3. Otherwise the metric gives a proposal (`HPAReplicaCalculator`: tolerance band,
///    ceil(ratio × ready pods), unready pods counted as idle on a scale-up), which is
///    stabilized and limited (`HPANormalization`): without a behavior, the largest
///    recommendation of the last 5 min and at most max(2 × current, 4); with one, the
///    stabilization windows and the scaling policies. min/max apply.
/// 4. A change is applied (the status's desired scale) and remembered as a scale event.
///
/// Model choices:
/// * The HPA is the only writer of the Deployment's replicas, so the replicas it last set
///   (initially those it was created with) are its `currentReplicas`; ready pods are read
///   at each sync, and `currentReplicas − readyPods` pods count as not ready (Pending).
/// * The metric is the mean of the samples recorded since the previous sync (what
///   metrics-server's window gives): CPU from `MetricSample.cpuUtilization`, a pods metric
///   as the revision total of concurrency or rps divided by the ready pods. No sample, or
///   no ready pod, makes the sync invalid and changes nothing, as a metrics error does.
/// * Never below one replica; no excess burst capacity (reported as 0): Knative keeps an
///   HPA-class revision's SKS in Serve mode, the activator out of the path.
/// * Kubernetes' CPU initialization period (samples of just-started pods ignored) is not
///   modelled: a ready pod's sample counts.
public struct HPAPolicy: ScalingPolicy {
    public let spec: HPASpec
    public private(set) var status: ScalingDecision
    /// The Deployment's replicas as the HPA last set them (`scale.Spec.Replicas`).
    public private(set) var currentReplicas: Int32
    /// Unstabilized recommendations still inside a stabilization window.
    public private(set) var recommendations: [HPARecommendation] = []
    /// Scale events still inside a policy period (recorded only with a behavior).
    public private(set) var scaleUpEvents: [HPAScaleEvent] = []
    public private(set) var scaleDownEvents: [HPAScaleEvent] = []

    private var samples = 0
    private var cpuSamples = 0
    private var cpuSum = 0.0
    private var concurrencySum = 0.0
    private var rpsSum = 0.0

    public var decisionInterval: Int64 { spec.syncPeriod }

    /// An HPA taking over a Deployment that has `currentReplicas` replicas.
    public init(spec: HPASpec, currentReplicas: Int32) {
        self.spec = spec
        self.currentReplicas = currentReplicas
        self.status = ScalingDecision(desiredScale: -1, excessBurstCapacity: 0, valid: false)
    }

    /// Accumulates the sample for the next sync. The HPA never decides early.
    public mutating func record(_ sample: MetricSample, at now: Int64) -> Bool {
        samples += 1
        concurrencySum += sample.concurrency
        rpsSum += sample.rps
        if let cpu = sample.cpuUtilization {
            cpuSamples += 1
            cpuSum += cpu
        }
        return false
    }

    /// One sync at `now`.
    public mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
        if recommendations.isEmpty {
            recommendations.append(HPARecommendation(replicas: currentReplicas, time: now))
        }
        let average = takeAverage(readyPods: readyPods)
        let current = currentReplicas

        let desired: Int32
        if current == 0 {
            // Kubernetes: "scaling is disabled since the replica count of the target is zero".
            status = ScalingDecision(desiredScale: 0, excessBurstCapacity: 0, valid: true)
            return status
        } else if current > spec.maxReplicas {
            desired = spec.maxReplicas
        } else if current < spec.minReplicas {
            desired = spec.minReplicas
        } else {
            guard let average,
                  let proposal = HPAReplicaCalculator.propose(
                      target: spec.target, average: average, readyPods: readyPods,
                      unreadyPods: Int(current) - readyPods, currentReplicas: current, tolerance: spec.tolerance)
            else {
                var unchanged = status
                unchanged.valid = false
                unchanged.stableValue = 0
                return unchanged
            }
            desired = normalize(max(0, proposal.replicas), current: current, now: now)
        }

        if desired != current {
            recordScaleEvent(from: current, to: desired, now: now)
            currentReplicas = desired
        }
        status = ScalingDecision(desiredScale: desired, excessBurstCapacity: 0, valid: true,
                                 stableValue: average ?? 0)
        return status
    }

    /// Stabilization, then limits, recording the unstabilized proposal.
    private mutating func normalize(_ proposal: Int32, current: Int32, now: Int64) -> Int32 {
        guard let behavior = spec.behavior else {
            let window = spec.downscaleStabilizationWindow
            let stabilized = HPANormalization.stabilized(proposal, recommendations: recommendations,
                                                         window: window, now: now)
            recommendations.removeAll { $0.time < now - window }
            recommendations.append(HPARecommendation(replicas: proposal, time: now))
            return HPANormalization.legacyLimited(stabilized, current: current, minReplicas: spec.minReplicas,
                                                  maxReplicas: spec.maxReplicas)
        }
        let upWindow = behavior.scaleUp.stabilizationWindow ?? 0
        let downWindow = spec.scaleDownStabilization
        let stabilized = HPANormalization.stabilized(proposal, current: current, recommendations: recommendations,
                                                     upWindow: upWindow, downWindow: downWindow, now: now)
        recommendations.removeAll { $0.time < now - upWindow && $0.time < now - downWindow }
        recommendations.append(HPARecommendation(replicas: proposal, time: now))
        return HPANormalization.behaviorLimited(stabilized, current: current, minReplicas: spec.minReplicas,
                                                maxReplicas: spec.maxReplicas, upEvents: scaleUpEvents,
                                                downEvents: scaleDownEvents, behavior: behavior, now: now)
    }

    /// `storeScaleEvent`: only with a behavior; events older than the direction's longest
    /// policy period no longer matter and are dropped.
    private mutating func recordScaleEvent(from current: Int32, to desired: Int32, now: Int64) {
        guard let behavior = spec.behavior else { return }
        if desired > current {
            let oldest = now - behavior.scaleUp.longestPolicyPeriod
            scaleUpEvents.removeAll { $0.time < oldest }
            scaleUpEvents.append(HPAScaleEvent(change: desired - current, time: now))
        } else {
            let oldest = now - behavior.scaleDown.longestPolicyPeriod
            scaleDownEvents.removeAll { $0.time < oldest }
            scaleDownEvents.append(HPAScaleEvent(change: current - desired, time: now))
        }
    }

    /// The metric averaged over the samples since the last sync, per ready pod for a pods
    /// metric; nil without samples (or ready pods, for a pods metric). Resets the sums.
    private mutating func takeAverage(readyPods: Int) -> Double? {
        defer {
            samples = 0
            cpuSamples = 0
            cpuSum = 0
            concurrencySum = 0
            rpsSum = 0
        }
        switch spec.target {
        case .cpuUtilization:
            return cpuSamples > 0 ? cpuSum / Double(cpuSamples) : nil
        case let .averagePerPod(metric, _):
            guard samples > 0, readyPods > 0 else { return nil }
            let total = metric == .rps ? rpsSum : concurrencySum
            return total / Double(samples) / Double(readyPods)
        }
    }
}
