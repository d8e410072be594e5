extension AutoscalerConfig {
    /// Knative's `NewConfigFromMap`: starts from the defaults, applies every given
    /// `config-autoscaler` key, turns a concurrency target percentage > 1 into a
    /// fraction, and validates.
    ///
    /// Values use Knative's syntax: floats ("10.0", "70"), whole numbers ("3"),
    /// booleans ("true", "TRUE", "1"), Go durations ("60s", "1m30s").
    /// Unlike Knative, which ignores keys it does not know, an unknown key is an error
    /// (a misspelt key would otherwise silently leave a default in place).
    public init(configMap: [String: String]) throws(AutoscalingConfigError) {
        var config = AutoscalerConfig()
        // The alphabetically first unknown key, so the message does not depend on hashing.
        if let unknown = configMap.keys.filter({ !KnativeKeys.configMapKeys.contains($0) }).min() {
            throw AutoscalingConfigError(key: unknown, message: "unknown config-autoscaler key")
        }
        // Knative's parse order, so the first error reported is the one Knative reports.
        for key in KnativeKeys.configMapKeys {
            if let value = configMap[key] { try config.apply(key: key, value: value) }
        }
        try config.finish()
        self = config
    }

    /// Sets one `config-autoscaler` key from its text, checking only its syntax.
    /// Call `finish()` after the last key.
    mutating func apply(key: String, value: String) throws(AutoscalingConfigError) {
        func float() throws(AutoscalingConfigError) -> Double {
            guard let v = GoValueParsing.float(value) else {
                throw AutoscalingConfigError(key: key, message: "invalid number \"\(value)\"")
            }
            return v
        }
        func int() throws(AutoscalingConfigError) -> Int32 {
            guard let v = GoValueParsing.int32(value) else {
                throw AutoscalingConfigError(key: key, message: "invalid whole number \"\(value)\"")
            }
            return v
        }
        func bool() throws(AutoscalingConfigError) -> Bool {
            guard let v = GoValueParsing.bool(value) else {
                throw AutoscalingConfigError(key: key, message: "invalid boolean \"\(value)\" (want true or false)")
            }
            return v
        }
        func duration() throws(AutoscalingConfigError) -> Int64 {
            guard let v = GoValueParsing.duration(value) else {
                throw AutoscalingConfigError(key: key, message: "invalid duration \"\(value)\" (want e.g. \"60s\", \"1m30s\")")
            }
            return v
        }
        switch key {
        case "pod-autoscaler-class": podAutoscalerClass = value.trimmingASCIIWhitespace()
        case "enable-scale-to-zero": enableScaleToZero = try bool()
        case "allow-zero-initial-scale": allowZeroInitialScale = try bool()
        case "max-scale-up-rate": maxScaleUpRate = try float()
        case "max-scale-down-rate": maxScaleDownRate = try float()
        case "container-concurrency-target-percentage": containerConcurrencyTargetFraction = try float()
        case "container-concurrency-target-default": containerConcurrencyTargetDefault = try float()
        case "requests-per-second-target-default": rpsTargetDefault = try float()
        case "target-burst-capacity": targetBurstCapacity = try float()
        case "panic-window-percentage": panicWindowPercentage = try float()
        case "activator-capacity": activatorCapacity = try float()
        case "panic-threshold-percentage": panicThresholdPercentage = try float()
        case "initial-scale": initialScale = try int()
        case "min-scale": minScale = try int()
        case "max-scale": maxScale = try int()
        case "max-scale-limit": maxScaleLimit = try int()
        case "stable-window": stableWindow = try duration()
        case "scale-down-delay": scaleDownDelay = try duration()
        case "scale-to-zero-grace-period": scaleToZeroGracePeriod = try duration()
        case "scale-to-zero-pod-retention-period": scaleToZeroPodRetentionPeriod = try duration()
        default:
            throw AutoscalingConfigError(key: key, message: "unknown config-autoscaler key")
        }
    }

    /// The steps of `NewConfigFromMap` after parsing: percentage → fraction, validate.
    mutating func finish() throws(AutoscalingConfigError) {
        // Legacy: values in (0, 1] are fractions already; larger ones are percentages.
        if containerConcurrencyTargetFraction > 1 { containerConcurrencyTargetFraction /= 100 }
        try validate()
    }
}

extension String {
    /// Go's `strings.TrimSpace` for the ASCII whitespace a config value can carry.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
