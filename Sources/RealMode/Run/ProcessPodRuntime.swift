import AsyncHTTPClient
import Foundation

/// Pods as knsim-fn processes (`ProcessPod`): each in its own process group on a port
/// the kernel chose, probed until ready, stopped with SIGTERM then SIGKILL.
actor ProcessPodRuntime: PodRuntime {
    private struct Started: RunningPod {
        let pod: ProcessPod
        var port: Int { pod.port }
        var pid: Int32 { pod.pid }
        func stop(grace: Duration) async { await pod.stop(grace: grace) }
    }

    private let executable: String
    private let work: String
    private let client: HTTPClient
    /// The ingress URL the functions' downstream calls go to.
    private let ingress: String?
    private let ports = PortAllocator()
    /// Every pod started, so that `stopAll` can reach one whose owner lost track of it.
    private var started: [ProcessPod] = []

    init(executable: String, work: String, client: HTTPClient, ingress: String? = nil) {
        self.executable = executable
        self.work = work
        self.client = client
        self.ingress = ingress
    }

    func start(revision: Int, initDelay: Double) async throws -> any RunningPod {
        let command = PodCommand.knsimFn(executable: executable, initDelay: initDelay, work: work, ingress: ingress)
        let pod = try await ProcessPod.launch(command, ports: ports)
        started.append(pod)
        do {
            try await pod.waitUntilReady(client: client)
        } catch {
            await pod.stop(grace: .milliseconds(500))
            throw error
        }
        return Started(pod: pod)
    }

    func stopAll() async {
        for pod in started where pod.isGroupAlive { await pod.stop(grace: .milliseconds(500)) }
        started.removeAll()
    }

    /// Process ids of the pods whose process group is still alive (for tests).
    func alivePIDs() -> [Int32] { started.filter { $0.isGroupAlive }.map { $0.pid } }
}
