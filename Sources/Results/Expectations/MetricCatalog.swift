import Scenario

/// The metric paths an expectation may name, for a scenario with given revisions.
///
/// Derived from a real `Summary` value (every field zero) walked as JSON, so adding a
/// field to the summary adds a metric path with no other change. Maps whose keys are
/// only known after a run — failure reasons, startup phases, latency breakdown phases —
/// appear with a placeholder segment (`failures.by_reason.<reason>`) that matches any
/// name; such a metric reads 0 when a run's summary has no entry for the name (no
/// failure with that reason, no such phase).
public struct MetricCatalog: Sendable {
    public static let reasonPlaceholder = "<reason>"
    public static let phasePlaceholder = "<phase>"

    /// Concrete paths and patterns, sorted.
    public let metrics: [MetricReading]

    /// `priced`: whether the scenario gives prices, so that the summary has `cost.*`.
    public init(revisions: [String], priced: Bool = false) {
        var template = Summary.template(revisions: revisions)
        if priced { template.cost = .zero }
        metrics = SummaryMetrics(template).readings
    }

    public init(scenario: Scenario) {
        var template = Summary.template(scenario: scenario)
        if scenario.prices != nil { template.cost = .zero }
        metrics = SummaryMetrics(template).readings
    }

    public var paths: [String] { metrics.map(\.path) }

    /// The catalogue entry `path` names (itself, or a pattern it fills in), if any.
    public func entry(for path: String) -> MetricReading? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        return metrics.first { candidate in
            let pattern = candidate.path.split(separator: ".", omittingEmptySubsequences: false)
            guard pattern.count == segments.count else { return false }
            return zip(pattern, segments).allSatisfy { p, s in
                p == s || (p.hasPrefix("<") && p.hasSuffix(">") && !s.isEmpty)
            }
        }
    }

    /// Every valid path, the ones closest to `path` first (by edit distance), for the
    /// message that rejects an unknown one.
    public func suggestions(for path: String, limit: Int = 8) -> [String] {
        let target = Array(path)
        let ranked = paths.map { ($0, EditDistance.between(target, Array($0))) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return ranked.prefix(limit).map(\.0)
    }
}

extension Summary {
    /// A summary with every field present and zero: one entry per revision, and a
    /// placeholder entry in each map whose keys only a run knows.
    static func template(revisions: [String]) -> Summary {
        let zero = Quantiles(count: 0, mean: 0, stddev: 0, min: 0, max: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0)
        let counts = RequestCounts(arrived: 0, completed: 0, failed: 0, inFlight: 0, warmupExcluded: 0)
        let failures = Failures(total: 0, byReason: [MetricCatalog.reasonPlaceholder: 0])
        let level = Level(mean: 0, max: 0, integral: 0)
        return Summary(
            knsimVersion: KnsimVersion.current, mode: "simulation", model: "", scenario: "", seed: 0,
            durationSeconds: 0, warmupSeconds: 0, events: 0, requests: counts, failures: failures,
            latency: zero, wait: zero, pods: level, inSystem: level,
            littlesLaw: LittlesLaw(arrivalRate: 0, meanTimeInSystem: 0, meanInSystem: 0, relativeError: 0),
            coldStarts: 0,
            coldStart: ColdStart(requests: 0, total: zero, phases: [MetricCatalog.phasePlaceholder: zero]),
            breakdown: [MetricCatalog.phasePlaceholder: zero],
            resources: Resources(podSeconds: 0, vcpuSeconds: 0, memoryGibSeconds: 0, nodeSeconds: 0, sidecarCPUSeconds: 0),
            faults: Faults(podCrashes: 0, podsKilled: 0, nodesKilled: 0, nodesAdded: 0, nodesRemoved: 0, activatorRetries: 0),
            revisions: Dictionary(revisions.map { name in
                (name, RevisionSummary(service: "", requests: counts, failures: failures, latency: zero, wait: zero,
                                       maxPodConcurrency: 0))
            }, uniquingKeysWith: { first, _ in first }))
    }
}

/// Levenshtein distance, for "did you mean" lists.
enum EditDistance {
    static func between(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
