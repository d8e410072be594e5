import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Invariants over seeds and loads: every request ends completed, failed with a reason,
/// or in flight; no pod serves more than container-concurrency; pods never exceed
/// max-scale; node allocations never exceed allocatable (the cluster checks this on
/// every bind, and again at the end).
@Suite struct KnativeInvariantTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rate: Double
        var containerConcurrency: Int
        var maxScale: Int
        var nodes: Int
        var testDescription: String { "rate \(rate) cc \(containerConcurrency) max-scale \(maxScale) nodes \(nodes)" }
    }

    static let cases = [
        Case(rate: 20, containerConcurrency: 1, maxScale: 0, nodes: 3),
        Case(rate: 200, containerConcurrency: 10, maxScale: 5, nodes: 3),
        Case(rate: 50, containerConcurrency: 0, maxScale: 0, nodes: 1),
        // Too little room: pods stay Pending, requests wait in the activator and time out.
        Case(rate: 100, containerConcurrency: 1, maxScale: 0, nodes: 1),
    ]

    static func configuration(_ c: Case, seed: UInt64) throws -> KnativeModelConfiguration {
        var pairs: [(key: String, value: String)] = [(key: "container-concurrency", value: String(c.containerConcurrency))]
        if c.maxScale > 0 { pairs.append((key: "max-scale", value: String(c.maxScale))) }
        let settings = try AutoscalingSettings(pairs: pairs)
        let revision = RevisionSpec(name: "svc-1", containerConcurrency: c.containerConcurrency, timeout: .seconds(30.0),
                                    autoscaling: settings, serviceTime: .exponential(mean: 0.2))
        let pool = NodePool(name: "p", count: c.nodes, allocatable: ResourceList(milliCPU: 2000, memoryBytes: 4 << 30))
        return KnativeModelConfiguration(
            duration: .seconds(240), warmup: .seconds(10), seed: seed,
            cluster: ClusterModelSpec(pools: [pool]),
            services: [ServiceSpec(name: "svc", revisions: [revision])],
            workloads: [WorkloadSpec(service: "svc", arrivals: .poisson(try PoissonArrivals(rate: c.rate)))])
    }

    @Test(arguments: cases, [UInt64(1), 2, 3])
    func invariantsHold(_ c: Case, seed: UInt64) throws {
        var simulation = KnativeSimulation(try Self.configuration(c, seed: seed))
        let report = simulation.run()
        let o = report.overall
        #expect(o.arrived > 0)
        #expect(o.arrived == o.completed + o.failed + o.inFlight, "\(o)")
        #expect(o.failed == o.failuresByReason.values.reduce(0, +))
        if c.containerConcurrency > 0 {
            #expect(report.revisions[0].maxPodConcurrency <= c.containerConcurrency)
        }
        if c.maxScale > 0 {
            let most = report.timeSeries.map { $0.podsPending + $0.podsStarting + $0.podsReady }.max() ?? 0
            #expect(most <= c.maxScale, "pods \(most) > max-scale \(c.maxScale)")
        }
        #expect(simulation.clusterInvariantViolations().isEmpty)
    }
}
