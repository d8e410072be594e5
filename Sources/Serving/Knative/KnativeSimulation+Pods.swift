import Autoscaling
import Engine

/// Pods: creation, scheduling, every startup phase, readiness, draining and removal.
extension KnativeSimulation {
    /// Makes the revision have `target` pods that are not terminating: creates the
    /// missing ones or terminates the surplus, as a ReplicaSet does.
    mutating func setReplicas(revision: Int, to target: Int) {
        revisions[revision].desired = target
        let current = revisions[revision].active.count
        if target > current {
            for _ in current..<target { createPod(revision: revision) }
        } else if target < current {
            for _ in target..<current {
                guard let victim = chooseVictim(revision: revision) else { break }
                terminate(pod: victim)
            }
        }
    }

    /// Kubernetes' ReplicaSet deletion order, simplified: pods not yet ready before
    /// ready ones, and among equals the newest first.
    func chooseVictim(revision: Int) -> Int32? {
        let active = revisions[revision].active
        if let unready = active.last(where: { !pods[Int($0)].isKubernetesReady }) { return unready }
        return active.max { pods[Int($0)].readyAt < pods[Int($1)].readyAt }
    }

    mutating func createPod(revision: Int) {
        let slot: Int32
        if let free = freePods.popLast() { slot = free } else {
            pods.append(PodState())
            sharing.append(ProcessorSharing())
            slot = Int32(pods.count - 1)
        }
        let generation = pods[Int(slot)].generation
        pods[Int(slot)] = PodState()
        pods[Int(slot)].generation = generation
        pods[Int(slot)].live = true
        pods[Int(slot)].revision = Int32(revision)
        pods[Int(slot)].key = PodKey(serial: nextPodSerial, slot: slot)
        pods[Int(slot)].createdAt = engine.now.nanoseconds
        nextPodSerial += 1
        series.podsCreated += 1
        revisions[revision].active.append(slot)
        pods[Int(slot)].countsAsColdStart = !engine.isWarmingUp
        let delay = revisions[revision].spec.startup.scheduling.sampleDuration(using: revisions[revision].streams.startup)
        recordPhase(.scheduling, delay, pod: slot)
        pods[Int(slot)].startupPhase = .scheduling
        schedulePhase(pod: slot, after: delay)
    }

    /// Phases are recorded for pods created after the warm-up only, like requests.
    mutating func recordPhase(_ phase: StartupPhase, _ duration: SimDuration, pod slot: Int32) {
        if pods[Int(slot)].countsAsColdStart { startupRecorder.record(phase, duration) }
    }

    mutating func schedulePhase(pod slot: Int32, after delay: SimDuration) {
        engine.schedule(.podPhaseDone(pod: slot, generation: pods[Int(slot)].generation), after: delay)
    }

    /// The pod's requests: user container + queue-proxy + istio-proxy (mesh on).
    func template(revision: Int) -> PodTemplate { revisions[revision].template }

    /// The current phase ended: start the next one.
    mutating func advanceStartup(pod slot: Int32) {
        let p = Int(slot)
        let revision = Int(pods[p].revision)
        let stream = revisions[revision].streams.startup
        let startup = revisions[revision].spec.startup
        switch pods[p].startupPhase {
        case .scheduling:
            bindOrWait(pod: slot)
        case .imagePull:
            pods[p].startupPhase = .sandboxCreation
            let d = startup.sandboxCreation.sampleDuration(using: stream)
            recordPhase(.sandboxCreation, d, pod: slot)
            schedulePhase(pod: slot, after: d)
        case .sandboxCreation:
            pods[p].startupPhase = .containerCreation
            let d = startup.containerCreation.sampleDuration(using: stream)
            recordPhase(.containerCreation, d, pod: slot)
            schedulePhase(pod: slot, after: d)
        case .containerCreation:
            // The user container and istio-proxy start side by side, unless the mesh
            // holds the application until the proxy is ready. A restart after a crash
            // starts the user container alone: the proxy is still up.
            let start = startup.userContainerStart.sampleDuration(using: stream)
            let initialise = startup.applicationInit.sampleDuration(using: stream)
            recordPhase(.userContainerStart, start, pod: slot)
            recordPhase(.applicationInit, initialise, pod: slot)
            var untilReady = start + initialise
            if drawCrashOnStart(revision: revision) {
                pods[p].startupPhase = .applicationInit
                pods[p].crashing = true
                schedulePhase(pod: slot, after: untilReady)
                return
            }
            if configuration.mesh.enabled && pods[p].restarts == 0 {
                let proxy = startup.proxyStart.sampleDuration(using: stream)
                recordPhase(.proxyStart, proxy, pod: slot)
                untilReady = configuration.mesh.holdApplicationUntilProxyStarts
                    ? proxy + untilReady : max(proxy, untilReady)
            }
            pods[p].startupPhase = .applicationInit
            schedulePhase(pod: slot, after: untilReady)
        case .proxyStart, .userContainerStart, .applicationInit:
            if pods[p].crashing {
                crashLoopBackOff(pod: slot)
                return
            }
            pods[p].startupPhase = .readinessProbe
            let d = startup.readinessProbe.sampleDuration(using: stream)
            recordPhase(.readinessProbe, d, pod: slot)
            schedulePhase(pod: slot, after: d)
        case .readinessProbe:
            becomeReady(pod: slot)
            pods[p].startupPhase = .endpointPropagation
            let d = startup.endpointPropagation.sampleDuration(using: stream)
            recordPhase(.endpointPropagation, d, pod: slot)
            schedulePhase(pod: slot, after: d)
        case .endpointPropagation:
            becomeRoutable(pod: slot)
        }
    }

