import Engine

/// One revision of a service: its share of the traffic, its Knative settings, the
/// model of its work, how its pods start and what scales them.
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
    /// A fixed number of pods instead of autoscaling. Default: nil, meaning the
    /// revision is autoscaled by `scalingPolicy`.
    public var pool: PoolConfig?
    /// What scales the revision when it has no `pool`: the Knative class
    /// (annotation `autoscaling.knative.dev/class`, else config-autoscaler
    /// `pod-autoscaler-class`, else the KPA) or knsim's `policy:`. Default: `.kpa`.
    public var scalingPolicy: ScalingPolicyConfig
    /// The user container's image. Default: nil, nothing to pull.
    public var image: ImageConfig?
    /// The user container's resources (requests default to limits, as in
    /// Kubernetes). Default: none (a BestEffort container).
    public var resources: ResourceRequirements
    /// How the requests in a pod share its CPU. Default: `.unconstrained`.
    public var cpuModel: CPUModel
    /// The cold-start phases. Default: `StartupPhases()` with the mesh's proxy start.
    public var startup: StartupPhases
    /// How long a terminating pod may finish its requests before it is killed.
    /// Default: the revision's `timeout`: Knative sets the pod's
    /// terminationGracePeriodSeconds to timeoutSeconds
    /// (pkg/reconciler/revision/resources/deploy.go).
    public var terminationGracePeriod: SimDuration
    /// Probability that a new pod crashes during start-up (and is replaced).
    /// Default: 0.
    public var crashOnStart: Double

    public init(name: String, trafficPercent: Double = 100, containerConcurrency: Int = 0,
                timeout: SimDuration = RevisionConfig.defaultTimeout, autoscalingAnnotations: [ConfigEntry] = [],
                ignoredAnnotations: [ConfigEntry] = [], serviceTime: Distribution, pool: PoolConfig? = nil,
                scalingPolicy: ScalingPolicyConfig = .kpa, image: ImageConfig? = nil,
                resources: ResourceRequirements = ResourceRequirements(), cpuModel: CPUModel = .unconstrained,
                startup: StartupPhases = StartupPhases(), terminationGracePeriod: SimDuration? = nil,
                crashOnStart: Double = 0) {
        self.name = name
        self.trafficPercent = trafficPercent
        self.containerConcurrency = containerConcurrency
        self.timeout = timeout
        self.autoscalingAnnotations = autoscalingAnnotations
        self.ignoredAnnotations = ignoredAnnotations
        self.serviceTime = serviceTime
        self.pool = pool
        self.scalingPolicy = scalingPolicy
        self.image = image
        self.resources = resources
        self.cpuModel = cpuModel
        self.startup = startup
        self.terminationGracePeriod = terminationGracePeriod ?? timeout
        self.crashOnStart = crashOnStart
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
        "name", "traffic", "container-concurrency", "timeout", "annotations", "service-time", "pool", "policy",
        "image", "resources", "cpu-model", "startup", "termination-grace-period", "crash-on-start",
    ]

    /// The name Knative gives a service's n-th revision when none is set.
    static func generatedName(service: String, index: Int) -> String {
        let number = String(index + 1)
        return service + "-" + String(repeating: "0", count: max(0, 5 - number.count)) + number
    }
}

/// A value decoded together with the node it came from, for messages about it
/// after decoding (conflicts, cross-field rules).
struct Located<Value> {
    var value: Value
    var reader: NodeReader
}

/// What the rest of the scenario tells a revision's decoder.
struct RevisionContext {
    let cluster: ClusterConfig
    let mesh: MeshConfig
    /// config-autoscaler's `pod-autoscaler-class`, if the scenario sets it.
    let defaultClass: ConfigEntry?
}

struct Annotations {
    var autoscaling: [ConfigEntry]
    var ignored: [ConfigEntry]
}

