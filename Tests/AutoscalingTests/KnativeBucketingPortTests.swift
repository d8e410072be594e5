import Testing
@testable import Autoscaling

// Ports of knative/serving pkg/autoscaler/aggregation/bucketing_test.go and of the
// collector cases in pkg/autoscaler/metrics/collector_test.go (commit 98e5ef90).
// Knative's tests start at `time.Now()`, which is not aligned to a second; each test
// here runs from two starts, one aligned and one 0.37 s into a second, so the
// truncation of times to buckets is exercised too.

private let second = KPATiming.nanosecondsPerSecond
private let starts: [Int64] = [5_000 * second, 5_000 * second + 370_000_000]

/// Knative's `forEachBucket` summed.
private func bucketSum(_ b: MetricBuckets, at now: Int64) -> Double {
    b.bucketsNewestFirst(at: now).reduce(0) { $0 + $1.value }
}

private func truncate(_ t: Int64, _ g: Int64) -> Int64 { t / g * g }

@Suite("Knative bucketing_test.go")
struct KnativeBucketingPortTests {
    @Test func TestComputeDecayMultiplier() {
        // Knative compares with a tolerance of 0.9999, which checks nothing; 1e-5 here.
        for (buckets, want) in [(100, 0.2), (60, 0.2), (40, 0.20567), (6, 0.78456)] {
            let got = WeightedExponentialAlpha.alpha(buckets: buckets)
            #expect(abs(got - want) < 1e-5, "nb=\(buckets): \(got)")
        }
    }

    struct SimpleCase: Sendable, CustomTestStringConvertible {
        var name: String
        var granularity: Int64
        /// (offset from the truncated start in ns, value)
        var stats: [(Int64, Double)]
        /// (offset of bucket start from the truncated start in ns, value), values > 0 only.
        var want: [(Int64, Double)]
        var testDescription: String { name }
    }

    static let simpleCases = [
        SimpleCase(name: "granularity = 1s", granularity: second,
                   stats: [(0, 1), (100_000_000, 10), (second, 1), (3 * second, 1)],
                   want: [(0, 11), (second, 1), (3 * second, 1)]),
        SimpleCase(name: "granularity = 5s", granularity: 5 * second,
                   stats: [(0, 1), (3 * second, 11), (6 * second, 1)],
                   want: [(0, 12), (5 * second, 1)]),
        SimpleCase(name: "empty", granularity: second, stats: [], want: []),
    ]

    @Test(arguments: simpleCases, starts)
    func TestTimedFloat64BucketsSimple(_ c: SimpleCase, start: Int64) {
        let trunc1 = truncate(start, second)
        let base = truncate(start, c.granularity)
        var buckets = MetricBuckets(window: 120 * second, granularity: c.granularity)
        #expect(buckets.isEmpty(at: trunc1))
        for (offset, value) in c.stats { buckets.record(at: base + offset, value: value) }
        let got = buckets.bucketsNewestFirst(at: trunc1 + 60 * second)
            .filter { $0.value > 0 }
            .map { ($0.start - base, $0.value) }
            .sorted { $0.0 < $1.0 }
        #expect(got.map(\.0) == c.want.map(\.0))
        #expect(got.map(\.1) == c.want.map(\.1))
    }

    @Test(arguments: starts)
    func TestTimedFloat64BucketsManyReps(start: Int64) {
        var trunc1 = truncate(start, second)
        var buckets = MetricBuckets(window: 60 * second)
        for p in 0..<5 {
            trunc1 += second
            for t in 0..<5 { buckets.record(at: trunc1, value: Double(p + t)) }
        }
        #expect(bucketSum(buckets, at: trunc1) == 100)
        #expect(bucketSum(buckets, at: trunc1) == 100)
    }

    @Test(arguments: starts)
    func TestTimedFloat64BucketsManyRepsWithNonMonotonicalOrder(start: Int64) {
        let begin = truncate(start, second)
        var end = begin
        var buckets = MetricBuckets(window: 60 * second)
        let d: [Int64] = [0, 3, 2, 1, 4]
        for p in 0..<5 {
            end = begin + d[p] * second
            for t in 0..<5 { buckets.record(at: end, value: Double(p + t)) }
        }
        #expect(bucketSum(buckets, at: end) == 100)
    }

