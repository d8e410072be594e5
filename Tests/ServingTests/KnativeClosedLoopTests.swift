import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Closed-loop clients in the Knative model: each client has one request out at a
/// time, so with constant distributions every client cycles every R + Z exactly and
/// the throughput is clients / (R + Z), R the model's own response time.
@Suite struct KnativeClosedLoopTests {
    static let ingress = 0.002, sidecarHop = 0.001, queueProxyHop = 0.0005

    static func configuration(clients: Int, think: Double, service: Double, timeout: Double = 300,
                              duration: Double = 400, warmup: Double = 60) throws -> KnativeModelConfiguration {
        // Five pods always ready, unlimited concurrency, activator out of the path:
        // no queueing anywhere, so the response time is the hops plus the service.
        let settings = try AutoscalingSettings(pairs: [(key: "min-scale", value: "5"),
                                                       (key: "target-burst-capacity", value: "0")])
        let revision = RevisionSpec(name: "loop-1", containerConcurrency: 0, timeout: .seconds(timeout),
                                    autoscaling: settings, serviceTime: .constant(service))
        let loop = try ClosedLoopClients(clients: clients, thinkTime: .constant(think))
        return KnativeModelConfiguration(
            duration: .seconds(duration), warmup: .seconds(warmup), seed: 7,
            mesh: MeshSpec(hopLatency: .constant(sidecarHop)),
            ingress: IngressSpec(hopLatency: .constant(ingress)),
            queueProxy: QueueProxySpec(hopLatency: .constant(queueProxyHop)),
            services: [ServiceSpec(name: "loop", revisions: [revision])],
            workloads: [WorkloadSpec(service: "loop", clients: loop)])
    }

    @Test(arguments: [(clients: 5, think: 0.4), (clients: 20, think: 1.0), (clients: 1, think: 0.05)])
    func throughputIsClientsOverResponsePlusThinkTime(clients: Int, think: Double) throws {
        let service = 0.1
        var simulation = KnativeSimulation(try Self.configuration(clients: clients, think: think, service: service))
        let report = simulation.run()
        let totals = report.overall
        #expect(totals.arrived == totals.completed + totals.failed + totals.inFlight, "\(totals)")
        #expect(totals.failed == 0)
        // The model's own response time: every hop and the service, nothing waits.
        let response = try #require(totals.latency.max)
        let expectedResponse = Self.ingress + Self.sidecarHop + Self.queueProxyHop + service
        let fastest = try #require(totals.latency.min)
        #expect(abs(response - expectedResponse) < 1e-9 && abs(fastest - expectedResponse) < 1e-9)
        // Over the 340 s after the warm-up each client sends one request per cycle;
        // the phase of the window cuts at most one request per client at each end.
        let window = 340.0
        let expected = Double(clients) * window / (response + think)
        #expect(abs(Double(totals.arrived) - expected) <= Double(clients), "arrived \(totals.arrived), expected \(expected)")
        // Never more requests in flight than clients.
        #expect(report.timeSeries.allSatisfy { $0.inFlight <= clients })
    }

    @Test func aFailedRequestIsAResponseToo() throws {
        // Every request outlives its 1 s timeout: it is answered 504 at 1 s, and its
        // client thinks and sends the next, cycling every 1 s + think time.
        let clients = 4, think = 0.5
        var simulation = KnativeSimulation(try Self.configuration(clients: clients, think: think, service: 2, timeout: 1))
        let report = simulation.run()
        let totals = report.overall
        #expect(totals.completed == 0)
        #expect(totals.arrived == totals.failed + totals.inFlight)
        #expect(totals.failuresByReason["request-timeout"] == totals.failed)
        let expected = Double(clients) * 340 / (1 + think)
        #expect(abs(Double(totals.arrived) - expected) <= Double(clients), "arrived \(totals.arrived), expected \(expected)")
    }
}
