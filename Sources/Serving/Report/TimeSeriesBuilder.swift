import Engine

/// Accumulates per-second counters and closes a `TimeSeriesRow` each simulated second.
/// Rows grow with simulated seconds, not with requests.
struct TimeSeriesBuilder {
    var arrivals = 0
    var completions = 0
    var failures = 0
    var podsReady: Int
    private(set) var rows: [TimeSeriesRow] = []
    private var lastClosed = SimTime.zero

    init(readyPods: Int) { podsReady = readyPods }

    mutating func closeSecond(at now: SimTime, inFlight: Int, queued: Int) {
        rows.append(TimeSeriesRow(time: now.seconds, arrivals: arrivals, completions: completions,
                                  failures: failures, inFlight: inFlight, queued: queued, podsReady: podsReady))
        arrivals = 0; completions = 0; failures = 0
        lastClosed = now
    }

    /// Closes the last, partial second if the run did not end on a whole second.
    mutating func closePartialSecond(at now: SimTime, inFlight: Int, queued: Int) {
        guard now > lastClosed else { return }
        closeSecond(at: now, inFlight: inFlight, queued: queued)
    }
}