/// The fields of one `revisions:` entry exactly as written: nil where a key is left
/// out. Defaults, the manifest's values and cross-field rules are applied by
/// `RevisionConfig.init(resolving:...)`.
struct RevisionFields {
    var reader: NodeReader
    var name: Located<String>?
    var traffic: Located<Double>?
    var containerConcurrency: Located<Int>?
    var timeout: Located<SimDuration>?
    var annotations: Located<Annotations>?
    var serviceTime: Located<Distribution>?
    var pool: Located<PoolConfig>?
    var policy: Located<ScalingPolicyConfig>?
    var image: NodeReader?
    var imageName: Located<String>?
    var imageSize: Double?
    var resources: Located<ResourceRequirements>?
    var cpuModel: Located<CPUModel>?
    var startup: StartupPhases
    var terminationGracePeriod: Located<SimDuration>?
    var crashOnStart: Double?

    init(decoding reader: NodeReader, mesh: MeshConfig, warnings: inout [ScenarioWarning]) throws(ScenarioError) {
        var fields = try reader.mapping(keys: RevisionConfig.keys)
        self.reader = reader
        func located<T>(_ key: String, _ decode: (NodeReader) throws(ScenarioError) -> T) throws(ScenarioError) -> Located<T>? {
            guard let field = fields.optional(key) else { return nil }
            return Located(value: try decode(field), reader: field)
        }
        name = try located("name") { r throws(ScenarioError) in try r.dnsLabel() }
        traffic = try located("traffic") { r throws(ScenarioError) in
            try r.number("must be a number from 0 to 100") { (0...100).contains($0) }
        }
        containerConcurrency = try located("container-concurrency") { r throws(ScenarioError) in
            try r.integer("must be a whole number from 0 (unlimited) to \(RevisionConfig.maxContainerConcurrency)") {
                (0...RevisionConfig.maxContainerConcurrency).contains($0)
            }
        }
        timeout = try located("timeout") { r throws(ScenarioError) in try r.duration("must be longer than 0") { $0 > .zero } }
        annotations = try located("annotations") { r throws(ScenarioError) in
            let (autoscaling, ignored) = try AnnotationsDecoder.decode(r)
            return Annotations(autoscaling: autoscaling, ignored: ignored)
        }
        serviceTime = try located("service-time") { r throws(ScenarioError) in try DistributionDecoder.decode(r) }
        pool = try located("pool") { r throws(ScenarioError) in try PoolConfig(decoding: r) }
        policy = try located("policy") { r throws(ScenarioError) in try ScalingPolicyConfig(decoding: r) }
        if let imageField = fields.optional("image") {
            image = imageField
            var imageFields = try imageField.mapping(keys: ImageConfig.keys)
            imageName = try imageFields.optional("name").map { r throws(ScenarioError) in
                Located(value: try r.nonEmptyString("must be an image name such as ghcr.io/acme/app:1.2"), reader: r)
            }
            imageSize = try imageFields.optional("size")?.quantity("must be 0 bytes or more") { $0 >= 0 }
            imageFields.finish()
        }
        resources = try located("resources") { r throws(ScenarioError) in try ResourceRequirements(decoding: r) }
        cpuModel = try located("cpu-model") { r throws(ScenarioError) in
            CPUModel(rawValue: try r.oneOf(CPUModel.allCases.map(\.rawValue), what: "CPU model"))!
        }
        if let startupField = fields.optional("startup") {
            startup = try StartupPhases(decoding: startupField, mesh: mesh, warnings: &warnings)
        } else {
            startup = StartupPhases(proxyStart: mesh.startup)
        }
        terminationGracePeriod = try located("termination-grace-period") { r throws(ScenarioError) in try r.duration() }
        crashOnStart = try fields.optional("crash-on-start")?.number("must be a probability from 0 to 1") { (0...1).contains($0) }
        fields.finish()
    }
}

