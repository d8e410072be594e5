import Testing
@testable import Autoscaling

// The KPA-class PodAutoscaler reconciler (pkg/reconciler/autoscaling/kpa/kpa.go and
// scaler.go). Every expected value is worked out by hand in the comment beside it, from
// the rules quoted in ReconcilerRules.swift. Defaults unless stated: stable window 60 s,
// grace period 30 s, retention 0, activation timeout 600 + 30 s, TBC 211, total value
// 100, activator capacity 100.

private func s(_ seconds: Int64) -> Int64 { KPATiming.seconds(seconds) }

@Suite("PodAutoscaler reconciler: pure rules")
struct ReconcilerRuleTests {
    struct BoundsCase: Sendable, CustomStringConvertible {
        var desired: Int32, min: Int32, max: Int32, initial: Int32, initialized: Bool, reachable: Bool
        var expected: Int32
        var description: String { "desired \(desired) min \(min) max \(max) initial \(initial) init \(initialized) reach \(reachable)" }
    }

    @Test(arguments: [
        BoundsCase(desired: 5, min: 0, max: 0, initial: 1, initialized: true, reachable: true, expected: 5),   // no bounds
        BoundsCase(desired: 5, min: 2, max: 4, initial: 1, initialized: true, reachable: true, expected: 4),   // capped at max
        BoundsCase(desired: 1, min: 2, max: 4, initial: 1, initialized: true, reachable: true, expected: 2),   // raised to min
        BoundsCase(desired: 1, min: 2, max: 0, initial: 1, initialized: true, reachable: false, expected: 1),  // min ignored, unreachable
        BoundsCase(desired: 0, min: 0, max: 0, initial: 3, initialized: false, reachable: true, expected: 3),  // initial scale as min
        BoundsCase(desired: 0, min: 0, max: 0, initial: 3, initialized: true, reachable: true, expected: 0),   // initialized: no longer
        BoundsCase(desired: 0, min: 0, max: 0, initial: 3, initialized: false, reachable: false, expected: 0), // unreachable ignores it
        BoundsCase(desired: 0, min: 5, max: 0, initial: 3, initialized: false, reachable: true, expected: 5),  // max(min 5, initial 3)
        BoundsCase(desired: -1, min: 0, max: 0, initial: 1, initialized: false, reachable: true, expected: 0), // unknown → the minimum 0
        BoundsCase(desired: 10, min: 0, max: 4, initial: 3, initialized: false, reachable: true, expected: 4), // min 3 ≤ 10 → max 4
    ])
    func boundedScale(_ c: BoundsCase) {
        let spec = ReconcilerSpec(minScale: c.min, maxScale: c.max, initialScale: c.initial, reachable: c.reachable)
        #expect(ReconcilerRules.boundedScale(c.desired, spec: spec, initialized: c.initialized) == c.expected)
    }

    struct GateCase: Sendable, CustomStringConvertible {
        var label: String
        var spec: ReconcilerSpec
        var desired: Int32
        var activity: PodAutoscalerActivity
        var since: Int64
        var proxySince: Int64?
        var requested: ServerlessServiceMode
        var now: Int64
        var expected: ReconcilerRules.ScaleToZeroOutcome
        var description: String { label }
    }

