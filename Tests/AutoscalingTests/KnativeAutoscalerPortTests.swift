import Testing
@testable import Autoscaling

// Ports of knative/serving pkg/autoscaler/scaling/autoscaler_test.go (commit 98e5ef90).
// Each Knative test keeps its name and its inputs; the expected excess burst capacity is
// written out as the exact integer (Knative's `expectedEBC` is floor(target/0.75·pods −
// TBC − panic) and allows ±1; our values are exact, computed with the same float64
// operations, and noted next to each literal).

private let second = KPATiming.nanosecondsPerSecond
private let stableWindow = 60 * second
/// Knative's tests read `time.Now()`; any fixed instant will do.
private let t0: Int64 = 1_000 * second

/// Knative's `newTestAutoscalerWithScalingMetric`: TotalValue = target / 0.75, panic
/// threshold 2, rates 10, stable window 60 s, reachable.
private func knativeTestSpec(target: Double, tbc: Double, metric: ScalingMetric = .concurrency) -> DeciderSpec {
    DeciderSpec(maxScaleUpRate: 10, maxScaleDownRate: 10, scalingMetric: metric,
                targetValue: target, totalValue: target / 0.75, targetBurstCapacity: tbc,
                activatorCapacity: 150, panicThreshold: 2, stableWindow: stableWindow, reachable: true)
}

/// Knative's `newTestAutoscaler`: created with 1 ready pod (2 when starting in panic).
private func knativeTestDecider(target: Double, tbc: Double, metric: ScalingMetric = .concurrency,
                                startInPanic: Bool = false) -> KPADecider {
    KPADecider(spec: knativeTestSpec(target: target, tbc: tbc, metric: metric), createdAt: t0,
               readyPods: startInPanic ? 2 : 1)
}

private func result(_ desired: Int32, _ ebc: Int32) -> ScaleResult {
    ScaleResult(desiredPodCount: desired, excessBurstCapacity: ebc, valid: true)
}

/// The delay tests' spec: target 10, rates 10, panic threshold 100 (never panics).
private func delaySpec(delay: Int64, reachable: Bool = true) -> DeciderSpec {
    DeciderSpec(maxScaleUpRate: 10, maxScaleDownRate: 10, scalingMetric: .concurrency,
                targetValue: 10, totalValue: 0, targetBurstCapacity: 0, panicThreshold: 100,
                stableWindow: 0, scaleDownDelay: delay, reachable: reachable)
}

@Suite("Knative autoscaler_test.go")
struct KnativeAutoscalerPortTests {
    @Test func TestAutoscalerScaleDownDelay() {
        // Knative starts from time.Time{}; our clock starts at 0 (both even seconds, so the
        // 2 s slots line up the same way). Ready pods 0 throughout.
        var d = KPADecider(spec: delaySpec(delay: 300 * second), createdAt: 0, readyPods: 0)
        // simple: scale up, then 5 min at 0 keeps 4, 5 min 2 s drops to 0.
        #expect(d.scale(at: 2 * second, readyPods: 0, stable: 40, panic: 40) == result(4, 0))
        #expect(d.scale(at: 300 * second, readyPods: 0, stable: 0, panic: 0) == result(4, 0))
        #expect(d.scale(at: 302 * second, readyPods: 0, stable: 0, panic: 0) == result(0, 0))
        // gradual
        #expect(d.scale(at: 540 * second, readyPods: 0, stable: 40, panic: 40) == result(4, 0))
        #expect(d.scale(at: 600 * second, readyPods: 0, stable: 30, panic: 30) == result(4, 0))  // 4 still dominates
        #expect(d.scale(at: 660 * second, readyPods: 0, stable: 0, panic: 0) == result(4, 0))    // still at 4
        #expect(d.scale(at: 840 * second, readyPods: 0, stable: 0, panic: 0) == result(3, 0))    // 4 scrolls out
        #expect(d.scale(at: 900 * second, readyPods: 0, stable: 0, panic: 0) == result(0, 0))    // all scrolled out
    }

