import Testing
@testable import Autoscaling

@Suite("Replay (knative-kpa.md section 10)")
struct ReplayTests {
    /// Fixtures/replay-hand.*: expected output computed by hand from the rules.
    ///
    /// Settings: target 10 at 100 % → TargetValue = TotalValue = 10; stable window 6 s
    /// (6 buckets); panic window 6 s × 50 % = 3 s (3 buckets); TBC 5; threshold 2;
    /// up rate 1000, down rate 2; max-scale 5. Initial EBC = int32(1 × 10 − 5) = 5.
    /// All recorded values are whole numbers, so every running sum is exact.
    ///
    ///  t  | what happens                                                        | out
    ///  2  | rows 0–2 are all zero → nothing recorded; no data, scrape target     | −1, EBC 5 (initial), values 0
    ///     | exists → invalid                                                     |
    ///  4  | rec 3:2, 4:2. S = 4/2 buckets = 2, P = 2. R=0 → R'=1. dspc=dppc=1,   | 1, 0, ⌊0·10−5−2⌋ = −7
    ///     | 1/1 < 2 → calm                                                       |
    ///  6  | +5:5, 6:30. S = 39/4 = 9.75; P = (5+30+2)/3 → 12.333333. dspc=1,    | 2, panic, ⌊10−5−12.333333⌋ = −8
    ///     | dppc=2, 2/1 ≥ 2 → panic from t=6; max(1,2) = 2                      |
    ///  8  | +30,30. S = 99/6 = 16.5; P = 90/3 = 30. R=2: dspc=2, dppc=3, 3/2 <2 | 3 (ratchet), ⌊20−5−30⌋ = −15
    /// 10  | +30,30. S = (5+5·30)/6 = 25.833333; P = 30. R=3: dspc=3, dppc=3      | 3, ⌊30−5−30⌋ = −5
    /// 12  | +10,10. S = 140/6 = 23.333333; P = 50/3 = 16.666667; dppc=2. Panic   | 3, ⌊30−5−16.666667⌋ = 8
    ///     | began at 6: 6+6 < 12 is false → still panicking                     |
    /// 14  | +10,10. S = 100/6 = 16.666667; P = 10; 6+6 < 14 → leave panic.      | 2, ⌊30−5−10⌋ = 15
    ///     | maxScaleDown = ⌊3/2⌋ = 1; dspc = 2                                   |
    /// 16  | +0,0 (R=2, so recorded). S = 40/6 = 6.666667, P = 10/3 = 3.333333;   | 1, ⌊20−5−3.333333⌋ = 11
    ///     | dspc = 1 ≥ maxScaleDown 1                                             |
    /// 18  | S = 20/6 = 3.333333, P = 0, R=1: dspc = 1                           | 1, ⌊10−5−0⌋ = 5
    /// 20  | S = 0 → dspc = 0, maxScaleDown = ⌊1/2⌋ = 0 → scale to zero          | 0, 5
    /// 22–26 | rows 21–26 missing: no records, R stays 1. Last write 20: stale   | 0, 5, values 0
    ///     | slots are excluded (d = 2, 4), at d = 6 the window reads 0 but is    |
    ///     | not empty (empty means d > 6)                                        |
    /// 28  | rows 27, 28 are all zero (R=0, not recorded). d = 8 > 6 → no data → | 0, EBC still 5 (R=0 would give −5)
    ///     | invalid: status unchanged                                            |
    /// 29  | row 29 has concurrency 1 while desired is 0 → poke at an odd second. | 1, ⌊0−5−1⌋ = −6
    ///     | The write after > 6 s clears the windows: partial window, S = P = 1 |
    /// 30  | +1. S = 2/2 = 1, P = 1                                               | 1, −6
    /// 32  | +80,80. S = 162/4 = 40.5; P = (1+80+80)/3 = 53.666667. R=1: dspc=5, | 6 → max-scale 5, panic, ⌊10−5−53.666667⌋ = −49
    ///     | dppc=6 ≥ 2 → panic; maxPanicPods was reset to 0 at t=14 → 6         |
    @Test func handComputedFixture() throws {
        let config = try FlatJSONConfig.parse(try Fixture.text("replay-hand.config.json"), fileName: "config")
        let output = try KPAReplay.run(settings: config.map { (key: $0.key, value: $0.value) },
                                       observationsCSV: try Fixture.text("replay-hand.input.csv"))
        let expected = try Fixture.text("replay-hand.expected.csv")
        #expect(output == expected)
        // Also row by row, so a failure says which decision differs.
        let got = try ReplayCSV.parseDecisions(output, fileName: "got")
        let want = try ReplayCSV.parseDecisions(expected, fileName: "want")
        #expect(got.count == want.count)
        for (g, w) in zip(got, want) { #expect(g == w, "t=\(w.time)") }
    }

    @Test func deterministic() throws {
        let config = try FlatJSONConfig.parse(try Fixture.text("replay-hand.config.json"), fileName: "config")
        let pairs = config.map { (key: $0.key, value: $0.value) }
        let input = try Fixture.text("replay-hand.input.csv")
        let first = try KPAReplay.run(settings: pairs, observationsCSV: input)
        for _ in 0..<3 { #expect(try KPAReplay.run(settings: pairs, observationsCSV: input) == first) }

        // A long, irregular trace with the weighted algorithm: two runs, same bytes.
        var rows = ["time,ready_pods,concurrency,rps"]
        var state: UInt64 = 42
        for t in 0..<2_000 where t % 7 != 3 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let load = Double((state >> 33) % 4000) / 7.0
            rows.append("\(t),\(Int(state >> 60)),\(load),\(load * 1.5)")
        }
        let trace = rows.joined(separator: "\n")
        let weighted = [(key: "metric-aggregation-algorithm", value: "weighted-exponential"),
                        (key: "target", value: "9.5"), (key: "scale-down-delay", value: "20s")]
        let a = try KPAReplay.run(settings: weighted, observationsCSV: trace)
        let b = try KPAReplay.run(settings: weighted, observationsCSV: trace)
        #expect(a == b)
        #expect(a.split(separator: "\n").count == 1 + 999)  // header + one decision per even t in 2...1998
    }

    /// Created with 3 ready pods: panic from t = 0, holding 3 pods for a stable window
    /// even though the load asks for 1.
    @Test func startUpPanicHoldsReadyPods() throws {
        let spec = try AutoscalingSettings(pairs: [(key: "target", value: "10"),
                                                   (key: "target-utilization-percentage", value: "100"),
                                                   (key: "stable-window", value: "6s")]).deciderSpec()
        let obs = (0...10).map { ReplayObservation(time: Int64($0), readyPods: 3, concurrency: 5, rps: 5) }
        let out = KPAReplay.run(spec: spec, observations: obs)
        #expect(out.map(\.time) == [2, 4, 6, 8, 10])
        #expect(out.map(\.desiredPods) == [3, 3, 3, 1, 1])  // panic began at 0; 0 + 6 < 8 ends it
        #expect(out.map(\.inPanic) == [true, true, true, false, false])
    }

    /// activation-scale 3: the poke from zero asks for 3 pods, not ceil(1/10) = 1.
    @Test func activationScaleOnScaleFromZero() throws {
        let spec = try AutoscalingSettings(pairs: [(key: "target", value: "10"),
                                                   (key: "activation-scale", value: "3"),
                                                   (key: "stable-window", value: "6s")]).deciderSpec()
        #expect(spec.activationScale == 3)
        var obs = (0...4).map { ReplayObservation(time: Int64($0), readyPods: 1, concurrency: 0, rps: 0) }
        obs.append(ReplayObservation(time: 13, readyPods: 0, concurrency: 1, rps: 1))
        let out = KPAReplay.run(spec: spec, observations: obs)
        // t=2,4: S=0 → 0. t=6,8,10: last write 4, still within/at the window → valid 0;
        // t=12: 12−4 = 8 > 6 → invalid. t=13: poke.
        #expect(out.map(\.time) == [2, 4, 6, 8, 10, 12, 13])
        #expect(out.map(\.desiredPods) == [0, 0, 0, 0, 0, 0, 3])
    }

    /// scale-down-delay 10 s = 5 slots of 2 s: after the load drops, 4 pods are kept
    /// until every slot holding 4 has slid out.
    @Test func scaleDownDelay() throws {
        let spec = try AutoscalingSettings(pairs: [(key: "target", value: "10"),
                                                   (key: "target-utilization-percentage", value: "100"),
                                                   (key: "stable-window", value: "6s"),
                                                   (key: "scale-down-delay", value: "10s"),
                                                   (key: "panic-threshold-percentage", value: "1000"),
                                                   (key: "max-scale-down-rate", value: "100")]).deciderSpec()
        var obs: [ReplayObservation] = []
        for t in 0...30 { obs.append(ReplayObservation(time: Int64(t), readyPods: 4, concurrency: t <= 8 ? 40 : 0, rps: 0)) }
        let out = KPAReplay.run(spec: spec, observations: obs)
        // Undelayed the stable value asks for 4 up to t=8, then 3 (t=10: 160/6), 2 (t=12:
        // 80/6), 0 from t=14. Slots are t/2; a value leaves 5 slots after it was recorded:
        // the 4 of t=8 (slot 4) counts up to t=16 (slot 8), the 3 of t=10 up to t=18, the
        // 2 of t=12 up to t=20.
        #expect(out.map(\.time) == Array(stride(from: Int64(2), through: 30, by: 2)))
        #expect(out.map(\.desiredPods) == [4, 4, 4, 4, 4, 4, 4, 4, 3, 2, 0, 0, 0, 0, 0])
        var undelayed = spec
        undelayed.scaleDownDelay = 0
        #expect(KPAReplay.run(spec: undelayed, observations: obs).map(\.desiredPods)
                == [4, 4, 4, 4, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func panicExitIsStrictlyAfterOneStableWindow() {
        let w = 6 * KPATiming.nanosecondsPerSecond
        let spec = DeciderSpec(maxScaleUpRate: 1000, maxScaleDownRate: 2, scalingMetric: .concurrency,
                               targetValue: 10, totalValue: 10, targetBurstCapacity: 0, panicThreshold: 2,
                               stableWindow: w)
        var d = KPADecider(spec: spec, createdAt: 0, readyPods: 1)
        let s = KPATiming.nanosecondsPerSecond
        #expect(d.scale(at: 10 * s, readyPods: 1, stable: 10, panic: 25).desiredPodCount == 3)  // enter
        #expect(d.inPanic)
        #expect(d.scale(at: 10 * s + w, readyPods: 3, stable: 10, panic: 10).desiredPodCount == 3)  // t = start + W: stay
        #expect(d.inPanic)
        #expect(d.scale(at: 10 * s + w + 1, readyPods: 3, stable: 10, panic: 10).desiredPodCount == 1)  // 1 ns later: leave
        #expect(!d.inPanic)
        #expect(d.maximumPanicPods == 0)
    }

    @Test func rateLimitsWithKnativeDefaults() throws {
        let spec = try AutoscalingSettings(pairs: []).deciderSpec()
        #expect(spec.maxScaleUpRate == 1000 && spec.maxScaleDownRate == 2 && spec.targetValue == 70)
        var d = KPADecider(spec: spec, createdAt: 0, readyPods: 1)
        // Up: 1 ready pod may jump to ceil(1000 · 1) = 1000, not the 2000 the load asks for.
        #expect(d.scale(at: 0, readyPods: 1, stable: 140_000, panic: 0).desiredPodCount == 1000)
        // Down: 29 ready pods → at least floor(29 / 2) = 14.
        var calm = KPADecider(spec: spec, createdAt: 0, readyPods: 1)
        #expect(calm.scale(at: 0, readyPods: 29, stable: 0, panic: 0).desiredPodCount == 14)
        // 1 ready pod → floor(1/2) = 0: the decider itself scales to zero.
        #expect(calm.scale(at: 0, readyPods: 1, stable: 0, panic: 0).desiredPodCount == 0)
        // An exact multiple is not rounded up: 14 / 7 = 2 pods.
        var cc10 = KPADecider(spec: try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "10")]).deciderSpec(),
                              createdAt: 0, readyPods: 1)
        #expect(cc10.spec.targetValue == 7)
        #expect(cc10.scale(at: 0, readyPods: 2, stable: 14, panic: 14).desiredPodCount == 2)
    }

