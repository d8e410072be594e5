import Autoscaling
import Engine
import Serving
import Testing

/// The scale-per-request model on a tiny replayed trace with constant service times,
/// every decision computed by hand. Expiration 10 s, warm 2 s, cold 3 s:
///
///     t=0    nothing idle          → cold, instance 0, busy [0, 3),  deadline 13
///     t=1    0 busy                → cold, instance 1, busy [1, 4),  deadline 14
///     t=5    idle {0, 1}           → warm on 1 (created last), [5, 7), deadline 17
///     t=6    idle {0}              → warm on 0, [6, 8), deadline 18
///     t=6.5  none idle             → cold, instance 2, [6.5, 9.5), deadline 19.5
///     t=10   idle {0, 1, 2}        → warm on 2, [10, 12), deadline 22
///     t=17   instance 1 expires    (its last request ended at 7; 7 + 10)
///     t=18   instance 0 expires    (8 + 10)
///     t=22   instance 2 is due and a request arrives at the same instant: the expiry
///            wins, so the request starts instance 3 cold, busy [22, 25), deadline 35.
///            (Its arrival event was queued at t=10, before the expiry timer at t=12,
///            so the arrival runs first: this is the order the rule must override.)
@Suite struct KeepAliveDecisionTests {
    static func configuration(duration: Double = 30) -> KeepAliveConfiguration {
        let times = [0, 1, 5, 6, 6.5, 10, 22].map { SimTime.seconds($0) }
        return KeepAliveConfiguration(
            duration: .seconds(duration), seed: 1,
            services: [.init(name: "fn", revisions: [
                .init(name: "fn-1", expiration: .seconds(10.0),
                      warmServiceTime: .constant(2), coldServiceTime: .constant(3)),
            ], arrivals: .times(times))])
    }

    final class Log: @unchecked Sendable { var decisions: [KeepAliveDecision] = [] }

    static func run(_ configuration: KeepAliveConfiguration = configuration()) -> (RunReport, [KeepAliveDecision], Int) {
        let log = Log()
        var simulation = KeepAliveSimulation(configuration)
        simulation.observer = { log.decisions.append($0) }
        let report = simulation.run()
        return (report, log.decisions, simulation.expirations)
    }

    @Test func decisionsMatchTheHandComputedTrace() {
        let (_, decisions, expirations) = Self.run()
        func placed(_ t: Double, _ p: KeepAliveInstancePool.Placement) -> KeepAliveDecision {
            .placed(at: .seconds(t), revision: 0, p)
        }
        func expired(_ t: Double, _ id: Int64) -> KeepAliveDecision { .expired(at: .seconds(t), revision: 0, InstanceID(id)) }
        let expected: [KeepAliveDecision] = [
            placed(0, .cold(InstanceID(0))),
            placed(1, .cold(InstanceID(1))),
            placed(5, .warm(InstanceID(1))),      // the most recently created idle instance
            placed(6, .warm(InstanceID(0))),
            placed(6.5, .cold(InstanceID(2))),    // none idle
            placed(10, .warm(InstanceID(2))),     // newest of three idle
            expired(17, 1),                       // exactly last end (7) + expiration
            expired(18, 0),
            expired(22, 2),                       // the expiry wins over the request at 22 …
            placed(22, .cold(InstanceID(3))),     // … which starts a new instance
        ]
        #expect(decisions == expected)
        #expect(expirations == 3)
    }

    @Test func reportCountsColdStartsAndTimeWeightsInstances() {
        let (report, _, _) = Self.run()
        #expect(report.overall.arrived == 7)
        #expect(report.overall.completed == 7)
        #expect(report.overall.inFlight == 0)
        #expect(report.coldStarts.requests == 4)
        #expect(report.coldStarts.pods == 4)
        // Responses: four cold (3 s), three warm (2 s).
        #expect(abs(report.overall.latency.mean - 18.0 / 7) < 1e-9)
        #expect(report.overall.wait.mean == 0)
        // Live instances: 1 on [0,1), 2 on [1,6.5), 3 on [6.5,17), 2 on [17,18),
        // 1 on [18,30) (instance 2 leaves and instance 3 arrives at 22).
        #expect(abs(report.readyPods.integral - 57.5) < 1e-9)
        #expect(abs(report.readyPods.timeAverage - 57.5 / 30) < 1e-9)
        #expect(report.readyPods.max == 3)
        // Busy: 4 cold × 3 s + 3 warm × 2 s.
        #expect(abs(report.inSystem.integral - 18) < 1e-9)
    }

    /// Row k covers (k−1, k]'s arrivals, excluding events exactly at k (they belong to
    /// the next second), and shows the levels just before k.
    @Test func timeSeriesHasOneRowPerSecond() {
        let (report, _, _) = Self.run()
        let rows = report.timeSeries
        #expect(rows.count == 30)
        #expect(rows.map(\.time) == (1...30).map(Double.init))
        #expect(rows.map(\.arrivals).reduce(0, +) == 7)
        #expect(rows[0].arrivals == 1 && rows[1].arrivals == 1)       // t=0 in row 1, t=1 in row 2
        func ready(_ second: Int) -> Int { rows[second - 1].podsReady }
        #expect(ready(1) == 1 && ready(2) == 2 && ready(7) == 3)
        #expect(ready(17) == 3 && ready(18) == 2 && ready(19) == 1)
        #expect(ready(22) == 1 && ready(23) == 1 && ready(30) == 1)
        #expect(rows[22].inFlight == 1 && rows[25].inFlight == 0)     // instance 3 busy [22, 25)
        #expect(rows.allSatisfy { $0.desiredPods == $0.podsReady && $0.queued == 0 })
    }

    /// A run that ends before the last deadline leaves the instance live: nothing
    /// expires early, and the cold start at 22 needs the expiry at 22 first.
    @Test func noExpiryBeforeTheDeadline() {
        let (report, decisions, expirations) = Self.run(Self.configuration(duration: 17))
        #expect(expirations == 0)
        #expect(!decisions.contains { if case .expired = $0 { true } else { false } })
        #expect(report.timeSeries.last?.podsReady == 3)
        #expect(abs(report.readyPods.integral - 43.5) < 1e-9)   // 1 + 5.5 × 2 + 10.5 × 3
    }

    /// Same seed, same report.
    @Test func runsAreReproducible() {
        func run() -> RunReport {
            var simulation = KeepAliveSimulation(KeepAliveConfiguration(
                duration: .seconds(2000.0), warmup: .seconds(100.0), seed: 9,
                services: [.init(name: "fn", revisions: [
                    .init(name: "fn-1", expiration: .seconds(60.0),
                          warmServiceTime: .exponential(mean: 2), coldServiceTime: .exponential(mean: 3)),
                ], interarrival: .exponential(mean: 1 / 2.0))]))
            return simulation.run()
        }
        let a = run(), b = run()
        #expect(a.overall.arrived == b.overall.arrived && a.coldStarts.requests == b.coldStarts.requests)
        #expect(a.readyPods == b.readyPods && a.timeSeries == b.timeSeries)
        #expect(a.overall.arrived > 3000 && a.coldStarts.requests > 0)
    }
}
