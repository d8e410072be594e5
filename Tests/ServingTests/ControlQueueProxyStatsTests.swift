import Autoscaling
import Engine
import Serving
import Testing

/// queue-proxy statistics: time-weighted averages on hand-computed timelines
/// (knative/networking `pkg/http/stats/request_test.go` style), proxied traffic, the
/// reporter's rate and uptime, and Knative's in-before-breaker order.
@Suite struct ControlQueueProxyStatsTests {
    static func ms(_ value: Int64) -> SimTime { SimTime(nanoseconds: value * 1_000_000) }

    enum Event: Sendable {
        case inAt(Int64, proxied: Bool = false)
        case outAt(Int64, proxied: Bool = false)
    }

    struct Timeline: Sendable, CustomStringConvertible {
        var name: String
        var events: [Event]
        var reportAt: Int64
        var want: RequestStatsReport
        var description: String { name }
    }

    static let timelines: [Timeline] = [
        Timeline(name: "no traffic", events: [], reportAt: 1000,
                 want: .init(averageConcurrency: 0, requestCount: 0, proxiedRequestCount: 0)),
        Timeline(name: "two 500 ms requests back to back", events: [
            .inAt(0), .outAt(500), .inAt(500), .outAt(1000),
        ], reportAt: 1000, want: .init(averageConcurrency: 1.0, requestCount: 2, proxiedRequestCount: 0)),
        Timeline(name: "two 500 ms requests at once", events: [
            .inAt(250), .inAt(250), .outAt(750), .outAt(750),
        ], reportAt: 1000, want: .init(averageConcurrency: 1.0, requestCount: 2, proxiedRequestCount: 0)),
        Timeline(name: "overlap: 250 ms and 500 ms", events: [
            .inAt(0), .inAt(100), .outAt(250), .outAt(600),
        ], reportAt: 1000, want: .init(averageConcurrency: 0.75, requestCount: 2, proxiedRequestCount: 0)),
        Timeline(name: "still in flight at the report", events: [
            .inAt(500),
        ], reportAt: 1000, want: .init(averageConcurrency: 0.5, requestCount: 1, proxiedRequestCount: 0)),
        Timeline(name: "proxied and direct", events: [
            .inAt(0, proxied: true), .inAt(0), .outAt(500), .outAt(1000, proxied: true),
        ], reportAt: 1000, want: .init(averageConcurrency: 1.5, averageProxiedConcurrency: 1.0,
                                       requestCount: 2, proxiedRequestCount: 1)),
        Timeline(name: "a late event adds no time", events: [
            .inAt(400), .outAt(300),
        ], reportAt: 1000, want: .init(averageConcurrency: 0, requestCount: 1, proxiedRequestCount: 0)),
    ]

    @Test(arguments: timelines)
    func timeWeightedAverage(_ timeline: Timeline) {
        var window = RequestStatsWindow(startedAt: .zero)
        for event in timeline.events {
            switch event {
            case let .inAt(t, proxied): window.requestIn(at: Self.ms(t), proxied: proxied)
            case let .outAt(t, proxied): window.requestOut(at: Self.ms(t), proxied: proxied)
            }
        }
        #expect(window.report(at: Self.ms(timeline.reportAt)) == timeline.want)
    }

    @Test func countersResetAndInFlightCarriesOver() {
        var stats = QueueProxyStats(startedAt: .zero)
        stats.requestIn(at: Self.ms(500), proxied: false)
        let first = stats.report(at: Self.ms(1000))
        #expect(first.averageConcurrency == 0.5 && first.requestsPerSecond == 1)
        let second = stats.report(at: Self.ms(2000))
        #expect(second.averageConcurrency == 1.0 && second.requestsPerSecond == 0)
        stats.requestOut(at: Self.ms(2250), proxied: false)
        let third = stats.report(at: Self.ms(3000))
        #expect(third.averageConcurrency == 0.25 && third.requestsPerSecond == 0)
        #expect(stats.concurrency == 0)
        // A report at the same instant covers no time: average 0, not NaN.
        #expect(stats.report(at: Self.ms(3000)) == PodStat(processUptime: 3))
    }

