import Engine
import Foundation
import Testing
@testable import Scenario

/// The full Knative-on-Istio data-path scenario: every new field, set to something
/// other than its default, decodes to the typed value it says.
struct DataPathScenarioTests {
    let scenario: Scenario

    init() throws {
        scenario = try ExampleScenarioTests.parse(ExampleScenarios.dataPath, file: "data-path.yaml")
    }

    @Test func clusterFields() throws {
        let cluster = scenario.cluster
        #expect(cluster.nodePools == [
            NodePool(name: "general", count: 3, cpu: 8, memory: 32 * 0x1p30, maxPods: 64,
                     images: ["ghcr.io/acme/checkout:1.4"], minCount: 2, maxCount: 10),
            NodePool(name: "spot", count: 1, cpu: 4, memory: 16 * 0x1p30, maxPods: 110, images: [], minCount: 1, maxCount: 1),
        ])
        #expect(cluster.scheduler == .mostAllocated)
        #expect(cluster.imagePullBandwidth == 50 * 0x1p20)
        #expect(cluster.clusterAutoscaler == ClusterAutoscalerConfig(
            enabled: true, provisioningDelay: try .lognormal(median: 45, p99: 120),
            scaleDownUnneededTime: .wholeSeconds(300), scanInterval: .wholeSeconds(5),
            scaleDownUtilizationThreshold: 0.6, scaleDownDelayAfterAdd: .wholeSeconds(180)))
        #expect(cluster.ingress.hopLatency == .constant(0.002))
        #expect(cluster.queueProxy.hopLatency == .exponential(mean: 0.0005))
        // A key left out keeps Knative's default: 25m CPU stays with the new memory.
        #expect(cluster.queueProxy.resources == ResourceList(cpu: 0.025, memory: 50 * 0x1p20))
    }

    @Test func meshAndActivatorFields() throws {
        #expect(scenario.mesh == MeshConfig(
            enabled: true, hopLatency: try .lognormal(median: 0.001, p99: 0.003),
            cpuPerRequest: SimDuration(nanoseconds: 200_000), memory: 60 * 0x1p20,
            resources: ResourceList(cpu: 0.2, memory: 60 * 0x1p20),  // mesh.memory is the request
            startup: .uniform(low: 0.3, high: 0.9), holdApplicationUntilProxyStarts: true))
        #expect(scenario.activator == ActivatorConfig(queueDepth: 200, capacity: 150, hopLatency: .constant(0.001), replicas: 3))
    }

    @Test func revisionFields() throws {
        let v1 = try #require(scenario.service(named: "checkout")?.revisions.first)
        #expect(v1.image == ImageConfig(name: "ghcr.io/acme/checkout:1.4", size: 180 * 0x1p20))
        #expect(v1.resources == ResourceRequirements(requests: ResourceList(cpu: 0.25, memory: 256 * 0x1p20),
                                                     limits: ResourceList(cpu: 1, memory: 512 * 0x1p20)))
        #expect(v1.cpuModel == .processorSharing)
        #expect(v1.startup == StartupPhases(
            scheduling: .constant(0.02), sandboxCreation: try .lognormal(median: 0.3, p99: 1),
            proxyStart: .constant(0.4), applicationInit: .constant(2), endpointPropagation: .uniform(low: 0.1, high: 2)))
        #expect(v1.terminationGracePeriod == .wholeSeconds(45))
        #expect(v1.crashOnStart == 0.01)
        #expect(v1.scalingPolicy == .kpa)

        let v2 = try #require(scenario.service(named: "checkout")?.revisions.last)
        #expect(v2.trafficPercent == 0)
        #expect(v2.image == ImageConfig(name: "ghcr.io/acme/checkout:1.5", size: 0))
        // Kubernetes defaulting: the request takes the limit's value.
        #expect(v2.resources.requests == ResourceList(cpu: 0.5))
        #expect(v2.cpuModel == .unconstrained)
        // Phases left out take the defaults, proxy-start the mesh's startup.
        #expect(v2.startup == StartupPhases(proxyStart: .uniform(low: 0.3, high: 0.9)))
        #expect(v2.terminationGracePeriod == v2.timeout)

        #expect(scenario.service(named: "thumbs")?.revisions[0].scalingPolicy == .hpa)
        let batch = try #require(scenario.service(named: "batch")).revisions
        #expect(batch[0].scalingPolicy == .keepAlive(keepAlive: .wholeSeconds(1200)))
        #expect(batch[1].scalingPolicy == .hybridHistogram(HybridHistogramPolicy(
            range: .wholeSeconds(7200), bin: .wholeSeconds(120), prewarmPercentile: 10, keepAlivePercentile: 95,
            fallbackKeepAlive: .wholeSeconds(7200))))
    }

    @Test func workloadFields() throws {
        let workload = scenario.workload
        #expect(workload[0].arrivals == .schedule(RateSchedule(segments: [
            .step(at: .zero, rate: 10),
            .ramp(at: .wholeSeconds(600), from: 10, to: 100, over: .wholeSeconds(300)),
            .step(at: .wholeSeconds(3600), rate: 20),
        ])))
        #expect(workload[1] == WorkloadEntry(
            service: "thumbs", arrivals: .diurnal(DiurnalRate(mean: 5, amplitude: 0.8, period: .wholeSeconds(3600),
                                                              phase: .wholeSeconds(900))),
            start: .wholeSeconds(300), end: .wholeSeconds(5400)))
        #expect(workload[2] == WorkloadEntry(
            service: "batch",
            arrivals: .mmpp(MMPPConfig(states: [.init(rate: 20, meanSojourn: .wholeSeconds(30)),
                                                .init(rate: 0, meanSojourn: .wholeSeconds(300))])),
            serviceTime: .constant(2)))
        #expect(workload[3].arrivals == .closedLoop(clients: 5, thinkTime: .exponential(mean: 10)))
        #expect(workload[3].start == .zero && workload[3].end == nil && workload[3].serviceTime == nil)
    }

    @Test func eventsAreSortedByTimeKeepingTheFileOrderForTies() {
        let actions = scenario.events.map(\.action)
        #expect(actions == [
            .traffic(service: "checkout", split: [TrafficShare(revision: "checkout-v1", percent: 90),
                                                 TrafficShare(revision: "checkout-v2", percent: 10)]),
            // Revisions left out of a split get 0, in the service's order.
            .traffic(service: "checkout", split: [TrafficShare(revision: "checkout-v1", percent: 0),
                                                 TrafficShare(revision: "checkout-v2", percent: 100)]),
            .killPod(revision: "checkout-v1", count: 2),
            .killNode(pool: "general", index: 4),
        ])
        #expect(scenario.events.map(\.at) == [.wholeSeconds(1800), .wholeSeconds(2700), .wholeSeconds(2700), .wholeSeconds(5400)])
        // Each keeps where it is written: the node failure is the first in the file.
        #expect(scenario.events.map(\.path) == ["events[1]", "events[2]", "events[3]", "events[0]"])
        #expect(scenario.events[3].location == FilePosition(file: "data-path.yaml", line: 109, column: 5))
    }

    @Test func hasNoWarnings() {
        #expect(scenario.warnings == [])
    }

    @Test func roundTripsThroughTheWriter() throws {
        let written = ScenarioWriter.yaml(for: scenario)
        let reread = try ExampleScenarioTests.parse(written)
        #expect(reread.withoutLocations == scenario.withoutLocations, "\(written)")
        #expect(reread.warnings == [])
        #expect(ScenarioWriter.yaml(for: reread) == written)
    }
}