    static let gateCases: [GateCase] = {
        let d = ReconcilerSpec()
        typealias O = ReconcilerRules.ScaleToZeroOutcome
        return [
            GateCase(label: "non-zero passes", spec: d, desired: 3, activity: .active, since: 0, proxySince: nil,
                     requested: .serve, now: s(5), expected: O(scale: 3, apply: true)),
            GateCase(label: "scale to zero disabled → 1", spec: ReconcilerSpec(enableScaleToZero: false), desired: 0,
                     activity: .active, since: 0, proxySince: nil, requested: .serve, now: s(500),
                     expected: O(scale: 1, apply: true)),
            // activating for exactly 630 s: 630 > 630 is false → wait; recheck at 0 + 630 s + 1 ns
            GateCase(label: "activating at the timeout", spec: d, desired: 0, activity: .activating, since: 0, proxySince: 0,
                     requested: .proxy, now: s(630), expected: O(scale: -1, apply: false, recheckAt: s(630) + 1)),
            GateCase(label: "activating past the timeout", spec: d, desired: 0, activity: .activating, since: 0,
                     proxySince: 0, requested: .proxy, now: s(630) + 1, expected: O(scale: 0, apply: true)),
            // progress deadline 5 s → timeout 35 s; 36 > 35
            GateCase(label: "custom progress deadline", spec: ReconcilerSpec(progressDeadline: s(5)), desired: 0,
                     activity: .activating, since: 0, proxySince: 0, requested: .proxy, now: s(36),
                     expected: O(scale: 0, apply: true)),
            // active 59 s < 60 → keep 1, recheck at 0 + 60
            GateCase(label: "active less than a stable window", spec: d, desired: 0, activity: .active, since: 0,
                     proxySince: nil, requested: .serve, now: s(59), expected: O(scale: 1, apply: true, recheckAt: s(60))),
            GateCase(label: "active a stable window, serving", spec: d, desired: 0, activity: .active, since: 0,
                     proxySince: nil, requested: .serve, now: s(60), expected: O(scale: 0, apply: false)),
            // already proxying: re-enqueue after 3 s
            GateCase(label: "active a stable window, proxying", spec: d, desired: 0, activity: .active, since: 0,
                     proxySince: 0, requested: .proxy, now: s(60), expected: O(scale: 0, apply: false, recheckAt: s(63))),
            // inactive 0 s, proxy 0 s: to = 30 − 0 → recheck at 130
            GateCase(label: "inactive, grace not over", spec: d, desired: 0, activity: .inactive, since: s(100),
                     proxySince: s(100), requested: .proxy, now: s(100), expected: O(scale: 0, apply: false, recheckAt: s(130))),
            // inactive 30 s ≥ max(30, 0)
            GateCase(label: "inactive for the grace period", spec: d, desired: 0, activity: .inactive, since: s(100),
                     proxySince: s(100), requested: .proxy, now: s(130), expected: O(scale: 0, apply: true)),
            // inactive 0 s but proxying since 40 s: 30 − 60 ≤ 0 → fast path
            GateCase(label: "proxying long enough already", spec: d, desired: 0, activity: .inactive, since: s(100),
                     proxySince: s(40), requested: .proxy, now: s(100), expected: O(scale: 0, apply: true)),
            // proxying exactly 30 s: 30 − 30 = 0 ≤ 0 → apply
            GateCase(label: "proxying exactly the grace period", spec: d, desired: 0, activity: .inactive, since: s(100),
                     proxySince: s(70), requested: .proxy, now: s(100), expected: O(scale: 0, apply: true)),
            // retention 120: inactive 0 < 120 → wait until 100 + 120
            GateCase(label: "retention not over", spec: ReconcilerSpec(scaleToZeroPodRetentionPeriod: s(120)), desired: 0,
                     activity: .inactive, since: s(100), proxySince: s(40), requested: .proxy, now: s(100),
                     expected: O(scale: 0, apply: false, recheckAt: s(220))),
            // inactive 120 ≥ max(30, 120)
            GateCase(label: "retention over", spec: ReconcilerSpec(scaleToZeroPodRetentionPeriod: s(120)), desired: 0,
                     activity: .inactive, since: s(100), proxySince: s(100), requested: .proxy, now: s(220),
                     expected: O(scale: 0, apply: true)),
            // retention 10 < grace: inactive 10: 10 ≥ 30 no; 10 < 10 no; proxy 10 → 30 − 10 = 20 → 130
            GateCase(label: "short retention, then the grace period", spec: ReconcilerSpec(scaleToZeroPodRetentionPeriod: s(10)),
                     desired: 0, activity: .inactive, since: s(100), proxySince: s(100), requested: .proxy, now: s(110),
                     expected: O(scale: 0, apply: false, recheckAt: s(130))),
            // unreachable: retention counts as 0 → 30 ≥ 30
            GateCase(label: "unreachable ignores retention",
                     spec: ReconcilerSpec(reachable: false, scaleToZeroPodRetentionPeriod: s(120)), desired: 0,
                     activity: .inactive, since: s(100), proxySince: s(100), requested: .proxy, now: s(130),
                     expected: O(scale: 0, apply: true)),
        ]
    }()

