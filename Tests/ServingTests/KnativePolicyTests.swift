import Autoscaling
import Engine
import Foundation
import Serving
import Testing
import Workload

/// Policies other than the KPA and the HPA scaling a Knative revision
/// (`RevisionPolicyKind.custom`): the pod count follows each policy's decisions late by
/// exactly the modelled startup, and scale from zero starts on the first buffered request.
@Suite struct KnativePolicyTests {
    /// Constant phases: 3.0 s until Kubernetes-ready, then 0.25 s until routable, so a pod
    /// created at a decision (an even second) is ready for the decision 4 s later, not 2 s.
    static let slowStartup = PodStartupSpec(
        scheduling: .constant(0.5), sandboxCreation: .constant(1), containerCreation: .constant(0.5),
        proxyStart: .constant(0), userContainerStart: .constant(0.5), applicationInit: .constant(0.25),
        readinessProbe: .constant(0.25), endpointPropagation: .constant(0.25))
    /// PolicyFollowingTests' 1.2 s + 0.25 s.
    static let fastStartup = PolicyFollowingTests.startup

    static func simulation(policy: RevisionPolicyKind, arrivals: [Double], seconds: Double,
                           startup: PodStartupSpec = fastStartup, serviceTime: Double = 0.5) throws -> KnativeSimulation {
        let revision = RevisionSpec(name: "f-1", containerConcurrency: 1,
                                    autoscaling: try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "1")]),
                                    startup: startup, serviceTime: .constant(serviceTime), policy: policy)
        let trace = RecordedTrace(arrivals: arrivals.map { SimTime.zero + .seconds($0) })
        return KnativeSimulation(KnativeModelConfiguration(
            duration: .seconds(seconds), seed: 5,
            cluster: ClusterModelSpec(pools: [NodePool(name: "big", count: 4,
                                                       allocatable: ResourceList(milliCPU: 64_000, memoryBytes: 256 << 30))]),
            mesh: MeshSpec(enabled: false),
            services: [ServiceSpec(name: "f", revisions: [revision])],
            workloads: [WorkloadSpec(service: "f", arrivals: .trace(TraceArrivals(trace: trace)))]))
    }

    // MARK: A user's own Swift policy

    /// Every `decide` call the policy saw, shared with the test (the policy is copied into
    /// the simulation, the log is not).
    final class DecisionLog: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(time: Int64, readyPods: Int)] = []
        func append(_ time: Int64, _ ready: Int) { lock.withLock { entries.append((time, ready)) } }
        var all: [(time: Int64, readyPods: Int)] { lock.withLock { entries } }
    }

    /// Wants 1 pod, 3 from 20 s, 1 again from 60 s: a script, to see the model obey it.
    struct Scripted: ScalingPolicy {
        let log: DecisionLog
        var decisionInterval: Int64 { 2_000_000_000 }
        private(set) var status = ScalingDecision(desiredScale: -1, excessBurstCapacity: 0, valid: false)

        mutating func record(_ sample: MetricSample, at now: Int64) -> Bool { false }

        mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
            log.append(now, readyPods)
            let second = now / 1_000_000_000
            status = ScalingDecision(desiredScale: second >= 20 && second < 60 ? 3 : 1, excessBurstCapacity: 0, valid: true)
            return status
        }
    }

    @Test func readyPodsFollowAScriptedPolicyLateByTheStartupTime() throws {
        let log = DecisionLog()
        let factory = ScalingPolicyFactory(name: "scripted") { _ in Scripted(log: log) }
        var simulation = try Self.simulation(policy: .custom(factory), arrivals: [], seconds: 100, startup: Self.slowStartup)
        let report = simulation.run()
        #expect(simulation.policyFailure() == nil)
        // The first pod (initial-scale 1, created at 0) is ready at 3.25 s; the two pods
        // the decision at 20 s adds, at 23.25 s; the decision at 60 s removes two at once.
        let expected: [(Int64, Int)] = stride(from: 2, through: 98, by: 2).map { (t: Int64) in
            (t * 1_000_000_000, t < 4 ? 0 : t <= 22 ? 1 : t <= 60 ? 3 : 1)
        }
        let seen = log.all
        #expect(seen.map(\.time) == expected.map(\.0))
        #expect(seen.map(\.readyPods) == expected.map(\.1))
        #expect(report.timeSeries.first { $0.time == 21 }?.desiredPods == 3)
    }

    // MARK: Built-in policies

    static let keepAlive = RevisionPolicyKind.custom(.keepAlive(KeepAlivePolicy(idleTimeout: 100_000_000_000)))
    static let hybrid = RevisionPolicyKind.custom(.hybridHistogram())

    @Test(arguments: [("keep-alive", keepAlive), ("hybrid-histogram", hybrid)])
    func scaleFromZeroStartsOnTheFirstBufferedRequest(name: String, policy: RevisionPolicyKind) throws {
        // The revision has never had load, so the policy wants 0 pods and the initial pod
        // goes; one request at 200 s reaches the activator, whose report pokes the policy,
        // and the pod it asks for serves it: latency = startup + propagation + service + hops.
        var simulation = try Self.simulation(policy: policy, arrivals: [200], seconds: 260)
        let report = simulation.run()
        #expect(report.timeSeries.first { $0.time == 199 }?.podsReady == 0, "\(name)")
        let latency = try #require(report.overall.latency.max)
        let hops = report.breakdown.phases.filter { ["ingress", "activator", "queue-proxy"].contains($0.name) }
            .map { $0.statistics.mean }.reduce(0, +)
        #expect(abs(latency - (PolicyFollowingTests.untilReady + 0.25 + 0.5 + hops)) < 1e-6, "\(name): latency \(latency)")
        #expect(report.coldStarts.requests == 1, "\(name)")
    }

    @Test func keepAliveKeepsThePodForTheKeepAliveThenScalesToZero() throws {
        // Requests at 10 s and 150 s; keep-alive 100 s. The first finds the initial pod
        // (initial-scale 1) still there. The activator reports it on arrival, so the
        // revision is idle from about 11 s and the policy wants 0 pods from the first
        // decision after about 111 s; the activator has been in the path all along (the
        // burst capacity exceeds one pod's), so Knative's reconciler removes the pod at
        // once, and the second request is a cold start.
        var simulation = try Self.simulation(policy: Self.keepAlive, arrivals: [10, 150], seconds: 200)
        let report = simulation.run()
        let rows = report.timeSeries
        #expect(rows.filter { (3...110).contains($0.time) }.allSatisfy { $0.podsReady == 1 && $0.desiredPods == 1 })
        let zero = try #require(rows.first { $0.time > 10 && $0.desiredPods == 0 })
        // The last load sample is the activator's at 10 s to 12 s (its periodic reports
        // lag the request), so the first decision wanting 0 is at 112 s to 114 s.
        #expect((112...114).contains(zero.time), "first zero at \(zero.time) s")
        #expect(rows.filter { (zero.time...149).contains($0.time) }.allSatisfy { $0.podsReady == 0 && $0.desiredPods == 0 })
        #expect(report.coldStarts.requests == 1)
        // With a keep-alive beyond the gap, the second request finds the pod warm.
        let long = RevisionPolicyKind.custom(.keepAlive(KeepAlivePolicy(idleTimeout: 200_000_000_000)))
        var kept = try Self.simulation(policy: long, arrivals: [10, 150], seconds: 200)
        #expect(kept.run().coldStarts.requests == 0)
    }

    @Test func hybridHistogramLearnsToPrewarmBeforeTheNextRequest() throws {
        // A request every 300 s. The activator reports each on arrival (at 300k s plus the
        // ingress hop), so the revision is idle from 1 s later, for 299 s: bin 4 of
        // 1-minute bins. Until 10
        // idle times are learned the histogram is not representative and the policy keeps
        // the pod (fallback 4 h). From then on it unloads the pod after each request, loads
        // one at idle start + 4 min × 0.9 = 216 s and keeps it for 5 min × 1.1 = 330 s.
        let arrivals = (1...20).map { Double($0 * 300) }
        var simulation = try Self.simulation(policy: Self.hybrid, arrivals: arrivals, seconds: 20 * 300 + 100)
        let report = simulation.run()
        let ready = Dictionary(uniqueKeysWithValues: report.timeSeries.map { (Int($0.time), $0.podsReady) })
        #expect(report.coldStarts.requests == 1, "only the very first request is cold")
        for k in 1...9 {
            #expect(ready[300 * k + 120] == 1, "fallback keep-alive after request \(k)")
        }
        for k in 12...19 {
            // Idle from just after 300k + 1 s; loaded at the first decision after idle
            // start + 216 s (300k + 218 s), ready 1.45 s later.
            let idleStart = 300 * k + 2
            #expect(ready[idleStart + 120] == 0, "unloaded after request \(k)")
            #expect(ready[idleStart + 216] == 0, "not yet pre-warmed after request \(k)")
            #expect(ready[idleStart + 218] == 1, "pre-warmed after request \(k)")
            #expect(ready[300 * (k + 1) - 1] == 1, "warm for request \(k + 1)")
        }
    }

    // MARK: External policy

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    @Test(.enabled(if: python != nil, "python3 not found in PATH: end-to-end test skipped"))
    func thePythonExampleDrivesASimulatedRunExactlyAsItsSwiftTwin() throws {
        // examples/policies/target_tracking.py and the documented Swift TargetTracking
        // make the same decisions, so the two runs must agree to the last byte.
        let script = Self.packageRoot.appendingPathComponent("examples/policies/target_tracking.py").path
        let external = RevisionPolicyKind.custom(.external(ExternalPolicyConfiguration(
            arguments: [Self.python!, script, "--target", "2", "--window", "6"])))
        let swift = RevisionPolicyKind.custom(ScalingPolicyFactory(name: "target-tracking") { _ in
            TargetTracking(target: 2, windowSeconds: 6)
        })
        var arrivals: [Double] = []
        for i in 0..<600 {
            let jitter: Double = i % 7 == 0 ? 40 : 0
            arrivals.append(30 + Double(i) * 0.2 + jitter)
        }
        arrivals.sort()
        var viaPython = try Self.simulation(policy: external, arrivals: arrivals, seconds: 240, serviceTime: 1.5)
        let python = viaPython.run()
        #expect(viaPython.policyFailure() == nil)
        var viaSwift = try Self.simulation(policy: swift, arrivals: arrivals, seconds: 240, serviceTime: 1.5)
        let reference = viaSwift.run()
        let desired: [Int] = python.timeSeries.map { $0.desiredPods }
        let ready: [Int] = python.timeSeries.map { $0.podsReady }
        #expect(desired == reference.timeSeries.map { $0.desiredPods })
        #expect(ready == reference.timeSeries.map { $0.podsReady })
        #expect(python.overall.completed == reference.overall.completed)
        #expect(desired.max()! >= 3, "the policy scaled out")
    }

    @Test func anExternalProgramThatCannotStartIsReportedNotIgnored() throws {
        let missing = RevisionPolicyKind.custom(.external(ExternalPolicyConfiguration(arguments: ["/nonexistent/policy"])))
        let simulation = try Self.simulation(policy: missing, arrivals: [1], seconds: 10)
        let failure = try #require(simulation.policyFailure())
        #expect(failure.revision == "f-1")
        #expect("\(failure.error)" == #"policy program "/nonexistent/policy": cannot start: command not found"#)
    }
}
