import Engine
import Foundation

/// Knative's queue-proxy, the sidecar in every revision pod that counts requests
/// for the autoscaler and enforces containerConcurrency. Its resources are
/// Knative's `config-deployment` settings, cluster-wide.
public struct QueueProxyConfig: Sendable, Equatable {
    /// Time a request spends passing through queue-proxy (not counting waiting for
    /// a free slot), in seconds. Default: `defaultHopLatency`.
    public var hopLatency: Distribution
    /// queue-proxy's resource requests; a key left out keeps its default. Default:
    /// 25m CPU and no memory request,
    /// Knative's `queue-sidecar-cpu-request` (config-deployment); the other
    /// queue-sidecar requests are unset by default.
    public var resources: ResourceList

    public init(hopLatency: Distribution = QueueProxyConfig.defaultHopLatency,
                resources: ResourceList = QueueProxyConfig.defaultResources) {
        self.hopLatency = hopLatency
        self.resources = resources
    }

    /// Exponential whose 95th percentile is 10ms (mean 10ms / ln 20 = 3.34ms):
    /// Knative's data-plane budget for the queue-proxy layer (knative/serving
    /// test/performance, dataplane-probe: p95 overhead +10ms). A budget is an
    /// upper bound, so this default is pessimistic; measure and override.
    public static let defaultHopLatency = Distribution.exponential(mean: 0.010 / log(20.0))
    public static let defaultResources = ResourceList(cpu: 0.025)

    static let keys = ["hop-latency", "resources"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        hopLatency = try fields.optional("hop-latency").map { r throws(ScenarioError) in try DistributionDecoder.decode(r) }
            ?? Self.defaultHopLatency
        resources = try fields.optional("resources").map { r throws(ScenarioError) in try ResourceList(decoding: r, defaults: Self.defaultResources) }
            ?? Self.defaultResources
        fields.finish()
    }
}
