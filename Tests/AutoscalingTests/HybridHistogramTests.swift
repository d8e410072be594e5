import Testing
@testable import Autoscaling

// The hybrid histogram policy ("Serverless in the Wild", ATC 2020): 1-minute bins over
// 4 hours, pre-warm at the 5th percentile − 10 %, keep alive to the 99th + 10 %.

private func s(_ seconds: Int64) -> Int64 { KPATiming.seconds(seconds) }
private func minutes(_ m: Int64) -> Int64 { s(60 * m) }

@Suite("Hybrid histogram policy")
struct HybridHistogramTests {
    private func policy(_ idleTimes: [Int64], configure: (inout HybridHistogramPolicy.Configuration) -> Void = { _ in })
        -> HybridHistogramPolicy {
        var configuration = HybridHistogramPolicy.Configuration()
        configure(&configuration)
        var p = HybridHistogramPolicy(configuration: configuration)
        for t in idleTimes { p.observeIdleTime(t) }
        return p
    }

    /// 100 idle times: 1 of 2 min 30 s (bin 2), 95 of 10 min (bin 10), 4 of 30 min (bin 30).
    @Test func windowsFromAKnownHistogram() {
        let idle = [minutes(2) + s(30)] + Array(repeating: minutes(10), count: 95) + Array(repeating: minutes(30), count: 4)
        let p = policy(idle)
        #expect(p.histogram.counts[2] == 1 && p.histogram.counts[10] == 95 && p.histogram.counts[30] == 4)
        // CV: mean 100/240; Σc² = 1 + 9025 + 16 = 9042; var = 9042/240 − (100/240)² = 37.501389;
        // sd 6.123838 → CV 14.6972 ≥ 2
        #expect(abs(p.histogram.coefficientOfVariation - 14.6972) < 0.0001)
        // 5th percentile: cumulative 1 at bin 2 (1·100 < 5·100), 96 at bin 10 → head 10
        #expect(p.histogram.binIndex(atPercentile: 5) == 10)
        // 99th: 96 at bin 10 (9600 < 9900), 100 at bin 30 → tail 30
        #expect(p.histogram.binIndex(atPercentile: 99) == 30)
        #expect(p.mode == .histogram)
        // pre-warm 10 min × 0.9 = 540 s; keep-alive 31 min × 1.1 = 2046 s
        #expect(p.windows() == IdleWindows(prewarm: s(540), keepAlive: s(2046)))
        #expect(p.idleWindows() == p.windows())
    }

    /// One idle time in each bin: all counts 1 → standard deviation 0 → CV 0 < 2.
    @Test func fallbackWhenNotRepresentative() {
        let p = policy((0..<240).map { minutes($0) + s(1) })
        #expect(p.histogram.inRangeCount == 240)
        #expect(p.histogram.coefficientOfVariation == 0)
        #expect(p.mode == .notRepresentative)
        // no pre-warm, keep alive for the whole 4-hour range
        #expect(p.windows() == IdleWindows(prewarm: 0, keepAlive: s(4 * 3600)))

        // A 10-minute standard keep-alive instead.
        let aws = policy((0..<240).map { minutes($0) }) { $0.fallbackKeepAlive = s(600) }
        #expect(aws.windows() == IdleWindows(prewarm: 0, keepAlive: s(600)))
    }

    /// Five idle times of 3 min: the CV is high (counts 5 and 239 zeros) but 5 < 10 samples.
    @Test func fallbackWithTooFewSamples() {
        let few = Array(repeating: minutes(3), count: 5)
        let p = policy(few)
        #expect(p.histogram.coefficientOfVariation > 2)
        #expect(p.mode == .notRepresentative)
        #expect(p.windows() == IdleWindows(prewarm: 0, keepAlive: s(4 * 3600)))
        // Trusting one sample: head = tail = bin 3 → 3 min × 0.9 = 162 s, 4 min × 1.1 = 264 s
        let trusting = policy(few) { $0.minimumSamples = 1 }
        #expect(trusting.windows() == IdleWindows(prewarm: s(162), keepAlive: s(264)))
    }

