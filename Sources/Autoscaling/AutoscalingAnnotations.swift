/// A revision's `autoscaling.knative.dev/*` annotations, validated as Knative's webhook
/// does (pkg/apis/autoscaling/annotation_validation.go) and read as the PodAutoscaler
/// does (pkg/apis/autoscaling/v1alpha1/pa_lifecycle.go).
///
/// Names are stored without the prefix. Legacy camelCase spellings are accepted; when
/// both spellings are present the current one wins (`kmap.KeyPriority`).
public struct AutoscalingAnnotations: Sendable, Equatable {
    /// One annotation value and the key exactly as the user wrote it (for messages).
    public struct Entry: Sendable, Equatable {
        public var writtenKey: String
        public var value: String
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Annotations from `(key, value)` pairs; keys may carry the
    /// `autoscaling.knative.dev/` prefix or not. Unknown names and repeated keys are
    /// errors. Values are only checked by `validate(config:)`.
    public init<S: Sequence>(_ pairs: S) throws(AutoscalingConfigError) where S.Element == (key: String, value: String) {
        for (key, value) in pairs {
            guard let name = Self.name(ofKey: key) else {
                throw AutoscalingConfigError(key: key, message: "unknown autoscaling annotation")
            }
            try set(name, value, writtenAs: key)
        }
    }

    /// The annotation name (without prefix) for a key, if it is a known annotation.
    static func name(ofKey key: String) -> String? {
        let name = key.hasPrefix(KnativeKeys.annotationPrefix)
            ? String(key.dropFirst(KnativeKeys.annotationPrefix.count)) : key
        return KnativeKeys.annotationKeys.contains(name) ? name : nil
    }

    /// Sets annotation `name` (no prefix); `writtenAs` is the key used in messages.
    public mutating func set(_ name: String, _ value: String, writtenAs: String? = nil) throws(AutoscalingConfigError) {
        let written = writtenAs ?? KnativeKeys.annotationPrefix + name
        guard KnativeKeys.annotationKeys.contains(name) else {
            throw AutoscalingConfigError(key: written, message: "unknown autoscaling annotation")
        }
        if let existing = entries[name] {
            throw AutoscalingConfigError(key: written, message: "given twice (also as \(existing.writtenKey))")
        }
        entries[name] = Entry(writtenKey: written, value: value)
    }

    /// The value of annotation `name` (no prefix) if set, spelling as given.
    public subscript(name: String) -> String? { entries[name]?.value }

    /// True when no annotation is set.
    public var isEmpty: Bool { entries.isEmpty }

    // MARK: - Key priorities (register.go)

    enum Key {
        static let `class` = ["class"]
        static let initialScale = ["initial-scale", "initialScale"]
        static let maxScale = ["max-scale", "maxScale"]
        static let metric = ["metric"]
        static let aggregationAlgorithm = ["metric-aggregation-algorithm", "metricAggregationAlgorithm"]
        static let activationScale = ["activation-scale"]
        static let minScale = ["min-scale", "minScale"]
        static let panicThresholdPercentage = ["panic-threshold-percentage", "panicThresholdPercentage"]
        static let panicWindowPercentage = ["panic-window-percentage", "panicWindowPercentage"]
        static let scaleDownDelay = ["scale-down-delay", "scaleDownDelay"]
        static let scaleToZeroPodRetentionPeriod = ["scale-to-zero-pod-retention-period", "scaleToZeroPodRetentionPeriod"]
        static let target = ["target"]
        static let targetBurstCapacity = ["target-burst-capacity", "targetBurstCapacity"]
        static let targetUtilizationPercentage = ["target-utilization-percentage", "targetUtilizationPercentage"]
        static let window = ["window"]
    }

    /// `KeyPriority.Get`: the first of `names` that is present.
    func lookup(_ names: [String]) -> Entry? {
        for name in names { if let entry = entries[name] { return entry } }
        return nil
    }

    // MARK: - Typed reads (pa_lifecycle.go); nil when absent or unparsable