    @Test func TestAutoscalerScaleDownDelayNotReachable() {
        var d = KPADecider(spec: delaySpec(delay: 300 * second), createdAt: 0, readyPods: 0)
        #expect(d.scale(at: 2 * second, readyPods: 0, stable: 40, panic: 40) == result(4, 0))
        #expect(d.scale(at: 60 * second, readyPods: 0, stable: 0, panic: 0) == result(4, 0))
        // Another revision takes the traffic: unreachable skips the delay window.
        d.update(spec: delaySpec(delay: 300 * second, reachable: false))
        #expect(d.scale(at: 2 * second, readyPods: 0, stable: 0, panic: 0) == result(0, 0))
    }

    @Test func TestAutoscalerScaleDownDelayZero() {
        var d = KPADecider(spec: delaySpec(delay: 0), createdAt: 0, readyPods: 0)
        #expect(d.scale(at: 0, readyPods: 0, stable: 40, panic: 40) == result(4, 0))
        // No window at all: a second decision inside the same 2 s slot scales down at once.
        #expect(d.scale(at: second / 2, readyPods: 0, stable: 20, panic: 20) == result(2, 0))
    }

    @Test func TestAutoscalerNoDataNoAutoscale() {
        // Knative's metric client returns an error; ours has no data (ErrNoData).
        var policy = KPAPolicy(spec: knativeTestSpec(target: 10, tbc: 100), createdAt: t0, readyPods: 1)
        let decision = policy.decide(at: t0, readyPods: 1)
        #expect(!decision.valid)
        #expect(policy.status.desiredScale == -1)
    }

    @Test func TestAutoscalerStartMetrics() {
        // Created with 2 ready pods: panic mode from the start, before any tick.
        let d = knativeTestDecider(target: 10, tbc: 100, startInPanic: true)
        #expect(d.inPanic)
        #expect(d.maximumPanicPods == 2)
    }

    @Test func TestAutoscalerMetrics() {
        var d = knativeTestDecider(target: 10, tbc: 100)
        #expect(!d.inPanic)
        #expect(d.scale(at: t0, readyPods: 1, stable: 50, panic: 50) == result(5, -137))  // ebc(10,100,50,1)
        #expect(d.inPanic)  // 5 desired panic pods over 1 ready pod ≥ 2
    }

    @Test func TestAutoscalerMetricsWithRPS() {
        var d = knativeTestDecider(target: 10, tbc: 100, metric: .rps)
        #expect(d.scale(at: t0 + 61 * second, readyPods: 1, stable: 100, panic: 99) == result(10, -186))  // ebc(10,100,99,1)
        #expect(d.inPanic)
    }

    @Test func TestAutoscalerStableModeIncreaseWithConcurrencyDefault() {
        var d = knativeTestDecider(target: 10, tbc: 101)
        #expect(d.scale(at: t0, readyPods: 1, stable: 50, panic: 10) == result(5, -98))    // ebc(10,101,10,1)
        #expect(d.scale(at: t0, readyPods: 1, stable: 100, panic: 10) == result(10, -98))
    }

    @Test func TestAutoscalerStableModeIncreaseWithRPS() {
        var d = knativeTestDecider(target: 10, tbc: 101, metric: .rps)
        #expect(d.scale(at: t0, readyPods: 1, stable: 50, panic: 50) == result(5, -138))   // ebc(10,101,50,1)
        #expect(d.scale(at: t0, readyPods: 1, stable: 100, panic: 99) == result(10, -187)) // ebc(10,101,99,1)
    }

    @Test func TestAutoscalerUnpanicAfterSlowIncrease() {
        var d = knativeTestDecider(target: 1, tbc: 98)
        let start = t0
        #expect(d.scale(at: start, readyPods: 10, stable: 11, panic: 25) == result(25, -110))  // ebc(1,98,25,10)
        #expect(d.panicStartedOrExtendedAt == start)
        // Half a stable window later, +15 pods, not over the threshold (41/40 < 2).
        var tm = start + stableWindow / 2
        #expect(d.scale(at: tm, readyPods: 40, stable: 30, panic: 41) == result(41, -86))      // ebc(1,98,41,40)
        #expect(d.panicStartedOrExtendedAt == start)  // panic time did not move
        // Past the window: panic ends, stable decides.
        tm += stableWindow / 2 + KPATiming.tickInterval
        #expect(d.scale(at: tm, readyPods: 55, stable: 50, panic: 56) == result(50, -81))      // ebc(1,98,56,55)
        #expect(d.panicStartedOrExtendedAt == nil)
    }

