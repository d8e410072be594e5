import Engine
import Serving
import Testing

/// During a cold start requests wait in the activator and are released to the pods
/// only once they are routable; none is lost on the way.
@Suite struct KnativeActivatorPathColdStartTests {
    /// Five requests 10 ms apart, at 300 s, when the revision is at zero
    /// (containerConcurrency 1, default TBC).
    static let burst = [300.0, 300.01, 300.02, 300.03, 300.04]

    static func expectConservation(_ totals: RequestTotals, _ label: String) {
        #expect(totals.arrived == totals.completed + totals.failed + totals.inFlight,
                "\(label): arrived \(totals.arrived) ≠ completed \(totals.completed) + failed \(totals.failed) + in flight \(totals.inFlight)")
    }

    @Test func burstWaitsInTheActivatorUntilThePodsAreRoutable() throws {
        let run = ExactKnativeRun(arrivals: Self.burst)
        let report = try run.run()
        Self.expectConservation(report.overall, "overall")
        Self.expectConservation(report.revisions[0].totals, "revision")
        #expect(report.overall.arrived == 5 && report.overall.completed == 5 && report.overall.failed == 0
                && report.overall.inFlight == 0, "\(report.overall)")
        #expect(report.coldStarts.requests == 5, "every request arrived while the revision had no pod")

        // The first request's arrival at the activator creates the pods; they become
        // routable `startup` later, at 300.005 + startup. No request starts service
        // before then (plus the sidecar and queue-proxy hops).
        let startup = run.expectedStartup()
        let routableAt = 300 + ExactKnativeRun.ingress + ExactKnativeRun.activatorHop + startup
        let firstServiceStart = routableAt + ExactKnativeRun.sidecarHop + ExactKnativeRun.queueProxyHop
        let wait = report.overall.wait
        #expect((wait.min ?? -1) >= firstServiceStart - Self.burst.last! - 1e-9,
                "a request started service \(String(describing: wait.min)) s after arriving: before the pods were routable")
        // The activator's poke asks for ceil(1 / 0.7) = 2 pods, routable at the same
        // instant: the first two requests are served then, so the second, 10 ms younger,
        // has the lowest latency — the first request's exact cold latency less 10 ms.
        let second = run.expectedColdLatency() - (Self.burst[1] - Self.burst[0])
        #expect(abs((report.overall.latency.min ?? -1) - second) < 1e-9,
                "lowest latency \(String(describing: report.overall.latency.min)), expected \(second)")

        // The breakdown puts the wait under cold-start-wait: the first request waited
        // the whole startup, the others at least until the pods were routable.
        let coldWait = try ExactKnativeRun.breakdown("cold-start-wait", in: report)
        #expect(coldWait.count == 5)
        #expect((coldWait.max ?? -1) >= startup - 1e-9,
                "cold-start-wait max \(String(describing: coldWait.max)), startup \(startup)")
        #expect((coldWait.min ?? -1) >= startup - (Self.burst.last! - Self.burst.first!) - 1e-9)
        // The activator line keeps only the hop itself.
        let activator = try ExactKnativeRun.breakdown("activator", in: report)
        #expect(abs((activator.max ?? -1) - ExactKnativeRun.activatorHop) < 1e-12
                && abs((activator.min ?? -1) - ExactKnativeRun.activatorHop) < 1e-12)
    }

    /// The run ends while the pods are still starting: every request is still in the
    /// activator's queue, counted as in flight and queued, none lost.
    @Test func requestsStillWaitingAtTheEndAreInFlight() throws {
        var run = ExactKnativeRun(arrivals: Self.burst)
        run.duration = 300.5
        let report = try run.run()
        Self.expectConservation(report.overall, "overall")
        #expect(report.overall.arrived == 5 && report.overall.completed == 0 && report.overall.failed == 0
                && report.overall.inFlight == 5, "\(report.overall)")
        #expect(report.coldStarts.requests == 5)
        let last = try #require(report.timeSeries.last)
        #expect(last.inFlight == 5 && last.queued == 5, "last row: \(last)")
    }

    /// A revision timeout shorter than the cold start: the waiting requests time out in
    /// the activator (504), and are counted as failed, not lost.
    @Test func requestsTimingOutInTheActivatorAreFailedNotLost() throws {
        var run = ExactKnativeRun(arrivals: Self.burst)
        run.timeout = 1.0
        #expect(run.expectedStartup() > 1.0)
        let report = try run.run()
        Self.expectConservation(report.overall, "overall")
        #expect(report.overall.failed == 5 && report.overall.completed == 0 && report.overall.inFlight == 0,
                "\(report.overall)")
        #expect(report.overall.failuresByReason["activator-timeout"] == 5, "\(report.overall.failuresByReason)")
        #expect(report.coldStarts.requests == 5)
    }

    /// A larger burst than the first pods can take at once (containerConcurrency 1):
    /// later requests stay queued in the activator until a slot frees or more pods
    /// start, and all complete.
    @Test func largerBurstIsServedInFull() throws {
        let arrivals = (0..<40).map { 300.0 + Double($0) * 0.005 }
        let run = ExactKnativeRun(arrivals: arrivals)
        let report = try run.run()
        Self.expectConservation(report.overall, "overall")
        #expect(report.overall.completed == 40 && report.overall.failed == 0, "\(report.overall)")
        #expect(report.coldStarts.requests == 40)
        let routableAt = 300 + ExactKnativeRun.ingress + ExactKnativeRun.activatorHop + run.expectedStartup()
        let firstServiceStart = routableAt + ExactKnativeRun.sidecarHop + ExactKnativeRun.queueProxyHop
        #expect((report.overall.wait.min ?? -1) >= firstServiceStart - arrivals.last! - 1e-9)
        #expect(report.revisions[0].maxPodConcurrency == 1, "containerConcurrency 1 was exceeded")
    }
}