    @Test(arguments: starts)
    func TestTimedFloat64BucketsWeightedAverage(now: Int64) {
        var buckets = MetricBuckets(window: 5 * second, algorithm: .weightedExponential)
        let m = buckets.smoothingCoefficient
        buckets.record(at: now, value: 2)
        var want = 2 * m
        #expect(buckets.average(at: now) == want)
        // One second later, no writes.
        want *= (1 - m)
        #expect(buckets.average(at: now + second) == want)
        buckets.record(at: now + second, value: 2)
        want += 2 * m
        #expect(buckets.average(at: now + second) == want)
        // Fill the window with [2, 3, 4, 5, 6].
        for i in 0..<5 { buckets.record(at: now + Int64(2 + i) * second, value: Double(i + 2)) }
        // Knative's expression, term by term in its evaluation order.
        let q = 1 - m
        let t6: Double = 6 * m
        let t5: Double = 5 * m * q
        let t4: Double = 4 * m * q * q
        let t3: Double = 3 * m * q * q * q
        let t2: Double = 2 * m * q * q * q * q
        want = t6 + t5 + t4 + t3 + t2
        #expect(buckets.average(at: now + 6 * second) == want)
        // An empty window.
        #expect(buckets.average(at: now + 16 * second) == 0)
    }

    @Test(arguments: starts)
    func TestTimedFloat64BucketsWindowAverage(start: Int64) {
        var now = start
        var buckets = MetricBuckets(window: 5 * second)
        // firstWrite is used: without it the average would be 0.2.
        buckets.record(at: now, value: 1)
        #expect(buckets.average(at: now) == 1)
        for i in 1..<5 { buckets.record(at: now + Int64(i) * second, value: Double(i + 1)) }
        #expect(buckets.average(at: now + 4 * second) == 15.0 / 5)
        // `now` lags behind.
        #expect(buckets.average(at: now + 3_600_000_000) == 15.0 / 5)
        // A short hole.
        let shortHole: Double = (15.0 - 1 - 2) / (5 - 2)
        #expect(buckets.average(at: now + 6 * second) == shortHole)
        // A long hole.
        #expect(buckets.average(at: now + 10 * second) == 0)
        // Write with holes.
        buckets.record(at: now + 6 * second, value: 91)
        let withHoles: Double = (15.0 - 1 - 2 + 91) / 5
        #expect(buckets.average(at: now + 6 * second) == withHoles)
        // Much later: a fresh partial window.
        now += 60 * second
        buckets.record(at: now, value: 1984)
        #expect(buckets.average(at: now) == 1984)
        // An earlier time.
        buckets.record(at: now - 3 * second, value: 4)
        let earlier: Double = (4.0 + 1984) / 4
        #expect(buckets.average(at: now) == earlier)
        now += second
        buckets.record(at: now, value: 5)
        let oneMore: Double = (4.0 + 1984 + 5) / 5
        #expect(buckets.average(at: now) == oneMore)
        buckets.record(at: now - 3 * second, value: 10)
        let withLate: Double = (4.0 + 10 + 1984 + 5) / 5
        #expect(buckets.average(at: now) == withLate)
        // Too early: ignored.
        buckets.record(at: now - 6 * second, value: 10)
        #expect(buckets.average(at: now) == withLate)
        // Exactly a window early: ignored.
        buckets.record(at: now - 5 * second, value: 10)
        #expect(buckets.average(at: now) == withLate)
        // No data for exactly a window: cleared.
        buckets.record(at: now + 5 * second, value: 10)
        #expect(buckets.average(at: now + 5 * second) == 10)
    }

    @Test(arguments: starts)
    func TestDescendingRecord(now: Int64) {
        var buckets = MetricBuckets(window: 5 * second)
        for i in stride(from: Int64(8), through: 0, by: -1) { buckets.record(at: now + i * second, value: 5) }
        #expect(buckets.average(at: now + 5 * second) == 5)
    }

    @Test(arguments: starts)
    func TestTimedFloat64BucketsHoles(now: Int64) {
        var buckets = MetricBuckets(window: 5 * second)
        for i in 0..<5 { buckets.record(at: now + Int64(i) * second, value: Double(i + 1)) }
        #expect(bucketSum(buckets, at: now + 4 * second) == 15)
        #expect(buckets.average(at: now + 4 * second) == 15.0 / 5)
        // Writing at +8 s zeroes +5, +6, +7.
        buckets.record(at: now + 8 * second, value: 2)
        #expect(bucketSum(buckets, at: now + 8 * second) == 7)
    }

    /// The part of TestWeightedFloat64BucketsResizeWindow before the resize.
    @Test(arguments: starts)
    func TestWeightedFloat64BucketsResizeWindow(start: Int64) {
        var buckets = MetricBuckets(window: 5 * second, algorithm: .weightedExponential)
        for i in 0..<6 { buckets.record(at: start + Int64(i) * second, value: Double(i + 1)) }
        let now = start + 5 * second
        #expect(bucketSum(buckets, at: now) == 2 + 3 + 4 + 5 + 6)
        #expect(GoNumerics.roundToDigits(3, buckets.average(at: now)) == 5.812)
    }

