import Testing
@testable import Autoscaling

// Kubernetes' HPA (pkg/controller/podautoscaler/horizontal.go, replica_calculator.go).
// Expected values are computed by hand in the comments.

private func s(_ seconds: Int64) -> Int64 { KPATiming.seconds(seconds) }

@Suite("HPA replica calculator")
struct HPAReplicaCalculatorTests {
    struct Case: Sendable, CustomStringConvertible {
        var label: String
        var target: HPAMetricTarget
        var average: Double
        var ready: Int
        var unready: Int
        var current: Int32
        var expected: Int32?
        var description: String { label }
    }

    @Test(arguments: [
        // CPU target 50 %, 4 ready pods, tolerance band [0.9, 1.1]
        Case(label: "54 %: ratio 1.08 inside", target: .cpuUtilization(percent: 50), average: 54, ready: 4, unready: 0, current: 4, expected: 4),
        Case(label: "55 %: ratio 1.1 on the edge", target: .cpuUtilization(percent: 50), average: 55, ready: 4, unready: 0, current: 4, expected: 4),
        Case(label: "56 %: ceil(1.12·4 = 4.48)", target: .cpuUtilization(percent: 50), average: 56, ready: 4, unready: 0, current: 4, expected: 5),
        Case(label: "55.9 % truncates to 55", target: .cpuUtilization(percent: 50), average: 55.9, ready: 4, unready: 0, current: 4, expected: 4),
        Case(label: "45 %: ratio 0.9 on the edge", target: .cpuUtilization(percent: 50), average: 45, ready: 4, unready: 0, current: 4, expected: 4),
        Case(label: "44 %: ceil(0.88·4 = 3.52)", target: .cpuUtilization(percent: 50), average: 44, ready: 4, unready: 0, current: 4, expected: 4),
        Case(label: "30 %: ceil(0.6·4 = 2.4)", target: .cpuUtilization(percent: 50), average: 30, ready: 4, unready: 0, current: 4, expected: 3),
        Case(label: "100 %: 2·4", target: .cpuUtilization(percent: 50), average: 100, ready: 4, unready: 0, current: 4, expected: 8),
        Case(label: "idle: 0", target: .cpuUtilization(percent: 50), average: 0, ready: 4, unready: 0, current: 4, expected: 0),
        // concurrency 10 per pod, 3 ready
        Case(label: "15 per pod: ceil(1.5·3 = 4.5)", target: .averagePerPod(.concurrency, value: 10), average: 15, ready: 3, unready: 0, current: 3, expected: 5),
        Case(label: "10.5 per pod: 1.05 inside", target: .averagePerPod(.concurrency, value: 10), average: 10.5, ready: 3, unready: 0, current: 3, expected: 3),
        Case(label: "rps 20 per pod, 4 per pod: ceil(0.2·3)", target: .averagePerPod(.rps, value: 20), average: 4, ready: 3, unready: 0, current: 3, expected: 1),
        // unready pods on a scale-up: 6 replicas, 4 ready, 2 not ready, CPU target 50 %
        // 80 %: ratio 1.6; over 6 pods ⌊80·4/6 = 53.3⌋ = 53 → 1.06 inside → keep 6
        Case(label: "unready pods absorb the surge", target: .cpuUtilization(percent: 50), average: 80, ready: 4, unready: 2, current: 6, expected: 6),
        // 100 %: ⌊100·4/6 = 66.7⌋ = 66 → 1.32 → ceil(1.32·6 = 7.92) = 8
        Case(label: "unready pods counted idle", target: .cpuUtilization(percent: 50), average: 100, ready: 4, unready: 2, current: 6, expected: 8),
        // 40 %: ratio 0.8, not a scale-up → ready pods only: ceil(0.8·4 = 3.2) = 4
        Case(label: "unready pods ignored on a scale-down", target: .cpuUtilization(percent: 50), average: 40, ready: 4, unready: 2, current: 6, expected: 4),
        // current 10, 4 ready + 1 unready, 70 %: 1.4; ⌊70·4/5⌋ = 56 → 1.12 → ceil(5.6) = 6 < 10 → keep 10
        Case(label: "no scale-down from a scale-up signal", target: .cpuUtilization(percent: 50), average: 70, ready: 4, unready: 1, current: 10, expected: 10),
        Case(label: "no ready pod: no metrics", target: .cpuUtilization(percent: 50), average: 70, ready: 0, unready: 3, current: 3, expected: nil),
    ])
    func propose(_ c: Case) {
        let got = HPAReplicaCalculator.propose(target: c.target, average: c.average, readyPods: c.ready,
                                               unreadyPods: c.unready, currentReplicas: c.current, tolerance: 0.1)
        #expect(got?.replicas == c.expected)
    }
}

