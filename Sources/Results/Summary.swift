import Engine
import Serving

/// The content of summary.json. Field names are the metric paths users write in
/// expectations (e.g. `latency.p99`, `pods.max`, `failures.total`,
/// `revisions.hello-v2.latency.p95`), so keep them stable.
public struct Summary: Codable, Sendable, Equatable {
    public var knsimVersion: String
    /// "simulation" or "real".
    public var mode: String
    public var model: String
    public var scenario: String
    public var seed: UInt64
    public var durationSeconds: Double
    public var warmupSeconds: Double
    public var events: Int
    public var requests: RequestCounts
    public var failures: Failures
    public var latency: Quantiles
    public var wait: Quantiles
    public var pods: Level
    public var inSystem: Level
    public var littlesLaw: LittlesLaw
    public var coldStarts: Int
    /// Cold-start detail: requests that waited for a pod, and each startup phase.
    public var coldStart: ColdStart
    /// Where completed requests' time went, by phase of the request path (seconds).
    public var breakdown: [String: Quantiles]
    /// Requested resources integrated over the statistics period.
    public var resources: Resources
    /// Faults injected or met during the run (pod crashes, kills, node changes).
    public var faults: Faults
    public var revisions: [String: RevisionSummary]
    /// Latency of the completed requests that met a cold start (`cold_start.requests`
    /// counts them as they arrive) and of those that did not: `latency` split in two.
    public var latencyCold = Quantiles(LatencyStatistics())
    public var latencyWarm = Quantiles(LatencyStatistics())
    /// What the run cost at the scenario's prices; absent without prices.
    public var cost: Cost? = nil
    /// Calls between services by caller service, then callee revision
    /// (`edges.myapp.user-v1.latency.p95`); absent without calls (SummaryEdges.swift).
    public var edges: [String: [String: Edge]]? = nil
    /// What entry requests met on their call paths; absent without calls.
    public var entry: EntryPaths? = nil

    enum CodingKeys: String, CodingKey {
        case knsimVersion = "knsim_version", mode, model, scenario, seed
        case durationSeconds = "duration_seconds", warmupSeconds = "warmup_seconds", events
        case requests, failures, latency, wait, pods, inSystem = "in_system"
        case littlesLaw = "littles_law", coldStarts = "cold_starts", coldStart = "cold_start", breakdown, resources, faults, revisions
        case latencyCold = "latency_cold", latencyWarm = "latency_warm", cost
        case edges, entry
    }

    public struct RequestCounts: Codable, Sendable, Equatable {
        public var arrived: Int
        public var completed: Int
        public var failed: Int
        public var inFlight: Int
        public var warmupExcluded: Int
        enum CodingKeys: String, CodingKey {
            case arrived, completed, failed, inFlight = "in_flight", warmupExcluded = "warmup_excluded"
        }
    }

    public struct Failures: Codable, Sendable, Equatable {
        public var total: Int
        public var byReason: [String: Int]
        enum CodingKeys: String, CodingKey { case total, byReason = "by_reason" }
    }

    /// Seconds.
    public struct Quantiles: Codable, Sendable, Equatable {
        public var count: Int
        public var mean: Double
        public var stddev: Double
        public var min: Double
        public var max: Double
        public var p50: Double
        public var p90: Double
        public var p95: Double
        public var p99: Double
        public var p999: Double
    }

    public struct Level: Codable, Sendable, Equatable {
        /// Time-weighted average over the statistics period.
        public var mean: Double
        public var max: Double
        /// Level × seconds (pod-seconds for pods).
        public var integral: Double
    }

    /// L = λW, checked on every run: L is the time-average number of requests in the
    /// system, λ the arrival rate after the warm-up, W the mean time in the system of the
    /// requests that left it, completed or failed. They differ only by edge effects
    /// (requests still in flight at the end).
    public struct LittlesLaw: Codable, Sendable, Equatable {
        public var arrivalRate: Double
        public var meanTimeInSystem: Double
        public var meanInSystem: Double
        public var relativeError: Double
        enum CodingKeys: String, CodingKey {
            case arrivalRate = "arrival_rate", meanTimeInSystem = "mean_time_in_system"
            case meanInSystem = "mean_in_system", relativeError = "relative_error"
        }
    }

    public struct Resources: Codable, Sendable, Equatable {
        public var podSeconds: Double
        public var vcpuSeconds: Double
        public var memoryGibSeconds: Double
        public var nodeSeconds: Double
        /// CPU the istio-proxy sidecars spent on requests (mesh cpu-per-request × hops).
        public var sidecarCPUSeconds: Double
        enum CodingKeys: String, CodingKey {
            case podSeconds = "pod_seconds", vcpuSeconds = "vcpu_seconds", memoryGibSeconds = "memory_gib_seconds"
            case nodeSeconds = "node_seconds", sidecarCPUSeconds = "sidecar_cpu_seconds"
        }
    }

    public struct Faults: Codable, Sendable, Equatable {
        public var podCrashes: Int
        public var podsKilled: Int
        public var nodesKilled: Int
        public var nodesAdded: Int
        public var nodesRemoved: Int
        public var activatorRetries: Int
        enum CodingKeys: String, CodingKey {
            case podCrashes = "pod_crashes", podsKilled = "pods_killed", nodesKilled = "nodes_killed"
            case nodesAdded = "nodes_added", nodesRemoved = "nodes_removed", activatorRetries = "activator_retries"
        }
    }

