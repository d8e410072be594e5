import AsyncHTTPClient
import Hummingbird

/// A pod's istio-proxy stand-in: a plain pass-through hop on 127.0.0.1 in front of
/// the pod's queue-proxy, so a request pays one more real proxy hop as it does in a
/// mesh. It has no logic of its own; if queue-proxy is gone it answers 502 with
/// `X-Knsim-Failure: podGone`.
public final class SidecarHop: Sendable {
    /// The port this hop listens on (127.0.0.1).
    public var port: Int { server.port }
    /// The queue-proxy port it forwards to.
    public let upstreamPort: Int

    private let server: LoopbackServer

    private init(upstreamPort: Int, server: LoopbackServer) {
        self.upstreamPort = upstreamPort
        self.server = server
    }

    /// Starts a hop forwarding to `upstreamPort`. `timeout` only guards against a hop
    /// that never answers: give it more than the revision's timeout, so that queue-proxy
    /// is the one that answers 504.
    public static func start(upstreamPort: Int, timeout: Duration, client: HTTPClient) async throws -> SidecarHop {
        let forwarder = Forwarder(client: client)
        let server = try await LoopbackServer.start(name: "sidecar") { request in
            let body = await Forwarder.body(of: request)
            switch await forwarder.forward(request, body: body, toPort: upstreamPort, deadline: .now + timeout) {
            case .success(let response): return response
            case .failure(.timedOut): return ProxyHeader.failureResponse(.requestTimeout)
            case .failure(.unreachable): return ProxyHeader.failureResponse(.podGone)
            }
        }
        return SidecarHop(upstreamPort: upstreamPort, server: server)
    }

    public func stop() async { await server.stop() }
}
