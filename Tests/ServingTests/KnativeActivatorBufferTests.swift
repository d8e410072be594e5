import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// The activator's buffer: `queue-depth` requests wait for a revision's pods; one more
/// is answered 503 at once (activator-overflow), and a waiting one whose timeout passes
/// is answered 504 (activator-timeout). Each is counted under its reason.
@Suite struct KnativeActivatorBufferTests {
    @Test func throttlerRejectsOnceQueueDepthRequestsWait() {
        for cc in [0, 1, 10] {
            var throttler = RevisionThrottler<Int, Int>(containerConcurrency: cc, queueDepth: 3)
            var random = ScriptedRandom()
            for request in 0..<3 { #expect(throttler.acquire(request, random: &random) == .queued, "cc \(cc)") }
            #expect(throttler.acquire(3, random: &random) == .rejected, "cc \(cc)")
            let removed = throttler.removeQueued(1)
            #expect(removed)
            #expect(throttler.acquire(4, random: &random) == .queued, "a place freed up, cc \(cc)")
            #expect(throttler.queued == 3)
        }
        #expect(RevisionThrottler<Int, Int>(containerConcurrency: 1).queueDepth == 10_000)  // breakerQueueDepth
        #expect(ActivatorSpec().queueDepth == 10_000)
    }

    static func configuration(burst: Int, queueDepth: Int, timeout: Double) throws -> KnativeModelConfiguration {
        let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "1")])
        let revision = RevisionSpec(name: "b-1", containerConcurrency: 1, timeout: .seconds(timeout),
                                    autoscaling: settings, serviceTime: .constant(0.1))
        // A burst at 300 s, when the revision has scaled to zero.
        let trace = RecordedTrace(arrivals: Array(repeating: SimTime.seconds(300.0), count: burst))
        return KnativeModelConfiguration(
            duration: .seconds(400), seed: 3, activator: ActivatorSpec(queueDepth: queueDepth),
            services: [ServiceSpec(name: "b", revisions: [revision])],
            workloads: [WorkloadSpec(service: "b", arrivals: .trace(TraceArrivals(trace: trace)))])
    }

    @Test func overflowIs503AndCounted() throws {
        var simulation = KnativeSimulation(try Self.configuration(burst: 10, queueDepth: 3, timeout: 300))
        let report = simulation.run()
        #expect(report.overall.arrived == 10)
        #expect(report.overall.failuresByReason["activator-overflow"] == 7)
        #expect(report.overall.completed == 3)
        #expect(report.overall.failed == 7)
    }

    @Test func timeoutWhileBufferedIs504AndCounted() throws {
        // A 0.5 s timeout is shorter than any cold start (about 1.2 s by default): the
        // three buffered requests time out in the activator, the other seven overflow.
        var simulation = KnativeSimulation(try Self.configuration(burst: 10, queueDepth: 3, timeout: 0.5))
        let report = simulation.run()
        #expect(report.overall.failuresByReason["activator-overflow"] == 7)
        #expect(report.overall.failuresByReason["activator-timeout"] == 3)
        #expect(report.overall.completed == 0)
        #expect(report.overall.arrived == report.overall.failed)
    }

    @Test func knativesDefaultDepthBuffersTheWholeBurst() throws {
        var simulation = KnativeSimulation(try Self.configuration(burst: 10, queueDepth: 10_000, timeout: 300))
        let report = simulation.run()
        #expect(report.overall.completed == 10)
        #expect(report.overall.failed == 0)
    }
}