    /// The part of TestTimedFloat64BucketsResizeWindow before the resize.
    @Test(arguments: starts)
    func TestTimedFloat64BucketsResizeWindow(start: Int64) {
        var buckets = MetricBuckets(window: 5 * second)
        for i in 0..<6 { buckets.record(at: start + Int64(i) * second, value: Double(i + 1)) }
        let now = start + 5 * second
        #expect(bucketSum(buckets, at: now) == 20)
        #expect(buckets.average(at: now) == 20.0 / 5)
    }

    /// The part of TestTimedFloat64BucketsWindowUpdate3sGranularity before the resize.
    @Test(arguments: starts)
    func TestTimedFloat64BucketsWindowUpdate3sGranularity(start: Int64) {
        let granularity = 3 * second
        let trunc = truncate(start, granularity)
        var buckets = MetricBuckets(window: 5 * second, granularity: granularity)
        #expect(buckets.bucketCount == 2)  // ceil(5/3)
        for (i, v) in [10.0, 2, 3, 4, 5, 6, 7].enumerated() { buckets.record(at: trunc + Int64(i) * second, value: v) }
        // The 7 at +6 s overwrote the first bucket (10 + 2 + 3).
        #expect(bucketSum(buckets, at: trunc + 6 * second) == (4 + 5 + 6) + 7)
    }

    /// The part of TestTimedFloat64BucketsWindowUpdateNoOp before the resize.
    @Test func TestTimedFloat64BucketsWindowUpdateNoOp() {
        var buckets = MetricBuckets(window: 5 * second)
        buckets.record(at: starts[1], value: 19.82)
        #expect(buckets.firstWriteTime == buckets.lastWriteTime)
    }

    @Test func TestRoundToNDigits() {
        #expect(GoNumerics.roundToDigits(6, 3.6e-17) == 0)
        #expect(GoNumerics.roundToDigits(3, -3.6e-17) == 0)
        #expect(GoNumerics.roundToDigits(3, 0.0004) == 0)
        #expect(GoNumerics.roundToDigits(3, 1.2345) == 1.235)
        #expect(GoNumerics.roundToDigits(4, 1.2345) == 1.2345)
        #expect(GoNumerics.roundToDigits(6, 12345) == 12345)
        #expect(GoNumerics.roundTo6Digits(3.6e-17) == GoNumerics.roundToDigits(6, 3.6e-17))
    }
}

@Suite("Knative collector_test.go")
struct KnativeCollectorPortTests {
    @Test(arguments: starts)
    func TestMetricCollectorAggregate(start: Int64) {
        var metrics = RevisionMetrics(stableWindow: 6 * second, panicWindow: 2 * second,
                                      algorithm: .linear, hasScrapeTarget: true)
        for i in 0..<10 {
            metrics.record(at: start + Int64(i) * second, concurrency: Double(i + 5), rps: Double(i + 5))
        }
        let now = start + 9 * second
        #expect(!metrics.concurrencyStable.isEmpty(at: now))
        #expect(metrics.reading(.concurrency, at: now) == .values(stable: 11.5, panic: 13.5))
        #expect(metrics.reading(.rps, at: now) == .values(stable: 11.5, panic: 13.5))
    }

    @Test func TestMetricCollectorNoDataError() {
        let metrics = RevisionMetrics(stableWindow: 60 * second, panicWindow: 6 * second,
                                      algorithm: .linear, hasScrapeTarget: true)
        #expect(metrics.reading(.concurrency, at: starts[0]) == .noData)
        #expect(metrics.reading(.rps, at: starts[0]) == .noData)
    }

    @Test func TestMetricCollectorNoScraper() {
        // No scrape target: an empty window reads 0 instead of ErrNoData.
        var metrics = RevisionMetrics(stableWindow: 60 * second, panicWindow: 6 * second,
                                      algorithm: .linear, hasScrapeTarget: false)
        let now = starts[1] + 3 * second
        #expect(metrics.reading(.concurrency, at: now) == .values(stable: 0, panic: 0))
        #expect(metrics.reading(.rps, at: now) == .values(stable: 0, panic: 0))
        metrics.record(at: now, concurrency: 10, rps: 30)
        #expect(metrics.reading(.concurrency, at: now) == .values(stable: 10, panic: 10))
        #expect(metrics.reading(.rps, at: now) == .values(stable: 30, panic: 30))
    }