    /// The initial status: −1 and the EBC rule of createScaler.
    @Test func initialStatus() {
        func initialEBC(tbc: Double, initialScale: Int32 = 1, total: Double = 100) -> Int32 {
            let spec = DeciderSpec(maxScaleUpRate: 1000, maxScaleDownRate: 2, scalingMetric: .concurrency,
                                   targetValue: 70, totalValue: total, targetBurstCapacity: tbc, panicThreshold: 2,
                                   stableWindow: 60 * KPATiming.nanosecondsPerSecond, initialScale: initialScale)
            let policy = KPAPolicy(spec: spec, createdAt: 0, readyPods: 0)
            #expect(policy.status.desiredScale == -1)
            return policy.status.excessBurstCapacity
        }
        #expect(initialEBC(tbc: 211) == -111)          // Knative's defaults: starts behind the activator
        #expect(initialEBC(tbc: 0) == 0)
        #expect(initialEBC(tbc: -1) == -1)
        #expect(initialEBC(tbc: 50, initialScale: 3) == 250)
        #expect(initialEBC(tbc: 211, total: 70.5) == -140)  // −140.5 truncates toward zero
    }

    /// Without a scrape target (TBC −1) an empty window is 0 and valid, not "no data".
    @Test func noScrapeTargetNeverInvalid() throws {
        let spec = try AutoscalingSettings(pairs: [(key: "target-burst-capacity", value: "-1")]).deciderSpec()
        #expect(!spec.hasScrapeTarget)
        let out = KPAReplay.run(spec: spec, observations: [ReplayObservation(time: 4, readyPods: 0, concurrency: 0, rps: 0)])
        #expect(out.map(\.desiredPods) == [0, 0])
        #expect(out.map(\.excessBurstCapacity) == [-1, -1])
    }

