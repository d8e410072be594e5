/// What a Kubernetes HorizontalPodAutoscaler (autoscaling/v2) scales on.
public enum HPAMetricTarget: Sendable, Equatable {
    /// A resource metric: the average CPU utilisation of the pods, in whole percent of their
    /// CPU request (`Resource` source, `Utilization` target, `averageUtilization`).
    case cpuUtilization(percent: Int32)
    /// A pods metric: the average value per pod (`Pods` source, `AverageValue` target), e.g.
    /// the in-flight requests or the requests per second Knative's HPA class scales on.
    case averagePerPod(ScalingMetric, value: Double)
}

/// One scaling policy of an HPA behavior (`HPAScalingPolicy`): change by at most `value`
/// pods, or `value` percent, per `period`.
public struct HPAScalingPolicy: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case pods, percent }
    public var kind: Kind
    public var value: Int32
    /// Nanoseconds (Kubernetes: `periodSeconds`).
    public var period: Int64

    public init(_ kind: Kind, value: Int32, period: Int64) {
        self.kind = kind
        self.value = value
        self.period = period
    }
}

/// How several policies combine (`selectPolicy`).
public enum HPASelectPolicy: Sendable, Equatable {
    /// The policy allowing the largest change (Kubernetes' default).
    case max
    /// The policy allowing the smallest change.
    case min
    /// No scaling in this direction.
    case disabled
}

/// The rules for one direction (`HPAScalingRules`).
public struct HPAScalingRules: Sendable, Equatable {
    /// Stabilization window in nanoseconds; nil for scale-down means the controller's
    /// `--horizontal-pod-autoscaler-downscale-stabilization` (5 min).
    public var stabilizationWindow: Int64?
    public var selectPolicy: HPASelectPolicy
    public var policies: [HPAScalingPolicy]

    public init(stabilizationWindow: Int64?, selectPolicy: HPASelectPolicy = .max, policies: [HPAScalingPolicy]) {
        self.stabilizationWindow = stabilizationWindow
        self.selectPolicy = selectPolicy
        self.policies = policies
    }

    /// `defaultHPAScaleUpRules` (pkg/apis/autoscaling/v2/defaults.go): no stabilization;
    /// +4 pods or +100 % per 15 s, whichever is more.
    public static let defaultScaleUp = HPAScalingRules(
        stabilizationWindow: 0, selectPolicy: .max,
        policies: [HPAScalingPolicy(.pods, value: 4, period: KPATiming.seconds(15)),
                   HPAScalingPolicy(.percent, value: 100, period: KPATiming.seconds(15))])

    /// `defaultHPAScaleDownRules`: the controller's stabilization window; −100 % per 15 s.
    public static let defaultScaleDown = HPAScalingRules(
        stabilizationWindow: nil, selectPolicy: .max,
        policies: [HPAScalingPolicy(.percent, value: 100, period: KPATiming.seconds(15))])

    /// The longest policy period (`getLongestPolicyPeriod`): how long scale events matter.
    public var longestPolicyPeriod: Int64 { policies.map(\.period).max() ?? 0 }
}

/// An HPA's `behavior`. Kubernetes fills every unset field with the defaults
/// (`SetDefaults_HorizontalPodAutoscalerBehavior`), so a behavior is always complete.
public struct HPABehavior: Sendable, Equatable {
    public var scaleUp: HPAScalingRules
    public var scaleDown: HPAScalingRules

    public init(scaleUp: HPAScalingRules = .defaultScaleUp, scaleDown: HPAScalingRules = .defaultScaleDown) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

/// One HorizontalPodAutoscaler with the controller settings that shape its decisions.
/// Sources: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go and
/// replica_calculator.go; defaults from pkg/apis/autoscaling/v2/defaults.go and the
/// kube-controller-manager flags.
public struct HPASpec: Sendable, Equatable {
    /// `--horizontal-pod-autoscaler-sync-period` default: every HPA is processed every 15 s.
    public static let defaultSyncPeriod: Int64 = KPATiming.seconds(15)
    /// `--horizontal-pod-autoscaler-tolerance` default: ratios within ±10 % change nothing.
    public static let defaultTolerance = 0.1
    /// `--horizontal-pod-autoscaler-downscale-stabilization` default: 5 min.
    public static let defaultDownscaleStabilization: Int64 = KPATiming.seconds(300)
    /// `DefaultCPUUtilization`: the metric of an HPA created without one (80 % CPU).
    public static let defaultTarget = HPAMetricTarget.cpuUtilization(percent: 80)

