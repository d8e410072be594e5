import AsyncHTTPClient
import Foundation

/// When a pod's startup reached each point (monotonic clock).
public struct PodTimings: Sendable, Equatable {
    /// `ProcessPod.launch` was called (the pod was created).
    public var createdAt: ContinuousClock.Instant
    /// The emulated phases were waited out and the process was spawned.
    public var spawnedAt: ContinuousClock.Instant
    /// The first probe that got any HTTP answer: the server is listening.
    public var listeningAt: ContinuousClock.Instant?
    /// The first probe answered 200 by this process.
    public var readyAt: ContinuousClock.Instant?

    /// Spawn → listening: the real user-container start.
    public var processStart: Duration? { listeningAt.map { spawnedAt.duration(to: $0) } }
    /// Spawn → ready: process start, application init and probing together.
    public var spawnToReady: Duration? { readyAt.map { spawnedAt.duration(to: $0) } }
    /// Creation → ready, emulated phases included: the pod's cold start.
    public var total: Duration? { readyAt.map { createdAt.duration(to: $0) } }
}

/// A pod that is a local process: started in its own process group on a free
/// 127.0.0.1 port, probed over HTTP until ready, stopped by draining (SIGTERM to the
/// group, SIGKILL after the grace period). Whatever happens, no process of its group
/// outlives it: when the process ends, the rest of its group is killed.
public actor ProcessPod {
    public nonisolated let command: PodCommand
    public nonisolated let port: Int
    public nonisolated let pid: pid_t
    /// The process group (the child's pid): signal `-processGroup` to reach all of it.
    public nonisolated var processGroup: pid_t { child.processGroup }
    public nonisolated var url: String { "http://127.0.0.1:\(port)" }
    public private(set) var timings: PodTimings
    private nonisolated let child: ChildProcess
    private var stopping = false

    /// Waits `emulatedDelay` (the phases that cannot happen for real), then spawns the
    /// command with its port in `PORT` (and `--port` for knsim-fn is not needed: it
    /// reads `PORT`). Returns once the process runs; call `waitUntilReady`.
    public static func launch(_ command: PodCommand, emulatedDelay: Duration = .zero,
                              ports: PortAllocator) async throws -> ProcessPod {
        let created = ContinuousClock.now
        if emulatedDelay > .zero { try await Task.sleep(for: emulatedDelay) }
        let port = try ports.allocate()
        let child = try ChildProcess(command, port: port)
        return ProcessPod(command: command, port: port, child: child,
                          timings: PodTimings(createdAt: created, spawnedAt: .now))
    }

    private init(command: PodCommand, port: Int, child: ChildProcess, timings: PodTimings) {
        self.command = command
        self.port = port
        self.child = child
        self.pid = child.pid
        self.timings = timings
    }

    /// Probes until the pod answers ready; throws if its process ends first or the
    /// startup timeout passes.
    @discardableResult
    public func waitUntilReady(probe settings: ReadinessProbeSettings = ReadinessProbeSettings(),
                               client: HTTPClient) async throws -> PodTimings {
        let deadline = timings.spawnedAt.advanced(by: settings.startupTimeout)
        while true {
            let attemptStarted = ContinuousClock.now
            let answer = await ReadinessProbe.probe(port: port, pid: pid, settings: settings, client: client)
            let now = ContinuousClock.now
            if answer != .none && timings.listeningAt == nil { timings.listeningAt = now }
            if answer == .ready {
                timings.readyAt = now
                return timings
            }
            if let status = await exitStatusIfEnded() {
                throw RealModeError.exitedBeforeReady(command: command.displayName, status: status)
            }
            guard now < deadline else {
                throw RealModeError.notReady(command: command.displayName,
                                             seconds: Double(settings.startupTimeout.components.seconds))
            }
            // The period runs from one attempt's start to the next, as a ticker does.
            let next = attemptStarted.advanced(by: settings.period)
            if next > now { try await Task.sleep(until: next, clock: .continuous) }
        }
    }

    /// The process's end (a crash, or after `stop`). Await it to notice a crash.
    public nonisolated var exit: ProcessExit { get async { await child.exit } }

    /// Stops the pod as the kubelet does: SIGTERM to the whole group (knsim-fn then
    /// finishes its requests in flight), SIGKILL when `grace` passes first. Returns how
    /// the process ended; afterwards no process of the group remains.
    @discardableResult
    public func stop(grace: Duration) async -> ProcessExit {
        stopping = true
        child.signalGroup(SIGTERM)
        let child = self.child
        let status = await withTaskGroup(of: ProcessExit?.self) { group -> ProcessExit in
            group.addTask { await child.exit }
            group.addTask {
                try? await Task.sleep(for: grace)
                return nil
            }
            let first = await group.next()!
            if let first {
                group.cancelAll()
                return first
            }
            child.signalGroup(SIGKILL)
            let last = await group.next()!
            return last!
        }
        return status
    }

    /// Kills the pod at once (a kill-pod event): SIGKILL to the group.
    @discardableResult
    public func kill() async -> ProcessExit {
        stopping = true
        child.signalGroup(SIGKILL)
        return await child.exit
    }

    /// Whether any process of the pod's group remains (zombies included).
    public nonisolated var isGroupAlive: Bool { child.processGroupAlive }

    private func exitStatusIfEnded() async -> ProcessExit? {
        // The group is empty once the leader is reaped (the reaper kills the rest).
        guard !child.processGroupAlive else { return nil }
        return await child.exit
    }
}