    /// Weighted-exponential values, bit for bit (computed independently with Go's α for 6
    /// and 3 buckets and Go's integer power, in the multiplication order of bucketing.go).
    @Test func weightedExponentialValuesAreBitExact() {
        let s = KPATiming.nanosecondsPerSecond
        var b = MetricBuckets(window: 6 * s, algorithm: .weightedExponential)
        b.record(at: 0, value: 10)
        b.record(at: s, value: 20)
        b.record(at: 2 * s, value: 30)
        let expected: [(Int64, UInt64)] = [
            (2, 0x403b_480a_4067_291c),  // 27.281406426606836, no skipped seconds
            (3, 0x4017_82a9_cb68_1e1d),  // one second without data: α(1−α)^1 first weight
            (4, 0x3ff4_42ba_0d55_c7ee),
            (7, 0x3f86_5fb9_56b3_46a6),
            (8, 0),                      // d = window: nothing left in range
            (9, 0),                      // d > window: empty
        ]
        for (t, bits) in expected {
            #expect(b.average(at: t * s).bitPattern == bits, "t=\(t)")
        }
        var p = MetricBuckets(window: 3 * s, algorithm: .weightedExponential)
        p.record(at: 0, value: 2.25)
        p.record(at: s, value: 0)
        p.record(at: 2 * s, value: 7.5)
        #expect(p.average(at: 2 * s).bitPattern == 0x401c_a042_67b7_b205)  // 7.156503315531613
    }

