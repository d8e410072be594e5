import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Builds small Knative models with constant latencies, so tests can predict times.
enum KnativeTestModel {
    static let hop = Distribution.constant(0.001)

    static func revision(_ name: String, percent: Double = 100, cc: Int = 1, service: Double = 0.1,
                         pairs: [(key: String, value: String)] = [],
                         policy: RevisionPolicyKind = .kpa, cpuModel: ContainerCPUModel = .unconstrained,
                         crash: Double = 0) throws -> RevisionSpec {
        let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: String(cc))] + pairs)
        return RevisionSpec(name: name, trafficPercent: percent, containerConcurrency: cc, timeout: .seconds(30.0),
                            autoscaling: settings, serviceTime: .constant(service), policy: policy,
                            cpuModel: cpuModel, crashOnStartProbability: crash)
    }

    static func configuration(revisions: [RevisionSpec], arrivals: [Double], duration: Double = 200,
                              warmup: Double = 0, pools: [NodePool]? = nil, events: [TimedModelEvent] = [],
                              clusterAutoscaler: ClusterAutoscalerSettings? = nil,
                              queueProxyHop: Distribution = hop) -> KnativeModelConfiguration {
        let trace = RecordedTrace(arrivals: arrivals.map { SimTime.seconds($0) })
        return KnativeModelConfiguration(
            duration: .seconds(duration), warmup: .seconds(warmup), seed: 7,
            cluster: pools.map { ClusterModelSpec(pools: $0) } ?? ClusterModelSpec(),
            mesh: MeshSpec(hopLatency: hop), activator: ActivatorSpec(hopLatency: hop),
            ingress: IngressSpec(hopLatency: hop), queueProxy: QueueProxySpec(hopLatency: queueProxyHop),
            services: [ServiceSpec(name: "svc", revisions: revisions)],
            workloads: [WorkloadSpec(service: "svc", arrivals: .trace(TraceArrivals(trace: trace)))],
            events: events, clusterAutoscaler: clusterAutoscaler)
    }

    static let warm: [(key: String, value: String)] = [(key: "min-scale", value: "2"),
                                                       (key: "target-burst-capacity", value: "0")]

    static func expectConservation(_ report: RunReport) {
        let o = report.overall
        #expect(o.arrived == o.completed + o.failed + o.inFlight, "\(o)")
        #expect(o.failed == o.failuresByReason.values.reduce(0, +))
    }
}

/// Scenario events: traffic steps, pod and node kills, the activator's retry.
@Suite struct KnativeEventsTests {
    @Test func trafficStepMovesNewRequestsToTheCanary() throws {
        let arrivals = (0..<200).map { 0.5 + Double($0) }
        let config = KnativeTestModel.configuration(
            revisions: [try KnativeTestModel.revision("svc-1", percent: 100),
                        try KnativeTestModel.revision("svc-2", percent: 0)],
            arrivals: arrivals, duration: 300,
            events: [TimedModelEvent(at: .seconds(100.0), action: .setTraffic(
                service: "svc", split: [RevisionTraffic(revision: "svc-2", percent: 100)]))])
        var simulation = KnativeSimulation(config)
        let report = simulation.run()
        #expect(report.revisions[0].totals.arrived == 100)
        #expect(report.revisions[1].totals.arrived == 100)
        KnativeTestModel.expectConservation(report)
    }

    @Test func killedPodsFailTheirRequestsAndAreReplaced() throws {
        // Two warm pods (cc 1), 10 s requests at 50 and 50.5 s, one on each pod (Envoy's
        // least-request sees the first busy); both pods die at 55 s.
        let config = KnativeTestModel.configuration(
            revisions: [try KnativeTestModel.revision("svc-1", service: 10, pairs: KnativeTestModel.warm)],
            arrivals: [50, 50.5, 100], duration: 150,
            events: [TimedModelEvent(at: .seconds(55.0), action: .killPods(revision: "svc-1", count: 2))])
        var simulation = KnativeSimulation(config)
        let report = simulation.run()
        #expect(report.overall.failuresByReason["pod-killed"] == 2, "\(report.overall.failuresByReason)")
        #expect(report.overall.completed == 1)
        #expect(report.faults.podsKilled == 2)
        // Replacements are cold starts; 2 pods are ready again 5 s later.
        #expect(report.coldStarts.pods >= 4)
        let after = try #require(report.timeSeries.first { $0.time == 60 })
        #expect(after.podsReady == 2)
        KnativeTestModel.expectConservation(report)
    }

    @Test func killedNodeFailsItsRequestsAndPodsMoveToTheOtherNode() throws {
        let pool = NodePool(name: "p", count: 2, allocatable: ResourceList(milliCPU: 4000, memoryBytes: 16 << 30))
        let config = KnativeTestModel.configuration(
            revisions: [try KnativeTestModel.revision("svc-1", service: 10, pairs: KnativeTestModel.warm)],
            arrivals: [50, 50.5, 100], duration: 150, pools: [pool],
            events: [TimedModelEvent(at: .seconds(55.0), action: .killNode(pool: "p", index: 0)),
                     TimedModelEvent(at: .seconds(56.0), action: .killNode(pool: "p", index: 5))])
        var simulation = KnativeSimulation(config)
        let report = simulation.run()
        // LeastAllocated spreads the two pods over the two nodes: one request dies.
        #expect(report.overall.failuresByReason["node-killed"] == 1, "\(report.overall.failuresByReason)")
        #expect(report.overall.completed == 2)
        #expect(report.faults.nodesKilled == 1)
        #expect(report.faults.eventsWithoutTarget == 1)
        let after = try #require(report.timeSeries.first { $0.time == 60 })
        #expect(after.nodes == 1)
        #expect(after.podsReady == 2)
        #expect(simulation.clusterInvariantViolations().isEmpty)
        KnativeTestModel.expectConservation(report)
    }

    @Test func activatorRetriesARequestWhosePodWentAway() throws {
        // Activator always in the path (TBC −1); the hop to the pod takes 1 s, and the
        // pods die while the request is on its way. With the retry the request waits
        // for a replacement and completes; without, it would fail with "pod-gone".
        let pairs: [(key: String, value: String)] = [(key: "min-scale", value: "2"), (key: "target-burst-capacity", value: "-1")]
        let config = KnativeTestModel.configuration(
            revisions: [try KnativeTestModel.revision("svc-1", service: 0.1, pairs: pairs)],
            arrivals: [50], duration: 100,
            events: [TimedModelEvent(at: .seconds(50.5), action: .killPods(revision: "svc-1", count: 2))],
            queueProxyHop: .constant(1))
        var simulation = KnativeSimulation(config)
        let report = simulation.run()
        #expect(report.faults.activatorRetries == 1)
        #expect(report.overall.completed == 1, "\(report.overall.failuresByReason)")
        #expect(report.overall.failed == 0)
        KnativeTestModel.expectConservation(report)
    }
}