    public var podAutoscalerClass: String? { lookup(Key.class)?.value }
    public var metric: String? { lookup(Key.metric)?.value }
    public var target: Double? { lookup(Key.target).flatMap { GoValueParsing.float($0.value) } }
    /// As a fraction (the annotation is a percentage).
    public var targetUtilization: Double? {
        lookup(Key.targetUtilizationPercentage).flatMap { GoValueParsing.float($0.value) }.map { $0 / 100 }
    }
    public var targetBurstCapacity: Double? { lookup(Key.targetBurstCapacity).flatMap { GoValueParsing.float($0.value) } }
    public var panicWindowPercentage: Double? { lookup(Key.panicWindowPercentage).flatMap { GoValueParsing.float($0.value) } }
    public var panicThresholdPercentage: Double? { lookup(Key.panicThresholdPercentage).flatMap { GoValueParsing.float($0.value) } }
    public var window: Int64? { lookup(Key.window).flatMap { GoValueParsing.duration($0.value) } }
    public var scaleDownDelay: Int64? { lookup(Key.scaleDownDelay).flatMap { GoValueParsing.duration($0.value) } }
    public var scaleToZeroPodRetentionPeriod: Int64? {
        lookup(Key.scaleToZeroPodRetentionPeriod).flatMap { GoValueParsing.duration($0.value) }
    }
    public var initialScale: Int32? { lookup(Key.initialScale).flatMap { GoValueParsing.int32($0.value) } }
    public var minScale: Int32? { lookup(Key.minScale).flatMap { GoValueParsing.int32($0.value) } }
    public var maxScale: Int32? { lookup(Key.maxScale).flatMap { GoValueParsing.int32($0.value) } }
    public var activationScale: Int32? { lookup(Key.activationScale).flatMap { GoValueParsing.int32($0.value) } }
    public var aggregationAlgorithm: AggregationAlgorithm? {
        switch lookup(Key.aggregationAlgorithm)?.value {
        case "weighted-exponential", "weightedExponential": return .weightedExponential
        case "linear": return .linear
        default: return nil
        }
    }

    // MARK: - Validation (annotation_validation.go)

