import Autoscaling
import Engine

extension Scenario {
    /// The keys of the top-level mapping.
    static let keys = [
        "name", "description", "seed", "generator", "duration", "warmup",
        "cluster", "mesh", "activator", "autoscaler", "services", "workload", "events", "expect",
        "prices",
    ]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        guard case .mapping = reader.node else {
            throw reader.error("the top level must be a mapping of scenario fields (name, duration, services, ...), got \(reader.described)")
        }
        var fields = try reader.mapping(keys: Self.keys)
        var warnings: [ScenarioWarning] = []
        name = try fields.required("name").dnsLabel()
        description = try fields.optional("description")?.string()
        seed = try fields.optional("seed")?.unsigned64("must be a whole number from 0 to \(UInt64.max)") ?? Self.defaultSeed
        if let text = try fields.optional("generator")?.oneOf(GeneratorKind.allCases.map(\.rawValue), what: "generator") {
            generator = GeneratorKind(rawValue: text)!
        } else {
            generator = Self.defaultGenerator
        }
        duration = try fields.required("duration").duration("must be longer than 0") { $0 > .zero }
        if let warmupField = fields.optional("warmup") {
            let duration = self.duration
            warmup = try warmupField.duration("must be shorter than duration (\(DurationSyntax.format(duration)))") { $0 < duration }
        } else {
            warmup = .zero
        }
        cluster = try fields.optional("cluster").map { r throws(ScenarioError) in try ClusterConfig.decode(r, warnings: &warnings) }
            ?? ClusterConfig()
        mesh = try fields.optional("mesh").map { r throws(ScenarioError) in try MeshConfig(decoding: r) } ?? MeshConfig()
        var activatorCapacityLocation: FilePosition?
        if let activatorField = fields.optional("activator") {
            (activator, activatorCapacityLocation) = try ActivatorConfig.decode(activatorField)
        } else {
            activator = ActivatorConfig()
        }
        autoscaler = try fields.optional("autoscaler").map { r throws(ScenarioError) in try AutoscalerConfigMap(decoding: r) }
            ?? AutoscalerConfigMap()
        if let capacity = try Self.activatorCapacity(in: autoscaler, alsoSetAt: activatorCapacityLocation) {
            activator.capacity = capacity
        }
        let defaultClass = autoscaler.entry("pod-autoscaler-class")
        if let defaultClass, ScalingPolicyConfig.knative(class: defaultClass.value) == nil {
            throw defaultClass.error(ScalingPolicyConfig.unknownClassMessage(defaultClass.value))
        }
        let context = RevisionContext(cluster: cluster, mesh: mesh, defaultClass: defaultClass)
        let services = try ServiceConfig.decodeList(fields.required("services"), context: context, warnings: &warnings)
        self.services = services
        let duration = self.duration
        workload = try WorkloadEntry.decodeList(fields.required("workload"), services: services, duration: duration)
        let cluster = self.cluster
        events = try fields.optional("events").map { r throws(ScenarioError) in
            try ScenarioEvent.decodeList(r, services: services, cluster: cluster, duration: duration)
        } ?? []
        expectations = try fields.optional("expect").map { r throws(ScenarioError) in try Expectation.decodeList(r) } ?? []
        prices = try fields.optional("prices").map { r throws(ScenarioError) in try PricesConfig(decoding: r) }
        self.warnings = []
        fields.finish()
        try validateAutoscalingSettings(reader: reader)
        self.warnings = warnings
    }

    /// Knative reads the activator's capacity from config-autoscaler's
    /// activator-capacity; a scenario may give it there or under
    /// activator.capacity, but not in both places.
    private static func activatorCapacity(in autoscaler: AutoscalerConfigMap,
                                          alsoSetAt activatorLocation: FilePosition?) throws(ScenarioError) -> Double? {
        guard let entry = autoscaler.entry("activator-capacity") else { return nil }
        if let activatorLocation {
            throw entry.error("activator capacity is also set at activator.capacity (line \(activatorLocation.line)); set it in one place")
        }
        guard let capacity = NumberSyntax.double(entry.value.trimmingSpaces), capacity.isFinite, capacity >= 1 else {
            throw entry.error("must be a number, at least 1, got \(quoted(entry.value))")
        }
        return capacity
    }

    /// The config-autoscaler values and each autoscaled revision's annotations and
    /// containerConcurrency, checked with Knative's own rules (the Autoscaling
    /// layer's parser), so a bad value is reported at its line before a run.
    private func validateAutoscalingSettings(reader: NodeReader) throws(ScenarioError) {
        let configPairs = autoscaler.entries.map { (key: $0.key, value: $0.value) }
        func located(_ error: AutoscalingConfigError, revision: RevisionConfig?) -> ScenarioError {
            let prefix = KnativeKeys.annotationPrefix
            if let revision, error.key.hasPrefix(prefix),
               let entry = revision.autoscalingAnnotations.first(where: { prefix + $0.key == error.key }) {
                return entry.error(error.message)
            }
            if let entry = autoscaler.entry(error.key) { return entry.error(error.message) }
            // containerConcurrency is range-checked where it is read, so this is a
            // rule between fields; report it at the revision's first annotation.
            if let revision, let entry = revision.autoscalingAnnotations.first {
                return entry.error("\(error.key): \(error.message)")
            }
            return ScenarioError(file: reader.context.file, message: error.description)
        }
        do {
            _ = try AutoscalingSettings(pairs: configPairs)
        } catch {
            throw located(error, revision: nil)
        }
        for service in services {
            for revision in service.revisions where revision.pool == nil {
                let pairs = configPairs
                    + revision.autoscalingAnnotations.map { (key: KnativeKeys.annotationPrefix + $0.key, value: $0.value) }
                    + [(key: AutoscalingSettings.containerConcurrencyKey, value: String(revision.containerConcurrency))]
                do {
                    _ = try AutoscalingSettings(pairs: pairs)
                } catch {
                    throw located(error, revision: revision)
                }
            }
        }
    }
}
