import Engine
import Foundation
import Testing
@testable import Scenario

struct ExampleScenarioTests {
    static func parse(_ yaml: String, file: String = "example.yaml") throws -> Scenario {
        try ScenarioLoader.parse(yaml: yaml, file: file, baseDirectory: "/nowhere")
    }

    @Test func minimalScenarioTakesEveryDefault() throws {
        let scenario = try Self.parse(ExampleScenarios.minimal)
        let expected = Scenario(
            name: "hello", seed: 1, generator: .mt19937, duration: .wholeSeconds(600), warmup: .zero,
            cluster: ClusterConfig(
                nodePools: [NodePool(name: "default", count: 3, cpu: 4, memory: 17_179_869_184)]),
            mesh: MeshConfig(enabled: true),
            activator: ActivatorConfig(queueDepth: 10_000, capacity: 100),
            autoscaler: AutoscalerConfigMap(entries: []),
            services: [ServiceConfig(name: "hello", revisions: [
                RevisionConfig(name: "hello-00001", trafficPercent: 100, containerConcurrency: 0,
                               timeout: .wholeSeconds(300), serviceTime: .constant(0.05), pool: nil),
            ])],
            workload: [WorkloadEntry(service: "hello", arrivals: .poisson(ratePerSecond: 20))],
            expectations: [])
        #expect(scenario == expected)
    }

