import AsyncHTTPClient
import Foundation
import Serving

/// The pieces of one real run, started together and closed together: the clock every
/// part shares, the HTTP client, the data plane, the pod runtime and the load.
struct RealRunParts: Sendable {
    let clock: ProxyClock
    let client: HTTPClient
    let proxies: ProxyDataPlane
    let pods: ProcessPodRuntime
    let load: GeneratorLoadDriver

    var dataPlane: any RealDataPlane { proxies }
    var runtime: any PodRuntime { pods }

    static func start(_ configuration: KnativeModelConfiguration, options: RealRunOptions) async throws -> RealRunParts {
        guard let executable = options.functionExecutable ?? PodCommand.locateKnsimFn() else {
            throw RealRunError.functionNotFound("knsim-fn")
        }
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw RealRunError.functionNotFound(executable)
        }
        let client = ProxyHTTPClient.make()
        // The run's time zero, shared by every proxy and the autoscaler so their times
        // compare. The servers start within milliseconds of it.
        let clock = ProxyClock()
        let proxies: ProxyDataPlane
        do {
            proxies = try await ProxyDataPlane(configuration: configuration, clock: clock, client: client)
        } catch {
            try? await client.shutdown()
            throw RealRunError.setupFailed("\(error)")
        }
        return RealRunParts(clock: clock, client: client, proxies: proxies,
                            pods: ProcessPodRuntime(executable: executable, work: options.work, client: client,
                                                    ingress: "http://127.0.0.1:\(proxies.ingressPort)/"),
                            load: GeneratorLoadDriver(plan: LoadPlan(configuration), work: options.work, client: client))
    }

    /// The activator's first sighting of a revision reaches the autoscaler at once.
    func forwardPokes(to run: RealRun) async {
        for await push in proxies.activator.pushes {
            await run.push(push.stat, revision: push.revision)
        }
    }

    func close() async {
        try? await client.shutdown()
    }
}
