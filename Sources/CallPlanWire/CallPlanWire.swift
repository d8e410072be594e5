import Foundation

/// The call plan a real-mode request carries to knsim-fn, and the records of the calls
/// knsim-fn made, as they travel in HTTP headers. A target of its own, with no
/// simulation types, so that knsim-fn (which must stay small) and real mode's planner
/// and load generator share one definition of the format.
///
/// Keys are one letter: a plan rides in a request header, and a tree of calls in every
/// request of the tree.
public enum CallPlanHeaders {
    /// On a request: its call plan, a `CallPlan` as JSON.
    public static let calls = "X-Knsim-Calls"
    /// On a response: the calls its request (and, nested, their callees) made, a JSON
    /// array of `CallRecord`.
    public static let edges = "X-Knsim-Edges"
    /// `FailureReason` names (as in summary.json) a caller answers with when a call fails.
    public static let callFailed = "call-failed"
    public static let callTimeout = "call-timeout"
    /// The edge outcome of a call whose request could not reach the ingress at all.
    public static let connectionFailed = "connection-failed"
    /// The edge outcome of a call that answered an error status without a reason.
    public static let serverError = "server-error"
    /// A call still running when its caller answered (a sibling failed): nobody saw its end.
    public static let unanswered = "-"
}

/// What one request does besides its own work: its calls, step by step, and — for a
/// call — its service time for each revision of its service.
public struct CallPlan: Codable, Sendable, Equatable {
    /// The steps, in order of their point in the service time.
    public var steps: [PlannedStep]
    /// For a call: the global index (the ingress's `X-Knsim-Revision`) of the first
    /// revision of the called service; with `times`, the request picks its service time
    /// by the revision the ingress chose.
    public var firstRevision: Int?
    /// For a call: seconds of work, by revision of the called service (in its order).
    public var times: [Double]?

    enum CodingKeys: String, CodingKey {
        case steps = "s", firstRevision = "r", times = "t"
    }

    public init(steps: [PlannedStep], firstRevision: Int? = nil, times: [Double]? = nil) {
        self.steps = steps
        self.firstRevision = firstRevision
        self.times = times
    }

    /// The service time for the revision the ingress chose, when the plan has one for it.
    public func serviceTime(revision: Int?) -> Double? {
        guard let times, let firstRevision, let revision else { return nil }
        let position = revision - firstRevision
        return times.indices.contains(position) ? times[position] : nil
    }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func decode(_ text: String) -> CallPlan? {
        try? JSONDecoder().decode(CallPlan.self, from: Data(text.utf8))
    }
}

/// Calls made together at one point of the service time: one for a sequential call,
/// several for a parallel group. Calls the plan drew as not made are left out.
public struct PlannedStep: Codable, Sendable, Equatable {
    /// Fraction (0...1) of the service time done when the calls are sent.
    public var at: Double
    public var calls: [PlannedCall]

    enum CodingKeys: String, CodingKey { case at = "a", calls = "c" }

    public init(at: Double, calls: [PlannedCall]) {
        self.at = at
        self.calls = calls
    }
}

/// One downstream call: sent to the ingress with `X-Knsim-Service: service`.
public struct PlannedCall: Codable, Sendable, Equatable {
    public var service: String
    /// Seconds the caller waits before it gives up (`call-timeout`); nil: no limit of its own.
    public var timeout: Double?
    /// The revision (global index) the planner expects the ingress to choose: its
    /// service time is the one drawn as the simulation draws it, and the edge a call
    /// that never learnt its revision is filed under.
    public var expectedRevision: Int
    /// The callee's own plan: its service times by revision and its calls.
    public var plan: CallPlan

    enum CodingKeys: String, CodingKey {
        case service = "v", timeout = "o", expectedRevision = "e", plan = "p"
    }

    public init(service: String, timeout: Double?, expectedRevision: Int, plan: CallPlan) {
        self.service = service
        self.timeout = timeout
        self.expectedRevision = expectedRevision
        self.plan = plan
    }

    /// The service time sent in `X-Knsim-Service-Time` (the expected revision's).
    public var expectedServiceTime: Double {
        plan.serviceTime(revision: expectedRevision) ?? plan.times?.first ?? 0
    }
}

/// One call as its caller saw it end. Nested calls come back in the caller's response,
/// so the entry request's response holds its whole tree.
public struct CallRecord: Codable, Sendable, Equatable {
    /// The calling service (the caller's `X-Knsim-Service`).
    public var caller: String
    public var callee: String
    /// The revision that served it (`X-Knsim-Revision` of its response), else the
    /// expected one.
    public var revision: Int
    /// Nanoseconds from the start of the entry request's work (as its pod saw it) to
    /// the call being sent: knsim-fn records it from its own request's start and a
    /// caller shifts its callees' records by when it sent the call.
    public var offset: Int64
    /// Nanoseconds from sending to the answer (or to giving up); −1 when unanswered.
    public var latency: Int64
    /// nil: completed; else a `FailureReason` name, or `CallPlanHeaders.unanswered`.
    public var failure: String?
    /// The callee's response said it waited for a pod to start.
    public var cold: Bool

    enum CodingKeys: String, CodingKey {
        case caller = "f", callee = "v", revision = "r", offset = "o", latency = "l", failure = "x", cold = "c"
    }

    public init(caller: String, callee: String, revision: Int, offset: Int64, latency: Int64, failure: String?, cold: Bool) {
        self.caller = caller
        self.callee = callee
        self.revision = revision
        self.offset = offset
        self.latency = latency
        self.failure = failure
        self.cold = cold
    }

    public static func encode(_ records: [CallRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(records)) ?? Data(), as: UTF8.self)
    }

    public static func decode(_ text: String) -> [CallRecord] {
        (try? JSONDecoder().decode([CallRecord].self, from: Data(text.utf8))) ?? []
    }
}
