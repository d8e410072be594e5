import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Scale from zero with constant distributions: the first request's latency is exactly
/// the sum of the model's own numbers — hops, every startup phase, service time.
@Suite struct KnativeScaleFromZeroTests {
    static let ingress = 0.002, activatorHop = 0.003, sidecarHop = 0.001, queueProxyHop = 0.0005, service = 0.1
    static let proxyStart = 0.5
    static let phases = PodStartupSpec(
        scheduling: .constant(0.05), sandboxCreation: .constant(0.25), containerCreation: .constant(0.15),
        proxyStart: .constant(proxyStart),
        userContainerStart: .constant(0.2), applicationInit: .constant(0.1), readinessProbe: .constant(0.1),
        endpointPropagation: .constant(0.15))

    static func configuration(arrivals: [Double], mesh: Bool = true, hold: Bool = false,
                              pairs: [(key: String, value: String)] = []) throws -> KnativeModelConfiguration {
        let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "1")] + pairs)
        let revision = RevisionSpec(name: "hello-1", containerConcurrency: 1, autoscaling: settings,
                                    startup: phases, serviceTime: .constant(service))
        let trace = RecordedTrace(arrivals: arrivals.map { SimTime.seconds($0) })
        return KnativeModelConfiguration(
            duration: .seconds(400), seed: 1,
            mesh: MeshSpec(enabled: mesh, hopLatency: .constant(sidecarHop), holdApplicationUntilProxyStarts: hold),
            activator: ActivatorSpec(hopLatency: .constant(activatorHop)),
            ingress: IngressSpec(hopLatency: .constant(ingress)),
            queueProxy: QueueProxySpec(hopLatency: .constant(queueProxyHop)),
            services: [ServiceSpec(name: "hello", revisions: [revision])],
            workloads: [WorkloadSpec(service: "hello", arrivals: .trace(TraceArrivals(trace: trace)))])
    }

    static func expectedColdLatency(mesh: Bool, hold: Bool) -> Double {
        let app = 0.2 + 0.1
        let untilAppReady = mesh ? (hold ? proxyStart + app : max(proxyStart, app)) : app
        let startup = 0.05 + 0.25 + 0.15 + untilAppReady + 0.1 + 0.15
        return ingress + activatorHop + startup + (mesh ? sidecarHop : 0) + queueProxyHop + service
    }

    @Test(arguments: [(true, false), (true, true), (false, false)])
    func firstRequestAfterScaleToZeroPaysEveryPhase(mesh: Bool, hold: Bool) throws {
        // The initial pod (initial-scale 1) scales away with no traffic; the request at
        // 300 s finds the revision at zero.
        var simulation = KnativeSimulation(try Self.configuration(arrivals: [300], mesh: mesh, hold: hold))
        let report = simulation.run()
        #expect(report.overall.completed == 1, "\(report.overall)")
        let latency = try #require(report.overall.latency.max)
        let expected = Self.expectedColdLatency(mesh: mesh, hold: hold)
        #expect(abs(latency - expected) < 1e-9, "latency \(latency) expected \(expected)")
        #expect(report.coldStarts.requests == 1)
        // The initial pod (initial-scale 1), then the activator's scale-from-zero poke:
        // concurrency 1 against a target of 1 × 70% gives ceil(1 / 0.7) = 2 pods.
        #expect(report.coldStarts.pods == 3)
    }

    @Test func warmRequestSkipsTheColdStart() throws {
        // min-scale 1 keeps a pod; the request goes straight to it (activator out of
        // the path once burst capacity allows; with TBC 0 it is out whenever a pod is ready).
        var simulation = KnativeSimulation(try Self.configuration(
            arrivals: [300], pairs: [(key: "min-scale", value: "1"), (key: "target-burst-capacity", value: "0")]))
        let report = simulation.run()
        #expect(report.overall.completed == 1)
        let latency = try #require(report.overall.latency.max)
        let expected = Self.ingress + Self.sidecarHop + Self.queueProxyHop + Self.service
        #expect(abs(latency - expected) < 1e-9, "latency \(latency) expected \(expected)")
        #expect(report.coldStarts.requests == 0)
        #expect(report.coldStarts.pods == 1)
    }
}