/// The defaults taken from published figures, checked against those figures rather
/// than against the code's own arithmetic.
struct DataPathDefaultsTests {
    /// The q-quantile of a lognormal.
    static func quantile(_ distribution: Distribution, z: Double) throws -> Double {
        guard case .lognormal(let mu, let sigma) = distribution else { throw DistributionError(parameter: "", message: "not lognormal") }
        return exp(mu + z * sigma)
    }

    static let z90 = 1.281_551_565_544_600_4
    static let z95 = 1.644_853_626_951_472_2
    static let z99 = 2.326_347_874_040_840_8

    @Test func istioHopLatencyIsHalfOfTwoProxiesP90WithThe17EraSpread() throws {
        let hop = MeshConfig.defaultHopLatency
        // Istio 1.9-1.15: +2.65ms p90 through two proxies.
        #expect(abs(try Self.quantile(hop, z: Self.z90) - 0.001_325) < 1e-12)
        // Istio 1.7: p99 / p90 = 2.88 / 2.76.
        let ratio = try Self.quantile(hop, z: Self.z99) / Self.quantile(hop, z: Self.z90)
        #expect(abs(ratio - 2.88 / 2.76) < 1e-12)
        #expect(IngressConfig().hopLatency == hop)
    }

    @Test func dataPlaneBudgetsAreP95OfTenMilliseconds() throws {
        for distribution in [ActivatorConfig.defaultHopLatency, QueueProxyConfig.defaultHopLatency] {
            guard case .exponential(let mean) = distribution else { Issue.record("not exponential"); continue }
            // P(X > 10ms) = exp(-0.010 / mean) = 5%.
            #expect(abs(exp(-0.010 / mean) - 0.05) < 1e-12)
        }
    }