    @Test func TestMetricCollectorRecord() {
        // Knative subtracts the proxied parts (20 − 10, 30 − 20) before recording; our
        // RevisionMetrics takes the net values.
        var metrics = RevisionMetrics(stableWindow: 60 * second, panicWindow: 6 * second,
                                      algorithm: .linear, hasScrapeTarget: true)
        let now = starts[1]
        #expect(metrics.reading(.concurrency, at: now) == .noData)
        metrics.record(at: now - 70 * second, concurrency: 100, rps: 100)  // outdated
        metrics.record(at: now, concurrency: 20 - 10, rps: 30 - 20)
        #expect(metrics.reading(.concurrency, at: now) == .values(stable: 10, panic: 10))
        #expect(metrics.reading(.rps, at: now) == .values(stable: 10, panic: 10))
    }
}

@Suite("Knative max/window_test.go and timewindow_test.go")
struct KnativeMaxWindowPortTests {
    struct WindowCase: Sendable, CustomTestStringConvertible {
        var name: String
        var values: [Int32]
        var index: @Sendable (Int) -> Int64 = { Int64($0) }
        var expect: [Int32]
        var testDescription: String { name }
    }

    static let windowCases = [
        WindowCase(name: "single value", values: [1], expect: [1]),
        WindowCase(name: "ascending values", values: [1, 2], expect: [1, 2]),
        WindowCase(name: "descending values", values: [2, 1], expect: [2, 2]),
        WindowCase(name: "up, down, up", values: [1, 2, 1], expect: [1, 2, 2]),
        WindowCase(name: "windowing out", values: [5, 6, 5, 5, 5, 5, 5], expect: [5, 6, 6, 6, 6, 6, 5]),
        WindowCase(name: "windowing out with gaps", values: [6, 5, 2, 1],
                   index: { $0 >= 3 ? Int64($0 + 3) : Int64($0) }, expect: [6, 6, 6, 2]),
        WindowCase(name: "windowing out 2", values: [5, 6, 5, 7, 5, 5, 1], expect: [5, 6, 6, 7, 7, 7, 7]),
        WindowCase(name: "windowing out 3", values: [5, 8, 5, 7, 5, 5], expect: [5, 8, 8, 8, 8, 8]),
        WindowCase(name: "windowing out 4", values: [5, 8, 5, 7, 5, 5, 1], expect: [5, 8, 8, 8, 8, 8, 7]),
        WindowCase(name: "windowing out 5", values: [5, 8, 5, 7, 5, 5, 1, 4, 4, 4],
                   expect: [5, 8, 8, 8, 8, 8, 7, 7, 5, 5]),
        WindowCase(name: "windowing out 6", values: [5, 8, 5, 7, 5, 5, 1, 4, 4, 4, 4],
                   expect: [5, 8, 8, 8, 8, 8, 7, 7, 5, 5, 4]),
        WindowCase(name: "windowing out 7", values: [5, 8, 5, 7, 5, 5, 1, 4, 4, 4, 4, 9],
                   expect: [5, 8, 8, 8, 8, 8, 7, 7, 5, 5, 4, 9]),
        WindowCase(name: "windowing out 8", values: [5, 8, 5, 7, 5, 5, 1, 4, 4, 4, 4, 9, 3, 4, 2, 1, 0],
                   expect: [5, 8, 8, 8, 8, 8, 7, 7, 5, 5, 4, 9, 9, 9, 9, 9, 4]),
        WindowCase(name: "multiple with same index, ascending", values: [1, 2, 3, 4, 5, 6, 7],
                   index: { _ in 1 }, expect: [1, 2, 3, 4, 5, 6, 7]),
        WindowCase(name: "multiple with same index, descending", values: [7, 6, 5, 4, 3, 2, 1],
                   index: { _ in 1 }, expect: [7, 7, 7, 7, 7, 7, 7]),
    ]

    @Test(arguments: windowCases)
    func TestWindowMax(_ c: WindowCase) {
        // A 5-slot window (Knative's newWindow(5)): delay 5 slots of 1 s.
        var window = ScaleDownDelayWindow(delay: 5 * second, granularity: second)
        #expect(window.slots == 5)
        var current: [Int32] = []
        for (i, v) in c.values.enumerated() {
            window.record(index: c.index(i), value: v)
            current.append(window.current)
        }
        #expect(current == c.expect)
    }

    @Test func TestTimedWindowMax() {
        let now = starts[1]
        let cases: [(String, [(Int64, Int32)], Int32)] = [
            ("single value", [(now, 5)], 5),
            ("two values in same second", [(now, 6), (now + 500_000_000, 5)], 6),
            ("two values", [(now, 5), (now + second, 8)], 8),
            ("time gap", [(now, 5), (now + 6 * second, 4)], 4),
        ]
        for (name, values, expect) in cases {
            var window = ScaleDownDelayWindow(delay: 5 * second, granularity: second)
            for (t, v) in values { window.record(at: t, value: v) }
            #expect(window.current == expect, "\(name)")
        }
    }
}