extension RevisionConfig {
    /// A revision from its written fields, a manifest's revision, or both (the
    /// written fields then add to the manifest, and may not repeat what it sets).
    ///
    /// - Parameters:
    ///   - fields: The scenario's `revisions:` entry, if any.
    ///   - base: The revision as a Knative manifest describes it, if the service has one.
    ///   - isOnly: Whether it is the service's only revision (traffic then defaults to 100).
    ///   - at: Where to report what is missing when there is no `revisions:` entry.
    init(resolving fields: RevisionFields?, base: ManifestRevision?, service: String, index: Int, isOnly: Bool,
         context: RevisionContext, at: NodeReader, warnings: inout [ScenarioWarning]) throws(ScenarioError) {
        let reader = fields?.reader ?? at

        // Name and traffic.
        if let base {
            name = base.name
            if let traffic = fields?.traffic {
                throw traffic.reader.error("comes from the manifest's spec.traffic (\(base.trafficAt)); change it there")
            }
            trafficPercent = base.trafficPercent
        } else {
            if let written = fields?.name {
                name = written.value
            } else {
                name = Self.generatedName(service: service, index: index)
                if let problem = DNSLabel.problem(with: name) {
                    throw ScenarioError(at: reader.location, path: reader.path.appending(key: "name").description,
                                        message: "is required: the generated name \(problem)")
                }
            }
            if let traffic = fields?.traffic {
                trafficPercent = traffic.value
            } else if isOnly {
                trafficPercent = 100
            } else {
                throw ScenarioError(at: reader.location, path: reader.path.appending(key: "traffic").description,
                                    message: "is required when a service has more than one revision")
            }
        }

        // Settings a manifest may give; the scenario may add them, not repeat them.
        func merged<T>(_ written: Located<T>?, _ fromManifest: Located<T>?) throws(ScenarioError) -> T? {
            if let written, let fromManifest, base?.isDescribed == true {
                throw written.reader.error("is also set by the manifest (\(Self.position(of: fromManifest.reader, from: written.reader))); set it in one place")
            }
            return (written ?? fromManifest)?.value
        }
        containerConcurrency = try merged(fields?.containerConcurrency, base?.containerConcurrency) ?? 0
        timeout = try merged(fields?.timeout, base?.timeout) ?? Self.defaultTimeout
        let annotationsField = fields?.annotations ?? base?.annotations
        let annotations = try merged(fields?.annotations, base?.annotations) ?? Annotations(autoscaling: [], ignored: [])
        autoscalingAnnotations = annotations.autoscaling
        ignoredAnnotations = annotations.ignored

        guard let serviceTime = fields?.serviceTime?.value else {
            if let fields {
                throw ScenarioError(at: fields.reader.location, path: fields.reader.path.appending(key: "service-time").description,
                                    message: "is required")
            }
            throw at.error("revision \(quoted(name)) from the manifest needs a service-time: add {name: \(name), service-time: ...} to this service's revisions")
        }
        self.serviceTime = serviceTime
        pool = fields?.pool?.value

        // What scales it.
        let classEntry = annotations.autoscaling.first { $0.key == "class" }
        if let policy = fields?.policy {
            if let classEntry {
                throw policy.reader.error("cannot be combined with the annotation \(quoted("autoscaling.knative.dev/class")) (\(Self.position(of: classEntry.location, from: policy.reader))): policy replaces Knative's autoscaler class")
            }
            if let pool = fields?.pool {
                throw pool.reader.error("cannot be combined with policy (line \(policy.reader.location.line)): a fixed pool is not autoscaled")
            }
            scalingPolicy = policy.value
        } else if let classEntry {
            guard let policy = ScalingPolicyConfig.knative(class: classEntry.value) else {
                throw classEntry.error(ScalingPolicyConfig.unknownClassMessage(classEntry.value))
            }
            scalingPolicy = policy
        } else {
            scalingPolicy = context.defaultClass.flatMap { ScalingPolicyConfig.knative(class: $0.value) } ?? .kpa
        }
        if pool != nil, !annotations.autoscaling.isEmpty, let annotationsField {
            warnings.append(annotationsField.reader.warning("autoscaling annotations have no effect on a revision with a fixed pool"))
        }

        // The container.
        if let written = fields?.imageName, let fromManifest = base?.image, base?.isDescribed == true {
            throw written.reader.error("is also set by the manifest (\(Self.position(of: fromManifest.reader, from: written.reader))); set it in one place")
        }
        if let imageName = fields?.imageName?.value ?? base?.image?.value {
            image = ImageConfig(name: imageName, size: fields?.imageSize ?? 0)
            if fields?.imageSize == nil, fields?.imageName == nil, let fromManifest = base?.image {
                warnings.append(fromManifest.reader.warning("the image's size is unknown, so pulling it takes no time; give it in the scenario: {name: \(name), image: {size: ...}} under this service's revisions"))
            }
        } else if let imageField = fields?.image {
            throw ScenarioError(at: imageField.location, path: imageField.path.appending(key: "name").description,
                                message: "is required")
        } else {
            image = nil
        }
        let resourcesField = fields?.resources ?? base?.resources
        resources = try merged(fields?.resources, base?.resources) ?? ResourceRequirements()
        cpuModel = fields?.cpuModel?.value ?? .unconstrained
        if let model = fields?.cpuModel, model.value == .processorSharing, resources.limits.cpu == nil {
            throw model.reader.error("processor-sharing needs resources.limits.cpu, the CPU the requests in a pod share")
        }
        try Self.checkPodFits(requests: resources.requests, context: context, at: resourcesField?.reader ?? reader)

        startup = fields?.startup ?? StartupPhases(proxyStart: context.mesh.startup)
        terminationGracePeriod = fields?.terminationGracePeriod?.value ?? timeout
        crashOnStart = fields?.crashOnStart ?? 0
    }

