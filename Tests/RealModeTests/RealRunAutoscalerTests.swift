import Autoscaling
import Engine
import Serving
import Testing
@testable import RealMode

/// The real-mode autoscaling loop takes the simulation's steps; driven here by hand.
@Suite struct RealRunAutoscalerTests {
    func revision(initialScale: Int) throws -> RevisionSpec {
        let settings = try AutoscalingSettings(pairs: [(key: "allow-zero-initial-scale", value: "true"),
                                                       (key: "initial-scale", value: String(initialScale))])
        return RevisionSpec(name: "fn-1", autoscaling: settings, serviceTime: .constant(0.05))
    }

    @Test func scalesFromZeroOnTheActivatorsPoke() throws {
        var autoscaler = RevisionAutoscaler(spec: try revision(initialScale: 0), streams: RandomStreams(seed: 1))
        #expect(autoscaler.start() == 0)
        #expect(autoscaler.proxyMode)
        // Knative pokes only once a decision has said 0 pods (the status starts at −1,
        // unknown): an idle report and the 2 s decision make it 0.
        let idlePoke = autoscaler.push(ActivatorStat(concurrency: 0, requestCount: 0), at: .zero + .seconds(1.0))
        #expect(!idlePoke)
        #expect(autoscaler.decide(at: .zero + .seconds(2.0), readyPods: 0).replicas == nil)
        // The activator's first sighting: concurrency 1, one request.
        let now = SimTime.zero + .seconds(2.5)
        let poked = autoscaler.push(ActivatorStat(concurrency: 1, requestCount: 1), at: now)
        #expect(poked)
        let outcome = autoscaler.decide(at: now, readyPods: 0)
        #expect((outcome.replicas ?? 0) >= 1)
        // No pod is ready yet: the activator stays in the path.
        #expect(outcome.proxyMode)
    }

    @Test func startsWithInitialScaleAndHoldsItWithoutData() throws {
        var autoscaler = RevisionAutoscaler(spec: try revision(initialScale: 2), streams: RandomStreams(seed: 1))
        #expect(autoscaler.start() == 2)
        let outcome = autoscaler.decide(at: SimTime.zero + .seconds(2.0), readyPods: 0)
        #expect(outcome.replicas == nil)
        #expect(autoscaler.desired == 2)
    }
}