    @Test(arguments: gateCases)
    func scaleToZero(_ c: GateCase) {
        let got = ReconcilerRules.scaleToZero(desired: c.desired, activity: c.activity, activitySince: c.since,
                                              proxySince: c.proxySince, requestedMode: c.requested,
                                              spec: c.spec, now: c.now)
        #expect(got == c.expected)
    }

    struct ActivityCase: Sendable, CustomStringConvertible {
        var want: Int32, ready: Int, threshold: Int, current: PodAutoscalerActivity, expected: PodAutoscalerActivity
        var description: String { "want \(want) ready \(ready) thr \(threshold) \(current)" }
    }

    // Knative's table in computeActiveCondition, row by row.
    @Test(arguments: [
        ActivityCase(want: 0, ready: 5, threshold: 1, current: .active, expected: .inactive),
        ActivityCase(want: 3, ready: 0, threshold: 0, current: .activating, expected: .inactive),   // threshold 0
        ActivityCase(want: 3, ready: 0, threshold: 1, current: .inactive, expected: .activating),
        ActivityCase(want: 3, ready: 1, threshold: 1, current: .activating, expected: .active),
        ActivityCase(want: -1, ready: 0, threshold: 1, current: .inactive, expected: .inactive),
        ActivityCase(want: -1, ready: 0, threshold: 1, current: .activating, expected: .activating),
        ActivityCase(want: -1, ready: 0, threshold: 1, current: .active, expected: .activating),
        ActivityCase(want: -1, ready: 2, threshold: 1, current: .inactive, expected: .inactive),
        ActivityCase(want: -1, ready: 2, threshold: 1, current: .activating, expected: .active),
        ActivityCase(want: -1, ready: 2, threshold: 1, current: .active, expected: .active),
    ])
    func activeCondition(_ c: ActivityCase) {
        #expect(ReconcilerRules.nextActivity(want: c.want, readyPods: c.ready, threshold: c.threshold,
                                             current: c.current) == c.expected)
    }

    @Test func activeThreshold() {
        // before initialization max(min, initial), after max(min, 1); min 0 when unreachable
        #expect(ReconcilerRules.activeThreshold(spec: ReconcilerSpec(minScale: 2, initialScale: 5), initialized: false) == 5)
        #expect(ReconcilerRules.activeThreshold(spec: ReconcilerSpec(minScale: 2, initialScale: 5), initialized: true) == 2)
        #expect(ReconcilerRules.activeThreshold(spec: ReconcilerSpec(minScale: 0, initialScale: 0), initialized: false) == 0)
        #expect(ReconcilerRules.activeThreshold(spec: ReconcilerSpec(minScale: 0, initialScale: 0), initialized: true) == 1)
        #expect(ReconcilerRules.activeThreshold(spec: ReconcilerSpec(minScale: 4, initialScale: 1, reachable: false),
                                                initialized: true) == 1)
    }

    struct ActivatorCase: Sendable, CustomStringConvertible {
        var ready: Int, tbc: Double, total: Double, capacity: Double, expected: Int32
        var description: String { "ready \(ready) tbc \(tbc)" }
    }

    @Test(arguments: [
        ActivatorCase(ready: 0, tbc: 0, total: 100, capacity: 100, expected: 2),     // TBC 0 → 2
        ActivatorCase(ready: 10, tbc: 0, total: 100, capacity: 100, expected: 2),    // TBC 0 → 2 whatever the pods
        ActivatorCase(ready: 0, tbc: 211, total: 100, capacity: 100, expected: 3),   // ceil(211/100) = 3
        ActivatorCase(ready: 5, tbc: 211, total: 100, capacity: 100, expected: 8),   // ceil(711/100) = 8
        ActivatorCase(ready: 1, tbc: -1, total: 100, capacity: 100, expected: 2),    // ceil(100/100) = 1 → 2
        ActivatorCase(ready: 5, tbc: -1, total: 100, capacity: 100, expected: 5),    // ceil(500/100) = 5
        ActivatorCase(ready: 3, tbc: 200, total: 100, capacity: 250, expected: 2),   // 500/250 = 2.0 exactly
        ActivatorCase(ready: 3, tbc: 201, total: 100, capacity: 250, expected: 3),   // ceil(501/250) = 3
    ])
    func numberOfActivators(_ c: ActivatorCase) {
        #expect(ReconcilerRules.numberOfActivators(readyPods: c.ready, targetBurstCapacity: c.tbc, totalValue: c.total,
                                                   activatorCapacity: c.capacity) == c.expected)
    }

    @Test func modes() {
        // Serve iff want > 0 and EBC ≥ 0; Proxy in effect with no ready pod.
        #expect(ReconcilerRules.requestedMode(want: 2, excessBurstCapacity: 0) == .serve)
        #expect(ReconcilerRules.requestedMode(want: 2, excessBurstCapacity: -1) == .proxy)
        #expect(ReconcilerRules.requestedMode(want: 0, excessBurstCapacity: 5) == .proxy)
        #expect(ReconcilerRules.requestedMode(want: -1, excessBurstCapacity: 5) == .proxy)
        #expect(ReconcilerRules.effectiveMode(requested: .serve, readyPods: 0) == .proxy)
        #expect(ReconcilerRules.effectiveMode(requested: .serve, readyPods: 1) == .serve)
        #expect(ReconcilerRules.effectiveMode(requested: .proxy, readyPods: 3) == .proxy)
    }

    @Test func specFromSettings() throws {
        let settings = try AutoscalingSettings(pairs: [
            (key: "autoscaling.knative.dev/min-scale", value: "2"),
            (key: "autoscaling.knative.dev/initial-scale", value: "4"),
            (key: "autoscaling.knative.dev/window", value: "90s"),
            (key: "scale-to-zero-grace-period", value: "45s"),
            (key: "scale-to-zero-pod-retention-period", value: "1m"),
            (key: "enable-scale-to-zero", value: "false"),
            (key: "container-concurrency", value: "10"),
        ])
        let spec = ReconcilerSpec(settings: settings)
        #expect(spec.minScale == 2)
        #expect(spec.initialScale == 4)
        #expect(spec.stableWindow == s(90))
        #expect(spec.scaleToZeroGracePeriod == s(45))
        #expect(spec.scaleToZeroPodRetentionPeriod == s(60))
        #expect(!spec.enableScaleToZero)
        #expect(spec.activationTimeout == s(630))
        #expect(spec.totalValue == 10)            // containerConcurrency 10
        #expect(spec.targetBurstCapacity == 211)
        #expect(spec.initialReplicas == 4)
        // Unreachable: min-scale and retention are ignored.
        let unreachable = ReconcilerSpec(settings: settings, reachable: false)
        #expect(unreachable.effectiveMinScale == 0)
        #expect(unreachable.effectivePodRetention == 0)
    }
}

