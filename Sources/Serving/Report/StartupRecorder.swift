import Engine

/// Counts cold starts and records each startup phase's duration, for the cold-start
/// part of the summary. The caller passes only pods created after the warm-up; a pod
/// counts as a cold start when it becomes ready (one that never gets a node never
/// started, and shows in the time series as pending instead).
package struct StartupRecorder {
    private var summary = ColdStartSummary()
    private var phases = Array(repeating: LatencyStatistics(), count: StartupPhase.allCases.count)

    package init() {}

    package mutating func record(_ phase: StartupPhase, _ duration: SimDuration) {
        phases[phase.rawValue].record(duration)
    }

    package mutating func podReady(after nanoseconds: Int64) {
        summary.pods += 1
        summary.total.record(SimDuration(nanoseconds: nanoseconds))
    }

    package mutating func coldRequest() { summary.requests += 1 }

    package var result: ColdStartSummary {
        var result = summary
        result.phases = StartupPhase.allCases.map { ($0.name, phases[$0.rawValue]) }
        return result
    }
}
