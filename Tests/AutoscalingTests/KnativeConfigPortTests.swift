import Testing
@testable import Autoscaling

// Ports of knative/serving pkg/autoscaler/config/config_test.go (TestNewConfig),
// pkg/reconciler/autoscaling/kpa/resources/decider_test.go (TestMakeDecider,
// TestGetInitialScale) and pkg/apis/autoscaling/annotation_validation_test.go
// (TestValidateAnnotations), commit 98e5ef90.

private let second = KPATiming.nanosecondsPerSecond

@Suite("Knative config_test.go TestNewConfig")
struct KnativeNewConfigPortTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [String: String]
        /// nil: an error is expected.
        var want: AutoscalerConfig?
        var testDescription: String { name }
    }

    static func config(_ change: (inout AutoscalerConfig) -> Void) -> AutoscalerConfig {
        var c = AutoscalerConfig()
        change(&c)
        return c
    }

    static let cases: [Case] = [
        Case(name: "default", input: [:], want: AutoscalerConfig()),
        // "overridden" and "minimum" also carry "tick-interval", a key Knative ignores;
        // unknown keys are errors here, so it is left out (see the test below).
        Case(name: "overridden", input: [
            "enable-scale-to-zero": "true",
            "max-scale-down-rate": "3.0",
            "max-scale-up-rate": "1.01",
            "container-concurrency-target-percentage": "0.71",
            "container-concurrency-target-default": "10.5",
            "requests-per-second-target-default": "10.11",
            "target-burst-capacity": "12345",
            "scale-down-delay": "15m",
            "stable-window": "5m",
            "panic-window-percentage": "10",
            "panic-threshold-percentage": "200",
            "pod-autoscaler-class": "some.class",
            "activator-capacity": "905",
            "scale-to-zero-pod-retention-period": "2m3s",
        ], want: config {
            $0.targetBurstCapacity = 12345
            $0.containerConcurrencyTargetDefault = 10.5
            $0.containerConcurrencyTargetFraction = 0.71
            $0.rpsTargetDefault = 10.11
            $0.maxScaleDownRate = 3
            $0.maxScaleUpRate = 1.01
            $0.scaleDownDelay = 15 * 60 * second
            $0.stableWindow = 5 * 60 * second
            $0.activatorCapacity = 905
            $0.podAutoscalerClass = "some.class"
            $0.scaleToZeroPodRetentionPeriod = (2 * 60 + 3) * second
        }),
        Case(name: "minimum", input: [
            "max-scale-up-rate": "1.001",
            "container-concurrency-target-percentage": "0.5",
            "container-concurrency-target-default": "10.0",
            "target-burst-capacity": "0",
            "stable-window": "5m",
            "panic-window-percentage": "10",
            "panic-threshold-percentage": "200",
            "activator-capacity": "1",
        ], want: config {
            $0.containerConcurrencyTargetFraction = 0.5
            $0.containerConcurrencyTargetDefault = 10
            $0.maxScaleUpRate = 1.001
            $0.targetBurstCapacity = 0
            $0.stableWindow = 5 * 60 * second
            $0.activatorCapacity = 1
        }),
        Case(name: "concurrency target percentage as percent",
             input: ["container-concurrency-target-percentage": "55"],
             want: config { $0.containerConcurrencyTargetFraction = 0.55 }),
        Case(name: "with -1 tbc", input: ["target-burst-capacity": "-1"], want: config { $0.targetBurstCapacity = -1 }),
        Case(name: "with toggles on strange casing", input: ["enable-scale-to-zero": "TRUE"], want: AutoscalerConfig()),
        Case(name: "with toggles explicitly flipped",
             input: ["enable-scale-to-zero": "false", "min-scale": "1", "max-scale": "2"],
             want: config { $0.enableScaleToZero = false; $0.minScale = 1; $0.maxScale = 2 }),
        Case(name: "with explicit grace period",
             input: ["enable-scale-to-zero": "false", "scale-to-zero-grace-period": "33s", "min-scale": "1", "max-scale": "2"],
             want: config {
                 $0.enableScaleToZero = false
                 $0.scaleToZeroGracePeriod = 33 * second
                 $0.minScale = 1
                 $0.maxScale = 2
             }),
        Case(name: "malformed float", input: ["max-scale-up-rate": "not a float"], want: nil),
        Case(name: "invalid scale-down-delay", input: ["scale-down-delay": "-1m23s"], want: nil),
        Case(name: "invalid pod retention period", input: ["scale-to-zero-pod-retention-period": "-4m11s"], want: nil),
        Case(name: "malformed duration", input: ["stable-window": "not a duration"], want: nil),
        Case(name: "invalid target burst capacity", input: ["target-burst-capacity": "-11"], want: nil),
        Case(name: "invalid target %, too small", input: ["container-concurrency-target-percentage": "-42"], want: nil),
        Case(name: "invalid target %, too big", input: ["container-concurrency-target-percentage": "142.4"], want: nil),
        Case(name: "invalid RPS target, too small", input: ["requests-per-second-target-default": "-5.25"], want: nil),
        Case(name: "max scale up rate 1.0", input: ["max-scale-up-rate": "1"], want: nil),
        Case(name: "max down down rate negative", input: ["max-scale-down-rate": "-55"], want: nil),
        Case(name: "max down down rate 1.0", input: ["max-scale-down-rate": "1"], want: nil),
        Case(name: "stable window too big", input: ["stable-window": "1h1s"], want: nil),
        Case(name: "stable window too small", input: ["stable-window": "1s"], want: nil),
        Case(name: "stable not seconds", input: ["stable-window": "61984ms"], want: nil),
        Case(name: "scale-down-delay not seconds", input: ["scale-down-delay": "61984ms"], want: nil),
        Case(name: "activator-capacity invalid", input: ["activator-capacity": "0.95"], want: nil),
        Case(name: "panic window percentage too small", input: ["panic-window-percentage": "0.1"], want: nil),
        // Knative's case also sets "panic-window", a key it ignores.
        Case(name: "panic window percentage too big",
             input: ["stable-window": "12s", "panic-window-percentage": "110"], want: nil),
        Case(name: "TU*CC < 0.01",
             input: ["container-concurrency-target-percentage": "1", "container-concurrency-target-default": "0.001"], want: nil),
        Case(name: "grace window too small", input: ["stable-window": "12s", "scale-to-zero-grace-period": "0s"], want: nil),
        Case(name: "with prohibited default initial scale",
             input: ["allow-zero-initial-scale": "false", "initial-scale": "0"], want: nil),
        Case(name: "with negative default initial scale",
             input: ["allow-zero-initial-scale": "false", "initial-scale": "-1"], want: nil),
        Case(name: "with non-parseable default initial scale",
             input: ["allow-zero-initial-scale": "false", "initial-scale": "invalid"], want: nil),
        Case(name: "with valid default initial scale",
             input: ["allow-zero-initial-scale": "true", "initial-scale": "0"],
             want: config { $0.allowZeroInitialScale = true; $0.initialScale = 0 }),
        Case(name: "with non-parseable allow-zero-initial-scale", input: ["allow-zero-initial-scale": "invalid"], want: nil),
        Case(name: "with negative default max scale", input: ["max-scale": "-1"], want: nil),
        Case(name: "with valid default max scale", input: ["max-scale": "10"], want: config { $0.maxScale = 10 }),
        Case(name: "max scale exceeding max scale limit", input: ["max-scale": "10", "max-scale-limit": "9"], want: nil),
        Case(name: "with negative max scale limit", input: ["max-scale-limit": "-9"], want: nil),
        Case(name: "with max scale limit and zero default max scale",
             input: ["max-scale": "0", "max-scale-limit": "11"], want: nil),
        Case(name: "with max scale less than min-scale", input: ["min-scale": "4", "max-scale": "3"], want: nil),
        Case(name: "with min scale set but max-scale not set", input: ["min-scale": "4"], want: config { $0.minScale = 4 }),
        Case(name: "with valid default max scale and max scale limit",
             input: ["max-scale": "10", "max-scale-limit": "11"],
             want: config { $0.maxScale = 10; $0.maxScaleLimit = 11 }),
    ]

    @Test(arguments: cases)
    func TestNewConfig(_ c: Case) {
        let got = Result { () throws(AutoscalingConfigError) in try AutoscalerConfig(configMap: c.input) }
        switch (got, c.want) {
        case let (.success(config), want?): #expect(config == want)
        case (.failure, nil): break
        case let (.success(config), nil): Issue.record("expected an error, got \(config)")
        case let (.failure(error), _?): Issue.record("unexpected error \(error)")
        }
    }

    /// Knative's "example" case: the documented example block of
    /// config/core/configmaps/autoscaler.yaml parses to the defaults.
    @Test func TestNewConfigExample() throws {
        let entries = try FlatJSONConfig.parse(try Fixture.text("config-autoscaler-example.json"), fileName: "example")
        #expect(entries.count == 20)
        let map = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        #expect(try AutoscalerConfig(configMap: map) == AutoscalerConfig())
    }

    /// Knative ignores unknown keys; we reject them, naming the key.
    @Test func unknownKeyIsAnError() {
        #expect(throws: AutoscalingConfigError(key: "tick-interval", message: "unknown config-autoscaler key")) {
            try AutoscalerConfig(configMap: ["tick-interval": "2s", "stable-window": "60s"])
        }
    }

    @Test func errorsNameTheKey() {
        let cases: [([String: String], String)] = [
            (["max-scale-up-rate": "not a float"], "max-scale-up-rate"),
            (["stable-window": "61984ms"], "stable-window"),
            (["container-concurrency-target-percentage": "142.4"], "container-concurrency-target-percentage"),
            (["allow-zero-initial-scale": "false", "initial-scale": "0"], "initial-scale"),
            (["max-scale": "10", "max-scale-limit": "9"], "max-scale"),
        ]
        for (input, key) in cases {
            do {
                _ = try AutoscalerConfig(configMap: input)
                Issue.record("no error for \(input)")
            } catch {
                #expect(error.key == key)
            }
        }
    }
}

