import AsyncHTTPClient
import Engine
import Hummingbird
import Serving

/// The activator: one real HTTP hop on 127.0.0.1 for every revision, driven by the
/// simulation's `RevisionThrottler` (buffering, capacity, pod choice) and
/// `ActivatorConcurrencyReporter` (the autoscaler's push metric).
///
/// - A request names its revision in `X-Knsim-Revision` (the ingress sets it).
/// - It waits while the revision has no capacity (no ready pod, or every pod at its
///   container-concurrency): at most `settings.timeout` (then 504, `activatorTimeout`)
///   and with at most `settings.maxBuffered` others waiting (else 503,
///   `activatorOverflow`). It is then sent to the pod the throttler chose, marked
///   `X-Knsim-Proxied: 1`.
/// - A request that arrived while the revision had no ready pod gets `X-Knsim-Cold: 1`
///   on its response.
/// - Pod unreachable (its queue-proxy stopped before the endpoint update arrived): the
///   request goes back to the throttler, as the simulation's activator retry does, up
///   to `maxRetries` times; then 502 `podGone`.
/// - The first request for an untracked revision pushes the scale-from-zero stat at
///   once on `pushes`; call `report()` once a second for the periodic stats.
public final class ActivatorServer: Sendable {
    /// The port the activator listens on (127.0.0.1).
    public var port: Int { server.port }
    /// Scale-from-zero signals, pushed the moment a request for an untracked revision
    /// arrives (`isFirstSighting` true). The orchestrator records each in the revision's
    /// policy and decides at once if the policy asks to (the poke).
    public let pushes: AsyncStream<ActivatorPush>

    /// Retries of a request whose pod was unreachable.
    public static let maxRetries = 5
    /// Extra time a forwarded request may take beyond the revision timeout, so that
    /// queue-proxy, which enforces the timeout at the pod, answers first.
    static let forwardSlack = Duration.milliseconds(500)

    private let core: ActivatorCore
    private let server: LoopbackServer
    private let pushSink: AsyncStream<ActivatorPush>.Continuation

    private init(core: ActivatorCore, server: LoopbackServer, pushes: AsyncStream<ActivatorPush>,
                 pushSink: AsyncStream<ActivatorPush>.Continuation) {
        self.core = core
        self.server = server
        self.pushes = pushes
        self.pushSink = pushSink
    }

    /// Starts the activator with its revisions (keyed by revision index).
    /// - Parameter streams: the run's random streams; the throttlers' pod choices draw
    ///   from the one named `activator/routing`.
    public static func start(revisions: [Int: ActivatorRevisionSettings], streams: RandomStreams,
                             clock: ProxyClock, client: HTTPClient) async throws -> ActivatorServer {
        let (pushes, pushSink) = AsyncStream<ActivatorPush>.makeStream()
        let core = ActivatorCore(clock: clock, streams: streams, pushes: pushSink)
        for revision in revisions.keys.sorted() { await core.configure(revision: revision, revisions[revision]!) }
        let forwarder = Forwarder(client: client)
        let server = try await LoopbackServer.start(name: "activator") { request in
            await handle(request, core: core, forwarder: forwarder)
        }
        return ActivatorServer(core: core, server: server, pushes: pushes, pushSink: pushSink)
    }

    /// Adds a revision or updates its settings (see `ActivatorCore.configure`).
    public func configure(revision: Int, _ settings: ActivatorRevisionSettings) async {
        await core.configure(revision: revision, settings)
    }

    /// The revision's ready pods, each at its queue-proxy (or sidecar) port. Call it
    /// whenever a pod becomes ready or leaves; waiting requests that now fit are sent.
    public func setEndpoints(revision: Int, _ endpoints: [Endpoint]) async {
        await core.setEndpoints(revision: revision, endpoints)
    }

    /// The 1 s reports of every tracked revision, in revision order (the simulation's
    /// `secondTick` push). Closes the period: call it once per second.
    public func report() async -> [ActivatorPush] { await core.report() }

    /// Requests of the revision waiting in the activator now.
    public func queued(revision: Int) async -> Int { await core.queued(revision: revision) }
    /// Requests of the revision in the activator now (waiting or at a pod).
    public func concurrency(revision: Int) async -> Int { await core.concurrency(revision: revision) }

    /// Stops listening and ends `pushes`.
    public func stop() async {
        await server.stop()
        pushSink.finish()
    }

    private static func handle(_ request: Request, core: ActivatorCore, forwarder: Forwarder) async -> Response {
        guard let revision = request.headers[ProxyHeader.revision].flatMap({ Int($0) }),
              let arrival = await core.arrive(revision: revision) else {
            return Response(status: .notFound)
        }
        let deadline = ContinuousClock.now + arrival.timeout
        let body = await Forwarder.body(of: request)
        var response = await route(request, body: body, revision: revision, deadline: deadline,
                                   core: core, forwarder: forwarder)
        await core.leave(revision: revision)
        if arrival.cold { response.headers[ProxyHeader.cold] = "1" }
        return response
    }

    private static func route(_ request: Request, body: ByteBuffer, revision: Int, deadline: ContinuousClock.Instant,
                              core: ActivatorCore, forwarder: Forwarder) async -> Response {
        var retries = 0
        while true {
            let lease: PodLease<Endpoint>
            switch await core.acquire(revision: revision, deadline: deadline) {
            case .overflow: return ProxyHeader.failureResponse(.activatorOverflow)
            case .timedOut: return ProxyHeader.failureResponse(.activatorTimeout)
            case .lease(let granted): lease = granted
            }
            let result = await forwarder.forward(request, body: body, toPort: lease.pod.port,
                                                 setting: [(ProxyHeader.proxied, "1")],
                                                 deadline: deadline + forwardSlack)
            await core.release(revision: revision, lease)
            switch result {
            case .success(let response):
                return response
            case .failure(.timedOut):
                return ProxyHeader.failureResponse(.requestTimeout)
            case .failure(.unreachable):
                retries += 1
                guard retries <= maxRetries, ContinuousClock.now < deadline else {
                    return ProxyHeader.failureResponse(.podGone)
                }
                // Give the endpoint update that removes the pod a moment to arrive.
                try? await Task.sleep(for: .milliseconds(5 * retries))
            }
        }
    }
}
