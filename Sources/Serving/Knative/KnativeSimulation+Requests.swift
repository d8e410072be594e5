import Autoscaling
import Engine
import Workload

/// The request path: ingress → (activator) → istio-proxy → queue-proxy → container.
extension KnativeSimulation {
    mutating func scheduleNextArrival(workload index: Int) {
        if let next = workloads[index].arrivals.nextArrival(after: engine.now, using: workloads[index].stream),
           next < engine.endTime {
            engine.schedule(.arrival(workload: Int32(index)), at: next)
        }
    }

    /// A request arrives: from an open process (`client` −1), which then draws its
    /// next arrival, or from a closed-loop client, which waits for the response.
    mutating func arrive(workload index: Int, client: Int32 = -1) {
        // A trace's recorded service time belongs to the arrival just drawn, so read it
        // before drawing the next one.
        let recorded = client < 0 ? workloads[index].arrivals.recordedServiceTime : nil
        if client < 0 { scheduleNextArrival(workload: index) }
        let service = Int(workloads[index].service)
        let revision = chooseRevision(service: service)
        let now = engine.now.nanoseconds
        let slot = requests.allocate()
        let counted = !engine.isWarmingUp
        let ingress = configuration.ingress.hopLatency.sampleDuration(using: hops.ingress)
        requests[slot].counted = counted
        requests[slot].revision = Int32(revision)
        requests[slot].arrivedAt = now
        requests[slot].deadline = now + revisions[revision].spec.timeout.nanoseconds
        requests[slot].ingress = ingress.nanoseconds
        requests[slot].recordedService = recorded?.nanoseconds ?? -1
        requests[slot].client = client
        requests[slot].workload = Int32(index)
        recorder.arrived(revision: revision, at: engine.now, counted: counted)
        series.arrivals += 1
        if calls.enabled { callsEntryArrived(request: slot) }
        route(request: slot, after: ingress)
    }

    /// The traffic split: a revision by its percentage.
    func chooseRevision(service: Int) -> Int {
        services[service].split.choose(using: services[service].routing)
    }

    /// At the ingress gateway: to the activator when it is in the path (Proxy mode, or
    /// no pod to route to), else straight to a pod.
    /// The gateway decides as the request enters it (its own hop, `ingress`, comes
    /// first on either path): one event per request fewer than deciding after the hop,
    /// and the state it reads is at most that hop (about a millisecond) older.
    mutating func route(request slot: Int32, after ingress: SimDuration) {
        let revision = Int(requests[slot].revision)
        if revisions[revision].proxyMode || revisions[revision].routable.isEmpty {
            requests[slot].proxied = true
            let hop = configuration.activator.hopLatency.sampleDuration(using: hops.activator)
            requests[slot].activator += hop.nanoseconds
            engine.schedule(.reachedActivator(request: slot, generation: requests[slot].generation), after: ingress + hop)
        } else {
            let pod = choosePodDirectly(revision: revision)
            sendToPod(request: slot, pod: pod, after: ingress)
        }
    }

    /// Serve mode: the pod is chosen by the mesh's load balancer — Envoy's
    /// LEAST_REQUEST (two random choices, fewer active requests wins), Istio's default —
    /// or, without a mesh, by kube-proxy at random.
    mutating func choosePodDirectly(revision: Int) -> Int32 {
        let routable = revisions[revision].routable
        let stream = revisions[revision].streams.routing
        if routable.count == 1 { return routable[0] }
        let first = routable[stream.integer(below: routable.count)]
        guard configuration.mesh.enabled else { return first }
        var second = routable[stream.integer(below: routable.count - 1)]
        if second == first { second = routable[routable.count - 1] }
        return pods[Int(second)].load < pods[Int(first)].load ? second : first
    }

