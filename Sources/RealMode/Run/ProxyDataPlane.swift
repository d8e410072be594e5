import AsyncHTTPClient
import Engine
import Serving

/// The data plane on the proxies: one ingress, one activator, and per pod a
/// queue-proxy (with a sidecar hop in front of it when the mesh is on).
actor ProxyDataPlane: RealDataPlane {
    private struct PodHops {
        var revision: Int
        var queueProxy: QueueProxyServer
        var sidecar: SidecarHop?
        /// Where the ingress and the activator send the pod's requests.
        var endpoint: Endpoint
    }

    nonisolated let ingressPort: Int
    let ingress: IngressServer
    let activator: ActivatorServer
    private let configuration: KnativeModelConfiguration
    private let specs: [RevisionSpec]
    private let clock: ProxyClock
    private let client: HTTPClient
    private var pods: [Int: PodHops] = [:]

    init(configuration: KnativeModelConfiguration, clock: ProxyClock, client: HTTPClient) async throws {
        self.configuration = configuration
        self.clock = clock
        self.client = client
        let streams = RandomStreams(seed: configuration.seed, kind: configuration.generator)
        var specs: [RevisionSpec] = [], services: [IngressService] = []
        var settings: [Int: ActivatorRevisionSettings] = [:]
        for service in configuration.services {
            var indices: [Int] = []
            for revision in service.revisions {
                indices.append(specs.count)
                settings[specs.count] = ActivatorRevisionSettings(
                    containerConcurrency: revision.containerConcurrency, timeout: revision.timeout.wallDuration,
                    maxBuffered: configuration.activator.queueDepth)
                specs.append(revision)
            }
            services.append(IngressService(name: service.name, revisions: indices,
                                           percents: service.revisions.map(\.trafficPercent)))
        }
        self.specs = specs
        let activator = try await ActivatorServer.start(revisions: settings, streams: streams, clock: clock, client: client)
        let longest = specs.map(\.timeout.wallDuration).max() ?? .seconds(300)
        let ingress: IngressServer
        do {
            ingress = try await IngressServer.start(services: services, activatorPort: activator.port, streams: streams,
                                                    leastRequest: configuration.mesh.enabled,
                                                    timeout: longest + .seconds(5), client: client)
        } catch {
            await activator.stop()
            throw error
        }
        self.activator = activator
        self.ingress = ingress
        ingressPort = ingress.port
    }

    func attach(pod: Int, revision: Int, functionPort: Int) async throws {
        let spec = specs[revision]
        let queueProxy = try await QueueProxyServer.start(upstreamPort: functionPort,
                                                          containerConcurrency: spec.containerConcurrency,
                                                          timeout: spec.timeout.wallDuration, clock: clock, client: client)
        var sidecar: SidecarHop?
        if configuration.mesh.enabled {
            do {
                sidecar = try await SidecarHop.start(upstreamPort: queueProxy.port, timeout: spec.timeout.wallDuration + .seconds(1),
                                                     client: client)
            } catch {
                await queueProxy.stop()
                throw error
            }
        }
        pods[pod] = PodHops(revision: revision, queueProxy: queueProxy, sidecar: sidecar,
                            endpoint: Endpoint(pod: pod, port: sidecar?.port ?? queueProxy.port))
    }

    func detach(pod: Int) async {
        guard let hops = pods.removeValue(forKey: pod) else { return }
        await hops.sidecar?.stop()
        await hops.queueProxy.stop()
    }

    func setRoutable(revision: Int, pods ids: [Int]) async {
        let endpoints = ids.compactMap { pods[$0]?.endpoint }.sorted()
        await activator.setEndpoints(revision: revision, endpoints)
        await ingress.setEndpoints(revision: revision, endpoints)
    }

    func setProxyMode(revision: Int, _ proxy: Bool) async {
        await ingress.setMode(revision: revision, proxy ? .proxy : .serve)
    }

    func queueProxyReport(pod: Int) async -> PodStat? {
        guard let hops = pods[pod] else { return nil }
        return await hops.queueProxy.report()
    }

    func inFlight(pod: Int) async -> Int {
        guard let hops = pods[pod] else { return 0 }
        return await hops.queueProxy.concurrency()
    }

    func activatorReports() async -> [(revision: Int, stat: ActivatorStat)] {
        await activator.report().map { ($0.revision, $0.stat) }
    }

    func queued() async -> Int {
        var total = 0
        for revision in specs.indices { total += await activator.queued(revision: revision) }
        return total
    }

    func stop() async {
        for pod in pods.keys.sorted() { await detach(pod: pod) }
        await ingress.stop()
        await activator.stop()
    }
}

extension SimDuration {
    /// The same span as a wall-clock `Duration`.
    var wallDuration: Duration { .nanoseconds(nanoseconds) }
}