@Suite("Knative decider_test.go")
struct KnativeDeciderPortTests {
    /// decider_test.go's `config`: fraction 1.0, CC default 100, TBC 211, up rate 10,
    /// rps default 100, activator capacity 811, TU 1.0, window 60 s, panic 200 %/10 %.
    static var testConfig: AutoscalerConfig {
        var c = AutoscalerConfig()
        c.containerConcurrencyTargetFraction = 1.0
        c.containerConcurrencyTargetDefault = 100
        c.targetBurstCapacity = 211
        c.maxScaleUpRate = 10
        c.maxScaleDownRate = 0  // unset in Knative's fixture
        c.rpsTargetDefault = 100
        c.activatorCapacity = 811
        c.targetUtilization = 1.0
        c.stableWindow = 60 * second
        c.panicThresholdPercentage = 200
        c.panicWindowPercentage = 10
        return c
    }

    /// decider_test.go's `decider()`: what every case starts from.
    static var baseSpec: DeciderSpec {
        DeciderSpec(maxScaleUpRate: 10, maxScaleDownRate: 0, scalingMetric: .concurrency,
                    targetValue: 100, totalValue: 100, targetBurstCapacity: 211, activatorCapacity: 811,
                    panicThreshold: 2, stableWindow: 60 * second, panicWindow: 6 * second, initialScale: 1,
                    reachable: true)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var annotations: [(key: String, value: String)] = []
        var containerConcurrency: Int32 = 0
        var reachable = true
        var config: @Sendable (inout AutoscalerConfig) -> Void = { _ in }
        var want: @Sendable (inout DeciderSpec) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "defaults", want: { _ in }),
        Case(name: "unreachable", reachable: false, want: { $0.reachable = false }),
        Case(name: "explicit reachable", want: { _ in }),
        Case(name: "tu < 1", config: { $0.containerConcurrencyTargetFraction = 0.8 }, want: { $0.targetValue = 80 }),
        Case(name: "scale up and scale down rates",
             config: { $0.maxScaleUpRate = 19.84; $0.maxScaleDownRate = 19.88 },
             want: { $0.maxScaleUpRate = 19.84; $0.maxScaleDownRate = 19.88 }),
        Case(name: "with container concurrency 1", containerConcurrency: 1,
             want: { $0.targetValue = 1; $0.totalValue = 1 }),
        Case(name: "with target annotation 1", annotations: [("autoscaling.knative.dev/target", "1")],
             want: { $0.targetValue = 1; $0.totalValue = 1 }),
        Case(name: "with container concurrency and tu < 1", containerConcurrency: 100,
             config: { $0.containerConcurrencyTargetFraction = 0.8 },
             want: { $0.targetValue = 80; $0.totalValue = 100 }),
        Case(name: "with burst capacity set", containerConcurrency: 120,
             config: { $0.targetBurstCapacity = 63; $0.containerConcurrencyTargetFraction = 0.8 },
             want: { $0.targetValue = 96; $0.totalValue = 120; $0.targetBurstCapacity = 63 }),
        Case(name: "with activator capacity override", config: { $0.activatorCapacity = 420 },
             want: { $0.activatorCapacity = 420 }),
        Case(name: "with burst capacity set on the annotation",
             annotations: [("autoscaling.knative.dev/target-burst-capacity", "211")], containerConcurrency: 120,
             config: { $0.targetBurstCapacity = 63; $0.containerConcurrencyTargetFraction = 0.8 },
             want: { $0.targetValue = 96; $0.totalValue = 120; $0.targetBurstCapacity = 211 }),
        Case(name: "with container concurrency greater than target annotation (ok)",
             annotations: [("autoscaling.knative.dev/target", "1")], containerConcurrency: 10,
             want: { $0.targetValue = 1; $0.totalValue = 1 }),
        Case(name: "with target annotation greater than container concurrency (ignore annotation for safety)",
             annotations: [("autoscaling.knative.dev/target", "10")], containerConcurrency: 1,
             want: { $0.targetValue = 1; $0.totalValue = 1 }),
        Case(name: "with higher panic target",
             annotations: [("autoscaling.knative.dev/target", "10"),
                           ("autoscaling.knative.dev/panic-threshold-percentage", "400")],
             want: { $0.targetValue = 10; $0.totalValue = 10; $0.panicThreshold = 4 }),
        Case(name: "with metric annotation", annotations: [("autoscaling.knative.dev/metric", "rps")],
             want: { $0.scalingMetric = .rps }),
        Case(name: "with scale down delay from config", config: { $0.scaleDownDelay = 300 * second },
             want: { $0.scaleDownDelay = 300 * second }),
        Case(name: "with scale down delay from annotation",
             annotations: [("autoscaling.knative.dev/scale-down-delay", "10m")],
             config: { $0.scaleDownDelay = 300 * second },
             want: { $0.scaleDownDelay = 600 * second }),
        Case(name: "with initial scale", annotations: [("autoscaling.knative.dev/initial-scale", "2")],
             want: { $0.initialScale = 2 }),
        Case(name: "with activation-scale", annotations: [("autoscaling.knative.dev/activation-scale", "3")],
             want: { $0.activationScale = 3 }),
    ]

    @Test(arguments: cases)
    func TestMakeDecider(_ c: Case) throws {
        var config = Self.testConfig
        c.config(&config)
        // Knative's fixture always carries class=KPA and metric=concurrency annotations.
        var pairs = c.annotations
        if !pairs.contains(where: { $0.key.hasSuffix("/metric") }) {
            pairs.append(("autoscaling.knative.dev/metric", "concurrency"))
        }
        pairs.append(("autoscaling.knative.dev/class", KnativeKeys.kpaClass))
        let annotations = try AutoscalingAnnotations(pairs)
        var want = Self.baseSpec
        c.want(&want)
        let got = DeciderSpec(config: config, annotations: annotations,
                              containerConcurrency: c.containerConcurrency, reachable: c.reachable)
        #expect(got == want)
    }

    @Test func TestGetInitialScale() throws {
        let cases: [(String, [(key: String, value: String)], Bool, Int32)] = [
            ("revision initial scale not set", [], false, 1),
            ("revision initial scale overrides cluster initial scale", [("initial-scale", "2")], false, 2),
            ("cluster allows initial scale zero", [("initial-scale", "0")], true, 0),
            ("cluster does not allows initial scale zero", [("initial-scale", "0")], false, 1),
        ]
        for (name, annotations, allowZero, want) in cases {
            var config = AutoscalerConfig()
            config.allowZeroInitialScale = allowZero
            let spec = DeciderSpec(config: config, annotations: try AutoscalingAnnotations(annotations),
                                   containerConcurrency: 0, reachable: true)
            #expect(spec.initialScale == want, "\(name)")
        }
    }
}

