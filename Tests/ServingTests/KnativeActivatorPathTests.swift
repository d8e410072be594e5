import Engine
import Serving
import Testing

/// The activator is in the request path exactly when Knative puts it there: the SKS is
/// in Proxy mode unless the revision has pods and its excess burst capacity,
/// floor(ready × per-pod capacity − target-burst-capacity − panic concurrency), is not
/// negative (TBC 0: always serve once a pod is ready; TBC −1: always proxy).
@Suite struct KnativeActivatorPathTests {
    /// Light steady traffic to a warm revision: a request every 2 s from 10 s on;
    /// statistics from 25 s, long after the min-scale pods are ready and the reconciler
    /// set the mode, and after the panic window (6 s) has filled with traffic.
    /// containerConcurrency 0 gives a per-pod capacity of
    /// container-concurrency-target-default, 100; nothing queues.
    static let countedRequests = 48  // 26, 28, …, 120 s

    static func run(targetBurstCapacity: String, minScale: Int) throws -> (ExactKnativeRun, RunReport) {
        var run = ExactKnativeRun(arrivals: stride(from: 10.0, through: 120.0, by: 2.0).map { $0 })
        run.containerConcurrency = 0
        run.duration = 130
        run.warmup = 25
        run.pairs = [(key: "target-burst-capacity", value: targetBurstCapacity),
                     (key: "min-scale", value: String(minScale))]
        return (run, try run.run())
    }

    /// Rows: TBC, ready pods, whether the activator stays in the path. The panic
    /// concurrency is small but positive (a 0.1 s request every 2 s), which decides the
    /// rows at the boundary.
    @Test(arguments: [
        ("0", 1, false),     // TBC 0: out of the path as soon as a pod is ready
        ("-1", 1, true),     // TBC −1: always in the path
        ("-1", 5, true),
        ("211", 1, true),    // default TBC: 100 − 211 < 0
        ("211", 2, true),    // 200 − 211 < 0
        ("211", 3, false),   // 300 − 211 − panic ≥ 0: the activator leaves
        ("200", 2, true),    // 200 − 200 − panic < 0: the panic concurrency keeps it in
        ("199", 2, false),   // floor(200 − 199 − panic) = 0: out
    ])
    func activatorInThePathOnlyWhenKnativeSaysSo(tbc: String, pods: Int, inPath: Bool) throws {
        let (run, report) = try Self.run(targetBurstCapacity: tbc, minScale: pods)
        #expect(report.overall.arrived == Self.countedRequests && report.overall.completed == Self.countedRequests,
                "\(report.overall)")
        #expect(report.coldStarts.requests == 0, "the revision is warm")
        let activator = try ExactKnativeRun.breakdown("activator", in: report)
        #expect(activator.count == Self.countedRequests)
        let hop = inPath ? ExactKnativeRun.activatorHop : 0
        // Every request, not just on average: min and max are both the one hop (or 0).
        #expect(abs((activator.min ?? -1) - hop) < 1e-12 && abs((activator.max ?? -1) - hop) < 1e-12,
                "TBC \(tbc), \(pods) pods: activator time min \(String(describing: activator.min)) max \(String(describing: activator.max)), expected \(hop)")
        let expected = run.expectedDirectLatency + hop
        #expect(abs((report.overall.latency.min ?? -1) - expected) < 1e-9
                && abs((report.overall.latency.max ?? -1) - expected) < 1e-9,
                "latency min \(String(describing: report.overall.latency.min)) max \(String(describing: report.overall.latency.max)), expected \(expected)")
    }

    /// The panic concurrency is part of the rule: with TBC 200 and two pods (capacity
    /// 200) an idle revision has excess burst capacity floor(200 − 200 − 0) = 0 and the
    /// activator is out of the path, so the first request after a quiet spell goes
    /// straight to a pod; it puts concurrency into the panic window, the next decision
    /// finds floor(0 − panic) = −1, and the following requests go through the activator.
    @Test func firstRequestAfterIdleGoesDirectThenTheActivatorReturns() throws {
        // The later requests come half a second after a decision tick, not at the same
        // instant, so which of the two happens first does not decide the test.
        var run = ExactKnativeRun(arrivals: [30, 32.5, 34.5])
        run.containerConcurrency = 0
        run.duration = 40
        run.pairs = [(key: "target-burst-capacity", value: "200"), (key: "min-scale", value: "2")]
        let report = try run.run()
        #expect(report.overall.completed == 3, "\(report.overall)")
        let activator = try ExactKnativeRun.breakdown("activator", in: report)
        #expect(activator.min == 0)
        #expect(abs((activator.max ?? -1) - ExactKnativeRun.activatorHop) < 1e-12)
        #expect(abs(activator.mean - 2 * ExactKnativeRun.activatorHop / 3) < 1e-12, "mean \(activator.mean): one direct, two proxied")
    }

    /// The mode follows the pod count within one run: two pods under the default TBC
    /// keep the activator in; when a third becomes ready (min-scale 3 from the start,
    /// the reconciler waits for them) it leaves. Requests before the pods are ready go
    /// through the activator, those well after do not.
    @Test func activatorLeavesWhenEnoughPodsAreReady() throws {
        var run = ExactKnativeRun(arrivals: [0.5] + stride(from: 30.0, through: 40.0, by: 2.0).map { $0 })
        run.containerConcurrency = 0
        run.duration = 50
        run.pairs = [(key: "min-scale", value: "3")]
        let report = try run.run()
        let activator = try ExactKnativeRun.breakdown("activator", in: report)
        #expect(report.overall.completed == 7, "\(report.overall)")
        // The first request (at 0.5 s, no pod ready) waited in the activator for a cold
        // start; the six later ones went straight to the pods.
        #expect(report.coldStarts.requests == 1)
        #expect(abs((activator.max ?? -1) - ExactKnativeRun.activatorHop) < 1e-12,
                "the cold request's activator time is its hop")
        #expect(activator.min == 0)
        let direct = try #require(report.overall.latency.min)
        #expect(abs(direct - run.expectedDirectLatency) < 1e-9)
    }
}