@Suite("PodAutoscaler reconciler: timelines")
struct ReconcilerTimelineTests {
    struct Step: CustomStringConvertible {
        var t: Int64
        var desired: Int32
        var ebc: Int32
        var ready: Int
        var expected: ReconcileResult
        var description: String { "t=\(t)" }
    }

    private static func result(_ replicas: Int32?, want: Int32, _ activity: PodAutoscalerActivity,
                               requested: ServerlessServiceMode, effective: ServerlessServiceMode,
                               activators: Int32, recheck: Int64?) -> ReconcileResult {
        ReconcileResult(replicas: replicas, want: want, activity: activity, requestedMode: requested,
                        effectiveMode: effective, activators: activators, recheckAt: recheck)
    }

    private func run(_ spec: ReconcilerSpec, _ steps: [Step]) -> PodAutoscalerReconciler {
        var reconciler = PodAutoscalerReconciler(spec: spec, createdAt: 0)
        for step in steps {
            let got = reconciler.reconcile(desiredScale: step.desired, excessBurstCapacity: step.ebc,
                                           readyPods: step.ready, at: step.t)
            #expect(got == step.expected, "\(step)")
        }
        return reconciler
    }

    /// Default TBC 211: with one pod the EBC is ⌊100 − 211⌋ = −111, so the activator never
    /// leaves the path and the scale to zero happens as soon as the PA turns Inactive.
    @Test func scaleToZeroBehindTheActivator() {
        let r = run(ReconcilerSpec(), [
            // Activating, desired unknown: bounded −1 → 0, gated → want −1; ceil(211/100) = 3 activators
            Step(t: 0, desired: -1, ebc: -111, ready: 0,
                 expected: Self.result(nil, want: -1, .activating, requested: .proxy, effective: .proxy,
                                       activators: 3, recheck: s(630) + 1)),
            // first pod ready: 1 ≥ threshold 1 → initialized, Active (status change → recheck now);
            // ceil(311/100) = 4 activators
            Step(t: s(5), desired: -1, ebc: -111, ready: 1,
                 expected: Self.result(nil, want: -1, .active, requested: .proxy, effective: .proxy,
                                       activators: 4, recheck: s(5))),
            // decider says 0: Active 1 s < 60 → keep 1, recheck at 5 + 60 = 65; EBC < 0 → Proxy
            Step(t: s(6), desired: 0, ebc: -111, ready: 1,
                 expected: Self.result(1, want: 1, .active, requested: .proxy, effective: .proxy,
                                       activators: 4, recheck: s(65))),
            // Active 60 s → want 0, mark Inactive (recheck now; the 3 s re-enqueue is later)
            Step(t: s(65), desired: 0, ebc: -111, ready: 1,
                 expected: Self.result(nil, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 4, recheck: s(65))),
            // Inactive 0 s, but proxying since 0: 30 − 65 ≤ 0 → apply 0 at once
            Step(t: s(65), desired: 0, ebc: -111, ready: 1,
                 expected: Self.result(0, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 4, recheck: nil)),
            // pod gone: EBC ⌊0 − 211⌋ = −211; still 0; 3 activators
            Step(t: s(66), desired: 0, ebc: -211, ready: 0,
                 expected: Self.result(0, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 3, recheck: nil)),
        ])
        #expect(r.activitySince == s(65))
        #expect(r.proxySince == 0)
    }

