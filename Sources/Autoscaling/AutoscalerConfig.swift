/// The cluster-wide `config-autoscaler` ConfigMap, with Knative's defaults
/// (`defaultConfig`, pkg/autoscaler/config/config.go; documented in
/// config/core/configmaps/autoscaler.yaml). Durations are nanoseconds.
///
/// Percentages are stored as Knative stores them internally: the concurrency target
/// percentage as a fraction, the panic threshold and window as percentages.
public struct AutoscalerConfig: Sendable, Equatable {
    /// `enable-scale-to-zero`, default true.
    public var enableScaleToZero = true
    /// `container-concurrency-target-percentage` as a fraction in (0, 1]; default 0.7.
    /// A configured value > 1 is a percentage and is divided by 100.
    public var containerConcurrencyTargetFraction = 0.7
    /// `container-concurrency-target-default`, default 100: the per-pod capacity when
    /// the revision's containerConcurrency is 0.
    public var containerConcurrencyTargetDefault = 100.0
    /// The utilisation applied to the rps target: Knative's fixed
    /// `defaultTargetUtilization` 0.7. No config key sets it; the annotation
    /// `target-utilization-percentage` overrides it per revision.
    public var targetUtilization = 0.7
    /// `requests-per-second-target-default`, default 200.
    public var rpsTargetDefault = 200.0
    /// `max-scale-up-rate`, default 1000.
    public var maxScaleUpRate = 1000.0
    /// `max-scale-down-rate`, default 2.
    public var maxScaleDownRate = 2.0
    /// `target-burst-capacity`, default 211 (−1 = unlimited, activator always in path).
    public var targetBurstCapacity = 211.0
    /// `panic-window-percentage`, default 10 (% of the stable window).
    public var panicWindowPercentage = 10.0
    /// `activator-capacity`, default 100.
    public var activatorCapacity = 100.0
    /// `panic-threshold-percentage`, default 200.
    public var panicThresholdPercentage = 200.0
    /// `stable-window`, default 60 s.
    public var stableWindow: Int64 = KPATiming.seconds(60)
    /// `scale-to-zero-grace-period`, default 30 s.
    public var scaleToZeroGracePeriod: Int64 = KPATiming.seconds(30)
    /// `scale-to-zero-pod-retention-period`, default 0 s.
    public var scaleToZeroPodRetentionPeriod: Int64 = 0
    /// `scale-down-delay`, default 0 s.
    public var scaleDownDelay: Int64 = 0
    /// `pod-autoscaler-class`, default `kpa.autoscaling.knative.dev`.
    public var podAutoscalerClass = KnativeKeys.kpaClass
    /// `allow-zero-initial-scale`, default false.
    public var allowZeroInitialScale = false
    /// `initial-scale`, default 1.
    public var initialScale: Int32 = 1
    /// `min-scale`, default 0.
    public var minScale: Int32 = 0
    /// `max-scale`, default 0 (unlimited).
    public var maxScale: Int32 = 0
    /// `max-scale-limit`, default 0 (no limit).
    public var maxScaleLimit: Int32 = 0

    /// Knative's defaults.
    public init() {}

    /// Knative's defaults.
    public static let knativeDefaults = AutoscalerConfig()

    /// Limits shared with the annotations (pkg/apis/autoscaling/register.go).
    public enum Limits {
        /// `TargetMin`.
        public static let targetMin = 0.01
        /// `WindowMin`, `WindowMax`.
        public static let windowMin: Int64 = KPATiming.seconds(6)
        public static let windowMax: Int64 = KPATiming.seconds(3600)
        /// `PanicWindowPercentageMin`, `PanicWindowPercentageMax`.
        public static let panicWindowPercentageMin = 1.0
        public static let panicWindowPercentageMax = 100.0
        /// `PanicThresholdPercentageMin`, `PanicThresholdPercentageMax` (annotation only).
        public static let panicThresholdPercentageMin = 110.0
        public static let panicThresholdPercentageMax = 1000.0
    }

