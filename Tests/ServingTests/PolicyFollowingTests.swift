import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// In a simulated run the pod count follows the policy's decisions, late by exactly the
/// modelled startup time, and scale from zero starts on the first buffered request.
@Suite struct PolicyFollowingTests {
    /// Constant startup phases adding up to 1.2 s (no mesh, no image).
    static let startup = PodStartupSpec(
        scheduling: .constant(0.1), sandboxCreation: .constant(0.2), containerCreation: .constant(0.1),
        proxyStart: .constant(0), userContainerStart: .constant(0.3), applicationInit: .constant(0.2),
        readinessProbe: .constant(0.3), endpointPropagation: .constant(0.25))
    static let untilReady = 0.1 + 0.2 + 0.1 + 0.3 + 0.2 + 0.3

    static func run(arrivals: AnyArrivalProcess, seconds: Double) throws -> RunReport {
        let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "1"),
                                                       (key: "target-burst-capacity", value: "0")])
        let revision = RevisionSpec(name: "f-1", containerConcurrency: 1, autoscaling: settings,
                                    startup: startup, serviceTime: .constant(0.5))
        var simulation = KnativeSimulation(KnativeModelConfiguration(
            duration: .seconds(seconds), seed: 3,
            // Room for every pod the policy asks for, so none waits for a node.
            cluster: ClusterModelSpec(pools: [NodePool(name: "big", count: 20,
                                                       allocatable: ResourceList(milliCPU: 64_000, memoryBytes: 256 << 30))]),
            mesh: MeshSpec(enabled: false),
            services: [ServiceSpec(name: "f", revisions: [revision])],
            workloads: [WorkloadSpec(service: "f", arrivals: arrivals)]))
        return simulation.run()
    }

    @Test func readyPodsTrailDesiredPodsByTheStartupTime() throws {
        // A step from 2 to 40 req/s at 120 s: the KPA asks for more pods; each new pod
        // is ready exactly `untilReady` after the decision that created it. Decisions
        // fall on whole seconds, so the ready count at second t+2 (the row closes at
        // t+2, after the 1.2 s startup) includes every pod desired at second t.
        let load = try ScheduledArrivals([.step(at: .zero, rate: 2), .step(at: .seconds(120.0), rate: 40)])
        let report = try Self.run(arrivals: .schedule(load), seconds: 300)
        let rows = report.timeSeries
        var sawIncrease = false
        for (i, row) in rows.enumerated() where i >= 1 && row.desiredPods > rows[i - 1].desiredPods {
            sawIncrease = true
            // Not yet ready one second later (startup takes 1.2 s) ...
            if i + 1 < rows.count {
                #expect(rows[i + 1].podsReady + rows[i + 1].podsTerminating < row.desiredPods
                        || rows[i - 1].podsReady >= row.desiredPods,
                        "second \(row.time): desired \(row.desiredPods) but already \(rows[i + 1].podsReady) ready at +1 s")
            }
            // ... and ready two seconds later, unless the policy changed its mind.
            if i + 2 < rows.count, rows[i + 2].desiredPods >= row.desiredPods {
                #expect(rows[i + 2].podsReady >= row.desiredPods,
                        "second \(row.time): desired \(row.desiredPods), ready at +2 s only \(rows[i + 2].podsReady)")
            }
        }
        #expect(sawIncrease)
        #expect(Self.untilReady > 1 && Self.untilReady < 2)
    }

    @Test func scaleFromZeroStartsOnTheFirstBufferedRequest() throws {
        // One request at 200 s, long after the revision scaled to zero: the pod for it is
        // created the instant the request reaches the activator (the activator's report
        // pokes the KPA), so its latency is the startup time plus the service time.
        let trace = RecordedTrace(arrivals: [.seconds(200.0)])
        let report = try Self.run(arrivals: .trace(TraceArrivals(trace: trace)), seconds: 260)
        let latency = try #require(report.overall.latency.max)
        let hops = report.breakdown.phases.filter { ["ingress", "activator", "queue-proxy"].contains($0.name) }
            .map { $0.statistics.mean }.reduce(0, +)
        #expect(abs(latency - (Self.untilReady + 0.25 + 0.5 + hops)) < 1e-6,
                "latency \(latency), startup \(Self.untilReady + 0.25), hops \(hops)")
        #expect(report.timeSeries.first { $0.time == 200 }?.podsReady == 0)
        #expect(report.timeSeries.first { $0.time == 202 }.map { $0.podsReady >= 1 } == true)
    }
}
