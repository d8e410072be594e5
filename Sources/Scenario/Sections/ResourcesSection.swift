/// CPU and memory amounts, as in a Kubernetes container's `resources.requests` or
/// `resources.limits`. nil means not set.
public struct ResourceList: Sendable, Equatable {
    /// Cores (quantity: `250m`, `1`).
    public var cpu: Double?
    /// Bytes (quantity: `128Mi`).
    public var memory: Double?

    public init(cpu: Double? = nil, memory: Double? = nil) {
        self.cpu = cpu
        self.memory = memory
    }

    public var isEmpty: Bool { cpu == nil && memory == nil }

    static let keys = ["cpu", "memory"]

    /// Each key left out takes its value from `defaults`, as Istio's and Knative's
    /// separate per-resource settings do.
    init(decoding reader: NodeReader, defaults: ResourceList = ResourceList()) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        cpu = try fields.optional("cpu")?.quantity("must be more than 0 cores") { $0 > 0 } ?? defaults.cpu
        memory = try fields.optional("memory")?.quantity("must be more than 0 bytes") { $0 > 0 } ?? defaults.memory
        fields.finish()
    }
}

/// A container's `resources`: what the scheduler reserves for it (requests) and
/// what it may use at most (limits).
public struct ResourceRequirements: Sendable, Equatable {
    public var requests: ResourceList
    public var limits: ResourceList

    /// As Kubernetes defaults them: a request left out where a limit is set takes
    /// the limit's value (the API server does this for every container).
    public init(requests: ResourceList = ResourceList(), limits: ResourceList = ResourceList()) {
        self.requests = ResourceList(cpu: requests.cpu ?? limits.cpu, memory: requests.memory ?? limits.memory)
        self.limits = limits
    }

    static let keys = ["requests", "limits"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        let requestsField = fields.optional("requests")
        let limitsField = fields.optional("limits")
        let requests = try requestsField.map { r throws(ScenarioError) in try ResourceList(decoding: r) } ?? ResourceList()
        let limits = try limitsField.map { r throws(ScenarioError) in try ResourceList(decoding: r) } ?? ResourceList()
        try Self.checkRequestsWithinLimits(requests: requests, limits: limits, requestsField: requestsField)
        fields.finish()
        self.init(requests: requests, limits: limits)
    }

    /// Kubernetes rejects a request above its limit.
    static func checkRequestsWithinLimits(requests: ResourceList, limits: ResourceList,
                                          requestsField: NodeReader?) throws(ScenarioError) {
        if let request = requests.cpu, let limit = limits.cpu, request > limit, let field = requestsField?.peek("cpu") {
            throw field.error("must not exceed limits.cpu (\(RevisionConfig.cores(limit))), got \(field.described)")
        }
        if let request = requests.memory, let limit = limits.memory, request > limit, let field = requestsField?.peek("memory") {
            throw field.error("must not exceed limits.memory (\(RevisionConfig.bytes(limit))), got \(field.described)")
        }
    }
}
