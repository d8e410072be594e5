import Engine
import Foundation
import Testing
@testable import Scenario

/// Each arrival process, written correctly, decodes to its typed configuration.
struct ArrivalProcessTests {
    let folder: String

    init() throws {
        folder = try WorkloadAndEventErrorTests.makeFolder()
    }

    func decode(_ arrivals: String, entry: String = "") throws -> WorkloadEntry {
        try ScenarioLoader.parse(yaml: WorkloadAndEventErrorTests.scenario(arrivals: arrivals, entry: entry),
                                 file: "w.yaml", baseDirectory: folder).workload[0]
    }

    static let synthetic: [(yaml: String, expected: ArrivalProcessConfig)] = [
        ("{process: poisson, rate: 2.5}", .poisson(ratePerSecond: 2.5)),
        ("{process: deterministic, interval: 200ms}", .deterministic(interval: .milliseconds(200))),
        // A first ramp starts from 0, a later one from the rate before it.
        ("{process: schedule, segments: [{at: 1m, to: 10, over: 1m}, {at: 5m, rate: 20}, {at: 10m, to: 0, over: 30s}, {at: 20m, from: 5, to: 6, over: 1s}]}",
         .schedule(RateSchedule(segments: [
             .ramp(at: .wholeSeconds(60), from: 0, to: 10, over: .wholeSeconds(60)),
             .step(at: .wholeSeconds(300), rate: 20),
             .ramp(at: .wholeSeconds(600), from: 20, to: 0, over: .wholeSeconds(30)),
             .ramp(at: .wholeSeconds(1200), from: 5, to: 6, over: .wholeSeconds(1)),
         ]))),
        ("{process: diurnal, mean: 3, amplitude: 0}", .diurnal(DiurnalRate(mean: 3, amplitude: 0, period: .wholeSeconds(86_400), phase: .zero))),
        ("{process: diurnal, mean: 3, amplitude: 1, period: 10m, phase: 150s}",
         .diurnal(DiurnalRate(mean: 3, amplitude: 1, period: .wholeSeconds(600), phase: .wholeSeconds(150)))),
        ("{process: mmpp, states: [{rate: 0, mean-sojourn: 1m}, {rate: 100, mean-sojourn: 5s}, {rate: 10, mean-sojourn: 30s}]}",
         .mmpp(MMPPConfig(states: [.init(rate: 0, meanSojourn: .wholeSeconds(60)), .init(rate: 100, meanSojourn: .wholeSeconds(5)),
                                   .init(rate: 10, meanSojourn: .wholeSeconds(30))]))),
        ("{process: closed-loop, clients: 1, think-time: 0s}", .closedLoop(clients: 1, thinkTime: .constant(0))),
        ("{process: closed-loop, clients: 20, think-time: {distribution: uniform, min: 1s, max: 3s}}",
         .closedLoop(clients: 20, thinkTime: .uniform(low: 1, high: 3))),
    ]

    @Test(arguments: synthetic)
    func decodesSyntheticProcesses(yaml: String, expected: ArrivalProcessConfig) throws {
        #expect(try decode(yaml).arrivals == expected)
    }

    @Test func scheduleRateFollowsStepsAndRamps() {
        let schedule = RateSchedule(segments: [
            .step(at: .wholeSeconds(10), rate: 4),
            .ramp(at: .wholeSeconds(20), from: 4, to: 14, over: .wholeSeconds(10)),
            .step(at: .wholeSeconds(60), rate: 1),
        ])
        let samples: [(Int64, Double)] = [(0, 0), (9, 0), (10, 4), (19, 4), (20, 4), (25, 9), (29, 13), (30, 14), (59, 14), (60, 1), (999, 1)]
        for (second, rate) in samples {
            #expect(abs(schedule.rate(at: .wholeSeconds(second)) - rate) < 1e-12, "at \(second)s")
        }
    }