    @Test func publishedFiguresAreTheDefaults() {
        let mesh = MeshConfig()
        #expect(mesh.enabled)
        #expect(mesh.cpuPerRequest == SimDuration(nanoseconds: 350_000))  // 0.35 vCPU / 1000 rps
        #expect(mesh.memory == 128 * 1_048_576)  // the sidecar's request
        #expect(mesh.resources == ResourceList(cpu: 0.1, memory: 128 * 1_048_576))
        #expect(!mesh.holdApplicationUntilProxyStarts)
        #expect(QueueProxyConfig().resources == ResourceList(cpu: 0.025))
        #expect(ActivatorConfig() == ActivatorConfig(queueDepth: 10_000, capacity: 100,
                                                     hopLatency: ActivatorConfig.defaultHopLatency, replicas: nil))
        #expect(NodePool(name: "a", count: 2, cpu: 1, memory: 1).maxPods == 110)
        #expect(ClusterConfig().scheduler == .leastAllocated)
        let autoscaler = ClusterAutoscalerConfig()
        #expect(!autoscaler.enabled)
        #expect(autoscaler.scaleDownUnneededTime == .wholeSeconds(600))
        #expect(autoscaler.scanInterval == .wholeSeconds(10))
        #expect(RevisionConfig(name: "r", timeout: .wholeSeconds(42), serviceTime: .constant(1)).terminationGracePeriod == .wholeSeconds(42))
        #expect(ScalingPolicyConfig.defaultKeepAlive == .wholeSeconds(600))
        #expect(HybridHistogramPolicy() == HybridHistogramPolicy(range: .wholeSeconds(14_400), bin: .wholeSeconds(60),
                                                                 prewarmPercentile: 5, keepAlivePercentile: 99,
                                                                 fallbackKeepAlive: .wholeSeconds(14_400)))
    }

    /// Knative's "nearly a second" cold start for a pre-pulled hello-world image.
    @Test func defaultColdStartTakesAboutOneSecond() throws {
        let phases = StartupPhases()
        let means = try phases.all.map { phase in try #require(phase.distribution.mean) }
        let total = means.reduce(0, +)
        #expect(total > 0.95 && total < 1.05, "mean cold start \(total)s")
        let medians = try phases.all.map { phase -> Double in
            guard case .lognormal(let mu, _) = phase.distribution else { throw DistributionError(parameter: phase.key, message: "not lognormal") }
            return exp(mu)
        }
        #expect(abs(medians.reduce(0, +) - 0.9) < 1e-9)
        // Every default phase has p99 = 3 x median.
        for phase in phases.all {
            #expect(abs(try Self.quantile(phase.distribution, z: Self.z99) / Self.quantile(phase.distribution, z: 0) - 3) < 1e-9)
        }
    }
}