@Suite("HPA normalization")
struct HPANormalizationTests {
    @Test func legacyStabilizationKeepsTheMaximum() {
        let recs = [HPARecommendation(replicas: 8, time: s(15)), HPARecommendation(replicas: 4, time: s(30))]
        // cutoff 315 − 300 = 15: the 8 at 15 s is not before it → 8
        #expect(HPANormalization.stabilized(4, recommendations: recs, window: s(300), now: s(315)) == 8)
        // 1 ns later it is → max(4, 4) = 4
        #expect(HPANormalization.stabilized(4, recommendations: recs, window: s(300), now: s(315) + 1) == 4)
        // a larger proposal wins
        #expect(HPANormalization.stabilized(9, recommendations: recs, window: s(300), now: s(100)) == 9)
    }

    @Test func legacyLimits() {
        #expect(HPANormalization.legacyScaleUpLimit(current: 1) == 4)   // max(2, 4)
        #expect(HPANormalization.legacyScaleUpLimit(current: 3) == 6)   // max(6, 4)
        #expect(HPANormalization.legacyLimited(20, current: 1, minReplicas: 1, maxReplicas: 10) == 4)   // min(10, 4)
        #expect(HPANormalization.legacyLimited(20, current: 8, minReplicas: 1, maxReplicas: 10) == 10)  // min(10, 16)
        #expect(HPANormalization.legacyLimited(0, current: 3, minReplicas: 2, maxReplicas: 10) == 2)
        #expect(HPANormalization.legacyLimited(5, current: 3, minReplicas: 2, maxReplicas: 10) == 5)
    }

    @Test func behaviorStabilization() {
        let recs = [HPARecommendation(replicas: 7, time: s(100)), HPARecommendation(replicas: 2, time: s(200))]
        // scale-down window 300 s at 250: both recs count → down limit max(3, 7, 2) = 7;
        // up window 0 → up limit 3; current 5 stays in [3, 7] → 5
        #expect(HPANormalization.stabilized(3, current: 5, recommendations: recs, upWindow: 0, downWindow: s(300),
                                            now: s(250)) == 5)
        // window 60 s: only the 2 at 200 s → down limit max(3, 2) = 3 → 5 lowered to 3
        #expect(HPANormalization.stabilized(3, current: 5, recommendations: recs, upWindow: 0, downWindow: s(60),
                                            now: s(250)) == 3)
        // scale-up window 120 s: recs after 130 s: 2 → up limit min(9, 2) = 2; ... use 6 instead:
        let up = [HPARecommendation(replicas: 7, time: s(100)), HPARecommendation(replicas: 6, time: s(200))]
        // up limit min(9, 6) = 6 (the 7 at 100 s is older than 130 s); down window 0 → 9; 5 → 6
        #expect(HPANormalization.stabilized(9, current: 5, recommendations: up, upWindow: s(120), downWindow: 0,
                                            now: s(250)) == 6)
    }

    @Test func scaleUpPolicies() {
        let rules = HPAScalingRules.defaultScaleUp
        // no events: max(2 + 4, ceil(2 · 2)) = 6
        #expect(HPANormalization.scaleUpLimit(current: 2, upEvents: [], downEvents: [], rules: rules, now: s(15)) == 6)
        // +4 at 15 s, now 20 s: the period started with 6 − 4 = 2 → 6 again
        let events = [HPAScaleEvent(change: 4, time: s(15))]
        #expect(HPANormalization.scaleUpLimit(current: 6, upEvents: events, downEvents: [], rules: rules, now: s(20)) == 6)
        // now 30 s: 15 s is not after 30 − 15 → start 6 → max(10, 12) = 12
        #expect(HPANormalization.scaleUpLimit(current: 6, upEvents: events, downEvents: [], rules: rules, now: s(30)) == 12)
        // a scale-down inside the period raises the start: 6 + 2 = 8 → max(12, 16) = 16
        let down = [HPAScaleEvent(change: 2, time: s(25))]
        #expect(HPANormalization.scaleUpLimit(current: 6, upEvents: [], downEvents: down, rules: rules, now: s(30)) == 16)
        var minRules = rules
        minRules.selectPolicy = .min
        #expect(HPANormalization.scaleUpLimit(current: 2, upEvents: [], downEvents: [], rules: minRules, now: 0) == 4)
        var disabled = rules
        disabled.selectPolicy = .disabled
        #expect(HPANormalization.scaleUpLimit(current: 2, upEvents: [], downEvents: [], rules: disabled, now: 0) == 2)
    }

    @Test func scaleDownPolicies() {
        let onePodPerMinute = HPAScalingRules(stabilizationWindow: 0, policies: [HPAScalingPolicy(.pods, value: 1, period: s(60))])
        #expect(HPANormalization.scaleDownLimit(current: 5, upEvents: [], downEvents: [], rules: onePodPerMinute, now: 0) == 4)
        // −1 at 0 s, now 15 s, current 4: start 4 + 1 = 5 → 4
        let events = [HPAScaleEvent(change: 1, time: 0)]
        #expect(HPANormalization.scaleDownLimit(current: 4, upEvents: [], downEvents: events, rules: onePodPerMinute, now: s(15)) == 4)
        // −50 % per 15 s from 5: int(2.5) = 2
        let half = HPAScalingRules(stabilizationWindow: 0, policies: [HPAScalingPolicy(.percent, value: 50, period: s(15))])
        #expect(HPANormalization.scaleDownLimit(current: 5, upEvents: [], downEvents: [], rules: half, now: 0) == 2)
        // default −100 %: 0
        #expect(HPANormalization.scaleDownLimit(current: 7, upEvents: [], downEvents: [], rules: .defaultScaleDown, now: 0) == 0)
    }

    @Test func behaviorLimits() {
        let behavior = HPABehavior()
        // up: min(100, min(10, 6)) = 6
        #expect(HPANormalization.behaviorLimited(100, current: 2, minReplicas: 1, maxReplicas: 10, upEvents: [],
                                                 downEvents: [], behavior: behavior, now: 0) == 6)
        // up within the limit: 5
        #expect(HPANormalization.behaviorLimited(5, current: 2, minReplicas: 1, maxReplicas: 10, upEvents: [],
                                                 downEvents: [], behavior: behavior, now: 0) == 5)
        let slowDown = HPABehavior(scaleDown: HPAScalingRules(stabilizationWindow: 0,
                                                              policies: [HPAScalingPolicy(.pods, value: 1, period: s(60))]))
        // down: max(1, max(1, 4)) = 4
        #expect(HPANormalization.behaviorLimited(1, current: 5, minReplicas: 1, maxReplicas: 10, upEvents: [],
                                                 downEvents: [], behavior: slowDown, now: 0) == 4)
        // default down (−100 %): limit 0 → floor at min 2
        #expect(HPANormalization.behaviorLimited(0, current: 5, minReplicas: 2, maxReplicas: 10, upEvents: [],
                                                 downEvents: [], behavior: behavior, now: 0) == 2)
    }
}

