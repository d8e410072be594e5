/// Kubernetes' replica calculation for one metric (`GetResourceReplicas` and
/// `calcPlainMetricReplicas`, pkg/controller/podautoscaler/replica_calculator.go), for
/// the pods the simulation has: ready pods that all report the metric, and pods that
/// exist but are not ready yet (Kubernetes' Pending pods, which count as *unready*).
/// No pod is ever missing its metric.
///
/// The usage ratio is computed from Kubernetes' integers: CPU utilisation is
/// int32(Σ usage × 100 / Σ requests), i.e. truncated to whole percent; a pods metric
/// average is Σ milli-values / pods, truncated to milli-units.
public enum HPAReplicaCalculator {
    /// The calculation's result.
    public struct Proposal: Sendable, Equatable {
        /// Proposed replicas before stabilization, rate limits and min/max.
        public var replicas: Int32
        /// current metric / target, as Kubernetes computed it (before the unready pods
        /// adjustment).
        public var usageRatio: Double

        public init(replicas: Int32, usageRatio: Double) {
            self.replicas = replicas
            self.usageRatio = usageRatio
        }
    }

    /// True when `ratio` is inside the tolerance band (`Tolerances.isWithin`):
    /// 1 − tolerance ≤ ratio ≤ 1 + tolerance.
    public static func isWithinTolerance(_ ratio: Double, tolerance: Double) -> Bool {
        1.0 - tolerance <= ratio && ratio <= 1.0 + tolerance
    }

    /// The proposal for `currentReplicas` given the metric averaged over the ready pods.
    ///
    /// 1. ratio = current / target. Without unready pods, or when not scaling up: keep
    ///    `currentReplicas` inside the tolerance band, else ceil(ratio × ready).
    /// 2. Scaling up with unready pods: they count as using 0, so the ratio is recomputed
    ///    over ready + unready pods. Keep `currentReplicas` if the new ratio is within
    ///    tolerance or no longer above 1, or if ceil(newRatio × (ready + unready)) would
    ///    be below `currentReplicas`; otherwise propose it.
    ///
    /// - Parameters:
    ///   - average: CPU utilisation in percent of the request, or the metric value per pod,
    ///     averaged over the ready pods.
    /// - Returns: nil when no pod is ready (Kubernetes: "did not receive metrics for
    ///   targeted pods"), which leaves the HPA unchanged.
    public static func propose(target: HPAMetricTarget, average: Double, readyPods: Int, unreadyPods: Int,
                               currentReplicas: Int32, tolerance: Double) -> Proposal? {
        guard readyPods > 0 else { return nil }
        let ready = Double(readyPods)
        let all = Double(readyPods + max(0, unreadyPods))

        let ratio: Double
        let recomputed: Double
        switch target {
        case let .cpuUtilization(percent):
            let targetPercent = Double(percent)
            ratio = average.rounded(.towardZero) / targetPercent
            recomputed = (average * ready / all).rounded(.towardZero) / targetPercent
        case let .averagePerPod(_, value):
            let targetMilli = (value * 1000).rounded(.towardZero)
            ratio = (average * 1000).rounded(.towardZero) / targetMilli
            recomputed = (average * 1000 * ready / all).rounded(.towardZero) / targetMilli
        }

        let scaleUpWithUnready = unreadyPods > 0 && ratio > 1.0
        if !scaleUpWithUnready {
            if isWithinTolerance(ratio, tolerance: tolerance) {
                return Proposal(replicas: currentReplicas, usageRatio: ratio)
            }
            return Proposal(replicas: HPANormalization.clampedInt32((ratio * ready).rounded(.up)), usageRatio: ratio)
        }
        // Only the scale-up case reaches here: unready pods dilute the ratio towards 1.
        if isWithinTolerance(recomputed, tolerance: tolerance) || recomputed < 1.0 {
            return Proposal(replicas: currentReplicas, usageRatio: ratio)
        }
        let replicas = HPANormalization.clampedInt32((recomputed * all).rounded(.up))
        if replicas < currentReplicas {
            return Proposal(replicas: currentReplicas, usageRatio: ratio)
        }
        return Proposal(replicas: replicas, usageRatio: ratio)
    }
}
