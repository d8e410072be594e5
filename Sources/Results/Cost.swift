import Scenario

extension Summary {
    /// summary.json's `cost` block: what the run's resources cost at the scenario's
    /// prices (docs/scenario-format.md, `prices`). Every part is present (0 when its
    /// resource has no price), so the metric paths do not depend on which prices a
    /// scenario gives.
    public struct Cost: Codable, Sendable, Equatable {
        /// Requested vCPU-seconds × price per vCPU-second.
        public var vcpu: Double
        /// Requested GiB-seconds × price per GiB-second.
        public var memory: Double
        /// Requests arrived / 10⁶ × price per million requests.
        public var requests: Double
        /// Node-seconds / 3600 × price per node-hour.
        public var nodes: Double
        /// The sum of the parts.
        public var total: Double

        public init(vcpu: Double, memory: Double, requests: Double, nodes: Double) {
            self.vcpu = vcpu
            self.memory = memory
            self.requests = requests
            self.nodes = nodes
            total = vcpu + memory + requests + nodes
        }

        public static let zero = Cost(vcpu: 0, memory: 0, requests: 0, nodes: 0)
    }

    /// Adds the `cost` block for `prices` (none for nil): from the summary's own
    /// resources and request count.
    public mutating func price(with prices: PricesConfig?) {
        guard let prices else { cost = nil; return }
        cost = Cost(vcpu: resources.vcpuSeconds * (prices.vcpuSecond ?? 0),
                    memory: resources.memoryGibSeconds * (prices.gibSecond ?? 0),
                    requests: Double(requests.arrived) / 1e6 * (prices.millionRequests ?? 0),
                    nodes: resources.nodeSeconds / 3600 * (prices.nodeHour ?? 0))
    }
}
