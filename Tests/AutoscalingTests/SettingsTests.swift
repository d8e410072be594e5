import Testing
@testable import Autoscaling

private let second = KPATiming.nanosecondsPerSecond

private func spec(_ pairs: [(String, String)]) throws -> DeciderSpec {
    try AutoscalingSettings(pairs: pairs.map { (key: $0.0, value: $0.1) }).deciderSpec()
}

private func errorKey(_ pairs: [(String, String)]) -> String? {
    do {
        _ = try AutoscalingSettings(pairs: pairs.map { (key: $0.0, value: $0.1) })
        return nil
    } catch {
        return error.key
    }
}

@Suite("One parser for config keys and annotations")
struct SettingsTests {
    @Test func knativeDefaults() throws {
        let s = try spec([])
        #expect(s == DeciderSpec(maxScaleUpRate: 1000, maxScaleDownRate: 2, scalingMetric: .concurrency,
                                 targetValue: 70, totalValue: 100, targetBurstCapacity: 211, activatorCapacity: 100,
                                 panicThreshold: 2, stableWindow: 60 * second, panicWindow: 6 * second,
                                 scaleDownDelay: 0, initialScale: 1, reachable: true, activationScale: 0,
                                 aggregationAlgorithm: .linear, minScale: 0, maxScale: 0))
    }

    /// Every key the replay's CONFIG.json documents is accepted and lands where it should.
    @Test func allReplayKeys() throws {
        let s = try spec([
            ("target", "50"), ("target-utilization-percentage", "80"), ("container-concurrency", "40"),
            ("metric", "concurrency"), ("stable-window", "30s"), ("panic-window-percentage", "20"),
            ("panic-threshold-percentage", "300"), ("max-scale-up-rate", "5"), ("max-scale-down-rate", "4"),
            ("min-scale", "1"), ("max-scale", "9"), ("initial-scale", "2"), ("scale-down-delay", "8s"),
            ("target-burst-capacity", "-1"), ("activation-scale", "3"), ("metric-aggregation-algorithm", "weighted-exponential"),
        ])
        #expect(s.totalValue == 40)            // min(target 50, containerConcurrency 40)
        #expect(s.targetValue == 40 * 0.8)
        #expect(s.stableWindow == 30 * second)
        #expect(s.panicWindow == 6 * second)
        #expect(s.panicThreshold == 3)
        #expect(s.maxScaleUpRate == 5 && s.maxScaleDownRate == 4)
        #expect(s.minScale == 1 && s.maxScale == 9 && s.initialScale == 2)
        #expect(s.scaleDownDelay == 8 * second)
        #expect(s.targetBurstCapacity == -1 && !s.hasScrapeTarget)
        #expect(s.activationScale == 3)
        #expect(s.aggregationAlgorithm == .weightedExponential)
    }

    @Test func percentageOrFraction() throws {
        #expect(try spec([("container-concurrency-target-percentage", "70")]).targetValue == 70)
        #expect(try spec([("container-concurrency-target-percentage", "0.5")]).targetValue == 50)
        #expect(try spec([("container-concurrency-target-percentage", "1")]).targetValue == 100)  // 1 is a fraction
        #expect(try spec([("target-utilization-percentage", "100")]).targetValue == 100)
        #expect(errorKey([("target-utilization-percentage", "0.5")]) == "target-utilization-percentage")
    }

    @Test func metricTargets() throws {
        let rps = try spec([("metric", "rps")])
        #expect(rps.scalingMetric == .rps && rps.totalValue == 200 && rps.targetValue == 140)
        #expect(try spec([("container-concurrency", "10")]).targetValue == 7)
        #expect(try spec([("target", "0.01"), ("target-utilization-percentage", "1")]).targetValue == 0.01)  // floor 0.01
        #expect(try spec([("metric", "rps"), ("container-concurrency", "1"), ("target", "50")]).totalValue == 50)
    }

    @Test func bareSharedNamesAreConfigKeysPrefixedAreAnnotations() throws {
        // The config map does not range-check the panic threshold; the annotation does.
        #expect(try spec([("panic-threshold-percentage", "105")]).panicThreshold == 1.05)
        #expect(errorKey([("autoscaling.knative.dev/panic-threshold-percentage", "105")])
                == "autoscaling.knative.dev/panic-threshold-percentage")
        // Both given: the annotation overrides the config map.
        #expect(try spec([("min-scale", "1"), ("autoscaling.knative.dev/min-scale", "3")]).minScale == 3)
        // Legacy spelling, and the current spelling wins over it.
        #expect(try spec([("minScale", "2")]).minScale == 2)
        #expect(try spec([("autoscaling.knative.dev/minScale", "2"), ("autoscaling.knative.dev/min-scale", "4")]).minScale == 4)
        #expect(try spec([("metricAggregationAlgorithm", "weightedExponential")]).aggregationAlgorithm == .weightedExponential)
        // The annotation name for the stable window is "window".
        #expect(try spec([("window", "20s")]).stableWindow == 20 * second)
    }

    @Test func unreachableIgnoresMinScale() throws {
        let settings = try AutoscalingSettings(pairs: [(key: "min-scale", value: "3")])
        #expect(settings.deciderSpec(reachable: true).minScale == 3)
        #expect(settings.deciderSpec(reachable: false).minScale == 0)
        #expect(!settings.deciderSpec(reachable: false).reachable)
    }

    @Test func panicWindowRounding() {
        let cases: [(Int64, Double, Int64)] = [
            (60, 10, 6), (7, 10, 1), (15, 10, 2), (6, 1, 1), (13, 50, 7), (25, 10, 3), (3600, 100, 3600), (35, 10, 4),
        ]
        for (stable, pct, want) in cases {
            #expect(DeciderSpec.panicWindow(stableWindow: stable * second, percentage: pct) == want * second,
                    "\(stable)s × \(pct)%")
        }
    }

    @Test func errorsNameTheKey() {
        let cases: [([(String, String)], String)] = [
            ([("stable-windw", "6s")], "stable-windw"),
            ([("autoscaling.knative.dev/bogus", "1")], "autoscaling.knative.dev/bogus"),
            ([("target", "1"), ("target", "2")], "target"),
            ([("container-concurrency", "1001")], "container-concurrency"),
            ([("container-concurrency", "ten")], "container-concurrency"),
            ([("stable-window", "60")], "stable-window"),           // Go durations need a unit
            ([("metric", "cpu")], "metric"),
            ([("metric-aggregation-algorithm", "exponential")], "metric-aggregation-algorithm"),
            ([("activation-scale", "1")], "activation-scale"),
            ([("min-scale", "4"), ("max-scale", "3")], "min-scale"),
            ([("initial-scale", "0")], "initial-scale"),
            ([("max-scale-up-rate", "1")], "max-scale-up-rate"),
            ([("window", "5s")], "window"),
        ]
        for (pairs, key) in cases { #expect(errorKey(pairs) == key, "\(pairs)") }
    }

    @Test func flatJSONKeepsNumberText() throws {
        let text = """
        {
          "target": 10,
          "container-concurrency-target-percentage": 70,
          "max-scale-up-rate": 1.01,
          "stable-window": "60s",
          "enable-scale-to-zero": true,
          "esc": "a\\"b\\u00b5"
        }
        """
        let entries = try FlatJSONConfig.parse(text, fileName: "c.json")
        #expect(entries.map(\.key) == ["target", "container-concurrency-target-percentage", "max-scale-up-rate",
                                       "stable-window", "enable-scale-to-zero", "esc"])
        #expect(entries.map(\.value) == ["10", "70", "1.01", "60s", "true", "a\"bµ"])
        #expect(entries.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(try FlatJSONConfig.parse("{}", fileName: "x").isEmpty)
    }

    @Test func flatJSONErrors() {
        let cases: [(String, Int, String?)] = [
            ("", 1, nil),
            ("[1]", 1, nil),
            ("{\"a\": 1,\n \"a\": 2}", 2, "a"),
            ("{\n\"a\": null}", 2, "a"),
            ("{\"a\": {\"b\": 1}}", 1, "a"),
            ("{\"a\": [1]}", 1, "a"),
            ("{\"a\": 1,}", 1, nil),
            ("{\"a\": 01}", 1, "a"),
            ("{\"a\": 1e}", 1, "a"),
            ("{\"a\": yes}", 1, "a"),
            ("{\"a\": \"x}", 1, nil),
            ("{\"a\": 1} x", 1, nil),
            ("{\"a\" 1}", 1, nil),
            ("{\n\n\"a\": 1\n", 4, nil),
        ]
        for (text, line, key) in cases {
            do {
                _ = try FlatJSONConfig.parse(text, fileName: "c.json")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.key == key, "\(text)")
                #expect(error.description.hasPrefix("c.json:\(line): "))
            }
        }
    }
}