@Suite("Knative annotation_validation_test.go")
struct KnativeAnnotationValidationPortTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var annotations: [(key: String, value: String)]
        /// The key the first error names (nil: valid).
        var errorKey: String?
        var config: @Sendable (inout AutoscalerConfig) -> Void = { _ in }
        var testDescription: String { name }
    }

    static let p = KnativeKeys.annotationPrefix
    static let cases: [Case] = [
        Case(name: "empty annotations", annotations: [], errorKey: nil),
        Case(name: "invalid class", annotations: [(p + "class", "unsupported.knative.dev")], errorKey: p + "class"),
        Case(name: "non-knative.dev domain class", annotations: [(p + "class", "some.other.domain")], errorKey: nil),
        Case(name: "minScale is 0", annotations: [(p + "min-scale", "0")], errorKey: nil),
        Case(name: "maxScale is 0", annotations: [(p + "max-scale", "0")], errorKey: nil),
        Case(name: "minScale is -1", annotations: [(p + "min-scale", "-1")], errorKey: p + "min-scale"),
        Case(name: "maxScale is huuuuuuuge", annotations: [(p + "max-scale", "2147483648")], errorKey: p + "max-scale"),
        Case(name: "maxScale is -1", annotations: [(p + "max-scale", "-1")], errorKey: p + "max-scale"),
        Case(name: "minScale is foo", annotations: [(p + "min-scale", "foo")], errorKey: p + "min-scale"),
        Case(name: "maxScale is bar", annotations: [(p + "max-scale", "bar")], errorKey: p + "max-scale"),
        Case(name: "minScale is 5", annotations: [(p + "min-scale", "5")], errorKey: nil),
        Case(name: "maxScale is 2", annotations: [(p + "max-scale", "2")], errorKey: nil),
        Case(name: "minScale is 2, maxScale is 5", annotations: [(p + "min-scale", "2"), (p + "max-scale", "5")], errorKey: nil),
        Case(name: "minScale is 5, maxScale is 2", annotations: [(p + "min-scale", "5"), (p + "max-scale", "2")],
             errorKey: p + "max-scale"),
        Case(name: "minScale is 0, maxScale is 0", annotations: [(p + "min-scale", "0"), (p + "max-scale", "0")], errorKey: nil),
        Case(name: "maxScale is greater than MaxScaleLimit when in create", annotations: [(p + "max-scale", "11")],
             errorKey: p + "max-scale", config: { $0.maxScaleLimit = 10 }),
        Case(name: "maxScale is greater than MaxScaleLimit when in create and default MaxScale is set",
             annotations: [(p + "max-scale", "20")], errorKey: p + "max-scale",
             config: { $0.maxScaleLimit = 10; $0.maxScale = 11 }),
        Case(name: "maxScale is explicitly set to 0 when MaxScaleLimit and default MaxScale are set",
             annotations: [(p + "max-scale", "0")], errorKey: p + "max-scale",
             config: { $0.maxScaleLimit = 10; $0.maxScale = 1 }),
        Case(name: "maxScale is not set when both MaxScaleLimit and default MaxScale are set", annotations: [],
             errorKey: nil, config: { $0.maxScaleLimit = 10; $0.maxScale = 11 }),
        Case(name: "maxScale is less than MaxScaleLimit", annotations: [(p + "max-scale", "9")], errorKey: nil,
             config: { $0.maxScaleLimit = 10 }),
        Case(name: "min-scale, activation-scale, max-scale all set appropriately",
             annotations: [(p + "min-scale", "1"), (p + "activation-scale", "2"), (p + "max-scale", "3")], errorKey: nil),
        Case(name: "min-scale is greater than activation-scale",
             annotations: [(p + "min-scale", "3"), (p + "activation-scale", "2")], errorKey: p + "activation-scale"),
        Case(name: "max-scale is less than activation-scale",
             annotations: [(p + "max-scale", "1"), (p + "activation-scale", "2")], errorKey: p + "activation-scale"),
        Case(name: "valid algorithm on KPA",
             annotations: [(p + "metric-aggregation-algorithm", "linear"), (p + "class", KnativeKeys.kpaClass)], errorKey: nil),
        Case(name: "empty algorithm",
             annotations: [(p + "metric-aggregation-algorithm", ""), (p + "class", KnativeKeys.kpaClass)], errorKey: nil),
        Case(name: "random algorithm on KPA",
             annotations: [(p + "metric-aggregation-algorithm", "random-selection"), (p + "class", KnativeKeys.kpaClass)],
             errorKey: p + "metric-aggregation-algorithm"),
        // Knative accepts this (it checks the algorithm only for class KPA); we always do.
        Case(name: "random algorithm on non KPA (deliberately stricter)",
             annotations: [(p + "metric-aggregation-algorithm", "random-selection"), (p + "class", "of-keys")],
             errorKey: p + "metric-aggregation-algorithm"),
        Case(name: "panic window percentage bad", annotations: [(p + "panic-window-percentage", "-1")],
             errorKey: p + "panic-window-percentage"),
        Case(name: "panic window percentage bad2", annotations: [(p + "panic-window-percentage", "202")],
             errorKey: p + "panic-window-percentage"),
        Case(name: "panic window percentage bad3", annotations: [(p + "panic-window-percentage", "fifty")],
             errorKey: p + "panic-window-percentage"),
        Case(name: "panic window percentage good", annotations: [(p + "panic-threshold-percentage", "210")], errorKey: nil),
        Case(name: "panic threshold percentage bad2", annotations: [(p + "panic-threshold-percentage", "109")],
             errorKey: p + "panic-threshold-percentage"),
        Case(name: "panic threshold percentage bad2.5", annotations: [(p + "panic-threshold-percentage", "10009")],
             errorKey: p + "panic-threshold-percentage"),
        Case(name: "panic threshold percentage bad3", annotations: [(p + "panic-threshold-percentage", "fifty")],
             errorKey: p + "panic-threshold-percentage"),
        Case(name: "target negative", annotations: [(p + "target", "-11")], errorKey: p + "target"),
        Case(name: "target 0", annotations: [(p + "target", "0")], errorKey: p + "target"),
        Case(name: "invalid target", annotations: [(p + "target", "100}")], errorKey: p + "target"),
        Case(name: "target okay", annotations: [(p + "target", "11")], errorKey: nil),
        Case(name: "TBC negative", annotations: [(p + "target-burst-capacity", "-11")], errorKey: p + "target-burst-capacity"),
        Case(name: "TBC 0", annotations: [(p + "target-burst-capacity", "0")], errorKey: nil),
        Case(name: "TBC 19880709", annotations: [(p + "target-burst-capacity", "19870709")], errorKey: nil),
        Case(name: "TBC -1", annotations: [(p + "target-burst-capacity", "-1")], errorKey: nil),
        Case(name: "TBC invalid", annotations: [(p + "target-burst-capacity", "qarashen")], errorKey: p + "target-burst-capacity"),
        Case(name: "TU too small", annotations: [(p + "target-utilization-percentage", "0")],
             errorKey: p + "target-utilization-percentage"),
        Case(name: "TU too big", annotations: [(p + "target-utilization-percentage", "101")],
             errorKey: p + "target-utilization-percentage"),
        Case(name: "TU invalid", annotations: [(p + "target-utilization-percentage", "dghyak")],
             errorKey: p + "target-utilization-percentage"),
        Case(name: "window invalid", annotations: [(p + "window", "jerry-was-a-racecar-driver")], errorKey: p + "window"),
        Case(name: "window too short", annotations: [(p + "window", "1s")], errorKey: p + "window"),
        Case(name: "window too long", annotations: [(p + "window", "365h")], errorKey: p + "window"),
        Case(name: "window too precise", annotations: [(p + "window", "1m9s82ms")], errorKey: p + "window"),
        Case(name: "annotation /window is valid for class KPA",
             annotations: [(p + "window", "7s"), (p + "class", KnativeKeys.kpaClass)], errorKey: nil),
        Case(name: "annotation /window is valid for other than HPA and KPA class",
             annotations: [(p + "window", "7s"), (p + "class", "test")], errorKey: nil),
        Case(name: "value too long and valid class for /window annotation",
             annotations: [(p + "window", "365h"), (p + "class", KnativeKeys.kpaClass)], errorKey: p + "window"),
        Case(name: "valid 0 last pod scaledown timeout",
             annotations: [(p + "scale-to-zero-pod-retention-period", "0")], errorKey: nil),
        Case(name: "valid positive last pod scaledown timeout",
             annotations: [(p + "scale-to-zero-pod-retention-period", "21m31s")], errorKey: nil),
        Case(name: "invalid positive last pod scaledown timeout",
             annotations: [(p + "scale-to-zero-pod-retention-period", "311m")], errorKey: p + "scale-to-zero-pod-retention-period"),
        Case(name: "invalid negative last pod scaledown timeout",
             annotations: [(p + "scale-to-zero-pod-retention-period", "-42s")], errorKey: p + "scale-to-zero-pod-retention-period"),
        Case(name: "invalid last pod scaledown timeout",
             annotations: [(p + "scale-to-zero-pod-retention-period", "twenty-two-minutes-and-five-seconds")],
             errorKey: p + "scale-to-zero-pod-retention-period"),
        Case(name: "valid 0 scale down delay", annotations: [(p + "scale-down-delay", "0")], errorKey: nil),
        Case(name: "valid positive scale down delay", annotations: [(p + "scale-down-delay", "21m31s")], errorKey: nil),
        Case(name: "invalid positive scale down delay", annotations: [(p + "scale-down-delay", "311m")],
             errorKey: p + "scale-down-delay"),
        Case(name: "invalid positive scale down delay - too precise", annotations: [(p + "scale-down-delay", "42.5s")],
             errorKey: p + "scale-down-delay"),
        Case(name: "invalid negative scale down delay", annotations: [(p + "scale-down-delay", "-42s")],
             errorKey: p + "scale-down-delay"),
        // Knative lists all four errors, min-scale first; we report the first.
        Case(name: "all together now fail",
             annotations: [(p + "panic-threshold-percentage", "fifty"), (p + "panic-window-percentage", "-11"),
                           (p + "min-scale", "-4"), (p + "max-scale", "never")],
             errorKey: p + "min-scale"),
        Case(name: "all together now, succeed",
             annotations: [(p + "panic-threshold-percentage", "125"), (p + "panic-window-percentage", "75"),
                           (p + "min-scale", "5"), (p + "max-scale", "8"), (p + "window", "1984s")], errorKey: nil),
        Case(name: "invalid metric for default class(KPA)", annotations: [(p + "metric", "cpu")], errorKey: p + "metric"),
        Case(name: "invalid metric for HPA class", annotations: [(p + "metric", ""), (p + "class", KnativeKeys.hpaClass)],
             errorKey: p + "metric"),
        Case(name: "valid class KPA with metric RPS", annotations: [(p + "metric", "rps")], errorKey: nil),
        Case(name: "valid class KPA with metric Concurrency", annotations: [(p + "metric", "concurrency")], errorKey: nil),
        Case(name: "valid class HPA with metric CPU",
             annotations: [(p + "class", KnativeKeys.hpaClass), (p + "metric", "cpu")], errorKey: nil),
        Case(name: "other than HPA and KPA class", annotations: [(p + "class", "other"), (p + "metric", "rps")], errorKey: nil),
        Case(name: "initial scale is zero but cluster doesn't allow", annotations: [(p + "initial-scale", "0")],
             errorKey: p + "initial-scale"),
        Case(name: "valid global class HPA with metric CPU", annotations: [(p + "metric", "cpu")], errorKey: nil,
             config: { $0.podAutoscalerClass = KnativeKeys.hpaClass }),
        Case(name: "initial scale is zero and cluster allows", annotations: [(p + "initial-scale", "0")], errorKey: nil,
             config: { $0.allowZeroInitialScale = true }),
        Case(name: "initial scale is greater than 0", annotations: [(p + "initial-scale", "2")], errorKey: nil),
        Case(name: "initial scale is less than 0", annotations: [(p + "initial-scale", "-1")], errorKey: p + "initial-scale"),
        Case(name: "initial scale non-parseable", annotations: [(p + "initial-scale", "invalid")], errorKey: p + "initial-scale"),
    ]

    @Test(arguments: cases)
    func TestValidateAnnotations(_ c: Case) throws {
        var config = AutoscalerConfig()
        c.config(&config)
        let annotations = try AutoscalingAnnotations(c.annotations)
        do {
            try annotations.validate(config: config)
            #expect(c.errorKey == nil, "expected an error naming \(c.errorKey ?? "")")
        } catch {
            #expect(error.key == c.errorKey, "\(error)")
        }
    }
}
