import AsyncHTTPClient
import Engine
import HTTPTypes
import Hummingbird
import Serving

/// The ingress gateway: the one address the load generator sends to (127.0.0.1). It
/// chooses each request's revision by the service's traffic split (`TrafficSplit`,
/// seeded as in the simulation), sets `X-Knsim-Revision`, and sends the request to the
/// activator or straight to a ready pod (its sidecar or queue-proxy port), as the
/// revision's `ActivatorPathMode` says.
///
/// - A request may name its service in `X-Knsim-Service`; without it, a single-service
///   ingress uses its only service (else 404).
/// - The response carries the chosen revision's index in `X-Knsim-Revision`.
/// - Pod unreachable on the direct path: 502 `podGone` (no activator to retry, as in
///   the simulation); no answer within the timeout: 504 `requestTimeout`.
/// - The orchestrator keeps each revision's mode (`setMode`, from
///   `ActivatorPathMode.decide`) and ready pods (`setEndpoints`) current. Until
///   `setMode` is called a revision is in Proxy mode.
public final class IngressServer: Sendable {
    /// Names the request's service when the ingress carries several.
    public static let serviceHeader = HTTPField.Name("X-Knsim-Service")!

    /// The port the ingress listens on (127.0.0.1).
    public var port: Int { server.port }

    private let router: IngressRouter
    private let server: LoopbackServer

    private init(router: IngressRouter, server: LoopbackServer) {
        self.router = router
        self.server = server
    }

    /// - Parameters:
    ///   - services: the services and their traffic splits.
    ///   - activatorPort: the activator's port.
    ///   - streams: the run's random streams (`routing/<service>` for the split, as in
    ///     the simulation; `ingress/pod-routing` for direct pod choices).
    ///   - leastRequest: choose pods as Envoy's least-request (in a mesh), else at random.
    ///   - timeout: how long the ingress waits for any response; give it more than the
    ///     revisions' timeouts so the activator or queue-proxy answers first.
    public static func start(services: [IngressService], activatorPort: Int, streams: RandomStreams,
                             leastRequest: Bool, timeout: Duration, client: HTTPClient) async throws -> IngressServer {
        let router = IngressRouter(services: services, streams: streams, leastRequest: leastRequest)
        let forwarder = Forwarder(client: client)
        let server = try await LoopbackServer.start(name: "ingress") { request in
            await handle(request, router: router, forwarder: forwarder, activatorPort: activatorPort, timeout: timeout)
        }
        return IngressServer(router: router, server: server)
    }

    /// New traffic percentages for a service, in the order of its revisions (a canary step).
    public func setPercents(service: String, _ percents: [Double]) async {
        await router.setPercents(service: service, percents)
    }

    /// Whether the activator is in the revision's path.
    public func setMode(revision: Int, _ mode: ActivatorPathMode) async {
        await router.setMode(revision: revision, mode)
    }

    /// The revision's ready pods, each at the port the ingress should send to (its
    /// sidecar hop when there is a mesh, else its queue-proxy).
    public func setEndpoints(revision: Int, _ endpoints: [Endpoint]) async {
        await router.setEndpoints(revision: revision, endpoints)
    }

    public func stop() async { await server.stop() }

    private static func handle(_ request: Request, router: IngressRouter, forwarder: Forwarder,
                               activatorPort: Int, timeout: Duration) async -> Response {
        guard let (revision, target) = await router.route(service: request.headers[serviceHeader]) else {
            return Response(status: .notFound)
        }
        let body = await Forwarder.body(of: request)
        let deadline = ContinuousClock.now + timeout
        let revisionHeader = [(ProxyHeader.revision, String(revision))]
        let port: Int
        switch target {
        case .activator: port = activatorPort
        case .pod(let pod): port = pod.port
        }
        var response: Response
        switch await forwarder.forward(request, body: body, toPort: port, setting: revisionHeader, deadline: deadline) {
        case .success(let answer): response = answer
        case .failure(.timedOut): response = ProxyHeader.failureResponse(.requestTimeout)
        case .failure(.unreachable): response = ProxyHeader.failureResponse(.podGone)
        }
        if case .pod(let pod) = target { await router.done(pod) }
        // The load generator files the request under the revision that really served it.
        response.headers[ProxyHeader.revision] = String(revision)
        return response
    }
}