    /// TBC 0: the pods serve directly while wanted, so the activator enters the path only
    /// when the PA turns Inactive, and the grace period runs from then.
    @Test func scaleToZeroWithGracePeriod() {
        let spec = ReconcilerSpec(targetBurstCapacity: 0)
        let prefix = [
            Step(t: 0, desired: -1, ebc: 0, ready: 0,
                 expected: Self.result(nil, want: -1, .activating, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(630) + 1)),
            Step(t: s(5), desired: -1, ebc: 0, ready: 1,
                 expected: Self.result(nil, want: -1, .active, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(5))),
            // want 1 and EBC 0 ≥ 0 → Serve; the mode change asks for a reconcile now
            Step(t: s(6), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(1, want: 1, .active, requested: .serve, effective: .serve,
                                       activators: 2, recheck: s(6))),
            Step(t: s(6), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(1, want: 1, .active, requested: .serve, effective: .serve,
                                       activators: 2, recheck: s(65))),
            // Active 60 s → Inactive, Proxy from 65 (it was serving, so no 3 s re-enqueue)
            Step(t: s(65), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(nil, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(65))),
        ]
        var steps = prefix
        steps += [
            // Inactive 0, proxy 0 → wait 30 − 0 → 95
            Step(t: s(65), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(nil, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(95))),
            // a decider tick in between: proxy 15 s → 30 − 15 = 15 → 95
            Step(t: s(80), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(nil, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(95))),
            // Inactive 30 ≥ max(30, 0) → 0
            Step(t: s(95), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(0, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: nil)),
        ]
        _ = run(spec, steps)

        // Same with retention 120 s: Inactive 0 < 120 → wait until 65 + 120 = 185.
        var retained = prefix
        retained += [
            Step(t: s(65), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(nil, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(185))),
            // at 95 the grace period alone would allow it; retention 30 < 120 → 95 + 90 = 185
            Step(t: s(95), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(nil, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: s(185))),
            Step(t: s(185), desired: 0, ebc: 0, ready: 1,
                 expected: Self.result(0, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: nil)),
        ]
        _ = run(ReconcilerSpec(scaleToZeroPodRetentionPeriod: s(120), targetBurstCapacity: 0), retained)
    }

