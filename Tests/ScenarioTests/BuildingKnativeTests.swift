import Autoscaling
import Engine
import Foundation
import Serving
import Testing
import Workload
@testable import Scenario

/// `Scenario.knativeConfiguration(file:)`: each scenario field lands on the model
/// field it describes. One row per field (or group of related fields): a snippet of
/// scenario and what the model must then hold.
@Suite struct BuildingKnativeTests {
    /// A scenario with one service `web` and one revision `web-1`; `top` is added at
    /// the top level, `revision` (indented 8) to the revision, `workload` (indented 4)
    /// to the workload entry.
    static func yaml(top: String = "", revision: String = "",
                     workload: String = "arrivals: {process: poisson, rate: 5}") -> String {
        func indent(_ text: String, _ n: Int) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : String(repeating: " ", count: n) + $0 }.joined(separator: "\n")
        }
        return """
            name: t
            duration: 10m
            \(top)
            services:
              - name: web
                revisions:
                  - name: web-1
                    service-time: 50ms
            \(indent(revision, 8))
            workload:
              - service: web
            \(indent(workload, 4))

            """
    }

    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios").path

    static func build(_ text: String) throws -> KnativeModelConfiguration {
        let scenario = try ScenarioLoader.parse(yaml: text, file: "t.yaml", baseDirectory: scenarios)
        return try scenario.knativeConfiguration(file: "t.yaml")
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var yaml: String
        var check: @Sendable (KnativeModelConfiguration) throws -> Void
    }

    static let mib: Int64 = 1 << 20

    static let cases: [Case] = [
        Case(description: "run settings", yaml: yaml(top: "seed: 9\ngenerator: taus2\nwarmup: 1m")) { c in
            #expect(c.duration == .wholeSeconds(600))
            #expect(c.warmup == .wholeSeconds(60))
            #expect(c.seed == 9)
            #expect(c.generator == .taus2)
        },
        Case(description: "defaults", yaml: yaml()) { c in
            #expect(c.cluster.pools == [Serving.NodePool(name: "default", count: 3,
                                                         allocatable: .init(milliCPU: 4000, memoryBytes: 16 << 30))])
            #expect(c.cluster.scheduler.strategy == .leastAllocated)
            #expect(c.cluster.imagePulls.bandwidthBytesPerSecond == 100 * 0x1p20)
            #expect(c.cluster.images.count == 0)
            #expect(c.mesh.enabled)
            #expect(c.mesh.sidecarRequests == KnativePodResources.istioProxy)
            #expect(c.mesh.cpuPerRequest == 0.00035)
            #expect(c.mesh.hopLatency == MeshConfig.defaultHopLatency)
            #expect(c.activator.queueDepth == 10_000)
            #expect(c.activator.hopLatency == ActivatorConfig.defaultHopLatency)
            #expect(c.ingress.hopLatency == MeshConfig.defaultHopLatency)
            #expect(c.queueProxy.hopLatency == QueueProxyConfig.defaultHopLatency)
            #expect(c.queueProxy.requests == KnativePodResources.queueProxy)
            let r = c.services[0].revisions[0]
            #expect(r.name == "web-1" && r.trafficPercent == 100 && r.containerConcurrency == 0)
            #expect(r.timeout == .wholeSeconds(300) && r.terminationGracePeriod == .wholeSeconds(300))
            #expect(r.userContainer == KnativePodResources.userContainer)
            #expect(r.image == nil)
            #expect(r.serviceTime == .constant(0.05))
            #expect(r.startup.proxyStart == MeshConfig.defaultStartup)
            #expect(r.startup.sandboxCreation == StartupPhases.phase(median: 0.2))
            let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "0")])
            #expect(r.autoscaling == settings)
        },
        Case(description: "node pools and images",
             yaml: yaml(top: """
                cluster:
                  node-pools:
                    - {name: big, count: 2, cpu: 3500m, memory: 8Gi, max-pods: 50, images: [app:1, side:2], min-count: 1, max-count: 4}
                    - {name: small, count: 1, cpu: 2, memory: 4Gi}
                """, revision: "image: {name: app:1, size: 100Mi}")) { c in
            #expect(c.cluster.images.names == ["app:1", "side:2"])
            #expect(c.cluster.images.sizes == [100 * mib, 0])
            let big = c.cluster.pools[0]
            #expect(big.name == "big" && big.count == 2 && big.maxPodsPerNode == 50)
            #expect(big.allocatable == .init(milliCPU: 3500, memoryBytes: 8 << 30))
            #expect(big.minCount == 1 && big.maxCount == 4)
            #expect(big.preloadedImages == [ImageID(0), ImageID(1)])
            #expect(c.cluster.pools[1] == Serving.NodePool(name: "small", count: 1,
                                                           allocatable: .init(milliCPU: 2000, memoryBytes: 4 << 30)))
            #expect(c.services[0].revisions[0].image == ImageID(0))
        },
        Case(description: "scheduler and image pulls",
             yaml: yaml(top: "cluster: {scheduler: most-allocated, image-pull-bandwidth: 50Mi}")) { c in
            #expect(c.cluster.scheduler.strategy == .mostAllocated)
            #expect(c.cluster.imagePulls.bandwidthBytesPerSecond == 50 * 0x1p20)
        },
        Case(description: "mesh",
             yaml: yaml(top: """
                mesh: {enabled: false, hop-latency: 2ms, cpu-per-request: 1ms, hold-application-until-proxy-starts: true,
                       resources: {cpu: 200m, memory: 64Mi}, startup: 700ms}
                """)) { c in
            #expect(!c.mesh.enabled)
            #expect(c.mesh.hopLatency == .constant(0.002))
            #expect(c.mesh.cpuPerRequest == 0.001)
            #expect(c.mesh.holdApplicationUntilProxyStarts)
            #expect(c.mesh.sidecarRequests == ContainerRequests(milliCPU: 200, memoryBytes: 64 * mib))
            // mesh.startup is every revision's default proxy start.
            #expect(c.services[0].revisions[0].startup.proxyStart == .constant(0.7))
        },
        Case(description: "mesh resources, one key", yaml: yaml(top: "mesh: {resources: {cpu: 50m}}")) { c in
            #expect(c.mesh.sidecarRequests == ContainerRequests(milliCPU: 50, memoryBytes: 128 * mib))
        },
        Case(description: "activator", yaml: yaml(top: "activator: {queue-depth: 50, hop-latency: 4ms, capacity: 25}")) { c in
            #expect(c.activator.queueDepth == 50)
            #expect(c.activator.hopLatency == .constant(0.004))
            #expect(c.services[0].revisions[0].autoscaling.deciderSpec().activatorCapacity == 25)
        },
        Case(description: "activator capacity from config-autoscaler",
             yaml: yaml(top: "autoscaler: {activator-capacity: \"40\"}")) { c in
            #expect(c.services[0].revisions[0].autoscaling.deciderSpec().activatorCapacity == 40)
        },
        Case(description: "ingress and queue-proxy",
             yaml: yaml(top: """
                cluster:
                  ingress: {hop-latency: 3ms}
                  queue-proxy: {hop-latency: 1ms, resources: {cpu: 50m, memory: 100Mi}}
                """)) { c in
            #expect(c.ingress.hopLatency == .constant(0.003))
            #expect(c.queueProxy.hopLatency == .constant(0.001))
            #expect(c.queueProxy.requests == ContainerRequests(milliCPU: 50, memoryBytes: 100 * mib))
        },
        Case(description: "revision settings",
             yaml: yaml(revision: """
                container-concurrency: 4
                timeout: 60s
                termination-grace-period: 90s
                resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {cpu: 1}}
                """)) { c in
            let r = c.services[0].revisions[0]
            #expect(r.containerConcurrency == 4)
            #expect(r.autoscaling.containerConcurrency == 4)
            #expect(r.timeout == .wholeSeconds(60))
            #expect(r.terminationGracePeriod == .wholeSeconds(90))
            #expect(r.userContainer == ContainerRequests(milliCPU: 250, memoryBytes: 256 * mib))
        },
        Case(description: "requests default to limits", yaml: yaml(revision: "resources: {limits: {cpu: 1}}")) { c in
            #expect(c.services[0].revisions[0].userContainer == ContainerRequests(milliCPU: 1000, memoryBytes: nil))
        },
        Case(description: "grace period defaults to the timeout", yaml: yaml(revision: "timeout: 45s")) { c in
            #expect(c.services[0].revisions[0].terminationGracePeriod == .wholeSeconds(45))
        },
        Case(description: "startup phases",
             yaml: yaml(revision: """
                startup: {scheduling: 1ms, sandbox-creation: 2ms, container-creation: 3ms, proxy-start: 4ms,
                          user-container-start: 5ms, application-init: 6ms, readiness-probe: 7ms, endpoint-propagation: 8ms}
                """)) { c in
            let s = c.services[0].revisions[0].startup
            #expect([s.scheduling, s.sandboxCreation, s.containerCreation, s.proxyStart, s.userContainerStart,
                     s.applicationInit, s.readinessProbe, s.endpointPropagation]
                    == (1...8).map { Distribution.constant(Double($0) / 1000) })
        },
        Case(description: "config-autoscaler, annotations and container-concurrency",
             yaml: yaml(top: "autoscaler: {stable-window: 30s, container-concurrency-target-default: \"50\"}",
                        revision: """
                        container-concurrency: 8
                        annotations: {autoscaling.knative.dev/min-scale: "2", prometheus.io/scrape: "true"}
                        """)) { c in
            let decider = c.services[0].revisions[0].autoscaling.deciderSpec()
            #expect(decider.stableWindow == 30_000_000_000)
            #expect(decider.minScale == 2)
            // containerConcurrency 8 caps the target (Knative: min(cc, default target)).
            #expect(decider.targetValue == 8 * 0.7)
        },
        Case(description: "traffic split",
             yaml: """
                name: t
                duration: 10m
                services:
                  - name: web
                    revisions:
                      - {name: a, traffic: 30, service-time: 10ms}
                      - {name: b, traffic: 70, service-time: 20ms}
                workload:
                  - {service: web, arrivals: {process: poisson, rate: 5}}
                """) { c in
            #expect(c.services[0].revisions.map(\.name) == ["a", "b"])
            #expect(c.services[0].revisions.map(\.trafficPercent) == [30, 70])
            #expect(c.workloads.map(\.service) == ["web"])
        },
        Case(description: "poisson", yaml: yaml()) { c in
            let expected = try PoissonArrivals(rate: 5)
            #expect(c.workloads[0].arrivals == .poisson(expected))
        },
        Case(description: "deterministic: first request one interval in",
             yaml: yaml(workload: "arrivals: {process: deterministic, interval: 2s}")) { c in
            let expected = try DeterministicArrivals(interval: .wholeSeconds(2), phase: .seconds(2))
            #expect(c.workloads[0].arrivals == .deterministic(expected))
        },
        Case(description: "schedule: steps and ramps",
             yaml: yaml(workload: """
                arrivals:
                  process: schedule
                  segments: [{at: 0s, rate: 10}, {at: 1m, to: 50, over: 2m}, {at: 5m, rate: 0}]
                """)) { c in
            guard case .schedule(let scheduled) = c.workloads[0].arrivals else { Issue.record("not a schedule"); return }
            #expect(scheduled.schedule.changes == [
                .step(at: .zero, rate: 10),
                .ramp(at: .seconds(60), from: 10, to: 50, over: .wholeSeconds(120)),
                .step(at: .seconds(300), rate: 0),
            ])
            #expect(scheduled.schedule.rate(at: .seconds(120)) == 30)
            #expect(scheduled.schedule.rate(at: .seconds(240)) == 50)
        },
        Case(description: "diurnal: the scenario's phase shifts the wave earlier",
             yaml: yaml(workload: "arrivals: {process: diurnal, mean: 10, amplitude: 0.5, period: 1h, phase: 15m}")) { c in
            guard case .diurnal(let diurnal) = c.workloads[0].arrivals else { Issue.record("not diurnal"); return }
            // rate(t) = mean (1 + a sin(2π (t + 15m) / 1h)): at t = 0 the peak.
            #expect(abs(diurnal.rate(at: .zero) - 15) < 1e-9)
            #expect(abs(diurnal.rate(at: .seconds(1800)) - 5) < 1e-9)
            #expect(diurnal.period == .wholeSeconds(3600))
        },
        Case(description: "mmpp: starts in the first state, cycles in order",
             yaml: yaml(workload: """
                arrivals:
                  process: mmpp
                  states: [{rate: 50, mean-sojourn: 30s}, {rate: 0, mean-sojourn: 2m}, {rate: 5, mean-sojourn: 1m}]
                """)) { c in
            let cyclic: [[Double]] = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
            let expected = try MMPPArrivals(
                states: [MMPPState(rate: 50, meanSojourn: .wholeSeconds(30)), MMPPState(rate: 0, meanSojourn: .wholeSeconds(120)),
                         MMPPState(rate: 5, meanSojourn: .wholeSeconds(60))],
                transitions: cyclic, initialState: 0)
            #expect(c.workloads[0].arrivals == .mmpp(expected))
        },
        Case(description: "timestamps trace, offset",
             yaml: yaml(workload: "arrivals: {process: trace, format: timestamps, file: traces/timestamps.csv, offset: 10s}")) { c in
            guard case .trace(let replay) = c.workloads[0].arrivals else { Issue.record("not a trace"); return }
            let all = try TimestampCSV.load(file: scenarios + "/traces/timestamps.csv")
            let kept = all.arrivals.filter { $0 >= .seconds(10) }
            #expect(replay.trace.count == kept.count && kept.count < all.count && !kept.isEmpty)
            #expect(replay.trace.arrivals.first == SimTime(nanoseconds: kept[0].nanoseconds - 10_000_000_000))
        },
        Case(description: "azure-2021 trace",
             yaml: yaml(workload: "arrivals: {process: trace, format: azure-2021, file: traces/azure2021_invocations.csv}")) { c in
            let expected = try Azure2021Trace.load(file: scenarios + "/traces/azure2021_invocations.csv")
            #expect(c.workloads[0].arrivals == .trace(TraceArrivals(trace: expected)))
        },
        Case(description: "azure-2019 trace, offset in minutes",
             yaml: yaml(workload: "arrivals: {process: trace, format: azure-2019, file: traces/azure2019_invocations.d01.csv, offset: 9h}")) { c in
            guard case .azure2019(let replay) = c.workloads[0].arrivals else { Issue.record("not azure-2019"); return }
            let expected = try Azure2019Invocations.load(files: [scenarios + "/traces/azure2019_invocations.d01.csv"])
            #expect(replay.countsPerMinute == expected.countsPerMinute)
            #expect(replay.startMinute == 540)
        },
    ]

    @Test(arguments: cases)
    func mapsField(_ row: Case) throws {
        try row.check(try Self.build(row.yaml))
    }

    /// Knative's pool of revisions with a fixed number of pods is the other model's.
    @Test func modelFollowsThePools() throws {
        let knative = try ScenarioLoader.parse(yaml: Self.yaml(), file: "t.yaml", baseDirectory: Self.scenarios)
        #expect(try ScenarioSimulation.model(for: knative, file: "t.yaml") == .knative)
        let fixed = try ScenarioLoader.parse(yaml: Self.yaml(revision: "pool: {kind: fixed, pods: 2}"), file: "t.yaml",
                                             baseDirectory: Self.scenarios)
        #expect(try ScenarioSimulation.model(for: fixed, file: "t.yaml") == .fixedPool)
        #expect(try ScenarioSimulation.validate(fixed, file: "t.yaml") == .fixedPool)
    }
}
