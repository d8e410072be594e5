import Autoscaling
import Engine
import Serving
import Testing
import Workload

// docs/policies.md, "In a simulated Knative run": the code below is the documentation's,
// word for word (TargetTracking is the policy documented above it).

/// Keeps `target` in-flight requests per pod, on the average over `window`.
struct TargetTracking: ScalingPolicy {
    let target: Double                                           // in-flight requests per pod
    let window: Int64                                            // nanoseconds
    var decisionInterval: Int64 { 2_000_000_000 }
    private(set) var status = ScalingDecision(desiredScale: -1, excessBurstCapacity: 0, valid: false)
    private var samples: [(time: Int64, concurrency: Double)] = []

    init(target: Double = 10, windowSeconds: Int64 = 60) {
        self.target = target
        self.window = windowSeconds * 1_000_000_000
    }

    mutating func record(_ sample: MetricSample, at now: Int64) -> Bool {
        samples.append((now, sample.concurrency))
        return status.desiredScale == 0 && sample.concurrency > 0   // wake from zero at once
    }

    mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
        samples.removeAll { $0.time <= now - window }
        var total = 0.0
        for sample in samples { total += sample.concurrency }
        let average = samples.isEmpty ? 0 : total / Double(samples.count)
        status = ScalingDecision(desiredScale: Int32((average / target).rounded(.up)),
                                 excessBurstCapacity: 0, valid: true, stableValue: average)
        return status
    }
}

@Suite struct PolicyDocExampleTests {
    func documentedExample() throws -> RunReport {
        let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "1")])
        let revision = RevisionSpec(name: "hello-1", containerConcurrency: 1, autoscaling: settings,
                                    serviceTime: .exponential(mean: 0.5),
                                    policy: .custom(ScalingPolicyFactory(name: "target-tracking") { _ in
                                        TargetTracking(target: 1, windowSeconds: 30)
                                    }))
        var simulation = KnativeSimulation(KnativeModelConfiguration(
            duration: .seconds(600.0), seed: 1,
            services: [ServiceSpec(name: "hello", revisions: [revision])],
            workloads: [WorkloadSpec(service: "hello", arrivals: .poisson(try PoissonArrivals(rate: 4)))]))
        let report = simulation.run()
        print(report.coldStarts.requests, report.resources.podSeconds)
        return report
    }

    @Test func theDocumentedExampleRunsAndThePolicyScalesTheRevision() throws {
        let report = try documentedExample()
        // 4 req/s × 0.5 s = 2 in flight on average, one per pod: about 2 pods, more in bursts.
        #expect(report.overall.completed > 2000)
        #expect(report.overall.failed == 0)
        let desired = report.timeSeries.map(\.desiredPods)
        #expect(desired.max()! >= 3 && desired.max()! <= 12)
        #expect(report.resources.podSeconds > 600 && report.resources.podSeconds < 3000)
    }
}
