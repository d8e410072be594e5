import Engine
import Scenario
import Testing

/// `--set PATH=VALUE` overrides, applied to the YAML tree before decoding.
@Suite struct OverrideTests {
    static let yaml = """
        name: hello
        seed: 42
        duration: 10m
        autoscaler:
          stable-window: 60s
        services:
          - name: hello
            revisions:
              - name: hello-v1
                container-concurrency: 1
                annotations:
                  autoscaling.knative.dev/target: "5"
                service-time: {distribution: exponential, mean: 100ms}
                pool: {kind: fixed, pods: 4}
        workload:
          - service: hello
            arrivals: {process: poisson, rate: 32}
        """

    func load(_ overrides: [String]) throws -> Scenario {
        var parsed: [ScenarioOverride] = []
        for text in overrides { parsed.append(try ScenarioOverride(parsing: text)) }
        return try ScenarioLoader.parse(yaml: Self.yaml, file: "s.yaml", baseDirectory: "/", overrides: parsed)
    }

    func failure(_ overrides: [String]) -> ScenarioError? {
        do {
            _ = try load(overrides)
            return nil
        } catch let error as ScenarioError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    static let annotationTarget: @Sendable (Scenario) -> String? = { scenario in
        scenario.services[0].revisions[0].autoscalingAnnotations.first { $0.key == "target" }?.value
    }

    @Test(arguments: [
        ("autoscaler.stable-window=30s", { @Sendable (s: Scenario) in s.autoscaler.entry("stable-window")?.value == "30s" }),
        ("autoscaler.panic-window-percentage=20", { @Sendable (s: Scenario) in s.autoscaler.entry("panic-window-percentage")?.value == "20" }),
        ("services.hello.revisions.hello-v1.container-concurrency=10", { @Sendable (s: Scenario) in s.services[0].revisions[0].containerConcurrency == 10 }),
        ("services[0].revisions[0].container-concurrency=7", { @Sendable (s: Scenario) in s.services[0].revisions[0].containerConcurrency == 7 }),
        ("services[0].revisions[0].annotations.autoscaling\\.knative\\.dev/target=10", { @Sendable (s: Scenario) in annotationTarget(s) == "10" }),
        ("services.hello.revisions.hello-v1.annotations[\"autoscaling.knative.dev/target\"]=12", { @Sendable (s: Scenario) in annotationTarget(s) == "12" }),
        ("services.hello.revisions.hello-v1.pool={kind: fixed, pods: 9}", { @Sendable (s: Scenario) in s.services[0].revisions[0].pool == .fixed(pods: 9) }),
        ("workload.hello.arrivals.rate=5", { @Sendable (s: Scenario) in s.workload[0].arrivals == .poisson(ratePerSecond: 5) }),
        ("seed=7", { @Sendable (s: Scenario) in s.seed == 7 }),
        ("duration=2m", { @Sendable (s: Scenario) in s.duration == .wholeSeconds(120) }),
        ("warmup=30s", { @Sendable (s: Scenario) in s.warmup == .wholeSeconds(30) }),
    ] as [(String, @Sendable (Scenario) -> Bool)])
    func goodOverrideTakesEffect(override: String, check: @Sendable (Scenario) -> Bool) throws {
        let scenario = try load([override])
        #expect(check(scenario), "\(override)")
        // The unmodified scenario does not already satisfy it.
        #expect(!check(try load([])), "\(override)")
    }

    @Test func laterOverrideWins() throws {
        #expect(try load(["seed=7", "seed=8"]).seed == 8)
    }

    @Test(arguments: [
        // A name or index that selects nothing: named, at the list's line.
        ("services.helo.revisions.hello-v1.container-concurrency=1", 7, "no element of services is named \"helo\" (names: \"hello\")"),
        ("services[2].name=x", 7, "services has 1 element, so [2] selects nothing"),
        ("services.hello.revisions.v2.pool.pods=1", 9, "no element of services[0].revisions is named \"v2\""),
        ("name.first=x", 1, "name is \"hello\", not a mapping or a list, so it has no key \"first\""),
        ("autoscaler[0]=x", 5, "autoscaler is a mapping, so [0] selects nothing"),
    ])
    func unknownPathIsNamed(override: String, line: Int, message: String) throws {
        let error = try #require(failure([override]))
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains("--set \(override): unknown path: \(message)"), "\(error)")
    }

    @Test(arguments: [
        ("autoscaler.stabel-window=30s", "autoscaler.stabel-window", "did you mean \"stable-window\"?"),
        ("nme=x", "nme", "did you mean \"name\"?"),
        ("mesh.sidecars.istio=true", "mesh.sidecars", "unknown key"),
    ])
    func createdUnknownKeyIsRejectedByTheDecoder(override: String, path: String, message: String) throws {
        let error = try #require(failure([override]))
        #expect(error.path == path, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.message.hasSuffix("(from --set \(override))"), "\(error)")
        // Created by the override: there is no line in the file to point at.
        #expect(error.line == nil, "\(error)")
    }

    @Test(arguments: [
        // A bad value that replaces one in the file is reported at that value's line.
        ("services.hello.revisions.hello-v1.container-concurrency=abc", 10, "services[0].revisions[0].container-concurrency", "got \"abc\""),
        ("duration=soon", 3, "duration", "must be a duration"),
        ("autoscaler.stable-window=-5s", 5, "autoscaler.stable-window", "must be in [6s, 1h], was -5s"),
        ("workload.hello.arrivals.rate=0", 17, "workload[0].arrivals.rate", "greater than 0, got \"0\""),
    ])
    func badValueIsLocated(override: String, line: Int, path: String, message: String) throws {
        let error = try #require(failure([override]))
        #expect(error.file == "s.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.path == path, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.message.hasSuffix("(from --set \(override))"), "\(error)")
    }

    @Test func invalidYAMLValueNamesTheOverride() {
        let error = failure(["seed={a"])
        #expect(error?.description.hasPrefix("s.yaml: --set seed={a: the value is not valid YAML") == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("no-equals-sign", "expected PATH=VALUE"),
        ("=5", "the path is empty"),
        ("a..b=1", "empty key"),
        ("a.=1", "the path ends with \".\""),
        ("services[x]=1", "[x] is not a list index"),
        ("services[0=1", "unclosed"),
        ("a[\"b]=1", "unclosed"),
    ])
    func malformedOverrideIsASyntaxError(text: String, message: String) {
        #expect(throws: ScenarioOverrideSyntaxError.self) { try ScenarioOverride(parsing: text) }
        do {
            _ = try ScenarioOverride(parsing: text)
        } catch {
            #expect(error.description.hasPrefix("--set \(text): "))
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test(arguments: [
        ("a.b=1", [ScenarioOverride.Component.key("a"), .key("b")], "1"),
        ("a[2].b=x=y", [.key("a"), .index(2), .key("b")], "x=y"),
        ("a[\"k.e=y\"]=v", [.key("a"), .key("k.e=y")], "v"),
        ("a.k\\.e\\=y=v", [.key("a"), .key("k.e=y")], "v"),
        ("a=", [.key("a")], ""),
    ])
    func pathSyntax(text: String, components: [ScenarioOverride.Component], value: String) throws {
        let override = try ScenarioOverride(parsing: text)
        #expect(override.components == components)
        #expect(override.value == value)
    }
}
