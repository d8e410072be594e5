import Engine

/// Pods by state at one instant, for the time series.
package struct PodCounts {
    package var pending = 0
    package var starting = 0
    package var ready = 0
    package var terminating = 0
    package var desired = 0
    package var nodes = 0

    package init(pending: Int = 0, starting: Int = 0, ready: Int = 0, terminating: Int = 0, desired: Int = 0,
                 nodes: Int = 0) {
        self.pending = pending
        self.starting = starting
        self.ready = ready
        self.terminating = terminating
        self.desired = desired
        self.nodes = nodes
    }
}

/// Accumulates per-second counters and closes a `TimeSeriesRow` each simulated second.
/// Rows grow with simulated seconds, not with requests.
package struct TimeSeriesBuilder {
    package var arrivals = 0
    package var completions = 0
    package var failures = 0
    /// Pods created and requests that met a cold start (warm-up included, like the
    /// other counters).
    package var podsCreated = 0
    package var coldRequests = 0
    package private(set) var rows: [TimeSeriesRow] = []
    private var lastClosed = SimTime.zero

    package init() {}

    /// Makes room for `seconds` rows at once, so a long run does not copy its rows as
    /// they grow (at low request rates the rows outnumber the requests).
    mutating func reserveCapacity(seconds: Int) { rows.reserveCapacity(seconds) }

    package mutating func closeSecond(at now: SimTime, inFlight: Int, queued: Int, pods: PodCounts) {
        rows.append(TimeSeriesRow(time: now.seconds, arrivals: arrivals, completions: completions,
                                  failures: failures, inFlight: inFlight, queued: queued,
                                  podsPending: pods.pending, podsStarting: pods.starting, podsReady: pods.ready,
                                  podsTerminating: pods.terminating, desiredPods: pods.desired, nodes: pods.nodes))
        rows[rows.count - 1].podsCreated = podsCreated
        rows[rows.count - 1].coldRequests = coldRequests
        arrivals = 0; completions = 0; failures = 0
        podsCreated = 0; coldRequests = 0
        lastClosed = now
    }

    /// Closes the last, partial second if the run did not end on a whole second.
    package mutating func closePartialSecond(at now: SimTime, inFlight: Int, queued: Int, pods: PodCounts) {
        guard now > lastClosed else { return }
        closeSecond(at: now, inFlight: inFlight, queued: queued, pods: pods)
    }
}