    public struct ColdStart: Codable, Sendable, Equatable {
        /// Requests that arrived when their revision had no pod to serve them.
        public var requests: Int
        /// Pod creation to ready (seconds).
        public var total: Quantiles
        /// Each startup phase (seconds), by name.
        public var phases: [String: Quantiles]
    }

    public struct RevisionSummary: Codable, Sendable, Equatable {
        public var service: String
        public var requests: RequestCounts
        public var failures: Failures
        public var latency: Quantiles
        public var wait: Quantiles
        public var maxPodConcurrency: Int
        enum CodingKeys: String, CodingKey {
            case service, requests, failures, latency, wait, maxPodConcurrency = "max_pod_concurrency"
        }
    }
}

extension Summary {
    public init(report: RunReport, scenario: String, seed: UInt64, model: String, mode: String = "simulation") {
        let statisticsSeconds = (report.duration.nanoseconds - report.warmup.nanoseconds) > 0
            ? Double(report.duration.nanoseconds - report.warmup.nanoseconds) / 1e9 : 0
        let lambda = statisticsSeconds > 0 ? Double(report.overall.arrived) / statisticsSeconds : 0
        let w = report.meanTimeInSystem
        let l = report.inSystem.timeAverage
        let predicted = lambda * w
        self.init(
            knsimVersion: KnsimVersion.current,
            mode: mode,
            model: model,
            scenario: scenario,
            seed: seed,
            durationSeconds: report.duration.seconds,
            warmupSeconds: report.warmup.seconds,
            events: report.eventsProcessed,
            requests: RequestCounts(report.overall),
            failures: Failures(report.overall),
            latency: Quantiles(report.overall.latency),
            wait: Quantiles(report.overall.wait),
            pods: Level(report.readyPods),
            inSystem: Level(report.inSystem),
            littlesLaw: LittlesLaw(arrivalRate: lambda, meanTimeInSystem: w, meanInSystem: l,
                                   relativeError: l > 0 ? abs(predicted - l) / l : 0),
            coldStarts: report.coldStarts.pods,
            coldStart: ColdStart(
                requests: report.coldStarts.requests,
                total: Quantiles(report.coldStarts.total),
                phases: Dictionary(uniqueKeysWithValues: report.coldStarts.phases.map { ($0.name, Quantiles($0.statistics)) })),
            breakdown: Dictionary(uniqueKeysWithValues: report.breakdown.phases.map { ($0.name, Quantiles($0.statistics)) }),
            resources: Resources(podSeconds: report.resources.podSeconds, vcpuSeconds: report.resources.vCPUSeconds,
                                 memoryGibSeconds: report.resources.memoryGiBSeconds,
                                 nodeSeconds: report.resources.nodeSeconds,
                                 sidecarCPUSeconds: report.resources.sidecarCPUSeconds),
            faults: Faults(podCrashes: report.faults.podCrashes, podsKilled: report.faults.podsKilled,
                           nodesKilled: report.faults.nodesKilled, nodesAdded: report.faults.nodesAdded,
                           nodesRemoved: report.faults.nodesRemoved, activatorRetries: report.faults.activatorRetries),
            revisions: Dictionary(uniqueKeysWithValues: report.revisions.map { revision in
                (revision.name, RevisionSummary(
                    service: revision.service,
                    requests: RequestCounts(revision.totals),
                    failures: Failures(revision.totals),
                    latency: Quantiles(revision.totals.latency),
                    wait: Quantiles(revision.totals.wait),
                    maxPodConcurrency: revision.maxPodConcurrency))
            }))
        latencyCold = Quantiles(report.coldLatency)
        latencyWarm = Quantiles(report.warmLatency)
        addCalls(from: report, statisticsSeconds: statisticsSeconds)
    }
}

extension Summary.RequestCounts {
    init(_ totals: RequestTotals) {
        self.init(arrived: totals.arrived, completed: totals.completed, failed: totals.failed,
                  inFlight: totals.inFlight, warmupExcluded: totals.warmupArrivals)
    }
}

extension Summary.Failures {
    init(_ totals: RequestTotals) {
        self.init(total: totals.failed, byReason: totals.failuresByReason)
    }
}

extension Summary.Quantiles {
    init(_ statistics: LatencyStatistics) {
        // An empty set reports zeros rather than omitting fields, so every metric path
        // exists in every summary.
        let q = statistics.quantiles
        self.init(count: statistics.count,
                  mean: statistics.mean,
                  stddev: statistics.standardDeviation,
                  min: statistics.min ?? 0,
                  max: statistics.max ?? 0,
                  p50: q?.p50 ?? 0,
                  p90: q?.p90 ?? 0,
                  p95: q?.p95 ?? 0,
                  p99: q?.p99 ?? 0,
                  p999: q?.p999 ?? 0)
    }
}

extension Summary.Level {
    init(_ level: LevelSummary) {
        self.init(mean: level.timeAverage, max: level.max, integral: level.integral)
    }
}