    /// Where another field is, as a message names it: `line 12` in the same file,
    /// `svc.yaml:12` in another.
    static func position(of other: NodeReader, from here: NodeReader) -> String {
        position(of: other.location, from: here)
    }

    static func position(of other: FilePosition, from here: NodeReader) -> String {
        other.file == here.context.file ? "line \(other.line)" : "\(other.file):\(other.line)"
    }

    /// A pod is the user container, queue-proxy and (with the mesh) istio-proxy; the
    /// scheduler needs one node with room for all their requests.
    static func checkPodFits(requests: ResourceList, context: RevisionContext, at reader: NodeReader) throws(ScenarioError) {
        let proxy = context.mesh.enabled ? context.mesh.resources : ResourceList()
        let queue = context.cluster.queueProxy.resources
        let cpu = (requests.cpu ?? 0) + (queue.cpu ?? 0) + (proxy.cpu ?? 0)
        let memory = (requests.memory ?? 0) + (queue.memory ?? 0) + (proxy.memory ?? 0)
        let pools = context.cluster.nodePools
        guard !pools.contains(where: { cpu <= $0.cpu && memory <= $0.memory }) else { return }
        func parts(_ user: Double?, _ queue: Double?, _ proxy: Double?, _ format: (Double) -> String) -> String {
            var text = format(user ?? 0)
            if let queue, queue > 0 { text += " + queue-proxy " + format(queue) }
            if let proxy, proxy > 0 { text += " + istio-proxy " + format(proxy) }
            return text
        }
        let cpuText = parts(requests.cpu, queue.cpu, proxy.cpu, Self.cores)
        let memoryText = parts(requests.memory, queue.memory, proxy.memory, Self.bytes)
        let largestCPU = pools.max { $0.cpu < $1.cpu }!
        let largestMemory = pools.max { $0.memory < $1.memory }!
        if cpu > largestCPU.cpu {
            throw reader.error("a pod of this revision requests \(Self.cores(cpu)) CPU (\(cpuText)), more than a node of any pool has (at most \(Self.cores(largestCPU.cpu)), pool \(quoted(largestCPU.name)))")
        }
        if memory > largestMemory.memory {
            throw reader.error("a pod of this revision requests \(Self.bytes(memory)) of memory (\(memoryText)), more than a node of any pool has (at most \(Self.bytes(largestMemory.memory)), pool \(quoted(largestMemory.name)))")
        }
        throw reader.error("a pod of this revision requests \(Self.cores(cpu)) CPU and \(Self.bytes(memory)) of memory; no pool's nodes have both")
    }

    static func cores(_ value: Double) -> String {
        let milli = value * 1000
        return milli == milli.rounded() && value < 1 ? "\(Int(milli))m" : ScenarioWriter.number(value)
    }

    static func bytes(_ value: Double) -> String {
        for (suffix, unit) in [("Gi", 0x1p30), ("Mi", 0x1p20), ("Ki", 0x1p10)] where value >= unit {
            let scaled = value / unit
            if scaled * 1000 == (scaled * 1000).rounded() { return ScenarioWriter.number(scaled) + suffix }
        }
        return ScenarioWriter.number(value)
    }
}
