import Engine

/// Calls between services. A request whose revision makes calls works up to each
/// step's point of its service time, sends the step's calls and waits for them all,
/// holding its container slot (and so its queue-proxy's in-flight count, which the
/// autoscaler scrapes) the whole time. A call leaves through the caller's
/// istio-proxy (or the cluster-local gateway without a mesh) and then takes the
/// callee's request path: traffic split, activator when it is in the path,
/// istio-proxy, queue-proxy, container. Like the entry path, the model times the
/// request's way in, not the response's way back.
///
/// A failed call fails its caller at once (the caller's code answers with an error
/// and frees its slot): `call-failed`, or `call-timeout` when the call's own timeout
/// passed first. Calls still running for a caller that gave up go on (orphans).
extension KnativeSimulation {
    /// An entry request arrived: it is the root of its call tree.
    mutating func callsEntryArrived(request slot: Int32) {
        calls.ensure(slot)
        calls.states[Int(slot)] = CallState(root: slot, rootGeneration: requests[slot].generation)
    }

    /// Service starts on a revision that makes calls: work up to the first step.
    mutating func beginServiceWithCalls(request slot: Int32, work: SimDuration) {
        let s = Int(slot)
        calls.states[s].work = work.nanoseconds
        calls.states[s].workDone = 0
        calls.states[s].step = 0
        calls.states[s].pending = 0
        // How long the request will take is unknown until its calls answer, so its
        // deadline is always watched.
        armTimeout(request: slot)
        workUntilNextStep(request: slot)
    }

    mutating func workUntilNextStep(request slot: Int32) {
        let s = Int(slot)
        let revision = Int(requests[slot].revision)
        let state = calls.states[s]
        let generation = requests[slot].generation
        if Int(state.step) < calls.steps[revision].count {
            let point = Int64((Double(state.work) * calls.steps[revision][Int(state.step)].at).rounded())
            calls.states[s].workDone = max(point, state.workDone)
            engine.schedule(.callPoint(request: slot, generation: generation),
                            after: SimDuration(nanoseconds: max(0, point - state.workDone)))
        } else {
            let remaining = max(0, state.work - state.workDone)
            engine.schedule(.serviceDone(request: slot, generation: generation), after: SimDuration(nanoseconds: remaining))
            // Within its deadline now: the timeout event need not wait in the queue.
            if engine.now.nanoseconds + remaining <= requests[slot].deadline { disarmTimeout(request: slot) }
        }
    }

    /// The request reached a step: it sends the step's calls (each drawn by its
    /// probability) and waits; with none to make it works on.
    mutating func makeCalls(request slot: Int32) {
        let s = Int(slot)
        let revision = Int(requests[slot].revision)
        let step = Int(calls.states[s].step)
        for call in calls.steps[revision][step].calls {
            if call.probability < 1 && calls.chance.uniform() >= call.probability { continue }
            calls.states[s].pending += 1
            send(call, from: slot)
        }
        if calls.states[s].pending == 0 {
            calls.states[s].step += 1
            workUntilNextStep(request: slot)
        } else {
            calls.states[s].stepStartedAt = engine.now.nanoseconds
            waitingOnCallsChanged(request: slot, by: 1)
        }
    }

    mutating func send(_ call: CallGraph.Call, from parent: Int32) {
        let revision = chooseRevision(service: Int(call.service))
        let slot = requests.allocate()
        calls.ensure(slot)
        let now = engine.now.nanoseconds
        let counted = !engine.isWarmingUp
        let latency = configuration.mesh.enabled ? configuration.mesh.hopLatency : configuration.ingress.hopLatency
        let outbound = latency.sampleDuration(using: calls.outbound)
        requests[slot].counted = counted
        requests.markCall(slot)
        requests[slot].revision = Int32(revision)
        requests[slot].arrivedAt = now
        requests[slot].deadline = now + revisions[revision].spec.timeout.nanoseconds
        requests[slot].ingress = outbound.nanoseconds
        if configuration.mesh.enabled {
            // The caller's istio-proxy passes the call on its way out.
            let callerPod = Int(requests[parent].pod)
            if callerPod >= 0 { pods[callerPod].meshRequests += 1 }
            resources.sidecarRequest(counted: counted)
        }
        let callerService = Int(revisions[Int(requests[parent].revision)].service)
        let edge = calls.edgeIndex[callerService * calls.revisionCount + revision]
        let parentState = calls.states[Int(parent)]
        calls.states[Int(slot)] = CallState(parent: parent, parentGeneration: requests[parent].generation, edge: edge,
                                            sentAt: now, root: parentState.root, rootGeneration: parentState.rootGeneration)
        calls.edges.sent(edge: edge, counted: counted)
        recorder.arrived(revision: revision, at: engine.now, counted: counted, call: true)
        if call.timeout >= 0 {
            calls.states[Int(slot)].timer = engine.schedule(
                .callTimeout(request: slot, generation: requests[slot].generation),
                after: SimDuration(nanoseconds: call.timeout))
        }
        route(request: slot, after: outbound)
    }

