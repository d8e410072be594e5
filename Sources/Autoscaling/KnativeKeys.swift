/// The key names Knative Serving accepts, verbatim, so a scenario can use what a team
/// already writes in config-autoscaler and in revision annotations.
/// Source: knative/serving pkg/autoscaler/config/config.go and
/// pkg/apis/autoscaling/register.go (see shared/reference/knative-kpa.md, section 3).
public enum KnativeKeys {
    /// The annotation prefix for per-revision settings.
    public static let annotationPrefix = "autoscaling.knative.dev/"

    /// Keys of the `config-autoscaler` ConfigMap (a scenario's `autoscaler:` section).
    public static let configMapKeys: [String] = [
        "container-concurrency-target-default",
        "container-concurrency-target-percentage",
        "requests-per-second-target-default",
        "target-burst-capacity",
        "stable-window",
        "panic-window-percentage",
        "panic-threshold-percentage",
        "max-scale-up-rate",
        "max-scale-down-rate",
        "scale-to-zero-grace-period",
        "scale-to-zero-pod-retention-period",
        "scale-down-delay",
        "enable-scale-to-zero",
        "initial-scale",
        "allow-zero-initial-scale",
        "min-scale",
        "max-scale",
        "max-scale-limit",
        "activator-capacity",
        "pod-autoscaler-class",
    ]

    /// Annotation names after `autoscaling.knative.dev/`, with the legacy camelCase
    /// spellings Knative still accepts.
    public static let annotationKeys: [String] = [
        "class", "metric", "target", "target-utilization-percentage",
        "target-burst-capacity", "window", "panic-window-percentage",
        "panic-threshold-percentage", "scale-to-zero-pod-retention-period",
        "scale-down-delay", "initial-scale", "min-scale", "max-scale",
        "activation-scale", "metric-aggregation-algorithm",
        // Legacy spellings (kmap.KeyPriority in knative/pkg).
        "minScale", "maxScale", "initialScale", "panicWindowPercentage",
        "panicThresholdPercentage", "targetBurstCapacity",
        "targetUtilizationPercentage", "scaleDownDelay", "metricAggregationAlgorithm",
        "scaleToZeroPodRetentionPeriod",
    ]

    /// `KPA` in register.go: the Knative Pod Autoscaler class.
    public static let kpaClass = "kpa.autoscaling.knative.dev"
    /// `HPA` in register.go: the Kubernetes HPA class.
    public static let hpaClass = "hpa.autoscaling.knative.dev"
}
