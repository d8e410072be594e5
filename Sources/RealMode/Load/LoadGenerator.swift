import AsyncHTTPClient
import CallPlanWire
import Engine
import Foundation
import NIOCore
import Serving
import Synchronization

/// Where and how the generator sends.
public struct LoadGeneratorSettings: Sendable {
    /// The URL a service's requests go to (the ingress), by service name.
    public var url: @Sendable (String) -> String
    /// `X-Knsim-Work` on every request (sleep or cpu); nil leaves it to the pod.
    public var work: String?
    /// Longest wait for a response before the request counts as `client-timeout`.
    public var timeout: Duration

    public init(url: @escaping @Sendable (String) -> String, work: String? = nil, timeout: Duration = .seconds(310)) {
        self.url = url
        self.work = work
        self.timeout = timeout
    }

    /// Every service's requests to one URL.
    public init(target: String, work: String? = nil, timeout: Duration = .seconds(310)) {
        self.init(url: { _ in target }, work: work, timeout: timeout)
    }
}

/// Everything the generator sent and what became of it. `records` holds one entry
/// per planned request, in plan order: nothing is lost (a cancelled run holds only
/// the requests sent before it was cancelled).
public struct LoadResult: Sendable {
    public var plan: LoadPlan
    public var records: [RequestRecord]
    public var completed: Int { records.filter(\.outcome.isCompleted).count }
    public var failed: Int { records.count - completed }
}

/// Open-loop load: each planned request is sent at its wall-clock time whether or
/// not earlier ones have been answered, as the simulation's arrivals come.
public struct LoadGenerator: Sendable {
    public let plan: LoadPlan
    public let settings: LoadGeneratorSettings
    let client: HTTPClient

    /// An HTTP client fit for open-loop load on loopback. AsyncHTTPClient's defaults
    /// would bend the experiment: at most 8 connections per host (a ninth concurrent
    /// request would wait in the client, which open-loop load must never do), and a
    /// refused connection retried with backoff until the connect timeout (a real
    /// client sees the refusal at once). Shut it down when done.
    public static func makeClient(maxConnectionsPerHost: Int = 4096, connectTimeout: Duration = .seconds(2)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = maxConnectionsPerHost
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = TimeAmount(connectTimeout)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public init(plan: LoadPlan, settings: LoadGeneratorSettings, client: HTTPClient) {
        self.plan = plan
        self.settings = settings
        self.client = client
    }

    /// Sends every request, each at `start + arrival`, and returns when all have
    /// ended. `onRecord` sees each record as it ends (for live time series).
    public func run(start: ContinuousClock.Instant = .now,
                    onRecord: (@Sendable (RequestRecord) -> Void)? = nil) async -> LoadResult {
        let records = RecordSlots(count: plan.requests.count)
        await withDiscardingTaskGroup { group in
            for request in plan.requests {
                let due = start.advanced(by: .nanoseconds(request.arrival.nanoseconds))
                // Cancelled: stop sending. (`try?` would return at once and fire every
                // remaining request in a burst.) Requests already sent run to their end.
                do { try await Task.sleep(until: due, clock: .continuous) } catch { break }
                group.addTask {
                    let record = await send(request, start: start)
                    records.store(record)
                    onRecord?(record)
                }
            }
        }
        // Every task stored its record before the group returned: none is missing.
        return LoadResult(plan: plan, records: records.all)
    }

    func send(_ planned: PlannedRequest, start: ContinuousClock.Instant) async -> RequestRecord {
        var request = HTTPClientRequest(url: settings.url(planned.service))
        request.headers.add(name: KnsimHeaders.requestID, value: String(planned.index))
        request.headers.add(name: KnsimHeaders.service, value: planned.service)
        request.headers.add(name: KnsimHeaders.serviceTime, value: String(planned.serviceTime.seconds))
        if let work = settings.work { request.headers.add(name: KnsimHeaders.work, value: work) }
        if let calls = planned.calls { request.headers.add(name: CallPlanHeaders.calls, value: calls.encoded()) }
        let sentAt = Self.offset(since: start)
        var record = RequestRecord(request: planned, sentAt: sentAt, endedAt: sentAt,
                                   outcome: .failed(.timeout), cold: false, servedBy: nil)
        do {
            let response = try await client.execute(request, timeout: TimeAmount(settings.timeout))
            let body = try await response.body.collect(upTo: 1 << 20)
            record.endedAt = Self.offset(since: start)
            record.cold = response.headers.first(name: KnsimHeaders.cold) == "1"
            record.servedBy = response.headers.first(name: KnsimHeaders.revision).flatMap { Int($0) }
            if let text = response.headers.first(name: CallPlanHeaders.edges) { record.calls = CallRecord.decode(text) }
            let status = Int(response.status.code)
            if (200..<300).contains(status) {
                record.outcome = .completed(status: status)
            } else if let text = response.headers.first(name: KnsimHeaders.failure),
                      let reason = FailureReason(name: text) {
                record.outcome = .failed(.proxy(status: status, reason: reason))
            } else {
                _ = body
                record.outcome = .failed(.status(status))
            }
        } catch {
            record.endedAt = Self.offset(since: start)
            record.outcome = .failed(Self.classify(error))
        }
        return record
    }

    static func classify(_ error: any Error) -> RequestFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return .timeout
            case .remoteConnectionClosed:
                return .transport("\(error)")
            default:
                return .transport("\(error)")
            }
        }
        // Connection refused and friends come up from NIO as socket errors.
        let text = String(describing: error)
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED { return .connect(text) }
        if text.contains("onnect") || text.contains("refused") {
            return .connect(text)
        }
        return .transport(text)
    }

    static func offset(since start: ContinuousClock.Instant) -> SimDuration {
        let (seconds, attoseconds) = start.duration(to: .now).components
        return SimDuration(nanoseconds: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// One slot per planned request, filled by the request's task.
final class RecordSlots: Sendable {
    private let slots: Mutex<[RequestRecord?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    func store(_ record: RequestRecord) { slots.withLock { $0[record.request.index] = record } }
    /// The records in plan order; slots of requests never sent (a cancelled run) are skipped.
    var all: [RequestRecord] { slots.withLock { $0.compactMap { $0 } } }
}