    @Test func TestAutoscalerExtendPanicWindow() {
        var d = knativeTestDecider(target: 1, tbc: 98)
        let start = t0
        #expect(d.scale(at: start, readyPods: 10, stable: 11, panic: 25) == result(25, -110))
        #expect(d.panicStartedOrExtendedAt == start)
        let tm = start + stableWindow / 2
        #expect(d.scale(at: tm, readyPods: 40, stable: 30, panic: 80) == result(80, -125))     // ebc(1,98,80,40)
        #expect(d.panicStartedOrExtendedAt == tm)  // still surging: extended
    }

    @Test func TestAutoscalerStableModeDecrease() {
        var d = knativeTestDecider(target: 10, tbc: 98)
        #expect(d.scale(at: t0, readyPods: 8, stable: 100, panic: 100) == result(10, -92))  // ebc(10,98,100,8)
        #expect(d.scale(at: t0, readyPods: 8, stable: 50, panic: 50) == result(5, -42))     // ebc(10,98,50,8)
    }

    @Test func TestAutoscalerStableModeNoTrafficScaleToZero() {
        var d = knativeTestDecider(target: 10, tbc: 75)
        #expect(d.scale(at: t0, readyPods: 1, stable: 1, panic: 0) == result(1, -62))  // ebc(10,75,0,1)
        #expect(d.scale(at: t0, readyPods: 1, stable: 0, panic: 0) == result(0, -62))
    }

    @Test func TestAutoscalerActivationScale() {
        var spec = knativeTestSpec(target: 10, tbc: 75)
        spec.activationScale = 2
        var d = KPADecider(spec: spec, createdAt: t0, readyPods: 1)
        #expect(d.scale(at: t0, readyPods: 1, stable: 0, panic: 0) == result(0, -62))
        #expect(d.scale(at: t0, readyPods: 1, stable: 1, panic: 0) == result(2, -62))
    }

    @Test func TestAutoscalerPanicModeExponentialTrackAndStabilize() {
        var d = knativeTestDecider(target: 1, tbc: 101)
        #expect(d.scale(at: t0, readyPods: 1, stable: 6, panic: 6) == result(6, -106))          // ebc(1,101,6,1)
        var tm = t0 + second
        #expect(d.scale(at: tm, readyPods: 6, stable: 36, panic: 36) == result(36, -129))       // ebc(1,101,36,6)
        #expect(d.panicStartedOrExtendedAt == tm)
        tm += second
        #expect(d.scale(at: tm, readyPods: 36, stable: 216, panic: 216) == result(216, -269))   // ebc(1,101,216,36)
        #expect(d.panicStartedOrExtendedAt == tm)
        #expect(d.scale(at: tm, readyPods: 216, stable: 1296, panic: 1296) == result(1296, -1109)) // ebc(1,101,1296,216)
        #expect(d.panicStartedOrExtendedAt == tm)
        tm += second
        #expect(d.scale(at: tm, readyPods: 1296, stable: 1296, panic: 1296) == result(1296, 331)) // ebc(1,101,1296,1296)
    }

    struct ScaleCase: CustomTestStringConvertible, Sendable {
        var label: String
        var target: Double
        var tbc: Double
        var stable: Double
        var panic: Double
        var readyPods: Int
        var prepare: @Sendable (inout KPADecider) -> Void = { _ in }
        var wantScale: Int32
        var wantEBC: Int32
        var testDescription: String { label }
    }

