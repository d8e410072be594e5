import Engine
import Serving

/// The seams between the orchestrator (`RealRun`) and the parts it drives: the data
/// plane (ingress, activator, per-pod queue-proxy and sidecar), the pod processes and
/// the load generator. The run talks to them only through these, so the autoscaling and
/// pod lifecycle code does not depend on how a hop or a process is implemented; the
/// adapters in `ProxyDataPlane.swift`, `ProcessPodRuntime.swift` and `LoadDriver.swift`
/// connect them to the proxies, `ProcessPod` and the load generator.

/// Ingress, activator and the pods' queue-proxies (and sidecar hops), all on 127.0.0.1.
protocol RealDataPlane: Sendable {
    /// Where the load generator sends requests.
    var ingressPort: Int { get }
    /// Starts the pod's queue-proxy (and, with the mesh, its sidecar hop) in front of the
    /// function listening on `functionPort`.
    func attach(pod: Int, revision: Int, functionPort: Int) async throws
    /// Stops the pod's queue-proxy and sidecar.
    func detach(pod: Int) async
    /// The pods the ingress (serve mode) and the activator's throttler send to.
    func setRoutable(revision: Int, pods: [Int]) async
    /// Whether the ingress sends the revision's requests through the activator.
    func setProxyMode(revision: Int, _ proxy: Bool) async
    /// The pod's queue-proxy stats since its last report (its window resets).
    func queueProxyReport(pod: Int) async -> PodStat?
    /// Requests the pod's queue-proxy holds (queued or in the container).
    func inFlight(pod: Int) async -> Int
    /// The activator's 1 s reports, one per revision it tracks.
    func activatorReports() async -> [(revision: Int, stat: ActivatorStat)]
    /// Requests waiting in the activator and queue-proxy queues.
    func queued() async -> Int
    func stop() async
}

/// Starts pods' processes.
protocol PodRuntime: Sendable {
    /// Spawns the revision's function with the given initialisation delay and returns
    /// once its readiness probe answers.
    func start(revision: Int, initDelay: Double) async throws -> any RunningPod
    /// Stops every process it started that is still running (the last line of defence).
    func stopAll() async
}

/// One pod's running process.
protocol RunningPod: Sendable {
    /// The function's port on 127.0.0.1.
    var port: Int { get }
    /// The process id (its process group leader).
    var pid: Int32 { get }
    /// SIGTERM, then SIGKILL after `grace`; returns when the process is gone.
    func stop(grace: Duration) async
}

/// Sends the scenario's requests to the ingress and reports how each ended.
protocol LoadDriver: Sendable {
    func run(ingressPort: Int, clock: ProxyClock) async -> [RealRequestOutcome]
}