    /// Leaves for the pod's istio-proxy, then its queue-proxy.
    mutating func sendToPod(request slot: Int32, pod: Int32, after earlier: SimDuration = .zero) {
        requests[slot].pod = pod
        requests[slot].podGeneration = pods[Int(pod)].generation
        requests[slot].stage = .travelling
        var hop = configuration.queueProxy.hopLatency.sampleDuration(using: hops.queueProxy)
        requests[slot].queueProxyWait += hop.nanoseconds
        if configuration.mesh.enabled {
            let sidecar = configuration.mesh.hopLatency.sampleDuration(using: hops.sidecar)
            requests[slot].sidecar += sidecar.nanoseconds
            hop = hop + sidecar
            pods[Int(pod)].meshRequests += 1
            resources.sidecarRequest(counted: !engine.isWarmingUp)
        }
        engine.schedule(.reachedQueueProxy(request: slot, generation: requests[slot].generation), after: earlier + hop)
    }

    mutating func enterActivator(request slot: Int32) {
        let revision = Int(requests[slot].revision)
        let now = engine.now
        let fromZero = calls.enabled && revisions[revision].active.isEmpty
        if let stat = revisions[revision].reporter.requestIn(at: now) {
            // The activator's first sighting of the revision: the scale-from-zero signal.
            push(stat, revision: revision)
        }
        requests[slot].cold = revisions[revision].routable.isEmpty
        if requests[slot].cold && requests[slot].counted { startupRecorder.coldRequest() }
        if requests[slot].cold { series.coldRequests += 1 }
        if calls.enabled && requests[slot].cold { callsMetColdStart(request: slot, fromZero: fromZero) }
        throttle(request: slot)
    }

    /// The activator's throttler sends the request to a pod, queues it or rejects it.
    mutating func throttle(request slot: Int32) {
        let revision = Int(requests[slot].revision)
        let now = engine.now
        requests[slot].stageStartedAt = now.nanoseconds
        requests[slot].hopsBeforeWait = requests[slot].sidecar + requests[slot].queueProxyWait
        var stream = revisions[revision].streams.routing
        switch revisions[revision].throttler.acquire(slot, random: &stream) {
        case .assigned(let lease):
            requests[slot].lease = lease
            sendToPod(request: slot, pod: lease.pod.slot)
        case .queued:
            requests[slot].stage = .inActivatorQueue
            armTimeout(request: slot)
        case .rejected:
            revisions[revision].reporter.requestOut(at: now)
            fail(request: slot, reason: .activatorOverflow)
        }
    }

    mutating func enterQueueProxy(request slot: Int32) {
        let pod = Int(requests[slot].pod)
        let proxied = requests[slot].proxied
        let now = engine.now
        leaveActivatorWait(request: slot)
        guard pods[pod].live, pods[pod].generation == requests[slot].podGeneration, pods[pod].queueProxy != nil else {
            // The pod went away while the request was on its way (before the fix the
            // slot was not generation-checked, so a request could be served by a newer
            // pod, even of another revision, that had taken the slot).
            if proxied && requests[slot].lease != nil {
                retryInActivator(request: slot)
            } else {
                fail(request: slot, reason: .podGone)
            }
            return
        }
        requests[slot].stageStartedAt = now.nanoseconds
        switch pods[pod].queueProxy!.requestArrived(slot, proxied: proxied, at: now) {
        case .admitted:
            startService(request: slot)
        case .queued:
            requests[slot].stage = .inQueueProxyQueue
            armTimeout(request: slot)
        case .rejected:
            release(requestFromActivator: slot)
            fail(request: slot, reason: .queueProxyOverflow)
        }
    }

    /// Accounts the time spent in the activator's queue: cold-start wait when the
    /// revision had no pod to send to when the request arrived.
    mutating func leaveActivatorWait(request slot: Int32) {
        guard requests[slot].proxied, requests[slot].serviceStartedAt == 0, requests[slot].stageStartedAt > 0 else { return }
        let hops = requests[slot].sidecar + requests[slot].queueProxyWait - requests[slot].hopsBeforeWait
        let waited = engine.now.nanoseconds - requests[slot].stageStartedAt - hops
        if requests[slot].cold {
            requests[slot].coldStartWait += max(0, waited)
        } else {
            requests[slot].activator += max(0, waited)
        }
        requests[slot].stageStartedAt = 0
    }