    /// Scheduling finished: bind to a node, or wait (Pending) until one has room.
    mutating func bindOrWait(pod slot: Int32) {
        let revision = Int(pods[Int(slot)].revision)
        guard let node = cluster.schedule(PodID(Int(slot)), template(revision: revision)) else {
            pods[Int(slot)].waitingForNode = true
            unschedulable.append(PendingPod(slot: slot, generation: pods[Int(slot)].generation))
            return
        }
        pods[Int(slot)].waitingForNode = false
        pods[Int(slot)].node = node
        resources.podBound(revisions[revision].template.requests.requested, at: engine.now)
        pods[Int(slot)].phase = .starting
        pods[Int(slot)].startupPhase = .imagePull
        var ready = engine.now
        if let image = revisions[revision].spec.image {
            let outcome = cluster.startPull(image, on: node, at: engine.now)
            if case .started(let done) = outcome {
                engine.schedule(.imagePulled(node: node, image: image), at: done)
            }
            ready = outcome.readyAt(engine.now)
        }
        recordPhase(.imagePull, ready - engine.now, pod: slot)
        engine.schedule(.podPhaseDone(pod: slot, generation: pods[Int(slot)].generation), at: ready)
    }

    /// Room freed on a node (or a node joined): every pending pod tries again, oldest
    /// first, as kube-scheduler moves all unschedulable pods back to its active queue
    /// on a cluster event. A pod that still does not fit goes back in the line; one
    /// pass keeps their order, and a smaller pod behind a big one may still fit.
    /// (This used to stop at the first pod that did not fit, after re-appending it at
    /// the back, which rotated the line and starved smaller pods.)
    mutating func retryUnschedulable() {
        var remaining = unschedulable.count
        while remaining > 0, let pending = unschedulable.popFirst() {
            remaining -= 1
            let p = Int(pending.slot)
            guard pods[p].live, pods[p].generation == pending.generation, pods[p].waitingForNode else { continue }
            bindOrWait(pod: pending.slot)
        }
    }

    /// Kubernetes-ready: queue-proxy serves and reports; the autoscaler counts it.
    mutating func becomeReady(pod slot: Int32) {
        let p = Int(slot)
        let revision = Int(pods[p].revision)
        pods[p].phase = .ready
        pods[p].readyAt = engine.now.nanoseconds
        pods[p].queueProxy = QueueProxy(containerConcurrency: revisions[revision].spec.containerConcurrency,
                                        startedAt: engine.now)
        pods[p].cpuWindowStart = engine.now.nanoseconds
        pods[p].cpuAccruedUntil = engine.now.nanoseconds
        revisions[revision].readyCount += 1
        readyPodsChanged(by: 1)
        if pods[p].countsAsColdStart { startupRecorder.podReady(after: engine.now.nanoseconds - pods[p].createdAt) }
    }

    /// The activator and the ingress have learnt the endpoint: traffic flows to it.
    mutating func becomeRoutable(pod slot: Int32) {
        let revision = Int(pods[Int(slot)].revision)
        pods[Int(slot)].phase = .routable
        revisions[revision].routable.append(slot)
        revisions[revision].routable.sort { pods[Int($0)].key < pods[Int($1)].key }
        updateThrottler(revision: revision)
    }

