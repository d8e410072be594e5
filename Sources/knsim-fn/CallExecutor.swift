import AsyncHTTPClient
import CallPlanWire
import Foundation
import NIOCore

/// Makes a request's downstream calls as its `CallPlan` says: works up to each step's
/// point of the service time, sends the step's calls to the ingress (each naming its
/// service in `X-Knsim-Service`, carrying its own plan) and waits for them all, then
/// works on. The request holds its place in the pod (its queue-proxy slot) throughout,
/// as in the simulation.
///
/// A call that fails or outlives its timeout fails the caller at once, with
/// `call-failed` or `call-timeout`; calls still running then go on unwatched
/// (orphans, as in the simulation) and are recorded as unanswered.
struct CallExecutor: Sendable {
    static let serviceHeader = "X-Knsim-Service"
    static let serviceTimeHeader = "X-Knsim-Service-Time"
    static let revisionHeader = "X-Knsim-Revision"
    static let coldHeader = "X-Knsim-Cold"
    static let failureHeader = "X-Knsim-Failure"
    static let workHeader = "X-Knsim-Work"
    static let requestIDHeader = "X-Knsim-Request-Id"

    /// Where calls go: the ingress, which applies the callee's traffic split.
    let ingress: String
    let client: HTTPClient
    /// Longest wait for a call without a timeout of its own (the ingress times out first).
    var callLimit: Duration = .seconds(600)

    struct Outcome: Sendable {
        /// nil when every call succeeded; else `call-failed` or `call-timeout`.
        var failure: String?
        var records: [CallRecord]
    }

    /// Does `seconds` of `work`, with the plan's calls at their points. `caller` is this
    /// request's service; `requestID` names its calls' requests (`<id>.<n>`).
    func perform(_ plan: CallPlan, seconds: Double, work: FunctionWork, caller: String,
                 requestID: String?) async throws -> Outcome {
        let start = ContinuousClock.now
        var done = 0.0
        var records: [CallRecord] = []
        var sent = 0
        for step in plan.steps {
            let point = seconds * min(1, max(0, step.at))
            try await work.perform(seconds: point - done)
            done = max(done, point)
            let failure = await make(step.calls, caller: caller, work: work, requestID: requestID,
                                     numbering: sent, since: start, into: &records)
            sent += step.calls.count
            if let failure { return Outcome(failure: failure, records: records) }
        }
        try await work.perform(seconds: seconds - done)
        return Outcome(failure: nil, records: records)
    }

    private enum Answer: Sendable {
        case answered(CallRecord, nested: [CallRecord])
        case timedOut
    }

    /// Sends `calls` at once and waits until all answered or one failed.
    private func make(_ calls: [PlannedCall], caller: String, work: FunctionWork, requestID: String?,
                      numbering: Int, since start: ContinuousClock.Instant, into records: inout [CallRecord]) async -> String? {
        guard !calls.isEmpty else { return nil }
        let (answers, continuation) = AsyncStream<(Int, Answer)>.makeStream()
        let sentAt = ContinuousClock.now
        let offset = Self.nanoseconds(start.duration(to: sentAt))
        var timers: [Task<Void, Never>] = []
        for (i, call) in calls.enumerated() {
            let id = requestID.map { "\($0).\(numbering + i + 1)" }
            // Unstructured: a call outlives its caller's giving up on it.
            Task {
                let (record, nested) = await send(call, caller: caller, work: work, requestID: id, offset: offset)
                continuation.yield((i, .answered(record, nested: nested)))
            }
            if let timeout = call.timeout {
                timers.append(Task {
                    guard (try? await Task.sleep(for: .nanoseconds(Int64((timeout * 1e9).rounded())))) != nil else { return }
                    continuation.yield((i, .timedOut))
                })
            }
        }
        defer {
            for timer in timers { timer.cancel() }
            continuation.finish()
        }
        var pending = Set(calls.indices)
        var failure: String?
        for await (i, answer) in answers where pending.contains(i) {
            pending.remove(i)
            switch answer {
            case .answered(let record, let nested):
                records.append(record)
                records.append(contentsOf: nested)
                if record.failure != nil { failure = CallPlanHeaders.callFailed }
            case .timedOut:
                let call = calls[i]
                records.append(CallRecord(caller: caller, callee: call.service, revision: call.expectedRevision,
                                          offset: offset, latency: Self.nanoseconds(sentAt.duration(to: .now)),
                                          failure: CallPlanHeaders.callTimeout, cold: false))
                failure = CallPlanHeaders.callTimeout
            }
            if failure != nil || pending.isEmpty { break }
        }
        // Calls left running when the caller gives up: sent, never seen to end.
        for i in pending.sorted() {
            records.append(CallRecord(caller: caller, callee: calls[i].service, revision: calls[i].expectedRevision,
                                      offset: offset, latency: -1, failure: CallPlanHeaders.unanswered, cold: false))
        }
        return failure
    }

    /// One call through the ingress: its record, and its callee's records shifted to
    /// this request's time.
    private func send(_ call: PlannedCall, caller: String, work: FunctionWork, requestID: String?,
                      offset: Int64) async -> (CallRecord, [CallRecord]) {
        var request = HTTPClientRequest(url: ingress)
        request.headers.add(name: Self.serviceHeader, value: call.service)
        request.headers.add(name: Self.serviceTimeHeader, value: String(call.expectedServiceTime))
        request.headers.add(name: CallPlanHeaders.calls, value: call.plan.encoded())
        request.headers.add(name: Self.workHeader, value: work.rawValue)
        if let requestID { request.headers.add(name: Self.requestIDHeader, value: requestID) }
        let sentAt = ContinuousClock.now
        var record = CallRecord(caller: caller, callee: call.service, revision: call.expectedRevision,
                                offset: offset, latency: 0, failure: nil, cold: false)
        var nested: [CallRecord] = []
        do {
            let response = try await client.execute(request, timeout: TimeAmount.nanoseconds(Self.nanoseconds(callLimit)))
            _ = try await response.body.collect(upTo: 1 << 20)
            record.latency = Self.nanoseconds(sentAt.duration(to: .now))
            if let revision = response.headers.first(name: Self.revisionHeader).flatMap({ Int($0) }) { record.revision = revision }
            record.cold = response.headers.first(name: Self.coldHeader) == "1"
            if !(200..<300).contains(Int(response.status.code)) {
                record.failure = response.headers.first(name: Self.failureHeader) ?? CallPlanHeaders.serverError
            }
            if let text = response.headers.first(name: CallPlanHeaders.edges) {
                nested = CallRecord.decode(text).map { child in
                    var shifted = child
                    shifted.offset += offset
                    return shifted
                }
            }
        } catch {
            record.latency = Self.nanoseconds(sentAt.duration(to: .now))
            record.failure = CallPlanHeaders.connectionFailed
        }
        return (record, nested)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
