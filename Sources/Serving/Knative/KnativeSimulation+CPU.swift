import Engine

/// CPU: processor sharing inside a pod, and each pod's CPU use for the HPA.
///
/// CPU use model (what metrics-server would report): a request in service keeps one
/// core busy (with processor sharing, the n requests together keep min(n, limit) cores
/// busy); istio-proxy adds `MeshSpec.cpuPerRequest` core-seconds per request it passes;
/// queue-proxy's own use is neglected. A pod's utilisation over a scrape second is that
/// use divided by the pod's summed CPU request (Kubernetes sums every container's usage
/// and request, `GetResourceUtilizationRatio`), in percent.
extension KnativeSimulation {
    /// Cores the pod's user container keeps busy now.
    func busyCores(pod p: Int) -> Double {
        let n = Double(pods[p].inService - pods[p].waitingOnCalls)
        guard let limit = revisions[Int(pods[p].revision)].sharedCPULimit else { return n }
        return min(n, limit)
    }

    /// Adds the CPU used since the last accrual, at the current level.
    mutating func accrueCPU(pod p: Int) {
        let now = engine.now.nanoseconds
        pods[p].cpuUsed += busyCores(pod: p) * Double(now - pods[p].cpuAccruedUntil) / 1e9
        pods[p].cpuAccruedUntil = now
    }

    /// The count of requests in service changes: CPU use is accrued at the old level first.
    mutating func inServiceChanged(pod p: Int, by delta: Int32) {
        accrueCPU(pod: p)
        pods[p].inService += delta
    }

    /// The pod's CPU use since the last call as a rate in cores (user container plus
    /// istio-proxy), and restarts the window. Nil for a window of zero length.
    mutating func takeCPURate(pod p: Int) -> Double? {
        accrueCPU(pod: p)
        let now = engine.now.nanoseconds
        let elapsed = Double(now - pods[p].cpuWindowStart) / 1e9
        let used = pods[p].cpuUsed + Double(pods[p].meshRequests) * configuration.mesh.cpuPerRequest
        pods[p].cpuUsed = 0
        pods[p].meshRequests = 0
        pods[p].cpuWindowStart = now
        return elapsed > 0 ? used / elapsed : nil
    }

    // MARK: Processor sharing

    mutating func startSharedService(request slot: Int32, pod p: Int, work: SimDuration, limit: Double) {
        sharing[p].advance(to: engine.now.nanoseconds, limit: limit)
        sharing[p].add(request: slot, work: work.seconds)
        rescheduleSharedCompletion(pod: p, limit: limit)
    }

    /// The pod's pending completion event fired: every request whose work is done
    /// finishes (several may tie), then the next completion is scheduled for the new
    /// number in service.
    mutating func finishSharedService(pod slot: Int32) {
        let p = Int(slot)
        let limit = revisions[Int(pods[p].revision)].sharedCPULimit!
        let generation = pods[p].generation
        sharing[p].timer = nil
        sharing[p].advance(to: engine.now.nanoseconds, limit: limit)
        finishedScratch.removeAll(keepingCapacity: true)
        sharing[p].popFinished(into: &finishedScratch)
        // finishService may start queued requests on this pod (they join the heap and
        // reschedule) or remove a drained terminating pod; the scratch is ours until
        // the loop ends because nothing it calls finishes shared service.
        for index in finishedScratch.indices {
            finishService(request: finishedScratch[index])
        }
        if pods[p].live && pods[p].generation == generation {
            rescheduleSharedCompletion(pod: p, limit: limit)
        }
    }

    /// Cancels the pod's pending completion (really: the event leaves the queue) and
    /// schedules the one for the current set of requests in service.
    mutating func rescheduleSharedCompletion(pod p: Int, limit: Double) {
        if let timer = sharing[p].timer {
            engine.cancel(timer)
            sharing[p].timer = nil
        }
        guard let delay = sharing[p].nanosecondsToNextCompletion(limit: limit) else { return }
        sharing[p].timer = engine.schedule(.sharedServiceDone(pod: Int32(p), generation: pods[p].generation),
                                           after: SimDuration(nanoseconds: delay))
    }
}