@Suite("HPA policy")
struct HPAPolicyTests {
    /// One sync: the samples recorded since the last one, then the decision.
    private func sync(_ policy: inout HPAPolicy, at t: Int64, cpu: Double? = nil, concurrency: Double = 0,
                      readyPods: Int) -> ScalingDecision {
        if cpu != nil || concurrency != 0 {
            let poke = policy.record(MetricSample(concurrency: concurrency, rps: 0, cpuUtilization: cpu), at: t)
            #expect(!poke)
        }
        return policy.decide(at: t, readyPods: readyPods)
    }

    /// Without a behavior: the 8 recommended at 15 s holds the scale-down for 300 s.
    @Test func stabilizationWindowKeepsTheMaximumRecommendation() {
        var policy = HPAPolicy(spec: HPASpec(target: .cpuUtilization(percent: 50), maxReplicas: 10), currentReplicas: 4)
        #expect(policy.decisionInterval == s(15))
        // 15 s: 100 % → ceil(2 · 4) = 8; initial rec 4 → max 8; limit max(8, 4) = 8
        #expect(sync(&policy, at: s(15), cpu: 100, readyPods: 4).desiredScale == 8)
        // 30 … 315 s: 25 % → ceil(0.5 · 8) = 4, but the 8 of 15 s is inside the window
        for t in stride(from: Int64(30), through: 315, by: 15) {
            #expect(sync(&policy, at: s(t), cpu: 25, readyPods: 8).desiredScale == 8, "t=\(t)")
        }
        // 330 s: cutoff 30 s, the recs of 15 s are out → max(4, 4, …) = 4
        #expect(sync(&policy, at: s(330), cpu: 25, readyPods: 8).desiredScale == 4)
        #expect(policy.currentReplicas == 4)
        // recs 30 … 315 (20) + 330
        #expect(policy.recommendations.count == 21)
    }