    mutating func startService(request slot: Int32) {
        let now = engine.now
        let pod = Int(requests[slot].pod)
        let revision = Int(requests[slot].revision)
        requests[slot].queueProxyWait += now.nanoseconds - requests[slot].stageStartedAt
        requests[slot].stage = .inService
        requests[slot].serviceStartedAt = now.nanoseconds
        disarmTimeout(request: slot)
        inServiceChanged(pod: pod, by: 1)
        recorder.started(revision: revision, waited: now - SimTime(nanoseconds: requests[slot].arrivedAt),
                         counted: requests[slot].counted, call: requests[slot].isCall)
        recorder.observePodConcurrency(revision: revision, Int(pods[pod].inService))
        let recorded = requests[slot].recordedService
        let service = recorded >= 0 ? SimDuration(nanoseconds: recorded)
            : revisions[revision].spec.serviceTime.sampleDuration(using: revisions[revision].streams.serviceTime)
        if calls.enabled && !calls.steps[revision].isEmpty {
            beginServiceWithCalls(request: slot, work: service)
            return
        }
        if let limit = revisions[revision].sharedCPULimit {
            startSharedService(request: slot, pod: pod, work: service, limit: limit)
            armTimeout(request: slot)  // the finish time depends on the pod's later load
        } else {
            engine.schedule(.serviceDone(request: slot, generation: requests[slot].generation), after: service)
            // Knative's timeoutSeconds bounds the whole request: one that would still be
            // running at its deadline is answered 504 then (its container keeps working).
            if (now + service).nanoseconds > requests[slot].deadline { armTimeout(request: slot) }
        }
    }

    mutating func finishService(request slot: Int32) {
        let now = engine.now
        let pod = Int(requests[slot].pod)
        inServiceChanged(pod: pod, by: -1)
        let next = pods[pod].queueProxy?.requestFinished(proxied: requests[slot].proxied, at: now)
        if !requests[slot].abandoned { complete(request: slot) }
        release(requestFromActivator: slot)
        requests.release(slot)
        if let next { startService(request: next) }
        podMayHaveDrained(pod: Int32(pod))
    }

    /// A proxied request is done with its activator slot: the throttler sends the next
    /// queued request, if any, to the pod that freed up.
    mutating func release(requestFromActivator slot: Int32) {
        guard requests[slot].proxied else { return }
        let revision = Int(requests[slot].revision)
        revisions[revision].reporter.requestOut(at: engine.now)
        guard let lease = requests[slot].lease else { return }
        requests[slot].lease = nil
        var stream = revisions[revision].streams.routing
        if let (next, nextLease) = revisions[revision].throttler.release(lease, random: &stream) {
            dispatchFromActivator(request: next, lease: nextLease)
        }
    }

    /// Knative's activator retries a proxied request whose connection to the pod
    /// failed because the pod went away (the brief's reading of the activator's
    /// retrying transport; see the report's doubts): here the request goes back to the
    /// revision's throttler — its old breaker slot freed, a new pod chosen or a queue
    /// place taken — instead of failing. It keeps its deadline. Counted in
    /// `FaultSummary.activatorRetries`.
    mutating func retryInActivator(request slot: Int32) {
        let revision = Int(requests[slot].revision)
        faults.activatorRetries += 1
        let lease = requests[slot].lease!
        requests[slot].lease = nil
        var stream = revisions[revision].streams.routing
        if let (next, nextLease) = revisions[revision].throttler.release(lease, random: &stream) {
            dispatchFromActivator(request: next, lease: nextLease)
        }
        throttle(request: slot)
    }