    /// Seconds without data since the last write are skipped with (1−α)^z, Go's integer
    /// power. These cases are ones where a correctly rounded pow (libm) gives a
    /// different last bit, so they fail if the skip uses anything but Go's algorithm.
    @Test func weightedSkipUsesGoIntegerPower() {
        let s = KPATiming.nanosecondsPerSecond
        for (window, cases) in [(Int64(10), [(Int64(8), UInt64(0x3fc2_1944_6374_3c3f)), (10, 0x3f96_b379_4b47_5084)]),
                                (60, [(7, 0x4007_0c36_1941_9a84), (12, 0x3fee_3586_656c_d7f9), (16, 0x3fd8_bf4d_bd2c_84b3)])] {
            var b = MetricBuckets(window: window * s, algorithm: .weightedExponential)
            for (t, v) in [4.0, 8, 15, 16].enumerated() { b.record(at: Int64(t) * s, value: v) }
            for (t, bits) in cases {
                #expect(b.average(at: t * s).bitPattern == bits, "window \(window) s, t=\(t)")
            }
        }
    }

    /// "No data" means more than a stable window without a write: at exactly one window
    /// the reading is still valid (and 0), one second later it is not.
    @Test func noDataBoundary() {
        let s = KPATiming.nanosecondsPerSecond
        var metrics = RevisionMetrics(stableWindow: 6 * s, panicWindow: 3 * s, algorithm: .linear, hasScrapeTarget: true)
        metrics.record(at: 10 * s, concurrency: 42, rps: 1)
        #expect(metrics.reading(.concurrency, at: 15 * s) == .values(stable: 42, panic: 0))  // stale slots left out
        #expect(metrics.reading(.concurrency, at: 16 * s) == .values(stable: 0, panic: 0))
        #expect(metrics.reading(.concurrency, at: 16 * s + s - 1) == .values(stable: 0, panic: 0))  // truncated to 16 s
        #expect(metrics.reading(.concurrency, at: 17 * s) == .noData)
        // Through the policy: at d = W the tick is valid and the EBC follows the ready pods.
        let spec = DeciderSpec(maxScaleUpRate: 1000, maxScaleDownRate: 2, scalingMetric: .concurrency,
                               targetValue: 10, totalValue: 10, targetBurstCapacity: 5, panicThreshold: 2,
                               stableWindow: 6 * s, panicWindow: 3 * s)
        var policy = KPAPolicy(spec: spec, createdAt: 0, readyPods: 1)
        _ = policy.record(MetricSample(concurrency: 42, rps: 1), at: 10 * s)
        #expect(policy.decide(at: 16 * s, readyPods: 3).excessBurstCapacity == 25)   // ⌊30 − 5 − 0⌋
        let invalid = policy.decide(at: 18 * s, readyPods: 0)
        #expect(!invalid.valid)
        #expect(policy.status.excessBurstCapacity == 25)                             // unchanged
    }
}

