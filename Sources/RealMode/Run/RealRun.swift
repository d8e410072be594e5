import Autoscaling
import Engine
import Serving

/// The orchestrator of a real run: the Knative model's configuration played out on
/// processes and real HTTP hops, with the revisions' autoscalers on the wall clock.
///
/// The control steps follow `KnativeSimulation` one for one:
/// - at the start each revision gets its initial-scale replicas;
/// - every second each revision's ready queue-proxies are scraped through the
///   `ScrapeSampler` into the policy, then the activator's report is pushed (a poke
///   when the policy asks for it decides at once), then pod counts are sampled;
/// - every `decisionInterval` the policy decides and the `PodAutoscalerReconciler`
///   sets replicas and the activator's place in the path (and asks to be run again
///   while it gates a scale to zero);
/// - a pod goes through the phases real mode cannot perform (scheduling, sandbox and
///   container creation: waited out as drawn from the scenario's distributions on the
///   revision's `startup/<name>` stream), then its process starts with the drawn
///   application-init as its initialisation delay and is probed until ready, then
///   waits out the drawn endpoint propagation and becomes routable;
/// - a pod to remove is withdrawn from routing, drained (until its queue-proxy is
///   empty or its termination grace period ends), and stopped (SIGTERM, then SIGKILL).
///
/// Times given to the control types are nanoseconds since the run started.
actor RealRun {
    enum Phase { case pending, starting, ready, routable, terminating, gone }

    struct Pod {
        var revision: Int
        var phase: Phase
        var process: (any RunningPod)?
        var readyAt: Int64?
        var attached = false
    }

    let configuration: KnativeModelConfiguration
    let options: RealRunOptions
    let clock: ProxyClock
    let dataPlane: any RealDataPlane
    let runtime: any PodRuntime
    private var autoscalers: [RevisionAutoscaler] = []
    private var specs: [RevisionSpec] = []
    private var startupStreams: [RandomStream] = []
    private var pods: [Pod] = []
    private var records: [RealPodRecord] = []
    private var samples: [RealSecondSample] = []
    private var rechecks: [Task<Void, Never>?] = []
    private var lifecycles: [Task<Void, Never>] = []
    private var liveProcesses = 0
    private var stopping = false
    /// Problems met while running (a pod that failed to start, the process cap hit):
    /// reported, never fatal.
    private(set) var warnings: [String] = []

    init(configuration: KnativeModelConfiguration, options: RealRunOptions, clock: ProxyClock,
         dataPlane: any RealDataPlane, runtime: any PodRuntime) {
        self.configuration = configuration
        self.options = options
        self.clock = clock
        self.dataPlane = dataPlane
        self.runtime = runtime
        let streams = RandomStreams(seed: configuration.seed, kind: configuration.generator)
        for service in configuration.services {
            for revision in service.revisions {
                specs.append(revision)
                autoscalers.append(RevisionAutoscaler(spec: revision, streams: streams))
                startupStreams.append(streams.stream(named: "startup/\(revision.name)"))
            }
        }
        rechecks = Array(repeating: nil, count: specs.count)
    }

    var now: SimTime { clock.now() }

    // MARK: - The control loop

    /// Creates the initial pods and runs the control loop until `end` (nanoseconds
    /// since the start) or until cancelled.
    func control(until end: Int64) async {
        for revision in autoscalers.indices {
            await applyProxyMode(revision: revision)
            setReplicas(revision: revision, to: autoscalers[revision].start())
        }
        var nextDecision = autoscalers.map { $0.decisionInterval }
        var nextSecond: Int64 = 1_000_000_000
        while !Task.isCancelled {
            let due = min(nextSecond, nextDecision.min() ?? .max)
            guard due <= end else { break }
            await sleep(until: due)
            if Task.isCancelled { break }
            // At one instant the second tick comes before the decisions, as in the simulation.
            if due == nextSecond {
                await secondTick(at: SimTime(nanoseconds: due))
                nextSecond += 1_000_000_000
            }
            for revision in autoscalers.indices where nextDecision[revision] == due {
                await apply(autoscalers[revision].decide(at: now, readyPods: readyCount(revision)), revision: revision)
                nextDecision[revision] += autoscalers[revision].decisionInterval
            }
        }
    }

    private func sleep(until nanoseconds: Int64) async {
        let target = clock.origin + .nanoseconds(nanoseconds)
        try? await Task.sleep(until: target, clock: .continuous)
    }

    private func secondTick(at tick: SimTime) async {
        let reports = await dataPlane.activatorReports()
        for revision in autoscalers.indices {
            var candidates: [ScrapeCandidate] = []
            for (id, pod) in pods.enumerated() where pod.revision == revision && isReady(pod) {
                guard let stat = await dataPlane.queueProxyReport(pod: id) else { continue }
                candidates.append(ScrapeCandidate(startTime: SimTime(nanoseconds: pods[id].readyAt ?? 0), stat: stat))
            }
            autoscalers[revision].scrape(candidates, at: now)
            for report in reports where report.revision == revision {
                await push(report.stat, revision: revision)
            }
        }
        var sample = RealSecondSample(time: tick.nanoseconds)
        for pod in pods {
            switch pod.phase {
            case .pending: sample.pending += 1
            case .starting: sample.starting += 1
            case .ready, .routable: sample.ready += 1
            case .terminating: sample.terminating += 1
            case .gone: break
            }
        }
        sample.desired = autoscalers.reduce(0) { $0 + $1.desired }
        sample.queued = await dataPlane.queued()
        samples.append(sample)
    }

    /// An activator stat reaches the autoscaler (the 1 s report, or the first request's
    /// immediate stat while the revision is not tracked: the scale-from-zero poke).
    func push(_ stat: ActivatorStat, revision: Int) async {
        guard !stopping else { return }
        if autoscalers[revision].push(stat, at: now) {
            await apply(autoscalers[revision].decide(at: now, readyPods: readyCount(revision)), revision: revision)
        }
    }

    private func reconcile(revision: Int) async {
        guard !stopping else { return }
        await apply(autoscalers[revision].reconcile(at: now, readyPods: readyCount(revision)), revision: revision)
    }

    private func apply(_ outcome: RevisionAutoscaler.Outcome, revision: Int) async {
        if let replicas = outcome.replicas { setReplicas(revision: revision, to: replicas) }
        await applyProxyMode(revision: revision)
        rechecks[revision]?.cancel()
        rechecks[revision] = nil
        if let recheck = outcome.recheckAt {
            rechecks[revision] = Task { [clock] in
                try? await Task.sleep(until: clock.origin + .nanoseconds(recheck), clock: .continuous)
                guard !Task.isCancelled else { return }
                await self.reconcile(revision: revision)
            }
        }
    }

    private func applyProxyMode(revision: Int) async {
        await dataPlane.setProxyMode(revision: revision, autoscalers[revision].proxyMode)
    }

    private func isReady(_ pod: Pod) -> Bool { pod.phase == .ready || pod.phase == .routable }

    func readyCount(_ revision: Int) -> Int {
        pods.reduce(0) { $0 + ($1.revision == revision && isReady($1) ? 1 : 0) }
    }

    // MARK: - Pods

    /// Makes the revision have `target` pods that are not terminating, as a ReplicaSet.
    private func setReplicas(revision: Int, to target: Int) {
        guard !stopping else { return }
        let active = activePods(revision)
        if target > active.count {
            for _ in active.count..<target { createPod(revision: revision) }
        } else if target < active.count {
            for _ in target..<active.count {
                guard let victim = chooseVictim(revision: revision) else { break }
                terminate(pod: victim)
            }
        }
    }

    private func activePods(_ revision: Int) -> [Int] {
        pods.indices.filter { pods[$0].revision == revision && pods[$0].phase != .terminating && pods[$0].phase != .gone }
    }

    /// Kubernetes' ReplicaSet deletion order, as the simulation has it: pods not yet
    /// ready before ready ones, and among equals the newest first.
    private func chooseVictim(revision: Int) -> Int? {
        let active = activePods(revision)
        if let unready = active.last(where: { !isReady(pods[$0]) }) { return unready }
        return active.max { (pods[$0].readyAt ?? 0, $0) < (pods[$1].readyAt ?? 0, $1) }
    }

    private func createPod(revision: Int) {
        let id = pods.count
        let created = now.nanoseconds
        pods.append(Pod(revision: revision, phase: .pending))
        records.append(RealPodRecord(revision: revision, createdAt: created))
        let plan = drawStartup(revision: revision)
        lifecycles.append(Task { await self.start(pod: id, plan: plan) })
    }

    /// One pod's startup draws, in the simulation's order on the same stream.
    struct StartupPlan {
        var emulated: [(StartupPhase, Int64)]
        var applicationInit: Int64
        var endpointPropagation: Int64
    }

    private func drawStartup(revision: Int) -> StartupPlan {
        let stream = startupStreams[revision]
        let startup = specs[revision].startup
        func draw(_ distribution: Distribution) -> Int64 { distribution.sampleDuration(using: stream).nanoseconds }
        let scheduling = draw(startup.scheduling)
        let sandbox = draw(startup.sandboxCreation)
        let container = draw(startup.containerCreation)
        _ = draw(startup.userContainerStart)  // real: the process's own start replaces it
        let initialise = draw(startup.applicationInit)
        if configuration.mesh.enabled { _ = draw(startup.proxyStart) }
        _ = draw(startup.readinessProbe)  // real: the probe of the running process
        let propagation = draw(startup.endpointPropagation)
        return StartupPlan(emulated: [(.scheduling, scheduling), (.sandboxCreation, sandbox),
                                      (.containerCreation, container)],
                           applicationInit: initialise, endpointPropagation: propagation)
    }

    private func start(pod id: Int, plan: StartupPlan) async {
        for (phase, nanoseconds) in plan.emulated {
            records[id].phases.append((phase, nanoseconds))
            try? await Task.sleep(for: .nanoseconds(nanoseconds))
            if phase == .scheduling, pods[id].phase == .pending { pods[id].phase = .starting }
            guard pods[id].phase == .starting else { return podGone(id) }
        }
        guard liveProcesses < options.maxProcesses else {
            warnings.append("pod \(id) of \(specs[pods[id].revision].name) not started: \(options.maxProcesses) processes already run (the process cap)")
            pods[id].phase = .pending
            return
        }
        liveProcesses += 1
        let spawned = now.nanoseconds
        let process: any RunningPod
        do {
            process = try await runtime.start(revision: pods[id].revision, initDelay: Double(plan.applicationInit) / 1e9)
            try await dataPlane.attach(pod: id, revision: pods[id].revision, functionPort: process.port)
        } catch {
            liveProcesses -= 1
            warnings.append("pod \(id) of \(specs[pods[id].revision].name) did not start: \(error)")
            pods[id].phase = .gone
            records[id].withdrawnAt = now.nanoseconds
            return
        }
        pods[id].process = process
        pods[id].attached = true
        let ready = now.nanoseconds
        // The process start and its initialisation, measured; the drawn init delay is
        // what the function waited before answering its probe.
        records[id].phases.append((.userContainerStart, max(0, ready - spawned - plan.applicationInit)))
        records[id].phases.append((.applicationInit, plan.applicationInit))
        records[id].phases.append((.endpointPropagation, plan.endpointPropagation))
        guard pods[id].phase == .starting, !stopping else { return await stop(pod: id) }
        pods[id].phase = .ready
        pods[id].readyAt = ready
        records[id].readyAt = ready
        try? await Task.sleep(for: .nanoseconds(plan.endpointPropagation))
        guard pods[id].phase == .ready, !stopping else { return }
        pods[id].phase = .routable
        await updateRoutable(revision: pods[id].revision)
    }

    private func podGone(_ id: Int) {
        pods[id].phase = .gone
        if records[id].withdrawnAt == nil { records[id].withdrawnAt = now.nanoseconds }
    }

    private func updateRoutable(revision: Int) async {
        let routable = pods.indices.filter { pods[$0].revision == revision && pods[$0].phase == .routable }
        await dataPlane.setRoutable(revision: revision, pods: routable)
    }

    /// Withdraws the pod from routing and lets it drain, then stops it.
    private func terminate(pod id: Int) {
        let phase = pods[id].phase
        pods[id].phase = .terminating
        records[id].withdrawnAt = now.nanoseconds
        switch phase {
        case .pending, .starting:
            // Its startup notices and stops; nothing runs yet, or it is stopped once it does.
            pods[id].phase = .gone
        case .ready, .routable:
            let revision = pods[id].revision
            let grace = specs[revision].terminationGracePeriod
            lifecycles.append(Task {
                if phase == .routable { await self.updateRoutable(revision: revision) }
                await self.drain(pod: id, grace: grace)
                await self.stop(pod: id)
            })
        case .terminating, .gone:
            break
        }
    }

    private func drain(pod id: Int, grace: SimDuration) async {
        let deadline = ContinuousClock.now + .nanoseconds(grace.nanoseconds)
        while ContinuousClock.now < deadline, !Task.isCancelled, await dataPlane.inFlight(pod: id) > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func stop(pod id: Int) async {
        guard let process = pods[id].process else { return }
        pods[id].process = nil
        if pods[id].phase != .terminating && pods[id].phase != .gone { records[id].withdrawnAt = now.nanoseconds }
        pods[id].phase = .gone
        if pods[id].attached {
            pods[id].attached = false
            await dataPlane.detach(pod: id)
        }
        await process.stop(grace: .milliseconds(Int64(options.shutdownGraceSeconds * 1000)))
        liveProcesses -= 1
    }

    // MARK: - The end

    /// Stops the autoscaling, then every pod: drains briefly, SIGTERM, SIGKILL.
    func shutdown() async {
        stopping = true
        for task in rechecks { task?.cancel() }
        let grace = SimDuration.seconds(options.shutdownGraceSeconds)
        for id in pods.indices where pods[id].process != nil {
            if pods[id].phase == .routable || pods[id].phase == .ready {
                records[id].withdrawnAt = now.nanoseconds
                pods[id].phase = .terminating
            }
        }
        for revision in autoscalers.indices { await dataPlane.setRoutable(revision: revision, pods: []) }
        await withTaskGroup(of: Void.self) { group in
            for id in pods.indices where pods[id].process != nil {
                group.addTask {
                    await self.drain(pod: id, grace: grace)
                    await self.stop(pod: id)
                }
            }
        }
        for task in lifecycles { task.cancel() }
        for task in lifecycles { await task.value }
        // A pod whose start was under way when the run stopped.
        for id in pods.indices where pods[id].process != nil { await stop(pod: id) }
        await runtime.stopAll()
        await dataPlane.stop()
    }

    var podRecords: [RealPodRecord] { records }
    var secondSamples: [RealSecondSample] { samples }
    var revisionNames: [String] { specs.map(\.name) }
}