    /// Without a behavior: at most max(2 × current, 4) per sync.
    @Test func legacyScaleUpLimit() {
        var policy = HPAPolicy(spec: HPASpec(target: .cpuUtilization(percent: 50), maxReplicas: 100), currentReplicas: 1)
        // 1000 % → ratio 20: 20 wanted, limit max(2, 4) = 4
        #expect(sync(&policy, at: s(15), cpu: 1000, readyPods: 1).desiredScale == 4)
        // 80 wanted, limit 8
        #expect(sync(&policy, at: s(30), cpu: 1000, readyPods: 4).desiredScale == 8)
        // 160 wanted, limit 16
        #expect(sync(&policy, at: s(45), cpu: 1000, readyPods: 8).desiredScale == 16)
    }

    /// The default behavior: +max(4 pods, 100 %) per 15 s.
    @Test func scaleUpPolicyLimits() {
        var policy = HPAPolicy(spec: HPASpec(target: .cpuUtilization(percent: 50), maxReplicas: 100, behavior: HPABehavior()),
                               currentReplicas: 2)
        // 15 s: 40 wanted; limit max(2 + 4, 2 · 2) = 6
        #expect(sync(&policy, at: s(15), cpu: 1000, readyPods: 2).desiredScale == 6)
        #expect(policy.scaleUpEvents == [HPAScaleEvent(change: 4, time: s(15))])
        // 20 s (an early sync): 120 wanted; the period started with 6 − 4 = 2 → 6
        #expect(sync(&policy, at: s(20), cpu: 1000, readyPods: 6).desiredScale == 6)
        // 30 s: the event of 15 s left the period → max(10, 12) = 12
        #expect(sync(&policy, at: s(30), cpu: 1000, readyPods: 6).desiredScale == 12)
        // 45 s: max(16, 24) = 24
        #expect(sync(&policy, at: s(45), cpu: 1000, readyPods: 12).desiredScale == 24)
    }

    /// A behavior with a 45 s scale-down window and −1 pod per 30 s, on concurrency 10/pod.
    @Test func scaleDownStabilizationAndPolicy() {
        let behavior = HPABehavior(scaleDown: HPAScalingRules(stabilizationWindow: s(45),
                                                              policies: [HPAScalingPolicy(.pods, value: 1, period: s(30))]))
        var policy = HPAPolicy(spec: HPASpec(target: .averagePerPod(.concurrency, value: 10), behavior: behavior),
                               currentReplicas: 5)
        // 0 s: 50 over 5 pods = 10 → ratio 1 → 5
        #expect(sync(&policy, at: 0, concurrency: 50, readyPods: 5).desiredScale == 5)
        // 15 s, 30 s: 2 per pod → ceil(0.2 · 5) = 1, held at 5 by the 5s recorded at 0 s
        #expect(sync(&policy, at: s(15), concurrency: 10, readyPods: 5).desiredScale == 5)
        #expect(sync(&policy, at: s(30), concurrency: 10, readyPods: 5).desiredScale == 5)
        // 45 s: recs after 0 s are all 1 → stabilized 1; policy: 5 − 1 = 4
        #expect(sync(&policy, at: s(45), concurrency: 10, readyPods: 5).desiredScale == 4)
        // 60 s: 8 over 4 = 2 per pod → 1; the −1 at 45 s is inside 30 s: start 5 → 4
        #expect(sync(&policy, at: s(60), concurrency: 8, readyPods: 4).desiredScale == 4)
        // 75 s: 45 s is not after 75 − 30 → start 4 → 3
        #expect(sync(&policy, at: s(75), concurrency: 8, readyPods: 4).desiredScale == 3)
    }

    /// Replicas set but not ready yet count as unready (idle) on a scale-up.
    @Test func replicasNotYetReadyDampTheScaleUp() {
        var policy = HPAPolicy(spec: HPASpec(target: .cpuUtilization(percent: 50), maxReplicas: 20), currentReplicas: 6)
        // 4 of 6 ready at 80 %: ⌊80·4/6⌋ = 53 → 1.06 inside → keep 6 (ready pods alone: ceil(1.6·4) = 7)
        #expect(sync(&policy, at: s(15), cpu: 80, readyPods: 4).desiredScale == 6)
        // at 100 %: ⌊100·4/6⌋ = 66 → ceil(1.32·6 = 7.92) = 8; limit max(12, 4)
        #expect(sync(&policy, at: s(30), cpu: 100, readyPods: 4).desiredScale == 8)
    }

