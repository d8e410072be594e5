/// The resolved per-revision KPA parameters: Knative's `DeciderSpec`
/// (pkg/autoscaler/scaling/multiscaler.go) plus the metric windows of its `Metric`
/// resource and the PodAutoscaler's scale bounds, which the replay and the reconciler
/// model need next to it. Durations are nanoseconds.
public struct DeciderSpec: Sendable, Equatable {
    /// `max-scale-up-rate` (config map only).
    public var maxScaleUpRate: Double
    /// `max-scale-down-rate` (config map only).
    public var maxScaleDownRate: Double
    /// The metric scaled on; anything but `rps` is concurrency, as in Knative.
    public var scalingMetric: ScalingMetric
    /// Desired metric value per pod: max(0.01, totalValue × utilisation).
    public var targetValue: Double
    /// Per-pod capacity in metric units (used for the excess burst capacity).
    public var totalValue: Double
    /// Target burst capacity: 0 none, −1 unlimited, > 0 spare capacity to keep.
    public var targetBurstCapacity: Double
    /// `activator-capacity` (activator subsetting, not used by Scale()).
    public var activatorCapacity: Double
    /// Panic when desired panic pods / ready pods ≥ this (percentage / 100).
    public var panicThreshold: Double
    /// The stable window (also how long panic mode outlasts the surge).
    public var stableWindow: Int64
    /// The panic window: stable × percentage / 100, rounded to whole seconds, ≥ 1 s.
    public var panicWindow: Int64
    /// Scale-down delay (0 = none).
    public var scaleDownDelay: Int64
    /// Initial scale (`GetInitialScale`).
    public var initialScale: Int32
    /// False for a revision with no route: no scale-down rate limit, no delay, min-scale ignored.
    public var reachable: Bool
    /// Activation scale (annotation only; ≤ 1 means off).
    public var activationScale: Int32
    /// The averaging of the metric windows.
    public var aggregationAlgorithm: AggregationAlgorithm
    /// min-scale as the reconciler applies it (0 when unreachable).
    public var minScale: Int32
    /// max-scale (0 = unlimited).
    public var maxScale: Int32
    /// scale-to-zero-pod-retention-period (annotation over config map), for the reconciler.
    public var scaleToZeroPodRetentionPeriod: Int64

    /// A spec from explicit values (tests, other hosts). `panicWindow` defaults to 10 %
    /// of the stable window, Knative's default percentage, rounded as `MakeMetric` does.
    public init(maxScaleUpRate: Double, maxScaleDownRate: Double, scalingMetric: ScalingMetric,
                targetValue: Double, totalValue: Double, targetBurstCapacity: Double,
                activatorCapacity: Double = 100, panicThreshold: Double, stableWindow: Int64,
                panicWindow: Int64? = nil, scaleDownDelay: Int64 = 0, initialScale: Int32 = 1,
                reachable: Bool = true, activationScale: Int32 = 0,
                aggregationAlgorithm: AggregationAlgorithm = .linear,
                minScale: Int32 = 0, maxScale: Int32 = 0, scaleToZeroPodRetentionPeriod: Int64 = 0) {
        self.maxScaleUpRate = maxScaleUpRate
        self.maxScaleDownRate = maxScaleDownRate
        self.scalingMetric = scalingMetric
        self.targetValue = targetValue
        self.totalValue = totalValue
        self.targetBurstCapacity = targetBurstCapacity
        self.activatorCapacity = activatorCapacity
        self.panicThreshold = panicThreshold
        self.stableWindow = stableWindow
        self.panicWindow = panicWindow ?? Self.panicWindow(stableWindow: stableWindow, percentage: 10)
        self.scaleDownDelay = scaleDownDelay
        self.initialScale = initialScale
        self.reachable = reachable
        self.activationScale = activationScale
        self.aggregationAlgorithm = aggregationAlgorithm
        self.minScale = minScale
        self.maxScale = maxScale
        self.scaleToZeroPodRetentionPeriod = scaleToZeroPodRetentionPeriod
    }

    /// False when target-burst-capacity is −1: Knative's metric then has no scrape target
    /// (`resolveScrapeTarget`, pkg/reconciler/autoscaling/kpa/kpa.go), so an empty window
    /// reads 0 instead of "no data".
    public var hasScrapeTarget: Bool { targetBurstCapacity != -1 }

