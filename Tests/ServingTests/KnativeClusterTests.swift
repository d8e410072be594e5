import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Cluster autoscaler, crash loops and resource accounting in the Knative model.
@Suite struct KnativeClusterTests {
    @Test func clusterAutoscalerAddsANodeForThePendingPod() throws {
        // One node holds one pod (0.525 cores requested of 1); min-scale 2 leaves one Pending.
        let pool = NodePool(name: "p", count: 1, allocatable: ResourceList(milliCPU: 1000, memoryBytes: 4 << 30), maxCount: 3)
        let ca = ClusterAutoscalerSettings(scanInterval: .seconds(10.0), provisioningDelay: .constant(30))
        let revision = try KnativeTestModel.revision("svc-1", pairs: KnativeTestModel.warm)
        var simulation = KnativeSimulation(KnativeTestModel.configuration(
            revisions: [revision], arrivals: [], duration: 120, pools: [pool], clusterAutoscaler: ca))
        let report = simulation.run()
        // First scan at 10 s asks for a node; it is ready at 40 s and the pod binds then.
        let before = try #require(report.timeSeries.first { $0.time == 39 })
        #expect(before.nodes == 1 && before.podsPending == 1, "\(before)")
        let after = try #require(report.timeSeries.first { $0.time == 45 })
        #expect(after.nodes == 2 && after.podsPending == 0 && after.podsReady == 2, "\(after)")
        #expect(report.faults.nodesAdded == 1)
        #expect(simulation.clusterInvariantViolations().isEmpty)
    }

    @Test func crashingPodBacksOffExponentially() throws {
        // Every start crashes. Default phases: bound and containers created at 0.45 s;
        // each start runs 0.3 s then crashes; back-offs 10, 20, 40, 80 s: crashes at
        // 0.75, 11.05, 31.35, 71.65, 151.95 s (the next would be at 312.25 s).
        let revision = try KnativeTestModel.revision(
            "svc-1", pairs: [(key: "min-scale", value: "1"), (key: "max-scale", value: "1")], crash: 1)
        var simulation = KnativeSimulation(KnativeTestModel.configuration(
            revisions: [revision], arrivals: [20], duration: 200))
        let report = simulation.run()
        #expect(report.faults.podCrashes == 5)
        #expect(report.readyPods.max == 0)
        // The request waited for a pod that never came: it timed out with a reason.
        #expect(report.overall.failuresByReason["activator-timeout"] == 1)
        KnativeTestModel.expectConservation(report)
    }

    @Test func somePodsCrashAndStillStart() throws {
        let revision = try KnativeTestModel.revision("svc-1", pairs: [(key: "min-scale", value: "10")], crash: 0.5)
        var simulation = KnativeSimulation(KnativeTestModel.configuration(revisions: [revision], arrivals: [], duration: 400))
        let report = simulation.run()
        #expect(report.faults.podCrashes > 0)
        #expect(report.timeSeries.last!.podsReady == 10)
    }

    @Test func resourceUseIsTimeWeighted() throws {
        // Two pods bound from the first second, statistics from 10 s to 100 s.
        let revision = try KnativeTestModel.revision("svc-1", pairs: KnativeTestModel.warm)
        let arrivals = (0..<50).map { 20 + Double($0) }
        var simulation = KnativeSimulation(KnativeTestModel.configuration(
            revisions: [revision], arrivals: arrivals, duration: 100, warmup: 10))
        let report = simulation.run()
        let r = report.resources
        #expect(abs(r.podSeconds - 180) < 1e-6, "\(r)")
        #expect(abs(r.vCPUSeconds - 180 * 0.525) < 1e-6)
        let podGiB = Double(100_000_000 + 128 << 20) / Double(1 << 30)
        #expect(abs(r.memoryGiBSeconds - 180 * podGiB) < 1e-6)
        #expect(abs(r.nodeSeconds - 270) < 1e-6)
        #expect(r.sidecarRequests == 50)
        #expect(abs(r.sidecarCPUSeconds - 50 * 0.00035) < 1e-12)
    }
}