@Suite("Replay input and output formats")
struct ReplayFormatTests {
    @Test func numberFormat() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (3, "3"), (-7, "-7"), (9.75, "9.75"), (12.333333, "12.333333"),
            (1e-5, "0.00001"), (1.5e-7, "0.00000015"), (1e16, "10000000000000000"), (1.25e20, "125000000000000000000"),
            (100, "100"), (0.1, "0.1"), (27.281406426606836, "27.281406426606836"), (-0.5, "-0.5"),
        ]
        for (v, text) in cases {
            #expect(CSVNumber.format(v) == text)
            #expect(Double(CSVNumber.format(v)) == v)  // round-trips
        }
        #expect(CSVNumber.format(5e-324) == "0." + String(repeating: "0", count: 323) + "5")
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var column: Int?
        var testDescription: String { text.replacingOccurrences(of: "\n", with: "⏎") }
    }

    static let badInputs = [
        BadInput(text: "", line: 1, column: nil),
        BadInput(text: "time,ready,concurrency,rps\n0,1,1,1\n", line: 1, column: nil),
        BadInput(text: "time,ready_pods,concurrency,rps\n", line: 2, column: nil),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,1,1\n", line: 2, column: nil),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,1,1,1\n1.5,1,1,1\n", line: 3, column: 1),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,1,1,1\n-1,1,1,1\n", line: 3, column: 1),
        BadInput(text: "time,ready_pods,concurrency,rps\n3,1,1,1\n3,1,1,1\n", line: 3, column: 1),
        BadInput(text: "time,ready_pods,concurrency,rps\n3,1,1,1\n\n2,1,1,1\n", line: 4, column: 1),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,-1,1,1\n", line: 2, column: 2),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,two,1,1\n", line: 2, column: 2),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,1,abc,1\n", line: 2, column: 3),
        BadInput(text: "time,ready_pods,concurrency,rps\n0,1,1,NaN\n", line: 2, column: 4),
    ]

    @Test(arguments: badInputs)
    func badInputNamesLineAndColumn(_ c: BadInput) {
        do {
            _ = try ReplayCSV.parseObservations(c.text, fileName: "OBS.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.line == c.line)
            #expect(error.column == c.column)
            #expect(error.description.hasPrefix("OBS.csv:\(c.line)"))
        }
    }

    @Test func lenientWhitespaceAndLineEnds() throws {
        let text = "\u{FEFF}time,ready_pods,concurrency,rps\r\n0, 1 ,2.5,3\r\n\r\n2,0,0,0\r\n"
        let rows = try ReplayCSV.parseObservations(text, fileName: "x")
        #expect(rows == [ReplayObservation(time: 0, readyPods: 1, concurrency: 2.5, rps: 3),
                         ReplayObservation(time: 2, readyPods: 0, concurrency: 0, rps: 0)])
        let bad = "time,ready_pods,concurrency,rps\n0,1,2,3\n1,1,x,3\n"
        #expect(throws: ReplayInputError(file: "f.csv", line: 3, column: 3, columnName: "concurrency",
                                         message: "invalid number \"x\"")) {
            try ReplayCSV.parseObservations(bad, fileName: "f.csv")
        }
    }
}