    /// The request met a cold start at its revision (it reached the activator with no
    /// pod to serve it): its entry request's path was cold there; `fromZero` when the
    /// revision had no pod at all, so this request's arrival starts the first one.
    mutating func callsMetColdStart(request slot: Int32, fromZero: Bool) {
        let state = calls.states[Int(slot)]
        guard state.root >= 0, requests.isCurrent(state.root, state.rootGeneration) else { return }
        let service = Int(calls.serviceOfRevision[Int(requests[slot].revision)])
        guard service < 64 else { return }
        let bit = UInt64(1) << UInt64(service)
        calls.states[Int(state.root)].coldServices |= bit
        if fromZero { calls.states[Int(state.root)].triggeredServices |= bit }
    }

    /// A request ended (completed, or failed with `failure`): an entry's path is
    /// counted; a call's outcome goes to its edge and to its caller, unless the caller
    /// already gave up on it.
    mutating func callsRequestEnded(request slot: Int32, failure: FailureReason?) {
        let state = calls.states[Int(slot)]
        let counted = requests[slot].counted
        guard state.parent >= 0 else {
            if counted {
                calls.edges.entryFinished(coldServices: state.coldServices, triggeredServices: state.triggeredServices)
            }
            return
        }
        guard !state.answered else { return }
        calls.states[Int(slot)].answered = true
        if let timer = state.timer {
            engine.cancel(timer)
            calls.states[Int(slot)].timer = nil
        }
        let cold = requests[slot].cold
        if let failure {
            calls.edges.failed(edge: state.edge, reason: failure, cold: cold, counted: counted)
        } else {
            calls.edges.completed(edge: state.edge, latency: engine.now - SimTime(nanoseconds: state.sentAt),
                                  cold: cold, counted: counted)
        }
        guard requests.isCurrent(state.parent, state.parentGeneration) else { return }
        callAnswered(caller: state.parent, failure: failure == nil ? nil : .callFailed)
    }

    /// The call's own timeout passed before its answer: the caller gives up on it.
    mutating func callTimedOut(request slot: Int32) {
        let state = calls.states[Int(slot)]
        calls.states[Int(slot)].timer = nil
        guard !state.answered else { return }
        calls.states[Int(slot)].answered = true
        calls.edges.failed(edge: state.edge, reason: .callTimeout, cold: requests[slot].cold, counted: requests[slot].counted)
        guard requests.isCurrent(state.parent, state.parentGeneration) else { return }
        callAnswered(caller: state.parent, failure: .callTimeout)
    }

    mutating func callAnswered(caller slot: Int32, failure: FailureReason?) {
        let s = Int(slot)
        guard requests[slot].stage == .inService, calls.states[s].pending > 0 else { return }
        if let failure {
            // The caller's code gets the error and answers with one: its slot frees now.
            waitingOnCallsChanged(request: slot, by: -1)
            if !requests[slot].abandoned { fail(request: slot, reason: failure) }
            finishService(request: slot)
            return
        }
        calls.states[s].pending -= 1
        guard calls.states[s].pending == 0 else { return }
        calls.states[s].callTime += engine.now.nanoseconds - calls.states[s].stepStartedAt
        waitingOnCallsChanged(request: slot, by: -1)
        calls.states[s].step += 1
        workUntilNextStep(request: slot)
    }

    /// A request in service starts or stops waiting for its calls: the CPU it used so
    /// far is accrued first (a pod killed meanwhile takes its count with it).
    mutating func waitingOnCallsChanged(request slot: Int32, by delta: Int32) {
        let pod = Int(requests[slot].pod)
        accrueCPU(pod: pod)
        pods[pod].waitingOnCalls += delta
    }

    /// The call graph's part of the report.
    func addCalls(to report: inout RunReport) {
        guard calls.enabled else { return }
        let (edges, entry) = calls.edges.report()
        report.edges = edges
        report.entryPaths = entry
    }
}