    /// Knative's `validate` (config.go), applied to a fully parsed config. The first
    /// violation, in Knative's order, is thrown.
    public func validate() throws(AutoscalingConfigError) {
        func fail(_ key: String, _ message: String) -> AutoscalingConfigError {
            AutoscalingConfigError(key: key, message: message)
        }
        let second = KPATiming.nanosecondsPerSecond
        if scaleToZeroGracePeriod <= 0 {
            throw fail("scale-to-zero-grace-period", "must be positive, was \(DurationText.describe(scaleToZeroGracePeriod))")
        }
        if scaleDownDelay < 0 {
            throw fail("scale-down-delay", "cannot be negative, was \(DurationText.describe(scaleDownDelay))")
        }
        if scaleDownDelay % second != 0 {
            throw fail("scale-down-delay", "must be whole seconds, was \(DurationText.describe(scaleDownDelay))")
        }
        if scaleToZeroPodRetentionPeriod < 0 {
            throw fail("scale-to-zero-pod-retention-period", "cannot be negative, was \(DurationText.describe(scaleToZeroPodRetentionPeriod))")
        }
        if targetBurstCapacity < 0 && targetBurstCapacity != -1 {
            throw fail("target-burst-capacity", "must be non-negative or -1 (unlimited), was \(targetBurstCapacity)")
        }
        if containerConcurrencyTargetFraction <= 0 || containerConcurrencyTargetFraction > 1 {
            throw fail("container-concurrency-target-percentage", "must be in (0, 100], was \(containerConcurrencyTargetFraction * 100)")
        }
        let concurrencyTarget = containerConcurrencyTargetFraction * containerConcurrencyTargetDefault
        if concurrencyTarget < Limits.targetMin {
            throw fail("container-concurrency-target-default",
                       "with container-concurrency-target-percentage gives a target of \(concurrencyTarget), below \(Limits.targetMin)")
        }
        if rpsTargetDefault < Limits.targetMin {
            throw fail("requests-per-second-target-default", "must be at least \(Limits.targetMin), was \(rpsTargetDefault)")
        }
        if activatorCapacity < 1 {
            throw fail("activator-capacity", "must be at least 1, was \(activatorCapacity)")
        }
        if maxScaleUpRate <= 1 {
            throw fail("max-scale-up-rate", "must be greater than 1, was \(maxScaleUpRate)")
        }
        if maxScaleDownRate <= 1 {
            throw fail("max-scale-down-rate", "must be greater than 1, was \(maxScaleDownRate)")
        }
        if stableWindow < Limits.windowMin || stableWindow > Limits.windowMax {
            throw fail("stable-window", "must be in [6s, 1h], was \(DurationText.describe(stableWindow))")
        }
        if stableWindow % second != 0 {
            throw fail("stable-window", "must be whole seconds, was \(DurationText.describe(stableWindow))")
        }
        if panicWindowPercentage < Limits.panicWindowPercentageMin || panicWindowPercentage > Limits.panicWindowPercentageMax {
            throw fail("panic-window-percentage", "must be in [1, 100], was \(panicWindowPercentage)")
        }
        if initialScale < 0 || (initialScale == 0 && !allowZeroInitialScale) {
            throw fail("initial-scale", "must be at least 1 (or 0 when allow-zero-initial-scale is true), was \(initialScale)")
        }
        if minScale < 0 {
            throw fail("min-scale", "must be at least 0, was \(minScale)")
        }
        let smallestMaxScale: Int32 = maxScaleLimit > 0 ? 1 : 0
        if maxScale < smallestMaxScale || (maxScaleLimit > 0 && maxScale > maxScaleLimit) {
            throw fail("max-scale", "must be in [\(smallestMaxScale), max-scale-limit (\(maxScaleLimit))], was \(maxScale)")
        }
        if maxScaleLimit < 0 {
            throw fail("max-scale-limit", "must be at least 0, was \(maxScaleLimit)")
        }
        if minScale > maxScale && maxScale > 0 {
            throw fail("min-scale", "(\(minScale)) must not exceed max-scale (\(maxScale))")
        }
    }
}