    /// initial-scale 3: the minimum until 3 pods were ready once, then the normal rules.
    @Test func initialScaleIsATemporaryMinimum() {
        let r = run(ReconcilerSpec(initialScale: 3), [
            // bounded −1 → max(0, 3) = 3 → apply 3. Initial EBC 3·100 − 211 = 89 ≥ 0 → Serve requested,
            // but no pod is ready → Proxy in effect (it already was: no status change)
            Step(t: 0, desired: -1, ebc: 89, ready: 0,
                 expected: Self.result(3, want: 3, .activating, requested: .serve, effective: .proxy,
                                       activators: 3, recheck: nil)),
            // 2 ready < threshold 3: still 3; EBC ⌊200 − 211⌋ = −11 → Proxy; ceil(411/100) = 5
            Step(t: s(4), desired: 0, ebc: -11, ready: 2,
                 expected: Self.result(3, want: 3, .activating, requested: .proxy, effective: .proxy,
                                       activators: 5, recheck: nil)),
            // 3 ready: still bounded to 3 in this reconcile, then initialized → Active;
            // EBC ⌊300 − 211⌋ = 89 → Serve; ceil(511/100) = 6
            Step(t: s(6), desired: 0, ebc: 89, ready: 3,
                 expected: Self.result(3, want: 3, .active, requested: .serve, effective: .serve,
                                       activators: 6, recheck: s(6))),
            // initialized: min back to 0 → desired 0 → Active 0 s < 60 → 1, recheck 66
            Step(t: s(6), desired: 0, ebc: 89, ready: 3,
                 expected: Self.result(1, want: 1, .active, requested: .serve, effective: .serve,
                                       activators: 6, recheck: s(66))),
        ])
        #expect(r.scaleTargetInitialized)
    }

    /// allow-zero-initial-scale with initial-scale 0: threshold max(0, 0) = 0 → initialized
    /// and Inactive at once; no pod is created.
    @Test func zeroInitialScale() {
        let spec = ReconcilerSpec(initialScale: 0, targetBurstCapacity: 0)
        #expect(spec.initialReplicas == 0)
        let r = run(spec, [
            Step(t: 0, desired: -1, ebc: 0, ready: 0,
                 expected: Self.result(nil, want: -1, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: 0)),
            // −1 and not Activating → nothing; threshold now max(0, 1) = 1 > 0 ready, want −1,
            // Inactive stays Inactive
            Step(t: 0, desired: -1, ebc: 0, ready: 0,
                 expected: Self.result(nil, want: -1, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 2, recheck: nil)),
        ])
        #expect(r.scaleTargetInitialized)
    }

