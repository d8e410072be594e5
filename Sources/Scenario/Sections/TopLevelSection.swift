import Engine

extension Scenario {
    /// The keys of the top-level mapping.
    static let keys = [
        "name", "description", "seed", "generator", "duration", "warmup",
        "cluster", "autoscaler", "services", "workload", "expect",
    ]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        guard case .mapping = reader.node else {
            throw reader.error("the top level must be a mapping of scenario fields (name, duration, services, ...), got \(reader.described)")
        }
        var fields = try reader.mapping(keys: Self.keys)
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
        var activatorCapacityLocation: FilePosition?
        if let clusterField = fields.optional("cluster") {
            (cluster, activatorCapacityLocation) = try ClusterConfig.decode(clusterField)
        } else {
            cluster = ClusterConfig()
        }
        autoscaler = try fields.optional("autoscaler").map { r throws(ScenarioError) in try AutoscalerConfigMap(decoding: r) }
            ?? AutoscalerConfigMap()
        services = try ServiceConfig.decodeList(fields.required("services"))
        workload = try WorkloadEntry.decodeList(fields.required("workload"), services: services)
        expectations = try fields.optional("expect").map { r throws(ScenarioError) in try Expectation.decodeList(r) } ?? []
        fields.finish()
        try applyCrossSectionRules(activatorCapacityLocation: activatorCapacityLocation)
    }

    /// Rules that span sections, applied once every section is read.
    private mutating func applyCrossSectionRules(activatorCapacityLocation: FilePosition?) throws(ScenarioError) {
        // Knative reads the activator's capacity from config-autoscaler's
        // activator-capacity; a scenario may give it there or under
        // cluster.activator.capacity, but not in both places.
        if let entry = autoscaler.entry("activator-capacity") {
            if let clusterLocation = activatorCapacityLocation {
                throw entry.error("activator capacity is also set at cluster.activator.capacity (line \(clusterLocation.line)); set it in one place")
            }
            guard let capacity = NumberSyntax.double(entry.value.trimmingSpaces), capacity.isFinite, capacity >= 1 else {
                throw entry.error("must be a number, at least 1, got \(quoted(entry.value))")
            }
            cluster.activator.capacity = capacity
        }
    }
}