    /// Applies min-scale and max-scale to a desired count the way the reconciler does
    /// (`applyBounds`, pkg/reconciler/autoscaling/kpa/scaler.go).
    public func applyingBounds(_ desired: Int32) -> Int32 {
        if desired < minScale { return minScale }
        if maxScale != 0 && desired > maxScale { return maxScale }
        return desired
    }

    /// The panic window of `MakeMetric` (pkg/reconciler/autoscaling/resources/metric.go):
    /// `time.Duration(float64(stable) * pct / 100)` (truncating to nanoseconds), rounded
    /// to the nearest second with halves away from zero, at least one bucket (1 s).
    public static func panicWindow(stableWindow: Int64, percentage: Double) -> Int64 {
        let raw = Double(stableWindow) * percentage / 100.0
        let ns = raw >= 9.2e18 ? Int64.max : Int64(raw.rounded(.towardZero))
        let second = KPATiming.nanosecondsPerSecond
        let remainder = ns % second
        let rounded = remainder + remainder < second ? ns - remainder : ns + second - remainder
        return max(rounded, KPATiming.bucketSize)
    }
}

extension DeciderSpec {
    /// `MakeDecider` with `ResolveMetricTarget`, `MakeMetric`'s windows, `ScaleBounds` and
    /// `GetInitialScale`, for validated settings (see `AutoscalingSettings`).
    public init(config: AutoscalerConfig, annotations: AutoscalingAnnotations,
                containerConcurrency: Int32, reachable: Bool) {
        // PodAutoscaler.Metric(): the annotation, or the class default (KPA: concurrency).
        let metricName = annotations.metric ?? ScalingMetric.concurrency.rawValue
        let metric: ScalingMetric = metricName == ScalingMetric.rps.rawValue ? .rps : .concurrency

        // ResolveMetricTarget.
        var total: Double
        var utilisation: Double
        switch metric {
        case .rps:
            total = config.rpsTargetDefault
            utilisation = config.targetUtilization
        case .concurrency:
            total = Double(containerConcurrency)
            if total == 0 { total = config.containerConcurrencyTargetDefault }
            utilisation = config.containerConcurrencyTargetFraction
        }
        if let target = annotations.target {
            total = target
            // Never aim above what the container accepts.
            if metricName == ScalingMetric.concurrency.rawValue && containerConcurrency != 0 {
                total = min(target, Double(containerConcurrency))
            }
        }
        if let tu = annotations.targetUtilization { utilisation = tu }
        let target = max(AutoscalerConfig.Limits.targetMin, total * utilisation)

        let stableWindow = annotations.window ?? config.stableWindow
        let panicWindowPercentage = annotations.panicWindowPercentage ?? config.panicWindowPercentage

        // GetInitialScale: the annotation unless it is a disallowed 0.
        var initialScale = config.initialScale
        if let annotated = annotations.initialScale, annotated != 0 || config.allowZeroInitialScale {
            initialScale = annotated
        }

        self.init(
            maxScaleUpRate: config.maxScaleUpRate,
            maxScaleDownRate: config.maxScaleDownRate,
            scalingMetric: metric,
            targetValue: target,
            totalValue: total,
            targetBurstCapacity: annotations.targetBurstCapacity ?? config.targetBurstCapacity,
            activatorCapacity: config.activatorCapacity,
            panicThreshold: (annotations.panicThresholdPercentage ?? config.panicThresholdPercentage) / 100.0,
            stableWindow: stableWindow,
            panicWindow: Self.panicWindow(stableWindow: stableWindow, percentage: panicWindowPercentage),
            scaleDownDelay: annotations.scaleDownDelay ?? config.scaleDownDelay,
            initialScale: initialScale,
            reachable: reachable,
            activationScale: annotations.activationScale ?? 0,
            aggregationAlgorithm: annotations.aggregationAlgorithm ?? .linear,
            minScale: reachable ? (annotations.minScale ?? config.minScale) : 0,
            maxScale: annotations.maxScale ?? config.maxScale,
            scaleToZeroPodRetentionPeriod: annotations.scaleToZeroPodRetentionPeriod ?? config.scaleToZeroPodRetentionPeriod)
    }
}
