import Engine
import Serving

/// Writes a scenario back as YAML, every default spelt out: the "resolved" scenario
/// a run can store next to its results, so a reader sees exactly what was simulated.
///
/// `ScenarioLoader.parse` reads the output back to an equal `Scenario` (apart from
/// source locations). Distributions are written in their canonical parameters
/// (a lognormal given by median and p99 comes back as mu and sigma), times in
/// distributions as plain seconds.
public enum ScenarioWriter {
    public static func yaml(for scenario: Scenario) -> String {
        var out: [String] = []
        out.append("name: \(string(scenario.name))")
        if let description = scenario.description { out.append("description: \(string(description))") }
        out.append("seed: \(scenario.seed)")
        out.append("generator: \(scenario.generator.rawValue)")
        out.append("duration: \(duration(scenario.duration))")
        out.append("warmup: \(duration(scenario.warmup))")
        writeCluster(scenario.cluster, into: &out)
        writeMesh(scenario.mesh, into: &out)

        let activator = scenario.activator
        out.append("activator:")
        out.append("  queue-depth: \(activator.queueDepth)")
        if scenario.autoscaler.entry("activator-capacity") == nil {
            out.append("  capacity: \(number(activator.capacity))")
        }
        out.append("  hop-latency: \(distribution(activator.hopLatency))")
        if let replicas = activator.replicas { out.append("  replicas: \(replicas)") }
        if let prices = scenario.prices {
            out.append("prices:")
            for (key, value) in [("vcpu-second", prices.vcpuSecond), ("gib-second", prices.gibSecond),
                                 ("million-requests", prices.millionRequests), ("node-hour", prices.nodeHour)] {
                if let value { out.append("  \(key): \(value)") }
            }
            if prices == PricesConfig() { out[out.count - 1] = "prices: {}" }
        }

        if scenario.autoscaler.entries.isEmpty {
            out.append("autoscaler: {}")
        } else {
            out.append("autoscaler:")
            for entry in scenario.autoscaler.entries { out.append("  \(entry.key): \(string(entry.value))") }
        }

        out.append("services:")
        for service in scenario.services {
            out.append("  - name: \(string(service.name))")
            out.append("    revisions:")
            for revision in service.revisions { writeRevision(revision, mesh: scenario.mesh, into: &out) }
            writeCalls(service.calls, into: &out)
        }

        out.append("workload:")
        for entry in scenario.workload { writeWorkloadEntry(entry, into: &out) }

        if !scenario.events.isEmpty {
            out.append("events:")
            for event in scenario.events { writeEvent(event, into: &out) }
        }

        if !scenario.expectations.isEmpty {
            out.append("expect:")
            for expectation in scenario.expectations { out.append("  - \(string(expectation.text))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func writeCluster(_ cluster: ClusterConfig, into out: inout [String]) {
        out.append("cluster:")
        out.append("  node-pools:")
        for pool in cluster.nodePools {
            out.append("    - name: \(string(pool.name))")
            out.append("      count: \(pool.count)")
            out.append("      cpu: \(number(pool.cpu))")
            out.append("      memory: \(number(pool.memory))")
            out.append("      max-pods: \(pool.maxPods)")
            out.append("      images: [\(pool.images.map(string).joined(separator: ", "))]")
            out.append("      min-count: \(pool.minCount)")
            out.append("      max-count: \(pool.maxCount)")
        }
        out.append("  scheduler: \(cluster.scheduler.rawValue)")
        out.append("  image-pull-bandwidth: \(number(cluster.imagePullBandwidth))")
        let autoscaler = cluster.clusterAutoscaler
        out.append("  cluster-autoscaler:")
        out.append("    enabled: \(autoscaler.enabled)")
        out.append("    provisioning-delay: \(distribution(autoscaler.provisioningDelay))")
        out.append("    scale-down-unneeded-time: \(duration(autoscaler.scaleDownUnneededTime))")
        out.append("    scan-interval: \(duration(autoscaler.scanInterval))")
        out.append("    scale-down-utilization-threshold: \(number(autoscaler.scaleDownUtilizationThreshold))")
        out.append("    scale-down-delay-after-add: \(duration(autoscaler.scaleDownDelayAfterAdd))")
        out.append("  ingress:")
        out.append("    hop-latency: \(distribution(cluster.ingress.hopLatency))")
        out.append("  queue-proxy:")
        out.append("    hop-latency: \(distribution(cluster.queueProxy.hopLatency))")
        out.append("    resources: \(resources(cluster.queueProxy.resources))")
    }

    private static func writeMesh(_ mesh: MeshConfig, into out: inout [String]) {
        out.append("mesh:")
        out.append("  enabled: \(mesh.enabled)")
        out.append("  hop-latency: \(distribution(mesh.hopLatency))")
        out.append("  cpu-per-request: \(duration(mesh.cpuPerRequest))")
        out.append("  memory: \(number(mesh.memory))")
        out.append("  resources: \(resources(mesh.resources))")
        out.append("  startup: \(distribution(mesh.startup))")
        out.append("  hold-application-until-proxy-starts: \(mesh.holdApplicationUntilProxyStarts)")
    }

    private static func writeRevision(_ revision: RevisionConfig, mesh: MeshConfig, into out: inout [String]) {
        out.append("      - name: \(string(revision.name))")
        out.append("        traffic: \(number(revision.trafficPercent))")
        out.append("        container-concurrency: \(revision.containerConcurrency)")
        out.append("        timeout: \(duration(revision.timeout))")
        let annotations = revision.autoscalingAnnotations.map { ("autoscaling.knative.dev/" + $0.key, $0.value) }
            + revision.ignoredAnnotations.map { ($0.key, $0.value) }
        if !annotations.isEmpty {
            out.append("        annotations:")
            for (key, value) in annotations { out.append("          \(string(key)): \(string(value))") }
        }
        out.append("        service-time: \(distribution(revision.serviceTime))")
        if let pool = revision.pool {
            switch pool {
            case .fixed(let pods): out.append("        pool: {kind: fixed, pods: \(pods)}")
            case .keepAlive(let expiration, let cold):
                out.append("        pool: {kind: keep-alive, expiration: \(duration(expiration)), cold-service-time: \(distribution(cold))}")
            }
        }
        switch revision.scalingPolicy {
        case .kpa, .hpa:
            break  // The Knative class is in the annotations or config-autoscaler.
        case .keepAlive(let keepAlive):
            out.append("        policy: {kind: keep-alive, keep-alive: \(duration(keepAlive))}")
        case .hybridHistogram(let policy):
            out.append("        policy: {kind: hybrid-histogram, range: \(duration(policy.range)), bin: \(duration(policy.bin)), "
                + "prewarm-percentile: \(number(policy.prewarmPercentile)), keep-alive-percentile: \(number(policy.keepAlivePercentile)), "
                + "fallback-keep-alive: \(duration(policy.fallbackKeepAlive))}")
        case .external(let policy):
            out.append("        policy: {kind: external, command: \(string(policy.command)), "
                + "decision-interval: \(duration(policy.decisionInterval)), timeout: \(duration(policy.timeout))}")
        }
        if let image = revision.image {
            out.append("        image: {name: \(string(image.name)), size: \(number(image.size))}")
        }
        out.append("        resources: {requests: \(resources(revision.resources.requests)), limits: \(resources(revision.resources.limits))}")
        out.append("        cpu-model: \(revision.cpuModel.rawValue)")
        out.append("        startup:")
        for phase in revision.startup.all {
            // Without the mesh there is no proxy to start; its default is left out
            // rather than written where it would be flagged as having no effect.
            if phase.key == "proxy-start", !mesh.enabled, phase.distribution == mesh.startup { continue }
            out.append("          \(phase.key): \(distribution(phase.distribution))")
        }
        out.append("        termination-grace-period: \(duration(revision.terminationGracePeriod))")
        out.append("        crash-on-start: \(number(revision.crashOnStart))")
    }

    private static func writeWorkloadEntry(_ entry: WorkloadEntry, into out: inout [String]) {
        out.append("  - service: \(string(entry.service))")
        out.append("    arrivals: \(arrivals(entry.arrivals))")
        if let serviceTime = entry.serviceTime { out.append("    service-time: \(distribution(serviceTime))") }
        out.append("    start: \(duration(entry.start))")
        if let end = entry.end { out.append("    end: \(duration(end))") }
    }

    static func arrivals(_ arrivals: ArrivalProcessConfig) -> String {
        switch arrivals {
        case .poisson(let rate):
            return "{process: poisson, rate: \(number(rate))}"
        case .deterministic(let interval):
            return "{process: deterministic, interval: \(duration(interval))}"
        case .schedule(let schedule):
            let segments = schedule.segments.map { segment in
                switch segment {
                case .step(let at, let rate):
                    return "{at: \(duration(at)), rate: \(number(rate))}"
                case .ramp(let at, let from, let to, let over):
                    return "{at: \(duration(at)), from: \(number(from)), to: \(number(to)), over: \(duration(over))}"
                }
            }
            return "{process: schedule, segments: [\(segments.joined(separator: ", "))]}"
        case .diurnal(let rate):
            return "{process: diurnal, mean: \(number(rate.mean)), amplitude: \(number(rate.amplitude)), "
                + "period: \(duration(rate.period)), phase: \(duration(rate.phase))}"
        case .mmpp(let mmpp):
            let states = mmpp.states.map { "{rate: \(number($0.rate)), mean-sojourn: \(duration($0.meanSojourn))}" }
            return "{process: mmpp, states: [\(states.joined(separator: ", "))]}"
        case .closedLoop(let clients, let thinkTime):
            return "{process: closed-loop, clients: \(clients), think-time: \(distribution(thinkTime))}"
        case .trace(let trace):
            var parts = ["process: trace", "format: \(trace.format.rawValue)", "file: \(string(trace.file))"]
            if let function = trace.function { parts.append("function: \(string(function))") }
            if let file = trace.durationsFile { parts.append("durations-file: \(string(file))") }
            switch trace.column {
            case .named(let name): parts.append("column: \(string(name))")
            case .position(let position): parts.append("column: \(position)")
            case nil: break
            }
            parts.append("offset: \(duration(trace.offset))")
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    private static func writeEvent(_ event: ScenarioEvent, into out: inout [String]) {
        out.append("  - at: \(duration(event.at))")
        switch event.action {
        case .traffic(let service, let split):
            let shares = split.map { "\(string($0.revision)): \(number($0.percent))" }.joined(separator: ", ")
            out.append("    traffic: {service: \(string(service)), split: {\(shares)}}")
        case .killPod(let revision, let count):
            out.append("    kill-pod: {revision: \(string(revision)), count: \(count)}")
        case .killNode(let pool, let index):
            out.append("    kill-node: {pool: \(string(pool)), index: \(index)}")
        }
    }

    static func resources(_ list: ResourceList) -> String {
        var parts: [String] = []
        if let cpu = list.cpu { parts.append("cpu: \(number(cpu))") }
        if let memory = list.memory { parts.append("memory: \(number(memory))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func duration(_ value: SimDuration) -> String { DurationSyntax.format(value) }

    static func distribution(_ distribution: Distribution) -> String {
        switch distribution {
        case .constant(let value):
            return "{distribution: constant, value: \(number(value))}"
        case .uniform(let low, let high):
            return "{distribution: uniform, min: \(number(low)), max: \(number(high))}"
        case .exponential(let mean):
            return "{distribution: exponential, mean: \(number(mean))}"
        case .truncatedNormal(let mean, let stddev):
            return "{distribution: normal, mean: \(number(mean)), stddev: \(number(stddev))}"
        case .lognormal(let mu, let sigma):
            return "{distribution: lognormal, mu: \(number(mu)), sigma: \(number(sigma))}"
        case .gamma(let shape, let scale):
            return "{distribution: gamma, shape: \(number(shape)), scale: \(number(scale))}"
        case .weibull(let shape, let scale):
            return "{distribution: weibull, shape: \(number(shape)), scale: \(number(scale))}"
        case .pareto(let shape, let scale):
            return "{distribution: pareto, shape: \(number(shape)), scale: \(number(scale))}"
        case .empirical(let samples):
            return "{distribution: empirical, values: [\(samples.sorted.map(number).joined(separator: ", "))]}"
        }
    }

    /// Swift's shortest text that reads back as the same Double (`0.1`, `1e-05`).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A double-quoted YAML string (JSON escapes are valid YAML).
    static func string(_ text: String) -> String { quoted(text) }

    static func writeCalls(_ steps: [CallStep], into out: inout [String]) {
        guard !steps.isEmpty else { return }
        out.append("    calls:")
        func call(_ c: CallSpec, first: String, rest: String) {
            out.append("\(first)service: \(string(c.service))")
            out.append("\(rest)probability: \(number(c.probability))")
            out.append("\(rest)count: \(c.count)")
            if let timeout = c.timeout { out.append("\(rest)timeout: \(duration(timeout))") }
        }
        for step in steps {
            if step.parallel {
                out.append("      - at: \(number(step.at))")
                out.append("        parallel:")
                for c in step.calls { call(c, first: "          - ", rest: "            ") }
            } else {
                call(step.calls[0], first: "      - ", rest: "        ")
                out.append("        at: \(number(step.at))")
            }
        }
    }
}
