import Engine
import Serving
import Testing
@testable import RealMode

/// The report of a real run is built by the simulation's recorders from what the run
/// observed; these check the replay without running anything.
@Suite struct RealRunReportTests {
    let builder = RealReportBuilder(revisionNames: ["fn-1"], revisionServices: ["fn"],
                                    duration: .seconds(3.0), warmup: .zero)

    func ns(_ seconds: Double) -> Int64 { Int64(seconds * 1e9) }

    @Test func everyRequestIsCompletedFailedOrInFlight() {
        let outcomes = [
            RealRequestOutcome(revision: 0, arrivedAt: ns(0.2), finishedAt: ns(0.5), failure: nil, cold: true, serviceTime: ns(0.1)),
            RealRequestOutcome(revision: 0, arrivedAt: ns(1.2), finishedAt: ns(1.3), failure: nil, cold: false, serviceTime: ns(0.05)),
            RealRequestOutcome(revision: 0, arrivedAt: ns(1.5), finishedAt: ns(1.6), failure: .queueProxyOverflow, cold: false, serviceTime: ns(0.05)),
            // Answered after the end: in flight, as in a simulation that stops at its duration.
            RealRequestOutcome(revision: 0, arrivedAt: ns(2.9), finishedAt: ns(3.4), failure: nil, cold: false, serviceTime: ns(0.05)),
        ]
        let pods = [RealPodRecord(revision: 0, createdAt: ns(0.2), readyAt: ns(0.45), withdrawnAt: ns(2.5),
                                  phases: [(.scheduling, ns(0.02)), (.applicationInit, ns(0.2))])]
        let seconds = (1...3).map { RealSecondSample(time: ns(Double($0)), ready: $0 < 3 ? 1 : 0, desired: 1) }
        let report = builder.report(outcomes: outcomes, pods: pods, seconds: seconds)
        #expect(report.overall.arrived == 4)
        #expect(report.overall.completed == 2)
        #expect(report.overall.failed == 1)
        #expect(report.overall.inFlight == 1)
        #expect(report.overall.failuresByReason == [FailureReason.queueProxyOverflow.name: 1])
        #expect(report.coldStarts.pods == 1)
        #expect(report.coldStarts.requests == 1)
        #expect(report.timeSeries.map(\.arrivals) == [1, 2, 1])
        #expect(report.timeSeries.map(\.completions) == [1, 1, 0])
        #expect(report.timeSeries.map(\.failures) == [0, 1, 0])
        #expect(report.timeSeries.map(\.inFlight) == [0, 0, 1])
        #expect(report.timeSeries.map(\.podsReady) == [1, 1, 0])
        // Ready from 0.45 s to 2.5 s: 2.05 pod-seconds over 3 s.
        #expect(abs(report.readyPods.integral - 2.05) < 1e-9)
        #expect(report.readyPods.max == 1)
        // The latency runs from arrival to response; the wait is what the work does not explain.
        #expect(abs(report.overall.latency.mean - 0.2) < 1e-6)
        #expect(report.overall.wait.count == 2)
        // The warm/cold split, as `knsim run` reports it: the cold request took 0.3 s, the warm one 0.1 s.
        #expect(report.coldLatency.count == 1 && abs(report.coldLatency.mean - 0.3) < 1e-6)
        #expect(report.warmLatency.count == 1 && abs(report.warmLatency.mean - 0.1) < 1e-6)
        #expect(report.timeSeries.map(\.coldRequests) == [1, 0, 0])
        #expect(report.timeSeries.map(\.podsCreated) == [1, 0, 0])
    }

    @Test func requestsBeforeTheWarmupEndAreKeptOutOfTheStatistics() {
        let warm = RealReportBuilder(revisionNames: ["fn-1"], revisionServices: ["fn"],
                                     duration: .seconds(2.0), warmup: .seconds(1.0))
        let outcomes = [
            RealRequestOutcome(revision: 0, arrivedAt: ns(0.5), finishedAt: ns(0.6), failure: nil, cold: true, serviceTime: 0),
            RealRequestOutcome(revision: 0, arrivedAt: ns(1.5), finishedAt: ns(1.6), failure: nil, cold: false, serviceTime: 0),
        ]
        let report = warm.report(outcomes: outcomes, pods: [], seconds: [])
        #expect(report.overall.arrived == 1)
        #expect(report.overall.warmupArrivals == 1)
        #expect(report.coldStarts.requests == 0)
    }
}
