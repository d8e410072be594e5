import Engine
import Foundation

/// The Istio service mesh: an istio-proxy (Envoy) sidecar in every pod, which each
/// request passes through on its way in. Figures are Istio's published ones for
/// releases 1.9 to 1.15 (istio.io, "Performance and Scalability"), which agree with
/// one another; see shared/reference/platform-figures.md.
public struct MeshConfig: Sendable, Equatable {
    /// Whether pods carry the istio-proxy sidecar. Default: true (knsim models
    /// Knative on Istio).
    public var enabled: Bool
    /// Time a request spends passing through one proxy, in seconds. Default:
    /// `defaultHopLatency`.
    public var hopLatency: Distribution
    /// CPU time one proxy spends per request it passes. Default: 0.35ms, from
    /// Istio's 0.35 vCPU per 1000 requests per second.
    public var cpuPerRequest: SimDuration
    /// Memory the istio-proxy sidecar takes in every pod, in bytes: its memory
    /// request, which the scheduler reserves and GiB-seconds count. The same value as
    /// `resources.memory` (the scenario may give either, not two different ones).
    /// Default: 128Mi, Istio's default sidecar request. (Istio measures a working set
    /// of 40 MB for releases 1.9-1.15, 60 MB for 1.24; a node must hold the request.)
    public var memory: Double
    /// The sidecar's resource requests, which the scheduler reserves in every pod;
    /// a key left out keeps its default. Default: 100m CPU and 128Mi, Istio's
    /// default sidecar requests (`global.proxy.resources.requests`).
    public var resources: ResourceList
    /// Time from the sidecar's container start until Envoy is ready to pass
    /// traffic; the default of each revision's `startup.proxy-start`. Default:
    /// `defaultStartup`.
    public var startup: Distribution
    /// Istio's `holdApplicationUntilProxyStarts`: start the user container only once
    /// the proxy is ready, rather than alongside it. Default: false, Istio's default.
    public var holdApplicationUntilProxyStarts: Bool

    public init(enabled: Bool = true, hopLatency: Distribution = MeshConfig.defaultHopLatency,
                cpuPerRequest: SimDuration = MeshConfig.defaultCPUPerRequest,
                memory: Double = MeshConfig.defaultMemory, resources: ResourceList = MeshConfig.defaultResources,
                startup: Distribution = MeshConfig.defaultStartup, holdApplicationUntilProxyStarts: Bool = false) {
        self.enabled = enabled
        self.hopLatency = hopLatency
        self.cpuPerRequest = cpuPerRequest
        self.memory = memory
        self.resources = resources
        self.startup = startup
        self.holdApplicationUntilProxyStarts = holdApplicationUntilProxyStarts
    }

    /// One Envoy hop, a lognormal fitted to Istio's figures: the 90th percentile is
    /// 1.325ms, half of the +2.65ms p90 Istio 1.9-1.15 add for a request through
    /// two proxies; the spread is that of the 1.7-era figures, whose p99 is
    /// 2.88/2.76 of their p90. That gives sigma = ln(2.88/2.76) / (z99 - z90) =
    /// 0.0407 and mu = ln(0.001325) - z90 sigma = -6.6785 (median 1.258ms, p99
    /// 1.383ms). Istio measures added latency as a difference of percentiles, so the
    /// spread is narrow: the proxy adds a nearly constant delay.
    public static let defaultHopLatency: Distribution = {
        let z90 = 1.281_551_565_544_600_4
        let z99 = 2.326_347_874_040_840_8
        let sigma = log(2.88 / 2.76) / (z99 - z90)
        return .lognormal(mu: log(0.002_65 / 2) - z90 * sigma, sigma: sigma)
    }()
    /// 0.35 vCPU per 1000 requests per second = 0.35ms of CPU per request.
    public static let defaultCPUPerRequest = SimDuration(nanoseconds: 350_000)
    public static let defaultMemory: Double = 128 * 0x1p20
    public static let defaultResources = ResourceList(cpu: 0.1, memory: defaultMemory)
    /// Lognormal with median 200ms and 99th percentile 600ms: knsim's share of the
    /// ~1s Knative cold start for the proxy (see `StartupPhases`); Istio publishes
    /// no start-up figure.
    public static let defaultStartup = try! Distribution.lognormal(median: 0.2, p99: 0.6)

    static let keys = [
        "enabled", "hop-latency", "cpu-per-request", "memory", "resources", "startup",
        "hold-application-until-proxy-starts",
    ]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        self.init()
        enabled = try fields.optional("enabled")?.bool() ?? true
        if let latency = fields.optional("hop-latency") { hopLatency = try DistributionDecoder.decode(latency) }
        if let cpu = fields.optional("cpu-per-request") { cpuPerRequest = try cpu.duration() }
        let memoryField = fields.optional("memory")
        if let memoryField {
            self.memory = try memoryField.quantity("must be more than 0 bytes") { $0 > 0 }
            resources.memory = self.memory
        }
        if let resources = fields.optional("resources") {
            self.resources = try ResourceList(decoding: resources, defaults: self.resources)
            if let memoryField, let requested = resources.peek("memory"), self.resources.memory != self.memory {
                throw requested.error("is the sidecar's memory, also set at mesh.memory (line \(memoryField.location.line)) to a different value; set it in one place")
            }
            self.memory = self.resources.memory ?? self.memory
        }
        if let startup = fields.optional("startup") { self.startup = try DistributionDecoder.decode(startup) }
        holdApplicationUntilProxyStarts = try fields.optional("hold-application-until-proxy-starts")?.bool() ?? false
        fields.finish()
    }
}
