import Testing
@testable import Scenario

/// Each malformed scenario must fail with exactly one line naming the file, the
/// line and column, the field path and the problem.
struct MalformedScenarioTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let yaml: String
        let expected: String
        var testDescription: String { label }
    }

    /// A valid scenario whose lines the cases below change one at a time. Line
    /// numbers in the expectations count from `name:` = line 1.
    static func scenario(
        top: String = "name: shop\nduration: 10m",
        cluster: String = "",
        autoscaler: String = "",
        revisions: String = """
                  - name: web-1
                    traffic: 100
                    service-time: 50ms
            """,
        workload: String = """
            workload:
              - service: web
                arrivals: {process: poisson, rate: 5}
            """,
        extra: String = ""
    ) -> String {
        var text = top + "\n"
        if !cluster.isEmpty { text += cluster + "\n" }
        if !autoscaler.isEmpty { text += autoscaler + "\n" }
        text += "services:\n  - name: web\n    revisions:\n" + revisions + "\n"
        text += workload + "\n"
        if !extra.isEmpty { text += extra + "\n" }
        return text
    }

    static let cases: [Case] = [
        // MARK: top level
        Case(label: "missing name", yaml: scenario(top: "duration: 10m"),
             expected: "bad.yaml:1:1: name: is required"),
        Case(label: "name not a DNS label", yaml: scenario(top: "name: My Shop\nduration: 10m"),
             expected: #"bad.yaml:1:7: name: must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), got "My Shop""#),
        Case(label: "missing duration", yaml: scenario(top: "name: shop"),
             expected: "bad.yaml:1:1: duration: is required"),
        Case(label: "unknown top-level key with suggestion", yaml: scenario(top: "name: shop\nduration: 10m\nwarmpu: 1m"),
             expected: #"bad.yaml:3:1: warmpu: unknown key "warmpu"; did you mean "warmup"?"#),
        Case(label: "unknown top-level key without suggestion", yaml: scenario(top: "name: shop\nduration: 10m\ncolour: blue"),
             expected: #"bad.yaml:3:1: colour: unknown key "colour" (known keys: name, description, seed, generator, duration, warmup, cluster, mesh, activator, autoscaler, services, workload, events, expect, prices)"#),
        Case(label: "misspelt section is reported before the missing one", yaml: scenario().replacingOccurrences(of: "services:", with: "servces:"),
             expected: #"bad.yaml:3:1: servces: unknown key "servces"; did you mean "services"?"#),
        Case(label: "negative duration", yaml: scenario(top: "name: shop\nduration: -5m"),
             expected: #"bad.yaml:2:11: duration: must not be negative, got "-5m""#),
        Case(label: "zero duration", yaml: scenario(top: "name: shop\nduration: 0s"),
             expected: #"bad.yaml:2:11: duration: must be longer than 0, got "0s""#),
        Case(label: "duration with unknown unit", yaml: scenario(top: "name: shop\nduration: 10 minutes"),
             expected: #"bad.yaml:2:11: duration: unknown unit " minutes" (use ns, us, ms, s, m or h), got "10 minutes""#),
        Case(label: "warmup not shorter than duration", yaml: scenario(top: "name: shop\nduration: 10m\nwarmup: 10m"),
             expected: #"bad.yaml:3:9: warmup: must be shorter than duration (10m), got "10m""#),
        Case(label: "seed negative", yaml: scenario(top: "name: shop\nduration: 10m\nseed: -1"),
             expected: #"bad.yaml:3:7: seed: must be a whole number from 0 to 18446744073709551615, got "-1""#),
        Case(label: "unknown generator with suggestion", yaml: scenario(top: "name: shop\nduration: 10m\ngenerator: mt1993"),
             expected: #"bad.yaml:3:12: generator: unknown generator "mt1993"; did you mean "mt19937"? (one of mt19937, ranlxd2, taus2, gfsr4, ranlux389)"#),
        Case(label: "top level is a list", yaml: "- name: shop\n",
             expected: "bad.yaml:1:1: the top level must be a mapping of scenario fields (name, duration, services, ...), got a list"),

        // MARK: cluster
        Case(label: "unknown key in cluster", yaml: scenario(cluster: "cluster:\n  node-pool: []"),
             expected: #"bad.yaml:4:3: cluster.node-pool: unknown key "node-pool"; did you mean "node-pools"?"#),
        Case(label: "bad cpu quantity", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpu: 4 cores, memory: 16Gi}"),
             expected: #"bad.yaml:5:34: cluster.node-pools[0].cpu: unknown suffix " cores" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "4 cores""#),
        Case(label: "bad memory suffix", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - name: big\n      count: 2\n      cpu: 4\n      memory: 16GB"),
             expected: #"bad.yaml:8:15: cluster.node-pools[0].memory: unknown suffix "GB" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "16GB""#),
        Case(label: "node count zero", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 0, cpu: 4, memory: 16Gi}"),
             expected: #"bad.yaml:5:26: cluster.node-pools[0].count: must be a whole number of nodes, at least 1, got "0""#),
        Case(label: "mesh enabled not a boolean", yaml: scenario(cluster: "mesh:\n  enabled: maybe"),
             expected: #"bad.yaml:4:12: mesh.enabled: must be true or false, got "maybe""#),
        Case(label: "activator capacity set twice", yaml: scenario(cluster: "activator:\n  capacity: 50", autoscaler: "autoscaler:\n  activator-capacity: 60"),
             expected: #"bad.yaml:6:23: autoscaler.activator-capacity: activator capacity is also set at activator.capacity (line 4); set it in one place"#),
        Case(label: "mesh under cluster (its former place)", yaml: scenario(cluster: "cluster:\n  mesh:\n    enabled: false"),
             expected: #"bad.yaml:4:3: cluster.mesh: mesh is a top-level section; move it out of cluster (to mesh: at the start of a line)"#),
        Case(label: "activator under cluster (its former place)", yaml: scenario(cluster: "cluster:\n  activator: {capacity: 50}"),
             expected: #"bad.yaml:4:3: cluster.activator: activator is a top-level section; move it out of cluster (to activator: at the start of a line)"#),

        Case(label: "unknown key in a node pool", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpus: 4, memory: 16Gi}"),
             expected: #"bad.yaml:5:29: cluster.node-pools[0].cpus: unknown key "cpus"; did you mean "cpu"?"#),
        Case(label: "cluster is a scalar", yaml: scenario(cluster: "cluster: big"),
             expected: #"bad.yaml:3:10: cluster: must be a mapping with keys node-pools, scheduler, image-pull-bandwidth, cluster-autoscaler, ingress, queue-proxy, got "big""#),
        Case(label: "fractional node count", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 1.5, cpu: 4, memory: 16Gi}"),
             expected: #"bad.yaml:5:26: cluster.node-pools[0].count: must be a whole number of nodes, at least 1, got "1.5""#),
        Case(label: "missing node pool field", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 1, cpu: 4}"),
             expected: "bad.yaml:5:7: cluster.node-pools[0].memory: is required"),

        // MARK: autoscaler
        Case(label: "unknown config-autoscaler key", yaml: scenario(autoscaler: "autoscaler:\n  stable-windw: 60s"),
             expected: #"bad.yaml:4:3: autoscaler.stable-windw: unknown key "stable-windw"; did you mean "stable-window"?"#),
        Case(label: "config-autoscaler value not a scalar", yaml: scenario(autoscaler: "autoscaler:\n  stable-window: [60s]"),
             expected: #"bad.yaml:4:18: autoscaler.stable-window: must be a string or number, got a list"#),
        Case(label: "config-autoscaler value empty", yaml: scenario(autoscaler: "autoscaler:\n  max-scale:\n"),
             expected: #"bad.yaml:4:13: autoscaler.max-scale: must be a string or number, got an empty value"#),

        // MARK: services and revisions
        Case(label: "traffic not a number", yaml: scenario(revisions: """
                      - name: web-1
                        traffic: 50
                        service-time: 50ms
                      - name: web-2
                        traffic: abc
                        service-time: 50ms
                """),
             expected: #"bad.yaml:10:18: services[0].revisions[1].traffic: must be a number from 0 to 100, got "abc""#),
        Case(label: "traffic does not add up", yaml: scenario(revisions: """
                      - name: web-1
                        traffic: 60
                        service-time: 50ms
                      - name: web-2
                        traffic: 30
                        service-time: 50ms
                """),
             expected: #"bad.yaml:6:7: services[0].revisions: traffic must add up to 100 percent, got 90 (web-1 60 + web-2 30)"#),
        Case(label: "traffic missing with two revisions", yaml: scenario(revisions: """
                      - name: web-1
                        traffic: 100
                        service-time: 50ms
                      - name: web-2
                        service-time: 50ms
                """),
             expected: #"bad.yaml:9:9: services[0].revisions[1].traffic: is required when a service has more than one revision"#),
        Case(label: "duplicate revision name", yaml: scenario(revisions: """
                      - name: web-1
                        traffic: 50
                        service-time: 50ms
                      - name: web-1
                        traffic: 50
                        service-time: 50ms
                """),
             expected: #"bad.yaml:9:15: services[0].revisions[1].name: duplicate revision name "web-1""#),
        Case(label: "missing service-time", yaml: scenario(revisions: "      - name: web-1"),
             expected: "bad.yaml:6:9: services[0].revisions[0].service-time: is required"),
        Case(label: "unknown revision key with suggestion", yaml: scenario(revisions: """
                      - name: web-1
                        containerConcurrency: 10
                        service-time: 50ms
                """),
             expected: #"bad.yaml:7:9: services[0].revisions[0].containerConcurrency: unknown key "containerConcurrency"; did you mean "container-concurrency"?"#),
        Case(label: "negative container-concurrency", yaml: scenario(revisions: """
                      - name: web-1
                        container-concurrency: -1
                        service-time: 50ms
                """),
             expected: #"bad.yaml:7:32: services[0].revisions[0].container-concurrency: must be a whole number from 0 (unlimited) to 1000, got "-1""#),
        Case(label: "unknown autoscaling annotation", yaml: scenario(revisions: """
                      - name: web-1
                        annotations:
                          autoscaling.knative.dev/minscale: "1"
                        service-time: 50ms
                """),
             expected: #"bad.yaml:8:11: services[0].revisions[0].annotations["autoscaling.knative.dev/minscale"]: unknown autoscaling annotation "autoscaling.knative.dev/minscale"; did you mean "autoscaling.knative.dev/min-scale"?"#),
        Case(label: "pool with zero pods", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: 50ms
                        pool: {kind: fixed, pods: 0}
                """),
             expected: #"bad.yaml:8:35: services[0].revisions[0].pool.pods: must be a whole number of pods, at least 1, got "0""#),
        Case(label: "services is a mapping", yaml: "name: shop\nduration: 10m\nservices:\n  web: {}\nworkload: []\n",
             expected: "bad.yaml:4:3: services: must be a list of services, got a mapping"),
        Case(label: "revision name already used by another service", yaml: """
                name: shop
                duration: 10m
                services:
                  - name: web
                    revisions:
                      - {name: web-1, service-time: 1s}
                  - name: api
                    revisions:
                      - {name: web-1, service-time: 1s}
                workload:
                  - {service: web, arrivals: {process: poisson, rate: 1}}
                """,
             expected: #"bad.yaml:9:16: services[1].revisions[0].name: revision name "web-1" is already used by service "web""#),
        Case(label: "duplicate service name", yaml: """
                name: shop
                duration: 10m
                services:
                  - name: web
                    revisions: [{service-time: 1s}]
                  - name: web
                    revisions: [{service-time: 1s}]
                workload:
                  - {service: web, arrivals: {process: poisson, rate: 1}}
                """,
             expected: #"bad.yaml:6:11: services[1].name: duplicate service name "web""#),

        Case(label: "unknown key in a service", yaml: scenario().replacingOccurrences(of: "  - name: web\n", with: "  - name: web\n    revison: x\n"),
             expected: #"bad.yaml:5:5: services[0].revison: unknown key "revison"; did you mean "revisions"?"#),
        Case(label: "revision is a scalar", yaml: scenario(revisions: "      - web-1"),
             expected: #"bad.yaml:6:9: services[0].revisions[0]: must be a mapping with keys name, traffic, container-concurrency, timeout, annotations, service-time, pool, policy, image, resources, cpu-model, startup, termination-grace-period, crash-on-start, got "web-1""#),
        Case(label: "unknown pool kind", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: 50ms
                        pool: {kind: fxed, pods: 2}
                """),
             expected: #"bad.yaml:8:22: services[0].revisions[0].pool.kind: unknown pool kind "fxed"; did you mean "fixed"? (one of fixed, keep-alive)"#),
        Case(label: "zero timeout", yaml: scenario(revisions: """
                      - name: web-1
                        timeout: 0
                        service-time: 50ms
                """),
             expected: #"bad.yaml:7:18: services[0].revisions[0].timeout: must be longer than 0, got "0""#),
        Case(label: "annotation value is a mapping", yaml: scenario(revisions: """
                      - name: web-1
                        annotations:
                          autoscaling.knative.dev/max-scale: {value: 3}
                        service-time: 50ms
                """),
             expected: #"bad.yaml:8:46: services[0].revisions[0].annotations["autoscaling.knative.dev/max-scale"]: must be a string or number, got a mapping"#),

        // MARK: distributions
        Case(label: "unknown distribution", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {distribution: lognorm, median: 50ms, p99: 1s}
                """),
             expected: #"bad.yaml:7:38: services[0].revisions[0].service-time.distribution: unknown distribution "lognorm"; did you mean "lognormal"? (one of constant, uniform, exponential, normal, lognormal, gamma, weibull, pareto, empirical)"#),
        Case(label: "bad distribution parameter", yaml: scenario(revisions: """
                      - name: web-1
                        service-time:
                          distribution: exponential
                          mean: soon
                """),
             expected: #"bad.yaml:9:17: services[0].revisions[0].service-time.mean: must be a duration such as 250ms, 30s or 1m30s, got "soon""#),
        Case(label: "distribution parameter that does not belong", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {distribution: uniform, min: 1ms, mean: 2ms}
                """),
             expected: #"bad.yaml:7:57: services[0].revisions[0].service-time.mean: unknown key "mean" (known keys: distribution, min, max)"#),
        Case(label: "uniform max below min (Engine's validation)", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {distribution: uniform, min: 20ms, max: 10ms}
                """),
             expected: #"bad.yaml:7:63: services[0].revisions[0].service-time.max: must be at least min (0.02), got 0.01"#),
        Case(label: "lognormal p99 below median (Engine's factory)", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {distribution: lognormal, median: 1s, p99: 100ms}
                """),
             expected: #"bad.yaml:7:66: services[0].revisions[0].service-time.p99: must be at least the median (1.0), got 0.1"#),
        Case(label: "two forms mixed", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {distribution: exponential, mean: 1s, rate: 2}
                """),
             expected: #"bad.yaml:7:61: services[0].revisions[0].service-time.rate: cannot be combined with mean (exponential takes mean, or rate)"#),
        Case(label: "distribution key missing", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {mean: 1s}
                """),
             expected: #"bad.yaml:7:23: services[0].revisions[0].service-time.distribution: is required (one of constant, uniform, exponential, normal, lognormal, gamma, weibull, pareto, empirical)"#),
        Case(label: "empirical file missing", yaml: scenario(revisions: """
                      - name: web-1
                        service-time: {distribution: empirical, file: no-such.csv}
                """),
             expected: #"bad.yaml:7:55: services[0].revisions[0].service-time.file: no such file: "no-such.csv" (resolved to "/nowhere/no-such.csv")"#),

        // MARK: workload and expect
        Case(label: "workload names a missing service", yaml: scenario(workload: """
                workload:
                  - service: wbe
                    arrivals: {process: poisson, rate: 5}
                """),
             expected: #"bad.yaml:10:14: workload[0].service: no service named "wbe"; did you mean "web"?"#),
        Case(label: "arrival rate zero", yaml: scenario(workload: """
                workload:
                  - service: web
                    arrivals: {process: poisson, rate: 0}
                """),
             expected: #"bad.yaml:11:40: workload[0].arrivals.rate: must be a number of requests per second, greater than 0, got "0""#),
        Case(label: "unknown arrival process", yaml: scenario(workload: """
                workload:
                  - service: web
                    arrivals: {process: bursty, rate: 5}
                """),
             expected: #"bad.yaml:11:25: workload[0].arrivals.process: unknown arrival process "bursty" (one of poisson, deterministic, schedule, diurnal, mmpp, closed-loop, trace)"#),
        Case(label: "unknown key in a workload entry", yaml: scenario(workload: """
                workload:
                  - service: web
                    arrival: {process: poisson, rate: 5}
                """),
             expected: #"bad.yaml:11:5: workload[0].arrival: unknown key "arrival"; did you mean "arrivals"?"#),
        Case(label: "poisson arrivals with an interval", yaml: scenario(workload: """
                workload:
                  - service: web
                    arrivals: {process: poisson, interval: 1s}
                """),
             expected: #"bad.yaml:11:34: workload[0].arrivals.interval: unknown key "interval" (known keys: process, rate)"#),
        Case(label: "empty workload", yaml: scenario(workload: "workload: []"),
             expected: "bad.yaml:9:11: workload: must hold at least one entry"),
        Case(label: "expect is a string", yaml: scenario(extra: "expect: latency.p99 < 2s"),
             expected: #"bad.yaml:12:9: expect: must be a list of expectations such as "latency.p99 < 2s", got "latency.p99 < 2s""#),
        Case(label: "empty expectation", yaml: scenario(extra: "expect:\n  - latency.p99 < 2s\n  - \"\""),
             expected: #"bad.yaml:14:5: expect[1]: must be an expectation such as "latency.p99 < 2s", got """#),

        // MARK: YAML itself
        Case(label: "invalid YAML", yaml: "name: shop\nduration: [10m\nservices: []\n",
             expected: "bad.yaml:3:9: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2)"),
        Case(label: "tab indentation", yaml: "name: shop\nservices:\n\t- name: web\n",
             expected: "bad.yaml:3:1: invalid YAML: found character that cannot start any token, a tab (YAML indents with spaces only) (while scanning for the next token)"),
        Case(label: "duplicate key", yaml: "name: shop\nduration: 10m\nname: other\n",
             expected: #"bad.yaml:3:1: duplicate key "name" (also at line 1); a key may appear once in a mapping"#),
        Case(label: "duplicate nested key", yaml: "name: shop\nservices:\n  - name: web\n    revisions: []\n    name: api\n",
             expected: #"bad.yaml:5:5: duplicate key "name" (also at line 3); a key may appear once in a mapping"#),
        Case(label: "duplicate key in a flow mapping", yaml: "name: shop\ncluster: {mesh: {enabled: true}, mesh: {}}\n",
             expected: #"bad.yaml:2:34: duplicate key "mesh" (also at line 2); a key may appear once in a mapping"#),
        Case(label: "two documents", yaml: "name: a\n---\nname: b\n",
             expected: "bad.yaml:2:1: a second YAML document starts here; a scenario file holds one document"),
        Case(label: "empty file", yaml: "",
             expected: "bad.yaml:1:1: the file is empty (it holds no YAML, only blanks or comments)"),
        Case(label: "only comments", yaml: "# nothing yet\n\n",
             expected: "bad.yaml:1:1: the file is empty (it holds no YAML, only blanks or comments)"),
    ]

    @Test(arguments: cases)
    func reportsOneLineWithPathAndLine(_ c: Case) {
        do {
            let scenario = try ScenarioLoader.parse(yaml: c.yaml, file: "bad.yaml", baseDirectory: "/nowhere")
            Issue.record("decoded without error: \(scenario.name)")
        } catch {
            #expect(error.description == c.expected)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func baseScenarioIsValid() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.scenario(), file: "ok.yaml", baseDirectory: "/nowhere")
        #expect(scenario.services.map(\.name) == ["web"])
    }
}
