import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Processor sharing and the HPA policy.
@Suite struct KnativeCPUTests {
    struct SharingCase: Sendable, CustomTestStringConvertible {
        var cpuModel: ContainerCPUModel
        var arrivals: [Double]
        /// The shortest and longest time in service.
        var expected: (min: Double, max: Double)
        var testDescription: String { "\(cpuModel) arrivals \(arrivals)" }
    }

    static let cases = [
        // The brief's case: 1 core, two 1 s requests at once: both finish at 2 s.
        SharingCase(cpuModel: .processorSharing(limitCores: 1), arrivals: [100, 100], expected: (2, 2)),
        // Two cores: no slowdown.
        SharingCase(cpuModel: .processorSharing(limitCores: 2), arrivals: [100, 100], expected: (1, 1)),
        SharingCase(cpuModel: .unconstrained, arrivals: [100, 100], expected: (1, 1)),
        // Staggered: the first runs alone 0.5 s, then both at half speed for 1 s (the
        // first finishes), then the second alone for its last 0.5 s. Both take 1.5 s;
        // a completion not rescheduled when the second joined would end the first at 1 s.
        SharingCase(cpuModel: .processorSharing(limitCores: 1), arrivals: [100, 100.5], expected: (1.5, 1.5)),
        // Three at once on 1.5 cores: each at 0.5 core, all finish at 2 s.
        SharingCase(cpuModel: .processorSharing(limitCores: 1.5), arrivals: [100, 100, 100], expected: (2, 2)),
        // 1 s requests A, B, C at 100, 100.25, 100.5 s on 1 core. By 100.5: A 0.375 done,
        // B 0.125. At 1/3 core each, A's last 0.625 takes 1.875 s: A ends at 102.375
        // (2.375 s in service); B (0.75 done) and C (0.625) then run at 1/2: B ends
        // 0.5 s later (2.625 s in service); C's last 0.125 alone ends it at 103 (2.5 s).
        SharingCase(cpuModel: .processorSharing(limitCores: 1), arrivals: [100, 100.25, 100.5], expected: (2.375, 2.625)),
    ]

    @Test(arguments: cases)
    func processorSharingStretchesServiceTimes(_ c: SharingCase) throws {
        // One warm pod with unlimited concurrency, straight from the ingress.
        let pairs: [(key: String, value: String)] = [(key: "min-scale", value: "1"), (key: "max-scale", value: "1"),
                                                     (key: "target-burst-capacity", value: "0")]
        let revision = try KnativeTestModel.revision("svc-1", cc: 0, service: 1, pairs: pairs, cpuModel: c.cpuModel)
        var simulation = KnativeSimulation(KnativeTestModel.configuration(revisions: [revision], arrivals: c.arrivals))
        let report = simulation.run()
        #expect(report.overall.completed == c.arrivals.count)
        let service = try #require(report.breakdown.phases.first { $0.name == "service" }?.statistics)
        #expect(abs((service.min ?? 0) - c.expected.min) < 1e-6, "min \(String(describing: service.min))")
        #expect(abs((service.max ?? 0) - c.expected.max) < 1e-6, "max \(String(describing: service.max))")
    }

    @Test func hpaScalesUpOnItsSyncPeriodAndNeverToZero() throws {
        // 10 rps of 0.5 s each keep 5 cores busy; a pod requests 0.525 cores (user 400m,
        // queue-proxy 25m, istio-proxy 100m), so utilisation is far above 80 %.
        let settings = try AutoscalingSettings(pairs: [(key: "class", value: "hpa.autoscaling.knative.dev")])
        let hpa = try HPASpec(settings: settings)
        let revision = try KnativeTestModel.revision("svc-1", cc: 0, service: 0.5, policy: .hpa(hpa))
        let arrivals = (0..<1000).map { 5 + Double($0) * 0.1 }  // 5 s to 105 s
        var simulation = KnativeSimulation(KnativeTestModel.configuration(revisions: [revision], arrivals: arrivals,
                                                                          duration: 600))
        let report = simulation.run()
        #expect(report.overall.completed == 1000)
        let firstScaleUp = try #require(report.timeSeries.first { $0.desiredPods > 1 })
        #expect(firstScaleUp.time == 15, "first scale-up at \(firstScaleUp.time)")
        #expect(report.timeSeries.allSatisfy { $0.desiredPods >= 1 })
        #expect(report.timeSeries.last!.podsReady >= 1)
        // The activator stays out of the path once a pod is routable.
        #expect(report.coldStarts.requests == 0)
    }
}
