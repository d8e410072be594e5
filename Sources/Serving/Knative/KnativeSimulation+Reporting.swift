import Engine

/// Levels and the final report.
extension KnativeSimulation {
    var queuedRequests: Int {
        var queued = 0
        for revision in revisions { queued += revision.throttler.queued }
        for pod in pods where pod.live { queued += pod.queueProxy?.breaker.queued ?? 0 }
        return queued
    }

    var podCounts: PodCounts {
        var counts = PodCounts()
        for pod in pods where pod.live {
            switch pod.phase {
            case .pending: counts.pending += 1
            case .starting: counts.starting += 1
            case .ready, .routable: counts.ready += 1
            case .terminating: counts.terminating += 1
            }
        }
        for revision in revisions { counts.desired += revision.desired }
        counts.nodes = cluster.nodeCount
        return counts
    }

    mutating func readyPodsChanged(by delta: Int) {
        totalReady += delta
        recorder.readyPodsChanged(to: totalReady, at: engine.now)
    }

    mutating func finalReport() -> RunReport {
        var series = self.series
        series.closePartialSecond(at: engine.now, inFlight: requests.liveEntries, queued: queuedRequests, pods: podCounts)
        closeNodePartialSecond(at: engine.now)
        var report = recorder.report(at: engine.now, eventsProcessed: engine.eventsProcessed, timeSeries: series.rows)
        report.podsByNode = nodeSeries.rows
        report.coldStarts = startupRecorder.result
        report.resources = resources.usage(until: engine.now, sidecarCPUPerRequest: configuration.mesh.cpuPerRequest)
        report.faults = faults
        addCalls(to: &report)
        return report
    }
}

extension KnativeSimulation {
    /// Broken cluster invariants (allocations beyond allocatable, …), for tests.
    public func clusterInvariantViolations() -> [String] { cluster.invariantViolations() }
}