    @Test func tracesResolveTheirFilesAndKeepTheirOptions() throws {
        let timestamps = try decode("{process: trace, format: timestamps, file: t.csv, column: seconds, offset: 9h}")
        #expect(timestamps.arrivals == .trace(TraceConfig(format: .timestamps, file: folder + "/t.csv",
                                                          column: .named("seconds"), offset: .wholeSeconds(9 * 3600))))
        let azure2019 = try decode("{process: trace, format: azure-2019, file: data/../t.csv, function: 9a3e4b, durations-file: \(folder)/d.csv}")
        #expect(azure2019.arrivals == .trace(TraceConfig(format: .azure2019, file: folder + "/t.csv", function: "9a3e4b",
                                                         durationsFile: folder + "/d.csv")))
        // A 2021 trace carries durations, which an entry's service-time may override.
        let azure2021 = try decode("{process: trace, format: azure-2021, file: t.csv, function: f1}", entry: "    service-time: 20ms")
        #expect(azure2021.arrivals == .trace(TraceConfig(format: .azure2021, file: folder + "/t.csv", function: "f1")))
        #expect(azure2021.serviceTime == .constant(0.02))
        #expect(try decode("{process: trace, format: timestamps, file: t.csv, column: 2}").arrivals
            == .trace(TraceConfig(format: .timestamps, file: folder + "/t.csv", column: .position(2))))
    }

    @Test func entriesTakeAServiceTimeAndAWindow() throws {
        let entry = try decode("{process: poisson, rate: 1}", entry: "    service-time: {distribution: exponential, mean: 40ms}\n    start: 10m\n    end: 50m")
        #expect(entry == WorkloadEntry(service: "web", arrivals: .poisson(ratePerSecond: 1), serviceTime: .exponential(mean: 0.04),
                                       start: .wholeSeconds(600), end: .wholeSeconds(3000)))
        let plain = try decode("{process: poisson, rate: 1}")
        #expect(plain.serviceTime == nil && plain.start == .zero && plain.end == nil)
    }

    /// The fixed-pool model still takes the processes it can simulate, and says which
    /// it cannot.
    @Test func fixedPoolModelNamesTheProcessesItTakes() throws {
        let yaml = WorkloadAndEventErrorTests.scenario(arrivals: "{process: mmpp, states: [{rate: 1, mean-sojourn: 1s}, {rate: 0, mean-sojourn: 1s}]}")
            .replacingOccurrences(of: "service-time: 50ms}", with: "service-time: 50ms, pool: {kind: fixed, pods: 1}}")
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "w.yaml", baseDirectory: folder)
        #expect(throws: ScenarioError(file: "w.yaml", path: "workload",
                                      message: #"the fixed-pool model takes poisson or deterministic arrivals for service "web""#)) {
            try scenario.fixedPoolConfiguration(file: "w.yaml")
        }
    }
}

/// Events written correctly.
struct EventTests {
    @Test func nodesTheClusterAutoscalerAddsCanFail() throws {
        let yaml = WorkloadAndEventErrorTests.scenario(events: "events:\n  - at: 59m59s\n    kill-node: {pool: general, index: 3}")
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "e.yaml", baseDirectory: "/nowhere")
        #expect(scenario.events == [ScenarioEvent(at: .wholeSeconds(3599), action: .killNode(pool: "general", index: 3),
                                                  location: FilePosition(file: "e.yaml", line: 16, column: 5), path: "events[0]")])
    }

    @Test func killPodCountsOneByDefaultAndSplitsTakeFractions() throws {
        let yaml = WorkloadAndEventErrorTests.scenario(events: """
            events:
              - {at: 5m, kill-pod: {revision: web-2}}
              - {at: 6m, traffic: {service: web, split: {web-2: 12.5, web-1: 87.5}}}
            """)
        let events = try ScenarioLoader.parse(yaml: yaml, file: "e.yaml", baseDirectory: "/nowhere").events
        #expect(events.map(\.action) == [
            .killPod(revision: "web-2", count: 1),
            .traffic(service: "web", split: [TrafficShare(revision: "web-1", percent: 87.5), TrafficShare(revision: "web-2", percent: 12.5)]),
        ])
    }
}

/// Things that are read but have no effect are warnings, with file, line and path.
struct ScenarioWarningTests {
    static func warnings(_ yaml: String) throws -> [String] {
        try ScenarioLoader.parse(yaml: yaml, file: "w.yaml", baseDirectory: "/nowhere").warnings.map(\.description)
    }

    @Test func poolBoundsWithoutTheClusterAutoscaler() throws {
        let yaml = MalformedScenarioTests.scenario(cluster: "cluster:\n  node-pools:\n    - {name: a, count: 2, cpu: 4, memory: 16Gi, max-count: 5}\n    - {name: b, count: 2, cpu: 4, memory: 16Gi, min-count: 1}")
        #expect(try Self.warnings(yaml) == [
            "w.yaml:5:60: warning: cluster.node-pools[0].max-count: has no effect: cluster-autoscaler is not enabled (cluster.cluster-autoscaler.enabled)",
            "w.yaml:6:60: warning: cluster.node-pools[1].min-count: has no effect: cluster-autoscaler is not enabled (cluster.cluster-autoscaler.enabled)",
        ])
        let enabled = yaml.replacingOccurrences(of: "cluster:\n", with: "cluster:\n  cluster-autoscaler: {enabled: true}\n")
        #expect(try Self.warnings(enabled) == [])
    }

    @Test func proxyStartWithoutTheMesh() throws {
        let revisions = "      - name: web-1\n        service-time: 50ms\n        startup: {proxy-start: 1s}"
        let yaml = MalformedScenarioTests.scenario(cluster: "mesh: {enabled: false}", revisions: revisions)
        #expect(try Self.warnings(yaml) == [
            "w.yaml:9:32: warning: services[0].revisions[0].startup.proxy-start: has no effect: the mesh is disabled (mesh.enabled), so pods have no istio-proxy",
        ])
        #expect(try Self.warnings(MalformedScenarioTests.scenario(revisions: revisions)) == [])
    }

    @Test func autoscalingAnnotationsOnAFixedPool() throws {
        let yaml = MalformedScenarioTests.scenario(revisions: """
                  - name: web-1
                    service-time: 50ms
                    pool: {kind: fixed, pods: 2}
                    annotations: {autoscaling.knative.dev/min-scale: "3"}
            """)
        #expect(try Self.warnings(yaml) == [
            "w.yaml:9:22: warning: services[0].revisions[0].annotations: autoscaling annotations have no effect on a revision with a fixed pool",
        ])
    }
}
