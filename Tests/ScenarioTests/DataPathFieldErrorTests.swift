import Testing
@testable import Scenario

/// Every new data-path field, written wrongly: one located line each, with the
/// field's path. Built on MalformedScenarioTests' base scenario (line 1 is `name:`;
/// `cluster`/`mesh`/`activator`/`autoscaler` text starts at line 3, revisions at 6).
struct DataPathFieldErrorTests {
    typealias Case = MalformedScenarioTests.Case

    static func scenario(cluster: String = "", autoscaler: String = "",
                         revisions: String = "      - name: web-1\n        traffic: 100\n        service-time: 50ms") -> String {
        MalformedScenarioTests.scenario(cluster: cluster, autoscaler: autoscaler, revisions: revisions)
    }

    static let cases: [Case] = [
        Case(label: "max-pods zero", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpu: 4, memory: 16Gi, max-pods: 0}"),
             expected: #"bad.yaml:5:61: cluster.node-pools[0].max-pods: must be a whole number of pods, at least 1, got "0""#),
        Case(label: "images not a list", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpu: 4, memory: 16Gi, images: app:1}"),
             expected: #"bad.yaml:5:59: cluster.node-pools[0].images: must be a list of image names, got "app:1""#),
        Case(label: "duplicate image", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpu: 4, memory: 16Gi, images: [app:1, app:1]}"),
             expected: #"bad.yaml:5:67: cluster.node-pools[0].images[1]: duplicate image "app:1""#),
        Case(label: "max-count below count", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpu: 4, memory: 16Gi, max-count: 1}"),
             expected: #"bad.yaml:5:62: cluster.node-pools[0].max-count: must be a whole number of nodes, at least count (2), got "1""#),
        Case(label: "min-count above count", yaml: scenario(cluster: "cluster:\n  node-pools:\n    - {name: big, count: 2, cpu: 4, memory: 16Gi, min-count: 3}"),
             expected: #"bad.yaml:5:62: cluster.node-pools[0].min-count: must be a whole number of nodes from 0 to count (2), got "3""#),
        Case(label: "unknown scheduler", yaml: scenario(cluster: "cluster:\n  scheduler: least-allocate"),
             expected: #"bad.yaml:4:14: cluster.scheduler: unknown scoring strategy "least-allocate"; did you mean "least-allocated"? (one of least-allocated, most-allocated)"#),
        Case(label: "image-pull-bandwidth zero", yaml: scenario(cluster: "cluster:\n  image-pull-bandwidth: 0"),
             expected: #"bad.yaml:4:25: cluster.image-pull-bandwidth: must be more than 0 bytes per second, got "0""#),
        Case(label: "image-pull-bandwidth bad suffix", yaml: scenario(cluster: "cluster:\n  image-pull-bandwidth: 100MB/s"),
             expected: #"bad.yaml:4:25: cluster.image-pull-bandwidth: unknown suffix "MB/s" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "100MB/s""#),
        Case(label: "cluster-autoscaler unknown key", yaml: scenario(cluster: "cluster:\n  cluster-autoscaler: {enable: true}"),
             expected: #"bad.yaml:4:24: cluster.cluster-autoscaler.enable: unknown key "enable"; did you mean "enabled"?"#),
        Case(label: "scan-interval zero", yaml: scenario(cluster: "cluster:\n  cluster-autoscaler: {enabled: true, scan-interval: 0s}"),
             expected: #"bad.yaml:4:54: cluster.cluster-autoscaler.scan-interval: must be longer than 0, got "0s""#),
        Case(label: "provisioning-delay bad", yaml: scenario(cluster: "cluster:\n  cluster-autoscaler: {enabled: true, provisioning-delay: {distribution: exponential, mean: soon}}"),
             expected: #"bad.yaml:4:93: cluster.cluster-autoscaler.provisioning-delay.mean: must be a duration such as 250ms, 30s or 1m30s, got "soon""#),
        Case(label: "utilization threshold above 1", yaml: scenario(cluster: "cluster:\n  cluster-autoscaler: {scale-down-utilization-threshold: 1.5}"),
             expected: #"bad.yaml:4:58: cluster.cluster-autoscaler.scale-down-utilization-threshold: must be a number from 0 to 1, got "1.5""#),
        Case(label: "ingress hop-latency bad", yaml: scenario(cluster: "cluster:\n  ingress: {hop-latency: fast}"),
             expected: #"bad.yaml:4:26: cluster.ingress.hop-latency: must be a duration such as 250ms (a constant) or a mapping such as {distribution: exponential, mean: 100ms}, got "fast""#),
        Case(label: "ingress unknown key", yaml: scenario(cluster: "cluster:\n  ingress: {latency: 1ms}"),
             expected: #"bad.yaml:4:13: cluster.ingress.latency: unknown key "latency" (known keys: hop-latency)"#),
        Case(label: "queue-proxy resources unknown key", yaml: scenario(cluster: "cluster:\n  queue-proxy: {resources: {cpus: 50m}}"),
             expected: #"bad.yaml:4:29: cluster.queue-proxy.resources.cpus: unknown key "cpus"; did you mean "cpu"?"#),
        Case(label: "queue-proxy resources zero cpu", yaml: scenario(cluster: "cluster:\n  queue-proxy: {resources: {cpu: 0}}"),
             expected: #"bad.yaml:4:34: cluster.queue-proxy.resources.cpu: must be more than 0 cores, got "0""#),
        Case(label: "mesh unknown key", yaml: scenario(cluster: "mesh:\n  hop-latncy: 1ms"),
             expected: #"bad.yaml:4:3: mesh.hop-latncy: unknown key "hop-latncy"; did you mean "hop-latency"?"#),
        Case(label: "mesh cpu-per-request negative", yaml: scenario(cluster: "mesh:\n  cpu-per-request: -1ms"),
             expected: #"bad.yaml:4:20: mesh.cpu-per-request: must not be negative, got "-1ms""#),
        Case(label: "mesh memory bad", yaml: scenario(cluster: "mesh:\n  memory: 40MB"),
             expected: #"bad.yaml:4:11: mesh.memory: unknown suffix "MB" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "40MB""#),
        Case(label: "mesh resources negative", yaml: scenario(cluster: "mesh:\n  resources: {cpu: -100m}"),
             expected: #"bad.yaml:4:20: mesh.resources.cpu: must not be negative, got "-100m""#),
        Case(label: "mesh startup a list", yaml: scenario(cluster: "mesh:\n  startup: [1s]"),
             expected: #"bad.yaml:4:12: mesh.startup: must be a duration or a mapping such as {distribution: exponential, mean: 100ms}, got a list"#),
        Case(label: "mesh hold not a boolean", yaml: scenario(cluster: "mesh:\n  hold-application-until-proxy-starts: yes please"),
             expected: #"bad.yaml:4:40: mesh.hold-application-until-proxy-starts: must be true or false, got "yes please""#),
        Case(label: "activator hop-latency bad", yaml: scenario(cluster: "activator:\n  hop-latency: {distribution: uniform, min: 2ms, max: 1ms}"),
             expected: #"bad.yaml:4:55: activator.hop-latency.max: must be at least min (0.002), got 0.001"#),
        Case(label: "activator replicas zero", yaml: scenario(cluster: "activator:\n  replicas: 0"),
             expected: #"bad.yaml:4:13: activator.replicas: must be a whole number of activators, at least 1, got "0""#),
        Case(label: "image without name", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        image: {size: 10Mi}"),
             expected: #"bad.yaml:8:16: services[0].revisions[0].image.name: is required"#),
        Case(label: "image size negative", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        image: {name: app, size: -1Mi}"),
             expected: #"bad.yaml:8:34: services[0].revisions[0].image.size: must not be negative, got "-1Mi""#),
        Case(label: "image unknown key", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        image: {name: app, tag: v1}"),
             expected: #"bad.yaml:8:28: services[0].revisions[0].image.tag: unknown key "tag" (known keys: name, size)"#),
        Case(label: "request above limit", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        resources: {requests: {cpu: \"2\"}, limits: {cpu: \"1\"}}"),
             expected: #"bad.yaml:8:37: services[0].revisions[0].resources.requests.cpu: must not exceed limits.cpu (1), got "2""#),
        Case(label: "memory request above limit", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        resources:\n          requests: {memory: 1Gi}\n          limits: {memory: 512Mi}"),
             expected: #"bad.yaml:9:30: services[0].revisions[0].resources.requests.memory: must not exceed limits.memory (512Mi), got "1Gi""#),
        Case(label: "resources unknown key", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        resources: {request: {cpu: 1}}"),
             expected: #"bad.yaml:8:21: services[0].revisions[0].resources.request: unknown key "request"; did you mean "requests"?"#),
        Case(label: "resources bad cpu", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        resources: {limits: {cpu: 1 core}}"),
             expected: #"bad.yaml:8:35: services[0].revisions[0].resources.limits.cpu: unknown suffix " core" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "1 core""#),
        Case(label: "unknown cpu model", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        cpu-model: processor_sharing"),
             expected: #"bad.yaml:8:20: services[0].revisions[0].cpu-model: unknown CPU model "processor_sharing"; did you mean "processor-sharing"? (one of none, processor-sharing)"#),
        Case(label: "processor sharing without limit", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        cpu-model: processor-sharing\n        resources: {requests: {cpu: 500m}}"),
             expected: #"bad.yaml:8:20: services[0].revisions[0].cpu-model: processor-sharing needs resources.limits.cpu, the CPU the requests in a pod share"#),
        Case(label: "unknown startup phase", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        startup: {schedulng: 10ms}"),
             expected: #"bad.yaml:8:19: services[0].revisions[0].startup.schedulng: unknown key "schedulng"; did you mean "scheduling"?"#),
        Case(label: "startup phase bad", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        startup:\n          application-init: {distribution: lognormal, median: 2s}"),
             expected: #"bad.yaml:9:29: services[0].revisions[0].startup.application-init.p99: is required"#),
        Case(label: "termination-grace-period bad", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        termination-grace-period: forever"),
             expected: #"bad.yaml:8:35: services[0].revisions[0].termination-grace-period: must be a duration such as 250ms, 30s or 1m30s, got "forever""#),
        Case(label: "crash-on-start above 1", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        crash-on-start: 1.5"),
             expected: #"bad.yaml:8:25: services[0].revisions[0].crash-on-start: must be a probability from 0 to 1, got "1.5""#),
        Case(label: "unknown policy kind", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: keepalive}"),
             expected: #"bad.yaml:8:24: services[0].revisions[0].policy.kind: unknown policy kind "keepalive"; did you mean "keep-alive"? (one of keep-alive, hybrid-histogram, external)"#),
        Case(label: "policy without kind", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {keep-alive: 10m}"),
             expected: #"bad.yaml:8:17: services[0].revisions[0].policy.kind: is required (one of keep-alive, hybrid-histogram, external)"#),
        Case(label: "keep-alive zero", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: keep-alive, keep-alive: 0s}"),
             expected: #"bad.yaml:8:48: services[0].revisions[0].policy.keep-alive: must be longer than 0, got "0s""#),
        Case(label: "keep-alive policy with a hybrid key", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: keep-alive, range: 4h}"),
             expected: #"bad.yaml:8:36: services[0].revisions[0].policy.range: unknown key "range" (known keys: kind, keep-alive)"#),
        Case(label: "hybrid bin not dividing range", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: hybrid-histogram, range: 1h, bin: 7m}"),
             expected: #"bad.yaml:8:58: services[0].revisions[0].policy.bin: must be longer than 0 and divide range (1h) into whole bins, got "7m""#),
        Case(label: "hybrid range not whole minutes", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: hybrid-histogram, range: 90s}"),
             expected: #"bad.yaml:8:49: services[0].revisions[0].policy.range: must be a whole number of bins (bin: 1m), got "90s""#),
        Case(label: "hybrid percentiles reversed", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: hybrid-histogram, prewarm-percentile: 50, keep-alive-percentile: 40}"),
             expected: #"bad.yaml:8:89: services[0].revisions[0].policy.keep-alive-percentile: must be at least prewarm-percentile (50), got "40""#),
        Case(label: "hybrid prewarm above default keep-alive", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: hybrid-histogram, prewarm-percentile: 99.5}"),
             expected: #"bad.yaml:8:62: services[0].revisions[0].policy.prewarm-percentile: must be at most keep-alive-percentile (99), got "99.5""#),
        Case(label: "policy with class annotation", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        annotations:\n          autoscaling.knative.dev/class: kpa.autoscaling.knative.dev\n        policy: {kind: keep-alive}"),
             expected: #"bad.yaml:10:17: services[0].revisions[0].policy: cannot be combined with the annotation "autoscaling.knative.dev/class" (line 9): policy replaces Knative's autoscaler class"#),
        Case(label: "policy with pool", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        policy: {kind: keep-alive}\n        pool: {kind: fixed, pods: 2}"),
             expected: #"bad.yaml:9:15: services[0].revisions[0].pool: cannot be combined with policy (line 8): a fixed pool is not autoscaled"#),
        Case(label: "unknown class annotation", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        annotations:\n          autoscaling.knative.dev/class: kpa.autoscaling.knative.io"),
             expected: #"bad.yaml:9:42: services[0].revisions[0].annotations["autoscaling.knative.dev/class"]: autoscaler class "kpa.autoscaling.knative.io" is not one knsim simulates; did you mean "kpa.autoscaling.knative.dev"? (knsim simulates kpa.autoscaling.knative.dev and hpa.autoscaling.knative.dev; its own policies are chosen with policy: {kind: keep-alive}, {kind: hybrid-histogram} or {kind: external, command: ...})"#),
        Case(label: "custom class annotation", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        annotations:\n          autoscaling.knative.dev/class: acme.com/my-autoscaler"),
             expected: #"bad.yaml:9:42: services[0].revisions[0].annotations["autoscaling.knative.dev/class"]: autoscaler class "acme.com/my-autoscaler" is not one knsim simulates (knsim simulates kpa.autoscaling.knative.dev and hpa.autoscaling.knative.dev; its own policies are chosen with policy: {kind: keep-alive}, {kind: hybrid-histogram} or {kind: external, command: ...})"#),
        Case(label: "unknown pod-autoscaler-class", yaml: scenario(autoscaler: "autoscaler:\n  pod-autoscaler-class: keep-alive"),
             expected: #"bad.yaml:4:25: autoscaler.pod-autoscaler-class: autoscaler class "keep-alive" is not one knsim simulates (knsim simulates kpa.autoscaling.knative.dev and hpa.autoscaling.knative.dev; its own policies are chosen with policy: {kind: keep-alive}, {kind: hybrid-histogram} or {kind: external, command: ...})"#),
        Case(label: "pod too big for any node (CPU)", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        resources: {requests: {cpu: \"4\"}}"),
             expected: #"bad.yaml:8:20: services[0].revisions[0].resources: a pod of this revision requests 4.125 CPU (4 + queue-proxy 25m + istio-proxy 100m), more than a node of any pool has (at most 4, pool "default")"#),
        Case(label: "pod too big for any node (memory)", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        resources: {requests: {memory: 16Gi}}"),
             expected: #"bad.yaml:8:20: services[0].revisions[0].resources: a pod of this revision requests 16.125Gi of memory (16Gi + istio-proxy 128Mi), more than a node of any pool has (at most 16Gi, pool "default")"#),
        Case(label: "annotation value Knative rejects", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        annotations:\n          autoscaling.knative.dev/min-scale: abc"),
             expected: #"bad.yaml:9:46: services[0].revisions[0].annotations["autoscaling.knative.dev/min-scale"]: invalid value "abc": want a whole number"#),
        Case(label: "max-scale below min-scale", yaml: scenario(revisions: "      - name: web-1\n        service-time: 50ms\n        annotations:\n          autoscaling.knative.dev/min-scale: \"5\"\n          autoscaling.knative.dev/max-scale: \"2\""),
             expected: #"bad.yaml:10:46: services[0].revisions[0].annotations["autoscaling.knative.dev/max-scale"]: max-scale=2 is less than min-scale=5"#),
        Case(label: "config-autoscaler value Knative rejects", yaml: scenario(autoscaler: "autoscaler:\n  stable-window: 5s"),
             expected: #"bad.yaml:4:18: autoscaler.stable-window: must be in [6s, 1h], was 5s"#),
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
}