    static let scaleCases: [ScaleCase] = [
        ScaleCase(label: "AutoscalerNoDataAtZeroNoAutoscale", target: 10, tbc: 100, stable: 0, panic: 0,
                  readyPods: 1, wantScale: 0, wantEBC: -87),                                   // ebc(10,100,0,1)
        ScaleCase(label: "AutoscalerNoDataAtZeroNoAutoscaleWithExplicitEPs", target: 10, tbc: 100, stable: 0, panic: 0,
                  readyPods: 1, wantScale: 0, wantEBC: -87),
        ScaleCase(label: "AutoscalerStableModeUnlimitedTBC", target: 181, tbc: -1, stable: 21, panic: 26,
                  readyPods: 1, wantScale: 1, wantEBC: -1),
        ScaleCase(label: "Autoscaler0TBC", target: 10, tbc: 0, stable: 50, panic: 49,
                  readyPods: 1, wantScale: 5, wantEBC: 0),
        ScaleCase(label: "AutoscalerStableModeNoChange", target: 10, tbc: 100, stable: 50, panic: 50,
                  readyPods: 1, wantScale: 5, wantEBC: -137),                                  // ebc(10,100,50,1)
        ScaleCase(label: "AutoscalerPanicStableLargerThanPanic", target: 1, tbc: 100, stable: 50, panic: 30,
                  readyPods: 5,
                  prepare: { d in d.panicTime = t0 - 5 * second; d.maxPanicPods = 5 },
                  wantScale: 50, wantEBC: -124),                                               // ebc(1,100,30,5)
        ScaleCase(label: "AutoscalerPanicStableLessThanPanic", target: 1, tbc: 100, stable: 20, panic: 30,
                  readyPods: 5,
                  prepare: { d in d.panicTime = t0 - 5 * second; d.maxPanicPods = 5 },
                  wantScale: 30, wantEBC: -124),
        ScaleCase(label: "AutoscalerStableModeNoChangeAlreadyScaled", target: 10, tbc: 100, stable: 50, panic: 50,
                  readyPods: 5, wantScale: 5, wantEBC: -84),                                   // ebc(10,100,50,5)
        ScaleCase(label: "AutoscalerStableModeIncreaseWithSmallScaleUpRate", target: 1, tbc: 1982, stable: 3, panic: 3.1,
                  readyPods: 2,
                  prepare: { d in var s = d.spec; s.maxScaleUpRate = 1.1; d.update(spec: s) },
                  wantScale: 3, wantEBC: -1983),                                               // ebc(1,1982,3.1,2)
        ScaleCase(label: "AutoscalerStableModeDecreaseWithSmallScaleDownRate", target: 10, tbc: 1982, stable: 1, panic: 1,
                  readyPods: 100,
                  prepare: { d in var s = d.spec; s.maxScaleDownRate = 1.1; d.update(spec: s) },
                  wantScale: 90, wantEBC: -650),                                               // ebc(10,1982,1,100)
        ScaleCase(label: "AutoscalerStableModeDecreaseNonReachable", target: 10, tbc: 1982, stable: 1, panic: 1,
                  readyPods: 100,
                  prepare: { d in var s = d.spec; s.maxScaleDownRate = 1.1; s.reachable = false; d.update(spec: s) },
                  wantScale: 1, wantEBC: -650),
        ScaleCase(label: "AutoscalerPanicModeDoublePodCount", target: 10, tbc: 84, stable: 50, panic: 100,
                  readyPods: 1, wantScale: 10, wantEBC: -171),                                 // ebc(10,84,100,1)
    ]

    @Test("TestAutoscalerScale", arguments: scaleCases)
    func TestAutoscalerScale(_ c: ScaleCase) {
        var d = knativeTestDecider(target: c.target, tbc: c.tbc)
        c.prepare(&d)
        #expect(d.scale(at: t0, readyPods: c.readyPods, stable: c.stable, panic: c.panic) == result(c.wantScale, c.wantEBC))
    }

