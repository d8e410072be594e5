/// What the resources a run used cost, in whatever currency the prices are written in
/// (knsim adds, it does not convert). Each price is optional: a resource left out is
/// not charged. The units are the ones providers bill a Knative service by —
/// requested vCPU and memory over time (as Cloud Run and Knative-on-cloud offerings
/// do), requests, and the nodes under them — and match summary.json's `resources`.
public struct PricesConfig: Sendable, Equatable {
    /// Per vCPU-second the pods request (`resources.vcpu_seconds`).
    public var vcpuSecond: Double?
    /// Per GiB-second of memory the pods request (`resources.memory_gib_seconds`).
    public var gibSecond: Double?
    /// Per million requests that arrived after the warm-up (`requests.arrived`).
    public var millionRequests: Double?
    /// Per node-hour (`resources.node_seconds` / 3600).
    public var nodeHour: Double?

    public init(vcpuSecond: Double? = nil, gibSecond: Double? = nil, millionRequests: Double? = nil,
                nodeHour: Double? = nil) {
        self.vcpuSecond = vcpuSecond
        self.gibSecond = gibSecond
        self.millionRequests = millionRequests
        self.nodeHour = nodeHour
    }

    static let keys = ["vcpu-second", "gib-second", "million-requests", "node-hour"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        func price(_ key: String) throws(ScenarioError) -> Double? {
            try fields.optional(key)?.number("must be a price, 0 or more") { $0 >= 0 }
        }
        self.init(vcpuSecond: try price("vcpu-second"), gibSecond: try price("gib-second"),
                  millionRequests: try price("million-requests"), nodeHour: try price("node-hour"))
        fields.finish()
    }
}
