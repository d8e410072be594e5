import CallPlanWire
import Engine
import Serving

/// The headers real mode carries end to end.
public enum KnsimHeaders {
    public static let requestID = "X-Knsim-Request-Id"
    public static let serviceTime = "X-Knsim-Service-Time"
    public static let work = "X-Knsim-Work"
    /// Set by the ingress on the response: the index of the revision the request went to.
    public static let revision = "X-Knsim-Revision"
    /// Names the request's service, so a multi-service ingress picks its traffic split.
    public static let service = "X-Knsim-Service"
    /// On a response: "1" when the request waited for a pod to start.
    public static let cold = "X-Knsim-Cold"
    /// On an error response from a proxy: why, as a `FailureReason` name as in
    /// summary.json (e.g. `activator-overflow`; `ProxyHeader.failureResponse`).
    public static let failure = "X-Knsim-Failure"
}

/// Why a request failed, as the load generator saw it.
public enum RequestFailure: Sendable, Equatable {
    /// A proxy answered an error and named its reason in `X-Knsim-Failure`.
    case proxy(status: Int, reason: FailureReason)
    /// An error status without a reason the generator knows.
    case status(Int)
    /// No connection to the target.
    case connect(String)
    /// No response within the generator's timeout.
    case timeout
    /// The connection broke mid-request (e.g. the pod's process died).
    case transport(String)

    /// The reason under which summary.json counts it.
    public var reason: FailureReason {
        switch self {
        case .proxy(_, let reason): return reason
        case .status: return .serverError
        case .connect: return .connectionFailed
        case .timeout: return .clientTimeout
        case .transport: return .connectionBroken
        }
    }
}

public enum RequestOutcome: Sendable, Equatable {
    case completed(status: Int)
    case failed(RequestFailure)

    public var isCompleted: Bool { if case .completed = self { return true } else { return false } }
}

/// One request's fate. Times are offsets from the start of the run.
public struct RequestRecord: Sendable, Equatable {
    public var request: PlannedRequest
    /// When the generator actually began sending (≥ the planned arrival).
    public var sentAt: SimDuration
    /// When the response (or the failure) came.
    public var endedAt: SimDuration
    public var outcome: RequestOutcome
    /// The response carried `X-Knsim-Cold: 1`.
    public var cold: Bool
    /// The revision index the ingress reported in `X-Knsim-Revision`, if it did.
    public var servedBy: Int?
    /// The calls its tree made, from its response's `X-Knsim-Edges` (empty when it made
    /// none, or when no response came).
    public var calls: [CallRecord] = []

    /// From the planned arrival to the end: the simulation's latency. A generator that
    /// falls behind its schedule adds its lag here rather than hiding it.
    public var latency: SimDuration { SimDuration(nanoseconds: endedAt.nanoseconds - request.arrival.nanoseconds) }
    /// How late the send was against the plan.
    public var sendLag: SimDuration { SimDuration(nanoseconds: sentAt.nanoseconds - request.arrival.nanoseconds) }
}
