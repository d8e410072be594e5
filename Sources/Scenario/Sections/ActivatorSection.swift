import Engine
import Foundation

/// Knative's activator, which buffers requests for revisions without ready capacity
/// (scaled to zero, or below target-burst-capacity) and forwards them when pods are
/// ready. Figures from knative/serving (shared/reference/knative-kpa.md, section 7).
public struct ActivatorConfig: Sendable, Equatable {
    /// Requests a revision's breaker in the activator may queue before it answers 503.
    /// Default: 10000, Knative's revision breaker queue depth
    /// (pkg/activator/net/throttler.go).
    public var queueDepth: Int
    /// Concurrent requests one activator instance is sized for; Knative's
    /// config-autoscaler `activator-capacity`. Default: 100.
    public var capacity: Double
    /// Time a request spends passing through the activator when it does not wait for
    /// a pod, in seconds. Default: `defaultHopLatency`.
    public var hopLatency: Distribution
    /// Activator instances. Default: nil, the model's choice (Knative installs the
    /// activator with a HorizontalPodAutoscaler that sizes it by CPU).
    public var replicas: Int?

    public init(queueDepth: Int = ActivatorConfig.defaultQueueDepth, capacity: Double = ActivatorConfig.defaultCapacity,
                hopLatency: Distribution = ActivatorConfig.defaultHopLatency, replicas: Int? = nil) {
        self.queueDepth = queueDepth
        self.capacity = capacity
        self.hopLatency = hopLatency
        self.replicas = replicas
    }

    public static let defaultQueueDepth = 10_000
    public static let defaultCapacity: Double = 100
    /// Exponential whose 95th percentile is 10ms (mean 3.34ms): Knative's data-plane
    /// budget for the activator layer (test/performance dataplane-probe: "activator
    /// and queue-proxy +10ms" p95, read as the activator's own share, since
    /// queue-proxy has its own +10ms). A budget is an upper bound, so this default is
    /// pessimistic; measure and override.
    public static let defaultHopLatency = Distribution.exponential(mean: 0.010 / log(20.0))

    static let keys = ["queue-depth", "capacity", "hop-latency", "replicas"]

    static func decode(_ reader: NodeReader) throws(ScenarioError) -> (ActivatorConfig, capacityLocation: FilePosition?) {
        var fields = try reader.mapping(keys: keys)
        var config = ActivatorConfig()
        if let depth = fields.optional("queue-depth") {
            config.queueDepth = try depth.integer("must be a whole number, at least 1") { $0 >= 1 }
        }
        var capacityLocation: FilePosition?
        if let capacity = fields.optional("capacity") {
            // Knative requires activator-capacity >= 1.
            config.capacity = try capacity.number("must be a number, at least 1") { $0 >= 1 }
            capacityLocation = capacity.location
        }
        if let latency = fields.optional("hop-latency") {
            config.hopLatency = try DistributionDecoder.decode(latency)
        }
        if let replicas = fields.optional("replicas") {
            config.replicas = try replicas.integer("must be a whole number of activators, at least 1") { $0 >= 1 }
        }
        fields.finish()
        return (config, capacityLocation)
    }
}