    @Test func averagesUseElapsedTimeAndRatesUseTheNominalPeriod() {
        // Knative divides the integral by the time since the last report but the count by
        // the configured period: a late report (1.5 s) keeps the average exact.
        var stats = QueueProxyStats(startedAt: Self.ms(3000))
        stats.requestIn(at: Self.ms(3000), proxied: false)
        stats.requestIn(at: Self.ms(3000), proxied: true)
        stats.requestOut(at: Self.ms(3750), proxied: false)
        stats.requestIn(at: Self.ms(4000), proxied: false)
        let stat = stats.report(at: Self.ms(4500))
        // ∫ = 2·0.75 + 1·0.25 + 2·0.5 = 2.75 request-seconds over 1.5 s.
        #expect(abs(stat.averageConcurrency - 2.75 / 1.5) < 1e-15)
        #expect(abs(stat.averageProxiedConcurrency - 1.0) < 1e-15)
        #expect(stat.requestsPerSecond == 3 && stat.proxiedRequestsPerSecond == 1)
        #expect(stat.processUptime == 1.5)

        var twoSecond = QueueProxyStats(startedAt: .zero, reportingPeriod: .wholeSeconds(2))
        for t in [0, 100, 200] as [Int64] { twoSecond.requestIn(at: Self.ms(t), proxied: false) }
        #expect(twoSecond.report(at: Self.ms(2000)).requestsPerSecond == 1.5)
    }

    @Test func collectorSubtractsProxiedTraffic() {
        let stat = PodStat(averageConcurrency: 3.5, averageProxiedConcurrency: 1.25,
                           requestsPerSecond: 10, proxiedRequestsPerSecond: 4, processUptime: 80)
        #expect(stat.metricSample() == MetricSample(concurrency: 2.25, rps: 6, source: .scrape))
    }

    /// Knative counts the request before the breaker: queued requests raise the average
    /// and a rejected request still counts as an arrival.
    @Test func queueProxyCountsQueuedAndRejectedRequests() {
        var proxy = QueueProxy<Int>(containerConcurrency: 1, startedAt: .zero)
        var admissions: [BreakerAdmission] = []
        for id in 0..<12 { admissions.append(proxy.requestArrived(id, proxied: false, at: .zero)) }
        #expect(admissions == [.admitted] + Array(repeating: .queued, count: 10) + [.rejected])
        #expect(proxy.stats.concurrency == 11)
        // Request 0 finishes at 100 ms; 1 takes the slot. 5 gives up at 500 ms.
        #expect(proxy.requestFinished(proxied: false, at: Self.ms(100)) == 1)
        #expect(proxy.requestAbandoned(5, proxied: false, at: Self.ms(500)) == true)
        #expect(proxy.requestAbandoned(1, proxied: false, at: Self.ms(500)) == false)
        let stat = proxy.report(at: Self.ms(1000))
        // ∫ = 11·0.1 + 10·0.4 + 9·0.5 = 9.6 over 1 s.
        #expect(abs(stat.averageConcurrency - 9.6) < 1e-12)
        #expect(stat.requestsPerSecond == 12)
        #expect(proxy.breaker.inFlight == 1 && proxy.breaker.queued == 8)
    }

    @Test func queueProxyWithoutBreakerAdmitsAll() {
        var proxy = QueueProxy<Int>(containerConcurrency: 0, startedAt: .zero)
        for id in 0..<1000 { #expect(proxy.requestArrived(id, proxied: true, at: Self.ms(0)) == .admitted) }
        for _ in 0..<1000 { #expect(proxy.requestFinished(proxied: true, at: Self.ms(500)) == nil) }
        let stat = proxy.report(at: Self.ms(1000))
        #expect(stat.averageConcurrency == 500 && stat.averageProxiedConcurrency == 500)
        #expect(stat.metricSample().concurrency == 0)
    }
}
