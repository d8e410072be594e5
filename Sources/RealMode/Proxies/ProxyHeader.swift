import HTTPTypes
import Hummingbird
import Serving

/// The headers real mode's hops and its function server agree on.
public enum ProxyHeader {
    /// The load generator's request id; passed through unchanged.
    public static let requestID = HTTPField.Name("X-Knsim-Request-Id")!
    /// Seconds of work the function server does for the request.
    public static let serviceTime = HTTPField.Name("X-Knsim-Service-Time")!
    /// `sleep` or `cpu`: how the function server does the work.
    public static let work = HTTPField.Name("X-Knsim-Work")!
    /// The revision index the ingress chose (its position in the service's traffic split).
    public static let revision = HTTPField.Name("X-Knsim-Revision")!
    /// `1` on a response whose request waited in the activator for a pod to start.
    public static let cold = HTTPField.Name("X-Knsim-Cold")!
    /// On a proxy's own failure response: the `FailureReason` raw value.
    public static let failure = HTTPField.Name("X-Knsim-Failure")!
    /// `1` on a request the activator sends to a queue-proxy (Knative's proxy header),
    /// so queue-proxy counts it as proxied and the autoscaler does not count it twice.
    public static let proxied = HTTPField.Name("X-Knsim-Proxied")!

    /// A hop's own failure: its status and the reason the load generator records.
    public static func failureResponse(_ reason: FailureReason, cold: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[failure] = reason.name
        if cold { headers[ProxyHeader.cold] = "1" }
        return Response(status: failureStatus(reason), headers: headers)
    }

    /// The status a proxy answers for its own failure: 503 when it had no room, 504 when
    /// time ran out, 502 when the next hop was gone.
    public static func failureStatus(_ reason: FailureReason) -> HTTPResponse.Status {
        switch reason {
        case .activatorOverflow, .queueProxyOverflow, .queueFull: return .serviceUnavailable
        case .activatorTimeout, .requestTimeout: return .gatewayTimeout
        case .podGone, .podTerminated, .podKilled, .nodeKilled, .nodeRemoved: return .badGateway
        // A downstream call's failure, when a function makes calls through the proxies.
        case .callFailed: return .badGateway
        case .callTimeout: return .gatewayTimeout
        // The load generator's own verdicts; a proxy does not answer them.
        case .connectionFailed, .connectionBroken, .serverError: return .badGateway
        case .clientTimeout: return .gatewayTimeout
        }
    }

    /// The reason a response carries, if a proxy failed it.
    public static func failureReason(of headers: HTTPFields) -> FailureReason? {
        headers[failure].flatMap(FailureReason.init(name:))
    }
}