    public var target: HPAMetricTarget
    /// `minReplicas`, at least 1 here: the model does not scale an HPA to zero (Kubernetes'
    /// alpha `HPAScaleToZero` gate is not modelled).
    public var minReplicas: Int32
    /// `maxReplicas` (raised to `minReplicas` if below it; Kubernetes rejects such an HPA).
    public var maxReplicas: Int32
    /// The usage ratio band [1 − tolerance, 1 + tolerance] in which nothing changes.
    public var tolerance: Double
    public var syncPeriod: Int64
    public var downscaleStabilizationWindow: Int64
    /// nil: Kubernetes' behavior-less path (`normalizeDesiredReplicas`): scale-down
    /// stabilized over `downscaleStabilizationWindow`, scale-up limited to
    /// max(2 × current, 4) per sync. Set: `normalizeDesiredReplicasWithBehaviors`.
    public var behavior: HPABehavior?

    public init(target: HPAMetricTarget = HPASpec.defaultTarget, minReplicas: Int32 = 1,
                maxReplicas: Int32 = Int32.max, tolerance: Double = HPASpec.defaultTolerance,
                syncPeriod: Int64 = HPASpec.defaultSyncPeriod,
                downscaleStabilizationWindow: Int64 = HPASpec.defaultDownscaleStabilization,
                behavior: HPABehavior? = nil) {
        self.target = target
        self.minReplicas = max(1, minReplicas)
        self.maxReplicas = max(self.minReplicas, maxReplicas)
        self.tolerance = tolerance
        self.syncPeriod = syncPeriod
        self.downscaleStabilizationWindow = downscaleStabilizationWindow
        self.behavior = behavior
    }

    /// The scale-down stabilization in effect (`maybeInitScaleDownStabilizationWindow`).
    public var scaleDownStabilization: Int64 {
        behavior?.scaleDown.stabilizationWindow ?? downscaleStabilizationWindow
    }
}

extension HPASpec {
    /// The HPA Knative creates for a revision of class `hpa.autoscaling.knative.dev`
    /// (`MakeHPA`, pkg/reconciler/autoscaling/hpa/resources/hpa.go):
    /// * min = min-scale when > 0 (0 when unreachable), else Kubernetes' default 1;
    ///   max = max-scale, 0 meaning unlimited;
    /// * with a `target` annotation, metric `cpu` → CPU utilisation ceil(target) %;
    ///   `concurrency` / `rps` (or another name) → a pods metric with average value
    ///   int64(target) (Knative truncates); without a target the HPA gets no metric and
    ///   Kubernetes defaults it to 80 % CPU;
    /// * a `window` annotation sets both stabilization windows to it (whole seconds) and
    ///   so switches to the behavior path with default policies.
    ///
    /// The metric defaults to `cpu` for this class (`defaultMetric`). Memory and other
    /// custom metrics are not modelled (the simulation observes neither) and throw, as does
    /// a pods target that truncates to 0.
    public init(settings: AutoscalingSettings, reachable: Bool = true) throws(AutoscalingConfigError) {
        let annotations = settings.annotations
        let config = settings.config
        let minScale = reachable ? (annotations.minScale ?? config.minScale) : 0
        let maxScale = annotations.maxScale ?? config.maxScale
        var target = HPASpec.defaultTarget
        if let value = annotations.target {
            let metricName = annotations.metric ?? "cpu"
            if metricName == "cpu" {
                target = .cpuUtilization(percent: GoNumerics.int32(value.rounded(.up)))
            } else if let metric = ScalingMetric(rawValue: metricName) {
                let perPod = value.rounded(.towardZero)
                guard perPod >= 1 else {
                    throw AutoscalingConfigError(
                        key: KnativeKeys.annotationPrefix + "target",
                        message: "the HPA's average value target is int64(target), which is 0 for \(value)")
                }
                target = .averagePerPod(metric, value: perPod)
            } else {
                throw AutoscalingConfigError(
                    key: KnativeKeys.annotationPrefix + "metric",
                    message: "\"\(metricName)\" is not modelled for the HPA class (the simulation observes cpu, concurrency and rps)")
            }
        }
        var behavior: HPABehavior?
        if let window = annotations.window {
            let seconds = KPATiming.seconds(window / KPATiming.nanosecondsPerSecond)
            behavior = HPABehavior(
                scaleUp: HPAScalingRules(stabilizationWindow: seconds, policies: HPAScalingRules.defaultScaleUp.policies),
                scaleDown: HPAScalingRules(stabilizationWindow: seconds, policies: HPAScalingRules.defaultScaleDown.policies))
        }
        self.init(target: target, minReplicas: minScale > 0 ? minScale : 1,
                  maxReplicas: maxScale == 0 ? Int32.max : maxScale, behavior: behavior)
    }
}