    @Test func boundsAndNeverZero() {
        // min 0 is raised to 1; window 0 so only the initial recommendation holds the first sync
        var policy = HPAPolicy(spec: HPASpec(target: .cpuUtilization(percent: 50), minReplicas: 0, maxReplicas: 10,
                                             downscaleStabilizationWindow: 0), currentReplicas: 4)
        #expect(policy.spec.minReplicas == 1)
        // 0 %: proposal 0, but the initial rec 4 (recorded now) holds
        #expect(sync(&policy, at: 0, cpu: 0, readyPods: 4).desiredScale == 4)
        // 15 s: proposal 0 → below min → 1
        #expect(sync(&policy, at: s(15), cpu: 0, readyPods: 4).desiredScale == 1)

        // above max: set to max without any metric
        var above = HPAPolicy(spec: HPASpec(maxReplicas: 10), currentReplicas: 12)
        let capped = above.decide(at: s(15), readyPods: 12)
        #expect(capped == ScalingDecision(desiredScale: 10, excessBurstCapacity: 0, valid: true))
        // below min
        var below = HPAPolicy(spec: HPASpec(minReplicas: 3, maxReplicas: 10), currentReplicas: 1)
        let raised = below.decide(at: s(15), readyPods: 1)
        #expect(raised.desiredScale == 3)
    }

    @Test func noMetricsChangesNothing() {
        var policy = HPAPolicy(spec: HPASpec(target: .cpuUtilization(percent: 50), maxReplicas: 10), currentReplicas: 3)
        // no sample at all
        let first = policy.decide(at: s(15), readyPods: 3)
        #expect(!first.valid)
        #expect(first.desiredScale == -1)
        // samples without CPU do not count for a CPU target
        _ = policy.record(MetricSample(concurrency: 5, rps: 5), at: s(20))
        let second = policy.decide(at: s(30), readyPods: 3)
        #expect(!second.valid)
        #expect(policy.currentReplicas == 3)
        // samples are averaged since the last sync: (90 + 110) / 2 = 100 % → 6
        _ = policy.record(MetricSample(concurrency: 0, rps: 0, cpuUtilization: 90), at: s(35))
        _ = policy.record(MetricSample(concurrency: 0, rps: 0, cpuUtilization: 110), at: s(40))
        let third = policy.decide(at: s(45), readyPods: 3)
        #expect(third.valid && third.desiredScale == 6 && third.stableValue == 100)
    }

    @Test func knativeHPAClassMapping() throws {
        func spec(_ pairs: [(String, String)]) throws -> HPASpec {
            var all: [(key: String, value: String)] = [(key: "autoscaling.knative.dev/class", value: KnativeKeys.hpaClass)]
            all += pairs.map { (key: $0.0, value: $0.1) }
            return try HPASpec(settings: try AutoscalingSettings(pairs: all))
        }
        // no target: Kubernetes' default 80 % CPU, min 1, no max, no behavior
        let bare = try spec([])
        #expect(bare.target == .cpuUtilization(percent: 80))
        #expect(bare.minReplicas == 1 && bare.maxReplicas == Int32.max && bare.behavior == nil)
        // cpu target 70.5 → ceil → 71 %
        #expect(try spec([("autoscaling.knative.dev/target", "70.5")]).target == .cpuUtilization(percent: 71))
        // concurrency 10.9 → int64 → 10 per pod
        #expect(try spec([("autoscaling.knative.dev/metric", "concurrency"), ("autoscaling.knative.dev/target", "10.9")]).target
                == .averagePerPod(.concurrency, value: 10))
        #expect(try spec([("autoscaling.knative.dev/metric", "rps"), ("autoscaling.knative.dev/target", "150")]).target
                == .averagePerPod(.rps, value: 150))
        // bounds and window → behavior with both windows 90 s and the default policies
        let bounded = try spec([("autoscaling.knative.dev/min-scale", "2"), ("autoscaling.knative.dev/max-scale", "7"),
                                ("autoscaling.knative.dev/window", "90s")])
        #expect(bounded.minReplicas == 2 && bounded.maxReplicas == 7)
        #expect(bounded.behavior?.scaleUp.stabilizationWindow == s(90))
        #expect(bounded.behavior?.scaleDown.stabilizationWindow == s(90))
        #expect(bounded.behavior?.scaleUp.policies == HPAScalingRules.defaultScaleUp.policies)
        #expect(bounded.scaleDownStabilization == s(90))
        // not modelled
        #expect(throws: AutoscalingConfigError.self) {
            try spec([("autoscaling.knative.dev/metric", "memory"), ("autoscaling.knative.dev/target", "100")])
        }
        #expect(throws: AutoscalingConfigError.self) {
            try spec([("autoscaling.knative.dev/metric", "rps"), ("autoscaling.knative.dev/target", "0.5")])
        }
    }
}