    @Test func TestAutoscalerPanicThenUnPanicScaleDown() {
        var d = knativeTestDecider(target: 10, tbc: 93)
        #expect(d.scale(at: t0, readyPods: 1, stable: 100, panic: 100) == result(10, -180))           // ebc(10,93,100,1)
        let panicTime = t0 + second
        #expect(d.scale(at: panicTime, readyPods: 10, stable: 100, panic: 1000) == result(100, -960)) // ebc(10,93,1000,10)
        // Traffic dropped off; still in panic, so no scale-down.
        #expect(d.scale(at: panicTime + 30 * second, readyPods: 10, stable: 1, panic: 1) == result(100, 39)) // ebc(10,93,1,10)
        // After the stable window: scale down (by at most ÷10).
        #expect(d.scale(at: panicTime + 61 * second, readyPods: 10, stable: 1, panic: 1) == result(1, 39))
    }

    @Test func TestAutoscalerRateLimitScaleUp() {
        var d = knativeTestDecider(target: 10, tbc: 61)
        // Need 100 pods but can only scale ×10.
        #expect(d.scale(at: t0, readyPods: 1, stable: 1000, panic: 1001) == result(10, -1049))   // ebc(10,61,1001,1)
        #expect(d.scale(at: t0, readyPods: 10, stable: 1000, panic: 1001) == result(100, -929))  // ebc(10,61,1001,10)
    }

    @Test func TestAutoscalerRateLimitScaleDown() {
        var d = knativeTestDecider(target: 10, tbc: 61)
        // Need 1 pod but can only scale ÷10.
        #expect(d.scale(at: t0, readyPods: 100, stable: 1, panic: 1) == result(10, 1271))  // ebc(10,61,1,100)
        #expect(d.scale(at: t0, readyPods: 10, stable: 1, panic: 1) == result(1, 71))      // ebc(10,61,1,10)
    }

    @Test func TestAutoscalerUseOnePodAsMinimumIfEndpointsNotFound() {
        var d = knativeTestDecider(target: 10, tbc: 81)
        // 0 ready pods count as 1 for the rate limit (×10 → 10), and as 0 for capacity.
        #expect(d.scale(at: t0, readyPods: 0, stable: 1000, panic: 888) == result(10, -969))  // ebc(10,81,888,0)
    }

    @Test func TestAutoscalerUpdateTarget() {
        var d = knativeTestDecider(target: 10, tbc: 77)
        #expect(d.scale(at: t0, readyPods: 1, stable: 100, panic: 101) == result(10, -165))  // ebc(10,77,101,1)
        d.update(spec: DeciderSpec(maxScaleUpRate: 10, maxScaleDownRate: 10, scalingMetric: .concurrency,
                                   targetValue: 1, totalValue: 1 / 0.75, targetBurstCapacity: 71,
                                   activatorCapacity: 21, panicThreshold: 2, stableWindow: stableWindow))
        #expect(d.scale(at: t0, readyPods: 10, stable: 100, panic: 101) == result(100, -159))  // ebc(1,71,101,10)
    }

    @Test func TestStartInPanicMode() {
        let spec = DeciderSpec(maxScaleUpRate: 10, maxScaleDownRate: 10, scalingMetric: .concurrency,
                               targetValue: 100, totalValue: 120, targetBurstCapacity: 11,
                               panicThreshold: 220, stableWindow: stableWindow)
        for ready in 0..<2 {
            let d = KPADecider(spec: spec, createdAt: t0, readyPods: ready)
            #expect(!d.inPanic, "created at scale \(ready) had panic mode on")
            #expect(d.maximumPanicPods == Int32(ready))
        }
        let d = KPADecider(spec: spec, createdAt: t0, readyPods: 2)
        #expect(d.inPanic)
        #expect(d.maximumPanicPods == 2)
    }

    @Test func TestNewFail() {
        // Knative treats an unreadable pod count at creation as 0 pods.
        let spec = DeciderSpec(maxScaleUpRate: 10, maxScaleDownRate: 10, scalingMetric: .concurrency,
                               targetValue: 100, totalValue: 120, targetBurstCapacity: 11,
                               panicThreshold: 220, stableWindow: stableWindow)
        #expect(KPADecider(spec: spec, createdAt: t0, readyPods: 0).maximumPanicPods == 0)
    }
}
