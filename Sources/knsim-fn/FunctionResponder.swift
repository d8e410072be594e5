import CallPlanWire
import Foundation
import HTTPTypes
import Hummingbird

/// Answers the readiness probe and does each request's work.
struct FunctionResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    static let serviceTimeHeader = HTTPField.Name("X-Knsim-Service-Time")!
    static let workHeader = HTTPField.Name("X-Knsim-Work")!
    static let pidHeader = HTTPField.Name("X-Knsim-Pid")!
    static let requestIDHeader = HTTPField.Name("X-Knsim-Request-Id")!
    static let callsHeader = HTTPField.Name(CallPlanHeaders.calls)!
    static let edgesHeader = HTTPField.Name(CallPlanHeaders.edges)!
    static let serviceHeader = HTTPField.Name("X-Knsim-Service")!
    static let revisionHeader = HTTPField.Name("X-Knsim-Revision")!
    static let failureHeader = HTTPField.Name("X-Knsim-Failure")!

    let readyAt: ContinuousClock.Instant
    let defaultWork: FunctionWork
    let pid: Int32
    /// Makes the calls a request's plan describes; nil when no ingress was given.
    let calls: CallExecutor?

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.uri.path == "/healthz" { return probe() }
        var plan: CallPlan?
        if let text = request.headers[Self.callsHeader] {
            guard let decoded = CallPlan.decode(text) else {
                return Self.text(.badRequest, "X-Knsim-Calls must be a call plan (JSON), got \"\(text.prefix(80))\"\n")
            }
            plan = decoded
        }
        var seconds: Double
        if let text = request.headers[Self.serviceTimeHeader] {
            guard let value = Double(text), value >= 0, value.isFinite else {
                return Self.text(.badRequest, "X-Knsim-Service-Time must be a number of seconds >= 0, got \"\(text)\"\n")
            }
            seconds = value
        } else {
            seconds = 0
        }
        // A call's plan holds a service time per revision of its service: the one the
        // ingress chose (X-Knsim-Revision) applies.
        if let own = plan?.serviceTime(revision: request.headers[Self.revisionHeader].flatMap { Int($0) }) {
            seconds = max(0, own)
        }
        var work = defaultWork
        if let text = request.headers[Self.workHeader] {
            guard let named = FunctionWork(rawValue: text) else {
                return Self.text(.badRequest, "X-Knsim-Work must be sleep or cpu, got \"\(text)\"\n")
            }
            work = named
        }
        var response: Response
        if let plan, !plan.steps.isEmpty {
            guard let calls else {
                return Self.text(.internalServerError, "the request's plan makes calls: start knsim-fn with --ingress URL\n")
            }
            let outcome = try await calls.perform(plan, seconds: seconds, work: work,
                                                  caller: request.headers[Self.serviceHeader] ?? "",
                                                  requestID: request.headers[Self.requestIDHeader])
            if let failure = outcome.failure {
                // The caller's code got an error from a call and answers with one, as a
                // proxy would name it (502 call-failed, 504 call-timeout).
                response = Self.text(failure == CallPlanHeaders.callTimeout ? .gatewayTimeout : .badGateway, "\(failure)\n")
                response.headers[Self.failureHeader] = failure
            } else {
                response = Self.text(.ok, "ok \(work.rawValue) \(seconds)\n")
            }
            if !outcome.records.isEmpty { response.headers[Self.edgesHeader] = CallRecord.encode(outcome.records) }
        } else {
            try await work.perform(seconds: seconds)
            response = Self.text(.ok, "ok \(work.rawValue) \(seconds)\n")
        }
        if let id = request.headers[Self.requestIDHeader] { response.headers[Self.requestIDHeader] = id }
        response.headers[Self.pidHeader] = String(pid)
        return response
    }

    /// 503 while initialising, then 200; both carry the pid.
    func probe() -> Response {
        let ready = ContinuousClock.now >= readyAt
        var response = Self.text(ready ? .ok : .serviceUnavailable, ready ? "ready \(pid)\n" : "initialising \(pid)\n")
        response.headers[Self.pidHeader] = String(pid)
        return response
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