    mutating func updateThrottler(revision: Int) {
        keyScratch.removeAll(keepingCapacity: true)
        for slot in revisions[revision].routable { keyScratch.append(pods[Int(slot)].key) }
        revisions[revision].throttler.updatePods(ready: keyScratch)
        drainActivatorQueue(revision: revision)
    }

    /// Stops routing to the pod and lets it drain: it leaves when its requests are done,
    /// or when its termination grace period runs out.
    mutating func terminate(pod slot: Int32) {
        let p = Int(slot)
        let revision = Int(pods[p].revision)
        withdraw(pod: slot)
        if pods[p].queueProxy == nil || pods[p].load == 0 {
            remove(pod: slot)
        } else {
            pods[p].graceTimer = engine.schedule(.podGraceExpired(pod: slot, generation: pods[p].generation),
                                                 after: revisions[revision].spec.terminationGracePeriod)
        }
    }

    /// Takes the pod out of its revision: no longer counted, ready or routed to (it
    /// becomes Terminating).
    mutating func withdraw(pod slot: Int32) {
        let p = Int(slot)
        let revision = Int(pods[p].revision)
        revisions[revision].active.removeAll { $0 == slot }
        let wasReady = pods[p].isKubernetesReady
        let wasRoutable = pods[p].phase == .routable
        pods[p].phase = .terminating
        if wasReady {
            revisions[revision].readyCount -= 1
            readyPodsChanged(by: -1)
        }
        if wasRoutable {
            revisions[revision].routable.removeAll { $0 == slot }
            updateThrottler(revision: revision)
        }
    }

    /// A terminating pod whose last request finished leaves now.
    mutating func podMayHaveDrained(pod slot: Int32) {
        let p = Int(slot)
        guard pods[p].live, pods[p].phase == .terminating, pods[p].load == 0 else { return }
        if let timer = pods[p].graceTimer { engine.cancel(timer) }
        remove(pod: slot)
    }

    /// The grace period ran out: the kubelet kills the pod; what it still held fails.
    mutating func graceExpired(pod slot: Int32) {
        pods[Int(slot)].graceTimer = nil
        failRequests(onPod: slot, reason: .podTerminated)
        remove(pod: slot)
    }

    /// Fails what the pod holds: requests in service or in its queue-proxy queue.
    /// Requests still on their way to it are left alone: they find the pod gone when
    /// they arrive (`enterQueueProxy`), where the activator retries proxied ones.
    mutating func failRequests(onPod slot: Int32, reason: FailureReason) {
        let generation = pods[Int(slot)].generation
        for r in requests.slots.indices where requests.slots[r].live && requests.slots[r].pod == slot
            && requests.slots[r].podGeneration == generation {
            let request = Int32(r)
            switch requests[request].stage {
            case .inService:
                requests[request].stage = .travelling
                inServiceChanged(pod: Int(slot), by: -1)
                release(requestFromActivator: request)
                if requests[request].abandoned { requests.release(request) } else { fail(request: request, reason: reason) }
            case .inQueueProxyQueue:
                release(requestFromActivator: request)
                fail(request: request, reason: reason)
            case .travelling, .inActivatorQueue:
                break
            }
        }
    }

    /// The pod is gone: its node's resources are free again.
    mutating func remove(pod slot: Int32) {
        let p = Int(slot)
        if pods[p].node != nil {
            // nil when the node itself is gone: then nothing is left to free on it.
            _ = cluster.release(PodID(p))
            resources.podUnbound(revisions[Int(pods[p].revision)].template.requests.requested, at: engine.now)
        }
        if let timer = sharing[p].timer { engine.cancel(timer) }
        sharing[p].reset()
        if let timer = pods[p].graceTimer {
            engine.cancel(timer)
            pods[p].graceTimer = nil
        }
        if pods[p].waitingForNode { pods[p].waitingForNode = false }
        let revision = Int(pods[p].revision)
        if pods[p].phase != .terminating {
            revisions[revision].active.removeAll { $0 == slot }
        }
        pods[p].live = false
        pods[p].queueProxy = nil
        pods[p].generation &+= 1
        freePods.append(slot)
        retryUnschedulable()
    }
}
