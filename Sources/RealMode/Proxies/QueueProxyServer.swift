import AsyncHTTPClient
import Hummingbird
import Serving

/// One pod's queue-proxy: a real HTTP hop on 127.0.0.1 in front of the pod's process,
/// driven by the simulation's `QueueProxy` (`Breaker.queueProxy` and `QueueProxyStats`).
///
/// - Container-concurrency CC > 0: at most CC requests reach the process at once; up
///   to 10·CC more wait in arrival order; beyond that, 503 with
///   `X-Knsim-Failure: queueProxyOverflow`. CC = 0: no limit.
/// - The revision's timeout bounds each request here (queued and in the process):
///   504 with `requestTimeout`. The process unreachable or gone mid-request: 502 with
///   `podKilled` (queue-proxy outlives its container, as in Kubernetes when the user
///   container crashes).
/// - Requests carrying `X-Knsim-Proxied: 1` came through the activator and are counted
///   as proxied, so the autoscaler counts each request once.
/// - `report()` is the 1 s report the autoscaler's scraper reads: call it once a
///   second per pod, as the simulation's scrape tick does.
public final class QueueProxyServer: Sendable {
    /// The port this queue-proxy listens on (127.0.0.1).
    public var port: Int { server.port }
    /// The pod process's port it forwards to.
    public let upstreamPort: Int
    public let containerConcurrency: Int

    private let core: QueueProxyCore
    private let server: LoopbackServer

    private init(upstreamPort: Int, containerConcurrency: Int, core: QueueProxyCore, server: LoopbackServer) {
        self.upstreamPort = upstreamPort
        self.containerConcurrency = containerConcurrency
        self.core = core
        self.server = server
    }

    /// Starts a queue-proxy listening on 127.0.0.1 (a port the kernel chose).
    /// - Parameters:
    ///   - upstreamPort: the pod process's port.
    ///   - containerConcurrency: the revision's CC (0 = unlimited).
    ///   - timeout: the revision's request timeout (Knative `timeoutSeconds`).
    ///   - clock: the run's clock (stats times; uptime counts from now).
    ///   - client: the run's shared client (`ProxyHTTPClient.make()`).
    public static func start(upstreamPort: Int, containerConcurrency: Int, timeout: Duration,
                             clock: ProxyClock, client: HTTPClient) async throws -> QueueProxyServer {
        precondition(containerConcurrency >= 0, "container concurrency must be ≥ 0")
        let core = QueueProxyCore(containerConcurrency: containerConcurrency, clock: clock)
        let forwarder = Forwarder(client: client)
        let server = try await LoopbackServer.start(name: "queue-proxy") { request in
            await handle(request, core: core, forwarder: forwarder, upstreamPort: upstreamPort, timeout: timeout)
        }
        return QueueProxyServer(upstreamPort: upstreamPort, containerConcurrency: containerConcurrency,
                                core: core, server: server)
    }

    /// The 1 s report (what the simulation's scraper reads from each pod): average
    /// concurrency and request rate since the previous report, proxied shares, uptime.
    /// Closes the period: call it once per second.
    public func report() async -> PodStat { await core.report() }

    /// Requests in queue-proxy now, waiting or in the process (for draining).
    public func concurrency() async -> Int { await core.concurrency }

    /// Requests in the process now.
    public func inContainer() async -> Int { await core.inContainer }

    /// Stops listening. Requests still here are cut off: drain first (wait until
    /// `concurrency()` is 0) to stop gracefully.
    public func stop() async { await server.stop() }

    private static func handle(_ request: Request, core: QueueProxyCore, forwarder: Forwarder,
                               upstreamPort: Int, timeout: Duration) async -> Response {
        let deadline = ContinuousClock.now + timeout
        let proxied = request.headers[ProxyHeader.proxied] == "1"
        let body = await Forwarder.body(of: request)
        switch await core.enter(proxied: proxied, deadline: deadline) {
        case .rejected: return ProxyHeader.failureResponse(.queueProxyOverflow)
        case .timedOut: return ProxyHeader.failureResponse(.requestTimeout)
        case .admitted: break
        }
        let response: Response
        switch await forwarder.forward(request, body: body, toPort: upstreamPort, deadline: deadline) {
        case .success(let answer): response = answer
        case .failure(.timedOut): response = ProxyHeader.failureResponse(.requestTimeout)
        case .failure(.unreachable): response = ProxyHeader.failureResponse(.podKilled)
        }
        await core.finished(proxied: proxied)
        return response
    }
}