    /// 4 idle times of 1 min, then 6 of 5 h (beyond the 4 h range): 60 % out of range.
    @Test func outOfRangeFallbacks() {
        let idle = Array(repeating: minutes(1), count: 4) + Array(repeating: s(5 * 3600), count: 6)
        let p = policy(idle)
        #expect(p.histogram.outOfRangeCount == 6 && p.histogram.inRangeCount == 4)
        #expect(p.histogram.outOfRangeFraction == 0.6)
        #expect(p.mode == .outOfRange)
        #expect(p.windows() == IdleWindows(prewarm: 0, keepAlive: s(4 * 3600)))
        // last idle time 18 000 s: pre-warm 18 000 × 0.85 = 15 300 s, keep alive 18 000 × 0.3 = 5 400 s
        let forecast = policy(idle) { $0.outOfRangeFallback = .lastIdleTimeForecast(margin: 0.15) }
        #expect(forecast.windows() == IdleWindows(prewarm: s(15_300), keepAlive: s(5_400)))
        // 5 of 10 out of range is exactly the 0.5 threshold → still out of range
        let half = policy(Array(repeating: minutes(1), count: 5) + Array(repeating: s(5 * 3600), count: 5))
        #expect(half.mode == .outOfRange)
    }

    /// A percentile reached exactly at a bin stops there.
    @Test func percentileBoundaries() {
        // 20 values: 1 in bin 2, 19 in bin 10. 5th: 1·100 ≥ 5·20 → bin 2
        let head = policy([minutes(2)] + Array(repeating: minutes(10), count: 19))
        #expect(head.histogram.binIndex(atPercentile: 5) == 2)
        // 100 values: 99 in bin 5, 1 in bin 50. 99th: 99·100 ≥ 99·100 → bin 5
        let tail = policy(Array(repeating: minutes(5), count: 99) + [minutes(50)])
        #expect(tail.histogram.binIndex(atPercentile: 99) == 5)
        // windows: head bin 5 → 5 min × 0.9 = 270 s; tail bin 5 → 6 min × 1.1 = 396 s
        #expect(tail.windows() == IdleWindows(prewarm: s(270), keepAlive: s(396)))
    }

    @Test func binEdges() {
        var h = IdleTimeHistogram(binWidth: s(60), binCount: 240)
        h.record(s(4 * 3600) - 1)    // last nanosecond of the range → bin 239
        h.record(s(4 * 3600))        // the range itself → out of range
        h.record(-5)                 // negative → bin 0
        h.record(s(60))              // exactly 1 min → bin 1
        #expect(h.counts[239] == 1 && h.counts[0] == 1 && h.counts[1] == 1)
        #expect(h.outOfRangeCount == 1 && h.inRangeCount == 3)
        #expect(h.range == s(14_400))
        #expect(IdleTimeHistogram(binWidth: s(60), binCount: 240).binIndex(atPercentile: 5) == nil)
    }

    @Test func applicationIdleTimes() {
        var tracker = ApplicationIdleTracker()
        let first = tracker.requestArrived(at: 0)
        #expect(first == nil)                                       // no execution ended yet
        tracker.requestCompleted(at: s(2))
        let second = tracker.requestArrived(at: s(10))
        #expect(second == s(8))                                     // idle from 2 to 10
        let overlapping = tracker.requestArrived(at: s(11))
        #expect(overlapping == nil)                                 // overlaps: not idle
        tracker.requestCompleted(at: s(12))                         // one still in flight
        #expect(tracker.idleSince == nil)
        tracker.requestCompleted(at: s(15))
        let third = tracker.requestArrived(at: s(20))
        #expect(third == s(5))                                      // idle from 15 to 20
    }

    /// The policy drives the pool: pre-warm > 0 unloads after the execution and reloads at
    /// the end of the pre-warm window.
    @Test func plugsIntoTheInstancePool() {
        let idle = [minutes(2) + s(30)] + Array(repeating: minutes(10), count: 95) + Array(repeating: minutes(30), count: 4)
        let hybrid = policy(idle)
        var pool = KeepAliveInstancePool()
        let instance = pool.requestArrived(at: 0).instance
        // ends at 100 s: unload, reload at 100 + 540 = 640 s, keep alive 2046 s
        let plan = pool.requestCompleted(instance, at: s(100), windows: hybrid.idleWindows())
        #expect(plan == .unloaded(reloadAt: s(640), keepAlive: s(2046)))
        let reloaded = pool.prewarm(at: s(640), keepAlive: s(2046))
        #expect(reloaded.expiresAt == s(2686))
        // the next invocation 10 min after the execution ended finds it warm
        let next = pool.requestArrived(at: s(700))
        #expect(next == .warm(reloaded.instance))
    }
}