    @Test func canaryScenarioDecodesEveryField() throws {
        let scenario = try Self.parse(ExampleScenarios.canary, file: "canary.yaml")
        func at(_ line: Int, _ column: Int) -> FilePosition { FilePosition(file: "canary.yaml", line: line, column: column) }
        let revisionPath = "services[0].revisions[0].annotations"
        let expected = Scenario(
            name: "canary-rollout", description: "New revision gets 10% of traffic.", seed: 42, generator: .taus2,
            duration: .wholeSeconds(3600), warmup: .wholeSeconds(300),
            cluster: ClusterConfig(
                nodePools: [
                    NodePool(name: "general", count: 5, cpu: 8, memory: 32 * 1_073_741_824),
                    NodePool(name: "small", count: 2, cpu: 3.5, memory: 7.5 * 1_073_741_824),
                ]),
            mesh: MeshConfig(enabled: false),
            activator: ActivatorConfig(queueDepth: 500, capacity: 200),
            autoscaler: AutoscalerConfigMap(entries: [
                ConfigEntry(key: "stable-window", value: "60s", location: at(21, 18), path: "autoscaler.stable-window"),
                ConfigEntry(key: "container-concurrency-target-percentage", value: "70", location: at(22, 44),
                            path: "autoscaler.container-concurrency-target-percentage"),
                ConfigEntry(key: "enable-scale-to-zero", value: "true", location: at(23, 25),
                            path: "autoscaler.enable-scale-to-zero"),
            ]),
            services: [ServiceConfig(name: "checkout", revisions: [
                RevisionConfig(
                    name: "checkout-v1", trafficPercent: 90, containerConcurrency: 10, timeout: .wholeSeconds(30),
                    autoscalingAnnotations: [
                        ConfigEntry(key: "min-scale", value: "1", location: at(32, 46),
                                    path: revisionPath + #"["autoscaling.knative.dev/min-scale"]"#),
                        ConfigEntry(key: "target", value: "8", location: at(33, 43),
                                    path: revisionPath + #"["autoscaling.knative.dev/target"]"#),
                    ],
                    ignoredAnnotations: [
                        ConfigEntry(key: "prometheus.io/scrape", value: "true", location: at(34, 33),
                                    path: revisionPath + #"["prometheus.io/scrape"]"#),
                    ],
                    serviceTime: try .lognormal(median: 0.08, p99: 0.4)),
                RevisionConfig(name: "checkout-v2", trafficPercent: 10, serviceTime: .exponential(mean: 0.12),
                               pool: .fixed(pods: 2)),
            ])],
            workload: [WorkloadEntry(service: "checkout", arrivals: .poisson(ratePerSecond: 150))],
            expectations: [
                Expectation(text: "latency.p99 < 2s", location: at(49, 5), path: "expect[0]"),
                Expectation(text: "errors.rate == 0", location: at(50, 5), path: "expect[1]"),
            ])
        #expect(scenario == expected)
        #expect(scenario.autoscaler["stable-window"] == "60s")
        #expect(scenario.services[0].revisions[0].annotation("min-scale")?.value == "1")
    }

    @Test func distributionsScenarioHonoursAnchorsAndMergeKeys() throws {
        let scenario = try Self.parse(ExampleScenarios.distributions)
        let a = scenario.services[0].revisions
        #expect(a.map(\.name) == ["a-1", "a-2"])
        // a-2 merges a-1's settings and overrides name and service-time.
        #expect(a[1].trafficPercent == 50)
        #expect(a[1].timeout == .wholeSeconds(10))
        #expect(a[1].serviceTime == .uniform(low: 0.01, high: 0.02))
        #expect(scenario.services.map { $0.revisions[0].name } == ["a-1", "b-00001", "c-00001", "d-00001", "e-00001", "f-00001"])
        #expect(scenario.workload[0].arrivals == .deterministic(interval: .milliseconds(250)))
    }

    /// Written out with every default and read back, a scenario is unchanged.
    @Test(arguments: [ExampleScenarios.minimal, ExampleScenarios.canary, ExampleScenarios.distributions])
    func roundTripsThroughTheWriter(yaml: String) throws {
        let original = try Self.parse(yaml)
        let written = ScenarioWriter.yaml(for: original)
        let reread = try Self.parse(written)
        #expect(reread.withoutLocations == original.withoutLocations, "\(written)")
        // Writing is a fixed point: the canonical form writes itself.
        #expect(ScenarioWriter.yaml(for: reread) == written)
    }

    @Test func writerSpellsOutDefaults() throws {
        let written = ScenarioWriter.yaml(for: try Self.parse(ExampleScenarios.minimal))
        // Default distributions are computed (logs of published figures); their
        // values are checked in DataPathDefaultsTests, their spelling here.
        func d(_ distribution: Distribution) -> String { ScenarioWriter.distribution(distribution) }
        let phases = StartupPhases()
        #expect(written == """
            name: "hello"
            seed: 1
            generator: mt19937
            duration: 10m
            warmup: 0s
            cluster:
              node-pools:
                - name: "default"
                  count: 3
                  cpu: 4
                  memory: 17179869184
                  max-pods: 110
                  images: []
                  min-count: 3
                  max-count: 3
              scheduler: least-allocated
              image-pull-bandwidth: 104857600
              cluster-autoscaler:
                enabled: false
                provisioning-delay: \(d(ClusterAutoscalerConfig.defaultProvisioningDelay))
                scale-down-unneeded-time: 10m
                scan-interval: 10s
                scale-down-utilization-threshold: 0.5
                scale-down-delay-after-add: 10m
              ingress:
                hop-latency: \(d(MeshConfig.defaultHopLatency))
              queue-proxy:
                hop-latency: {distribution: exponential, mean: \(0.010 / log(20.0))}
                resources: {cpu: 0.025}
            mesh:
              enabled: true
              hop-latency: \(d(MeshConfig.defaultHopLatency))
              cpu-per-request: 350us
              memory: 134217728
              resources: {cpu: 0.1, memory: 134217728}
              startup: \(d(MeshConfig.defaultStartup))
              hold-application-until-proxy-starts: false
            activator:
              queue-depth: 10000
              capacity: 100
              hop-latency: {distribution: exponential, mean: \(0.010 / log(20.0))}
            autoscaler: {}
            services:
              - name: "hello"
                revisions:
                  - name: "hello-00001"
                    traffic: 100
                    container-concurrency: 0
                    timeout: 5m
                    service-time: {distribution: constant, value: 0.05}
                    resources: {requests: {}, limits: {}}
                    cpu-model: none
                    startup:
                      scheduling: \(d(phases.scheduling))
                      sandbox-creation: \(d(phases.sandboxCreation))
                      container-creation: \(d(phases.containerCreation))
                      proxy-start: \(d(phases.proxyStart))
                      user-container-start: \(d(phases.userContainerStart))
                      application-init: \(d(phases.applicationInit))
                      readiness-probe: \(d(phases.readinessProbe))
                      endpoint-propagation: \(d(phases.endpointPropagation))
                    termination-grace-period: 5m
                    crash-on-start: 0
            workload:
              - service: "hello"
                arrivals: {process: poisson, rate: 20}
                start: 0s

            """)
    }

    @Test func activatorCapacityFromConfigAutoscalerReachesTheCluster() throws {
        let yaml = ExampleScenarios.minimal + "\nautoscaler:\n  activator-capacity: \"250\"\n"
        #expect(try Self.parse(yaml).activator.capacity == 250)
        let bad = ExampleScenarios.minimal + "\nautoscaler:\n  activator-capacity: lots\n"
        #expect(throws: ScenarioError(file: "example.yaml", line: 11, column: 23, path: "autoscaler.activator-capacity",
                                      message: #"must be a number, at least 1, got "lots""#)) {
            try Self.parse(bad)
        }
    }
}

/// Failures of the file itself, before any field is read.
struct ScenarioFileTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "knsim-scenario-files-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func loadsAFile() throws {
        let path = try write("ok.yaml", ExampleScenarios.canary)
        #expect(try ScenarioLoader.load(path: path).name == "canary-rollout")
    }

    @Test func reportsAMissingFile() {
        let path = folder + "/absent.yaml"
        #expect(throws: ScenarioError(file: path, message: "no such file")) { try ScenarioLoader.load(path: path) }
    }

    @Test func reportsAFolder() {
        #expect(throws: ScenarioError(file: folder, message: "is a folder, not a scenario file")) {
            try ScenarioLoader.load(path: folder)
        }
    }

    @Test func reportsAnEmptyFile() throws {
        let path = try write("empty.yaml", "")
        #expect(throws: ScenarioError(file: path, line: 1, column: 1,
                                      message: "the file is empty (it holds no YAML, only blanks or comments)")) {
            try ScenarioLoader.load(path: path)
        }
    }

    @Test func reportsTextThatIsNotUTF8() throws {
        let path = folder + "/latin1.yaml"
        FileManager.default.createFile(atPath: path, contents: Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]))
        #expect(throws: ScenarioError(file: path, message: "is not UTF-8 text")) { try ScenarioLoader.load(path: path) }
    }

    @Test func reportsInvalidYAMLWithItsLine() throws {
        let path = try write("broken.yaml", "name: x\nduration: 1m\nservices:\n  - name: [unclosed\n")
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("loaded")
        } catch {
            #expect(error.file == path)
            #expect(error.line == 5)
            #expect(error.message.hasPrefix("invalid YAML: "))
        }
    }

    @Test func windowsLineEndingsAreFine() throws {
        let path = try write("crlf.yaml", ExampleScenarios.minimal.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try ScenarioLoader.load(path: path).name == "hello")
    }
}

extension Scenario {
    /// The scenario with every kept source location (and field path) blanked, for
    /// comparing a scenario with one read from different text.
    var withoutLocations: Scenario {
        let nowhere = FilePosition(file: "", line: 0, column: 0)
        func strip(_ entry: ConfigEntry) -> ConfigEntry {
            ConfigEntry(key: entry.key, value: entry.value, location: nowhere, path: "")
        }
        var copy = self
        copy.autoscaler.entries = autoscaler.entries.map(strip)
        for s in copy.services.indices {
            for r in copy.services[s].revisions.indices {
                copy.services[s].revisions[r].autoscalingAnnotations = copy.services[s].revisions[r].autoscalingAnnotations.map(strip)
                copy.services[s].revisions[r].ignoredAnnotations = copy.services[s].revisions[r].ignoredAnnotations.map(strip)
            }
        }
        copy.expectations = expectations.map { Expectation(text: $0.text, location: nowhere, path: $0.path) }
        copy.events = events.map { ScenarioEvent(at: $0.at, action: $0.action, location: nowhere, path: "") }
        copy.warnings = []
        return copy
    }
}
