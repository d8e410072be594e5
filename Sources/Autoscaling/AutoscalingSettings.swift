/// Everything that decides how one revision autoscales: the cluster's
/// `config-autoscaler`, the revision's autoscaling annotations and its
/// containerConcurrency. One parser for the scenario layer and the replay's CONFIG.json.
public struct AutoscalingSettings: Sendable, Equatable {
    public private(set) var config: AutoscalerConfig
    public private(set) var annotations: AutoscalingAnnotations
    /// The revision's `containerConcurrency` (0 = no limit; then the concurrency target
    /// comes from `container-concurrency-target-default`).
    public private(set) var containerConcurrency: Int32

    /// The key for containerConcurrency in a flat key list (it is a field of the
    /// revision spec in Knative, not a config key or an annotation).
    public static let containerConcurrencyKey = "container-concurrency"
    /// `container-concurrency-max-limit` default in config-defaults
    /// (pkg/apis/config/defaults.go): the largest containerConcurrency Knative accepts.
    public static let containerConcurrencyLimit: Int32 = 1000

    /// Validated settings. Throws the first problem: config map, then
    /// containerConcurrency, then annotations (which are checked against the config).
    public init(config: AutoscalerConfig = AutoscalerConfig(),
                annotations: AutoscalingAnnotations = AutoscalingAnnotations(),
                containerConcurrency: Int32 = 0) throws(AutoscalingConfigError) {
        try config.validate()
        guard containerConcurrency >= 0 && containerConcurrency <= Self.containerConcurrencyLimit else {
            throw AutoscalingConfigError(key: Self.containerConcurrencyKey,
                                         message: "must be in [0, \(Self.containerConcurrencyLimit)], was \(containerConcurrency)")
        }
        try annotations.validate(config: config)
        self.config = config
        self.annotations = annotations
        self.containerConcurrency = containerConcurrency
    }

    /// Settings from a flat list of `(key, value)` pairs, where each key is one of:
    /// * `container-concurrency`;
    /// * an annotation with its prefix, `autoscaling.knative.dev/<name>` (legacy
    ///   camelCase names included);
    /// * a `config-autoscaler` key, e.g. `stable-window`;
    /// * an annotation name without its prefix, e.g. `target`, `window`,
    ///   `activation-scale`, `metric`.
    ///
    /// A bare name that is both a config-map key and an annotation (`min-scale`,
    /// `target-burst-capacity`, …) is read as the config-map key; the effect on the
    /// decider is the same except that the annotation ranges are stricter, and the
    /// prefixed spelling selects the annotation. Keys absent from the list keep Knative's
    /// defaults. Unknown and repeated keys are errors, as are values Knative would reject.
    public init<S: Sequence>(pairs: S) throws(AutoscalingConfigError) where S.Element == (key: String, value: String) {
        var configMap: [String: String] = [:]
        var annotations = AutoscalingAnnotations()
        var containerConcurrency: Int32 = 0
        var seen: Set<String> = []
        var containerConcurrencyText: String?
        for (key, value) in pairs {
            guard seen.insert(key).inserted else {
                throw AutoscalingConfigError(key: key, message: "given twice")
            }
            if key == Self.containerConcurrencyKey {
                containerConcurrencyText = value
            } else if key.hasPrefix(KnativeKeys.annotationPrefix) || !KnativeKeys.configMapKeys.contains(key) {
                guard let name = AutoscalingAnnotations.name(ofKey: key) else {
                    throw AutoscalingConfigError(
                        key: key,
                        message: "unknown key (not a config-autoscaler key, an autoscaling annotation or container-concurrency)")
                }
                try annotations.set(name, value, writtenAs: key)
            } else {
                configMap[key] = value
            }
        }
        let config = try AutoscalerConfig(configMap: configMap)
        if let text = containerConcurrencyText {
            guard let v = GoValueParsing.int32(text) else {
                throw AutoscalingConfigError(key: Self.containerConcurrencyKey, message: "invalid whole number \"\(text)\"")
            }
            containerConcurrency = v
        }
        try self.init(config: config, annotations: annotations, containerConcurrency: containerConcurrency)
    }

    /// The revision's decider spec (`MakeDecider`, `ResolveMetricTarget`, `MakeMetric`,
    /// `ScaleBounds`, `GetInitialScale`). `reachable` is false for a revision no route
    /// points at (Knative's `ReachabilityUnreachable`).
    public func deciderSpec(reachable: Bool = true) -> DeciderSpec {
        DeciderSpec(config: config, annotations: annotations,
                    containerConcurrency: containerConcurrency, reachable: reachable)
    }
}