    mutating func dispatchFromActivator(request slot: Int32, lease: PodLease<PodKey>) {
        disarmTimeout(request: slot)
        requests[slot].lease = lease
        sendToPod(request: slot, pod: lease.pod.slot)
    }

    /// Sends queued activator requests while the throttler has room (after pods were
    /// added).
    mutating func drainActivatorQueue(revision: Int) {
        var stream = revisions[revision].streams.routing
        while let (next, lease) = revisions[revision].throttler.admitNext(random: &stream) {
            dispatchFromActivator(request: next, lease: lease)
        }
    }

    mutating func armTimeout(request slot: Int32) {
        let deadline = SimTime(nanoseconds: requests[slot].deadline)
        guard requests[slot].timeout == nil, deadline < engine.endTime else { return }
        requests[slot].timeout = engine.schedule(
            .requestTimeout(request: slot, generation: requests[slot].generation), at: max(deadline, engine.now))
    }

    mutating func disarmTimeout(request slot: Int32) {
        if let handle = requests[slot].timeout {
            engine.cancel(handle)
            requests[slot].timeout = nil
        }
    }

    /// The revision's timeoutSeconds passed while the request waited: 504, and it leaves
    /// the queue it was in.
    mutating func timeOut(request slot: Int32) {
        requests[slot].timeout = nil
        let revision = Int(requests[slot].revision)
        let now = engine.now
        switch requests[slot].stage {
        case .inActivatorQueue:
            _ = revisions[revision].throttler.removeQueued(slot)
            revisions[revision].reporter.requestOut(at: now)
            fail(request: slot, reason: .activatorTimeout)
        case .inQueueProxyQueue:
            let pod = Int(requests[slot].pod)
            _ = pods[pod].queueProxy?.requestAbandoned(slot, proxied: requests[slot].proxied, at: now)
            release(requestFromActivator: slot)
            fail(request: slot, reason: .requestTimeout)
            podMayHaveDrained(pod: Int32(pod))
        case .inService:
            fail(request: slot, reason: .requestTimeout)
        case .travelling:
            break
        }
    }

    mutating func complete(request slot: Int32) {
        let r = requests[slot]
        let revision = Int(r.revision)
        let now = engine.now
        recorder.completed(revision: revision, at: now, arrivedAt: SimTime(nanoseconds: r.arrivedAt), counted: r.counted,
                           cold: r.cold || (calls.enabled && calls.states[Int(slot)].coldServices != 0), call: r.isCall)
        if calls.enabled { callsRequestEnded(request: slot, failure: nil) }
        guard !r.isCall else { return }
        series.completions += 1
        if r.client >= 0 { clientResponded(workload: Int(r.workload), client: r.client) }
        guard r.counted else { return }
        let calling = calls.enabled ? calls.states[Int(slot)].callTime : 0
        recorder.breakdown(ingress: r.ingress, activator: r.activator,
                           coldStartWait: r.coldStartWait, queueProxy: r.queueProxyWait,
                           service: now.nanoseconds - r.serviceStartedAt - calling, sidecar: r.sidecar,
                           calls: calls.enabled ? calling : nil)
    }

    /// Ends a request with a recorded reason; frees its slot unless it still holds a
    /// container slot (then it is marked abandoned and freed when service ends).
    mutating func fail(request slot: Int32, reason: FailureReason) {
        let revision = Int(requests[slot].revision)
        recorder.failed(revision: revision, reason: reason, at: engine.now,
                        arrivedAt: SimTime(nanoseconds: requests[slot].arrivedAt), counted: requests[slot].counted,
                        call: requests[slot].isCall)
        if calls.enabled { callsRequestEnded(request: slot, failure: reason) }
        if !requests[slot].isCall { series.failures += 1 }
        if requests[slot].client >= 0 { clientResponded(workload: Int(requests[slot].workload), client: requests[slot].client) }
        disarmTimeout(request: slot)
        if requests[slot].stage == .inService {
            requests[slot].abandoned = true
        } else {
            requests.release(slot)
        }
    }
}
