import Engine

/// The Kubernetes cluster autoscaler: adds a node to a pool when a pod cannot be
/// scheduled and the pool is below its `max-count`, and removes nodes that have
/// been unneeded for a while. Figures are cluster-autoscaler's flag defaults
/// (kubernetes/autoscaler, cluster-autoscaler FAQ "What are the parameters to CA?").
public struct ClusterAutoscalerConfig: Sendable, Equatable {
    /// Whether the cluster autoscaler runs. Default: false (a cluster has one only
    /// if it is installed).
    public var enabled: Bool
    /// Time from the decision to add a node until it is Ready and takes pods
    /// (VM creation, boot, kubelet registration). Default: `defaultProvisioningDelay`.
    public var provisioningDelay: Distribution
    /// How long a node must be unneeded before it is removed. Default: 10m
    /// (`--scale-down-unneeded-time`).
    public var scaleDownUnneededTime: SimDuration
    /// How often the autoscaler looks at the cluster. Default: 10s (`--scan-interval`).
    public var scanInterval: SimDuration
    /// A node is unneeded when the requests of its pods are below this fraction of
    /// its allocatable CPU and memory. Default: 0.5
    /// (`--scale-down-utilization-threshold`).
    public var scaleDownUtilizationThreshold: Double
    /// After adding a node, how long scale-down waits. Default: 10m
    /// (`--scale-down-delay-after-add`).
    public var scaleDownDelayAfterAdd: SimDuration

    public init(enabled: Bool = false,
                provisioningDelay: Distribution = ClusterAutoscalerConfig.defaultProvisioningDelay,
                scaleDownUnneededTime: SimDuration = ClusterAutoscalerConfig.defaultScaleDownUnneededTime,
                scanInterval: SimDuration = ClusterAutoscalerConfig.defaultScanInterval,
                scaleDownUtilizationThreshold: Double = ClusterAutoscalerConfig.defaultScaleDownUtilizationThreshold,
                scaleDownDelayAfterAdd: SimDuration = ClusterAutoscalerConfig.defaultScaleDownDelayAfterAdd) {
        self.enabled = enabled
        self.provisioningDelay = provisioningDelay
        self.scaleDownUnneededTime = scaleDownUnneededTime
        self.scanInterval = scanInterval
        self.scaleDownUtilizationThreshold = scaleDownUtilizationThreshold
        self.scaleDownDelayAfterAdd = scaleDownDelayAfterAdd
    }

    /// Lognormal with median 90s and 99th percentile 3m: knsim's assumption for a
    /// cloud VM to boot and join (commonly one to two minutes); neither Kubernetes
    /// nor the cluster autoscaler sets a figure.
    public static let defaultProvisioningDelay = try! Distribution.lognormal(median: 90, p99: 180)
    public static let defaultScaleDownUnneededTime = SimDuration.wholeSeconds(600)
    public static let defaultScanInterval = SimDuration.wholeSeconds(10)
    public static let defaultScaleDownUtilizationThreshold = 0.5
    public static let defaultScaleDownDelayAfterAdd = SimDuration.wholeSeconds(600)

    static let keys = [
        "enabled", "provisioning-delay", "scale-down-unneeded-time", "scan-interval",
        "scale-down-utilization-threshold", "scale-down-delay-after-add",
    ]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        self.init()
        enabled = try fields.optional("enabled")?.bool() ?? false
        if let delay = fields.optional("provisioning-delay") {
            provisioningDelay = try DistributionDecoder.decode(delay)
        }
        if let time = fields.optional("scale-down-unneeded-time") {
            scaleDownUnneededTime = try time.duration()
        }
        if let interval = fields.optional("scan-interval") {
            scanInterval = try interval.duration("must be longer than 0") { $0 > .zero }
        }
        if let threshold = fields.optional("scale-down-utilization-threshold") {
            scaleDownUtilizationThreshold = try threshold.number("must be a number from 0 to 1") { (0...1).contains($0) }
        }
        if let delay = fields.optional("scale-down-delay-after-add") {
            scaleDownDelayAfterAdd = try delay.duration()
        }
        fields.finish()
    }
}
