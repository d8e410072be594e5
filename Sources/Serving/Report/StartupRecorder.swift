import Engine

/// Counts pod starts and records each startup phase's duration, for the cold-start
/// part of the summary.
struct StartupRecorder {
    private var summary = ColdStartSummary()
    private var phases = Array(repeating: LatencyStatistics(), count: StartupPhase.allCases.count)
    private var counting = false

    /// Pods created during the warm-up are not counted as cold starts.
    mutating func podStarted(counted: Bool) {
        counting = counted
        if counted { summary.pods += 1 }
    }

    mutating func record(_ phase: StartupPhase, _ duration: SimDuration) {
        phases[phase.rawValue].record(duration)
    }

    mutating func podReady(after nanoseconds: Int64) {
        summary.total.record(SimDuration(nanoseconds: nanoseconds))
    }

    mutating func coldRequest() { summary.requests += 1 }

    var result: ColdStartSummary {
        var result = summary
        result.phases = StartupPhase.allCases.map { ($0.name, phases[$0.rawValue]) }
        return result
    }
}
