import Engine

/// The Kubernetes cluster autoscaler's settings that knsim models, with its defaults
/// (kubernetes/autoscaler cluster-autoscaler FAQ, "What are the parameters to CA?").
public struct ClusterAutoscalerSettings: Equatable, Sendable {
    /// `--scan-interval`, default 10s: how often the simulation calls `evaluate`.
    public var scanInterval: SimDuration
    /// `--scale-down-enabled`, default true.
    public var scaleDownEnabled: Bool
    /// `--scale-down-unneeded-time`, default 10m: how long a node must stay unneeded
    /// before it is removed.
    public var scaleDownUnneededTime: SimDuration
    /// `--scale-down-delay-after-add`, default 10m: no scale-down this soon after a
    /// scale-up.
    public var scaleDownDelayAfterAdd: SimDuration
    /// `--scale-down-delay-after-delete`, default the scan interval: no scale-down this
    /// soon after a removal.
    public var scaleDownDelayAfterDelete: SimDuration
    /// Empty nodes removed at most per scan: `--max-empty-bulk-delete`, default 10
    /// (superseded by `--max-scale-down-parallelism`, also 10).
    public var maxEmptyBulkDelete: Int
    /// `--max-nodes-total`; nil (CA: 0) means no cluster-wide limit. Each pool's
    /// `maxCount` applies regardless.
    public var maxNodesTotal: Int?
    /// From the scale-up decision to the node being Ready and schedulable, in seconds.
    /// Default uniform 60–120 s: knsim's assumption for a cloud VM's boot, kubelet
    /// start and node registration (commonly reported as one to two minutes); scenarios
    /// should set their provider's figure.
    public var provisioningDelay: Distribution

    public static let defaultScanInterval = SimDuration.wholeSeconds(10)
    public static let defaultUnneededTime = SimDuration.wholeSeconds(600)
    public static let defaultDelayAfterAdd = SimDuration.wholeSeconds(600)
    public static let defaultProvisioningDelay = Distribution.uniform(low: 60, high: 120)

    public init(
        scanInterval: SimDuration = ClusterAutoscalerSettings.defaultScanInterval,
        scaleDownEnabled: Bool = true,
        scaleDownUnneededTime: SimDuration = ClusterAutoscalerSettings.defaultUnneededTime,
        scaleDownDelayAfterAdd: SimDuration = ClusterAutoscalerSettings.defaultDelayAfterAdd,
        scaleDownDelayAfterDelete: SimDuration? = nil,
        maxEmptyBulkDelete: Int = 10,
        maxNodesTotal: Int? = nil,
        provisioningDelay: Distribution = ClusterAutoscalerSettings.defaultProvisioningDelay
    ) {
        precondition(scanInterval > .zero, "scan interval must be positive")
        precondition(maxEmptyBulkDelete >= 1, "maxEmptyBulkDelete must be at least 1")
        self.scanInterval = scanInterval
        self.scaleDownEnabled = scaleDownEnabled
        self.scaleDownUnneededTime = scaleDownUnneededTime
        self.scaleDownDelayAfterAdd = scaleDownDelayAfterAdd
        self.scaleDownDelayAfterDelete = scaleDownDelayAfterDelete ?? scanInterval
        self.maxEmptyBulkDelete = maxEmptyBulkDelete
        self.maxNodesTotal = maxNodesTotal
        self.provisioningDelay = provisioningDelay
    }
}

/// What the cluster autoscaler asks the simulation to do.
public enum ClusterAutoscalerAction: Hashable, Sendable {
    /// Provision a node of the pool; it becomes Ready at `readyAt`, when the simulation
    /// calls `Cluster.addNode(pool:)` and `ClusterAutoscaler.nodeProvisioned(pool:)`.
    case addNode(pool: PoolID, readyAt: SimTime)
    /// Remove the (empty) node now, with `Cluster.removeNode`.
    case removeNode(NodeID)
}
