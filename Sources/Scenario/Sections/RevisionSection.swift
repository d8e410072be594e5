import Engine

/// One revision of a service: its share of the traffic, its Knative settings, and
/// the model of its work.
public struct RevisionConfig: Sendable, Equatable {
    /// A DNS-1123 label, unique across all services. Default: `<service>-00001`,
    /// `<service>-00002`, ... by position, the names Knative generates.
    public var name: String
    /// Share of the service's requests, in percent (0-100). Default: 100 when the
    /// service has a single revision; required otherwise. Knative takes whole
    /// percents; knsim also takes fractions.
    public var trafficPercent: Double
    /// Knative `containerConcurrency`: the most requests one pod serves at once.
    /// Default: 0, which means unlimited (Knative's default).
    public var containerConcurrency: Int
    /// Knative `timeoutSeconds`: the longest a request may take end to end.
    /// Default: 300s (Knative's `revision-timeout-seconds`).
    public var timeout: SimDuration
    /// `autoscaling.knative.dev/*` annotations, by their name after the prefix
    /// (e.g. `min-scale`), values as written; the Autoscaling layer parses them.
    public var autoscalingAnnotations: [ConfigEntry]
    /// Other annotations, kept (full key) but not used by the simulation.
    public var ignoredAnnotations: [ConfigEntry]
    /// Time the user container works on one request, in seconds.
    public var serviceTime: Distribution
    /// How pods are provided. Default: nil, meaning the autoscaler decides.
    public var pool: PoolConfig?

    public init(name: String, trafficPercent: Double = 100, containerConcurrency: Int = 0,
                timeout: SimDuration = RevisionConfig.defaultTimeout, autoscalingAnnotations: [ConfigEntry] = [],
                ignoredAnnotations: [ConfigEntry] = [], serviceTime: Distribution, pool: PoolConfig? = nil) {
        self.name = name
        self.trafficPercent = trafficPercent
        self.containerConcurrency = containerConcurrency
        self.timeout = timeout
        self.autoscalingAnnotations = autoscalingAnnotations
        self.ignoredAnnotations = ignoredAnnotations
        self.serviceTime = serviceTime
        self.pool = pool
    }

    /// Knative's `revision-timeout-seconds` default (config-defaults).
    public static let defaultTimeout = SimDuration.wholeSeconds(300)
    /// Knative's `container-concurrency-max-limit` default (config-defaults): the
    /// largest containerConcurrency a revision may ask for.
    public static let maxContainerConcurrency = 1000

    /// The value of an `autoscaling.knative.dev/` annotation by its short name.
    public func annotation(_ name: String) -> ConfigEntry? {
        autoscalingAnnotations.first { $0.key == name }
    }

    static let keys = [
        "name", "traffic", "container-concurrency", "timeout", "annotations", "service-time", "pool",
    ]

    /// The name Knative gives a service's n-th revision when none is set.
    static func generatedName(service: String, index: Int) -> String {
        let number = String(index + 1)
        return service + "-" + String(repeating: "0", count: max(0, 5 - number.count)) + number
    }

    init(decoding reader: NodeReader, service: String, index: Int, isOnly: Bool) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        if let nameField = fields.optional("name") {
            name = try nameField.dnsLabel()
        } else {
            name = Self.generatedName(service: service, index: index)
            if let problem = DNSLabel.problem(with: name) {
                throw ScenarioError(at: reader.location, path: reader.path.appending(key: "name").description,
                                    message: "is required: the generated name \(problem)")
            }
        }
        if let traffic = fields.optional("traffic") {
            trafficPercent = try traffic.number("must be a number from 0 to 100") { (0...100).contains($0) }
        } else if isOnly {
            trafficPercent = 100
        } else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: "traffic").description,
                                message: "is required when a service has more than one revision")
        }
        containerConcurrency = try fields.optional("container-concurrency")?
            .integer("must be a whole number from 0 (unlimited) to \(Self.maxContainerConcurrency)") {
                (0...Self.maxContainerConcurrency).contains($0)
            } ?? 0
        timeout = try fields.optional("timeout")?.duration("must be longer than 0") { $0 > .zero } ?? Self.defaultTimeout
        if let annotations = fields.optional("annotations") {
            (autoscalingAnnotations, ignoredAnnotations) = try AnnotationsDecoder.decode(annotations)
        } else {
            (autoscalingAnnotations, ignoredAnnotations) = ([], [])
        }
        serviceTime = try DistributionDecoder.decode(fields.required("service-time"))
        pool = try fields.optional("pool").map { field throws(ScenarioError) in try PoolConfig(decoding: field) }
        fields.finish()
    }
}