    /// Pods never become ready and nothing asks for them: after 630 s + 1 ns, give up.
    @Test func activatingTimesOut() {
        _ = run(ReconcilerSpec(), [
            Step(t: 0, desired: -1, ebc: -111, ready: 0,
                 expected: Self.result(nil, want: -1, .activating, requested: .proxy, effective: .proxy,
                                       activators: 3, recheck: s(630) + 1)),
            // 630 > 630 is false
            Step(t: s(630), desired: -1, ebc: -111, ready: 0,
                 expected: Self.result(nil, want: -1, .activating, requested: .proxy, effective: .proxy,
                                       activators: 3, recheck: s(630) + 1)),
            // apply 0; want 0 → Inactive (Knative's reason: TimedOut)
            Step(t: s(630) + 1, desired: -1, ebc: -111, ready: 0,
                 expected: Self.result(0, want: 0, .inactive, requested: .proxy, effective: .proxy,
                                       activators: 3, recheck: s(630) + 1)),
        ])
    }

    /// The activator leaves and re-enters the path as the EBC changes sign; no ready pod
    /// forces Proxy.
    @Test func activatorModeFollowsExcessBurstCapacity() {
        let r = run(ReconcilerSpec(), [
            Step(t: 0, desired: -1, ebc: -111, ready: 0,
                 expected: Self.result(nil, want: -1, .activating, requested: .proxy, effective: .proxy,
                                       activators: 3, recheck: s(630) + 1)),
            // 2 wanted, EBC −5 → Proxy; 2 ready → Active; ceil(411/100) = 5
            Step(t: s(10), desired: 2, ebc: -5, ready: 2,
                 expected: Self.result(2, want: 2, .active, requested: .proxy, effective: .proxy,
                                       activators: 5, recheck: s(10))),
            // EBC 3 → Serve
            Step(t: s(12), desired: 2, ebc: 3, ready: 2,
                 expected: Self.result(2, want: 2, .active, requested: .serve, effective: .serve,
                                       activators: 5, recheck: s(12))),
            // EBC −2 → Proxy again, from 14 s
            Step(t: s(14), desired: 2, ebc: -2, ready: 2,
                 expected: Self.result(2, want: 2, .active, requested: .proxy, effective: .proxy,
                                       activators: 5, recheck: s(14))),
            // EBC 0 counts as spare → Serve
            Step(t: s(16), desired: 2, ebc: 0, ready: 2,
                 expected: Self.result(2, want: 2, .active, requested: .serve, effective: .serve,
                                       activators: 5, recheck: s(16))),
            // both pods lost: Serve requested, Proxy forced; 0 < threshold 1 → Activating; ceil(211/100) = 3
            Step(t: s(18), desired: 2, ebc: 0, ready: 0,
                 expected: Self.result(2, want: 2, .activating, requested: .serve, effective: .proxy,
                                       activators: 3, recheck: s(18))),
        ])
        #expect(r.proxySince == s(18))
        #expect(r.effectiveMode == .proxy)
    }

    /// enable-scale-to-zero=false: a desired 0 keeps one pod, at any age.
    @Test func scaleToZeroDisabled() {
        _ = run(ReconcilerSpec(enableScaleToZero: false), [
            // bounded 0 → 1 applied even before a decision; 1 ready → Active
            Step(t: s(5), desired: -1, ebc: -111, ready: 1,
                 expected: Self.result(1, want: 1, .active, requested: .proxy, effective: .proxy,
                                       activators: 4, recheck: s(5))),
            Step(t: s(1000), desired: 0, ebc: -111, ready: 1,
                 expected: Self.result(1, want: 1, .active, requested: .proxy, effective: .proxy,
                                       activators: 4, recheck: nil)),
        ])
    }

    @Test func reconcilesAPolicyStatus() {
        var r = PodAutoscalerReconciler(spec: ReconcilerSpec(maxScale: 4, targetBurstCapacity: 0), createdAt: 0)
        // desired 7 capped by max-scale 4; EBC 0 with 5 ready → Serve
        let got = r.reconcile(ScalingDecision(desiredScale: 7, excessBurstCapacity: 0, valid: true), readyPods: 5, at: s(2))
        #expect(got.replicas == 4)
        #expect(got.want == 4)
        #expect(got.effectiveMode == .serve)
        #expect(got.activity == .active)
    }
}