    /// Knative's `ValidateAnnotations`, throwing the first problem in Knative's order.
    ///
    /// One deliberate difference: Knative checks the aggregation algorithm only when the
    /// class annotation is explicitly the KPA (and otherwise silently averages linearly
    /// on an unknown name); here an unknown algorithm is always an error, so a typo
    /// cannot silently change the model.
    public func validate(config: AutoscalerConfig) throws(AutoscalingConfigError) {
        func fail(_ entry: Entry, _ message: String) -> AutoscalingConfigError {
            AutoscalingConfigError(key: entry.writtenKey, message: message)
        }

        // validateClass
        if let entry = lookup(Key.class), entry.value.hasSuffix(".knative.dev"),
           entry.value != KnativeKeys.kpaClass, entry.value != KnativeKeys.hpaClass {
            throw fail(entry, "invalid value \"\(entry.value)\"")
        }

        // validateMinMaxScale
        func nonNegativeInt(_ names: [String]) throws(AutoscalingConfigError) -> Int32 {
            guard let entry = lookup(names) else { return 0 }
            guard let v = GoValueParsing.int32(entry.value) else {
                throw fail(entry, "invalid value \"\(entry.value)\": want a whole number")
            }
            guard v >= 0 else { throw fail(entry, "must be in [0, 2147483647], was \(v)") }
            return v
        }
        let minScale = try nonNegativeInt(Key.minScale)
        let maxScale = try nonNegativeInt(Key.maxScale)
        if maxScale != 0 && maxScale < minScale {
            throw fail(lookup(Key.maxScale)!, "max-scale=\(maxScale) is less than min-scale=\(minScale)")
        }
        if let entry = lookup(Key.maxScale), config.maxScaleLimit != 0 {
            if maxScale > config.maxScaleLimit {
                throw fail(entry, "must be in [1, \(config.maxScaleLimit)] (max-scale-limit), was \(maxScale)")
            }
            if maxScale == 0 {
                throw fail(entry, "max-scale=0 (unlimited) is not allowed with max-scale-limit \(config.maxScaleLimit)")
            }
        }
        if let entry = lookup(Key.activationScale) {
            guard let activation = GoValueParsing.int32(entry.value) else {
                throw fail(entry, "invalid value \"\(entry.value)\": want a whole number")
            }
            if minScale > activation {
                throw fail(entry, "min-scale=\(minScale) is greater than activation-scale=\(activation)")
            } else if maxScale < activation && maxScale != 0 {
                throw fail(entry, "max-scale=\(maxScale) is less than activation-scale=\(activation)")
            } else if activation < 2 {
                throw fail(entry, "activation-scale=\(activation) must be greater than 1")
            }
        }

        // validateFloats
        func float(_ entry: Entry) throws(AutoscalingConfigError) -> Double {
            guard let v = GoValueParsing.float(entry.value) else {
                throw fail(entry, "invalid value \"\(entry.value)\": want a number")
            }
            return v
        }
        if let entry = lookup(Key.panicWindowPercentage) {
            let v = try float(entry)
            if v < AutoscalerConfig.Limits.panicWindowPercentageMin || v > AutoscalerConfig.Limits.panicWindowPercentageMax {
                throw fail(entry, "must be in [1, 100], was \(entry.value)")
            }
        }
        if let entry = lookup(Key.panicThresholdPercentage) {
            let v = try float(entry)
            if v < AutoscalerConfig.Limits.panicThresholdPercentageMin || v > AutoscalerConfig.Limits.panicThresholdPercentageMax {
                throw fail(entry, "must be in [110, 1000], was \(entry.value)")
            }
        }
        if let entry = lookup(Key.target) {
            if try float(entry) < AutoscalerConfig.Limits.targetMin {
                throw fail(entry, "target \(entry.value) should be at least 0.01")
            }
        }
        if let entry = lookup(Key.targetUtilizationPercentage) {
            let v = try float(entry)
            if v < 1 || v > 100 { throw fail(entry, "must be in [1, 100], was \(entry.value)") }
        }
        if let entry = lookup(Key.targetBurstCapacity) {
            guard let v = GoValueParsing.float(entry.value), v >= 0 || v == -1 else {
                throw fail(entry, "invalid value \"\(entry.value)\": want a number >= 0 or -1")
            }
        }

        // validateWindow
        if let entry = lookup(Key.window) {
            guard let d = GoValueParsing.duration(entry.value) else {
                throw fail(entry, "invalid duration \"\(entry.value)\" (want e.g. \"60s\")")
            }
            if d < AutoscalerConfig.Limits.windowMin || d > AutoscalerConfig.Limits.windowMax {
                throw fail(entry, "must be in [6s, 1h], was \(entry.value)")
            }
            if d % KPATiming.nanosecondsPerSecond != 0 {
                throw fail(entry, "must be specified with at most second precision, was \(entry.value)")
            }
        }

        // validateLastPodRetention
        if let entry = lookup(Key.scaleToZeroPodRetentionPeriod) {
            guard let d = GoValueParsing.duration(entry.value) else {
                throw fail(entry, "invalid duration \"\(entry.value)\" (want e.g. \"60s\")")
            }
            if d < 0 || d > AutoscalerConfig.Limits.windowMax {
                throw fail(entry, "must be in [0s, 1h], was \(entry.value)")
            }
        }

        // validateScaleDownDelay
        if let entry = lookup(Key.scaleDownDelay) {
            guard let d = GoValueParsing.duration(entry.value) else {
                throw fail(entry, "invalid duration \"\(entry.value)\" (want e.g. \"60s\")")
            }
            if d < 0 || d > AutoscalerConfig.Limits.windowMax {
                throw fail(entry, "must be in [0s, 1h], was \(entry.value)")
            }
            if d % KPATiming.nanosecondsPerSecond != 0 {
                throw fail(entry, "must be specified with at most second precision, was \(entry.value)")
            }
        }

        // validateMetric
        if let entry = lookup(Key.metric) {
            let podAutoscalerClass = podAutoscalerClass ?? config.podAutoscalerClass
            switch podAutoscalerClass {
            case KnativeKeys.kpaClass:
                if entry.value != ScalingMetric.concurrency.rawValue && entry.value != ScalingMetric.rps.rawValue {
                    throw fail(entry, "invalid value \"\(entry.value)\": the KPA scales on concurrency or rps")
                }
            case KnativeKeys.hpaClass:
                if entry.value.isEmpty { throw fail(entry, "must not be empty") }
            default:
                break
            }
        }

        // validateAlgorithm (always; see above)
        if let entry = lookup(Key.aggregationAlgorithm), !entry.value.isEmpty, aggregationAlgorithm == nil {
            throw fail(entry, "invalid value \"\(entry.value)\": want linear or weighted-exponential")
        }

        // validateInitialScale
        if let entry = lookup(Key.initialScale) {
            guard let v = GoValueParsing.int32(entry.value) else {
                throw fail(entry, "invalid value \"\(entry.value)\": want a whole number")
            }
            if v < 0 { throw fail(entry, "must be at least 0, was \(v)") }
            if v == 0 && !config.allowZeroInitialScale {
                throw fail(entry, "initial-scale=0 is not allowed unless allow-zero-initial-scale is true")
            }
        }
    }
}
