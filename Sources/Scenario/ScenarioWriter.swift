import Engine

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
        out.append("duration: \(DurationSyntax.format(scenario.duration))")
        out.append("warmup: \(DurationSyntax.format(scenario.warmup))")

        let cluster = scenario.cluster
        out.append("cluster:")
        out.append("  node-pools:")
        for pool in cluster.nodePools {
            out.append("    - name: \(string(pool.name))")
            out.append("      count: \(pool.count)")
            out.append("      cpu: \(number(pool.cpu))")
            out.append("      memory: \(number(pool.memory))")
        }
        out.append("  mesh:")
        out.append("    enabled: \(cluster.mesh.enabled)")
        out.append("  activator:")
        out.append("    queue-depth: \(cluster.activator.queueDepth)")
        if scenario.autoscaler.entry("activator-capacity") == nil {
            out.append("    capacity: \(number(cluster.activator.capacity))")
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
            for revision in service.revisions {
                out.append("      - name: \(string(revision.name))")
                out.append("        traffic: \(number(revision.trafficPercent))")
                out.append("        container-concurrency: \(revision.containerConcurrency)")
                out.append("        timeout: \(DurationSyntax.format(revision.timeout))")
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
                    }
                }
            }
        }

        out.append("workload:")
        for entry in scenario.workload {
            out.append("  - service: \(string(entry.service))")
            switch entry.arrivals {
            case .poisson(let rate):
                out.append("    arrivals: {process: poisson, rate: \(number(rate))}")
            case .deterministic(let interval):
                out.append("    arrivals: {process: deterministic, interval: \(DurationSyntax.format(interval))}")
            }
        }

        if !scenario.expectations.isEmpty {
            out.append("expect:")
            for expectation in scenario.expectations { out.append("  - \(string(expectation.text))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

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
}
