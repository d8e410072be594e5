import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// A Knative model run with constant hops, service time and startup phases, so that
/// every expected latency is an exact sum of its numbers. Shared by the
/// KnativePhase*Tests and KnativeActivatorPath*Tests suites.
struct ExactKnativeRun {
    static let ingress = 0.002, activatorHop = 0.003, sidecarHop = 0.001, queueProxyHop = 0.0005, service = 0.1

    /// The base startup phases (seconds); the image pull is not drawn, so it is absent.
    static let basePhases: [StartupPhase: Double] = [
        .scheduling: 0.05, .sandboxCreation: 0.25, .containerCreation: 0.15, .proxyStart: 0.5,
        .userContainerStart: 0.2, .applicationInit: 0.1, .readinessProbe: 0.1, .endpointPropagation: 0.15,
    ]

    var arrivals: [Double]
    var phases = ExactKnativeRun.basePhases
    var mesh = true
    var hold = false
    var containerConcurrency = 1
    /// Autoscaling pairs besides container-concurrency.
    var pairs: [(key: String, value: String)] = []
    var duration = 400.0
    var warmup = 0.0
    var timeout = 300.0
    /// One big node by default, so every pod lands on the same node and none waits.
    var cluster = ClusterModelSpec(pools: [NodePool(name: "one", count: 1,
                                                    allocatable: ResourceList(milliCPU: 64_000, memoryBytes: 256 << 30))])
    var image: ImageID?

    init(arrivals: [Double]) { self.arrivals = arrivals }

    static func startup(_ values: [StartupPhase: Double]) -> PodStartupSpec {
        func d(_ phase: StartupPhase) -> Distribution { .constant(values[phase] ?? 0) }
        return PodStartupSpec(scheduling: d(.scheduling), sandboxCreation: d(.sandboxCreation),
                              containerCreation: d(.containerCreation), proxyStart: d(.proxyStart),
                              userContainerStart: d(.userContainerStart), applicationInit: d(.applicationInit),
                              readinessProbe: d(.readinessProbe), endpointPropagation: d(.endpointPropagation))
    }

    func configuration() throws -> KnativeModelConfiguration {
        let settings = try AutoscalingSettings(
            pairs: [(key: "container-concurrency", value: String(containerConcurrency))] + pairs)
        let revision = RevisionSpec(name: "hello-1", containerConcurrency: containerConcurrency,
                                    timeout: .seconds(timeout), autoscaling: settings, image: image,
                                    startup: Self.startup(phases), serviceTime: .constant(Self.service))
        let trace = RecordedTrace(arrivals: arrivals.map { SimTime.seconds($0) })
        return KnativeModelConfiguration(
            duration: .seconds(duration), warmup: .seconds(warmup), seed: 1, cluster: cluster,
            mesh: MeshSpec(enabled: mesh, hopLatency: .constant(Self.sidecarHop), holdApplicationUntilProxyStarts: hold),
            activator: ActivatorSpec(hopLatency: .constant(Self.activatorHop)),
            ingress: IngressSpec(hopLatency: .constant(Self.ingress)),
            queueProxy: QueueProxySpec(hopLatency: .constant(Self.queueProxyHop)),
            services: [ServiceSpec(name: "hello", revisions: [revision])],
            workloads: [WorkloadSpec(service: "hello", arrivals: .trace(TraceArrivals(trace: trace)))])
    }

    func run() throws -> RunReport {
        var simulation = KnativeSimulation(try configuration())
        return simulation.run()
    }

    /// Pod creation to routable, worked out by hand: the phases in order, the user
    /// container and istio-proxy side by side unless the mesh holds the application.
    func expectedStartup(imagePull: Double = 0) -> Double {
        let p = phases
        let app = p[.userContainerStart]! + p[.applicationInit]!
        let proxy = p[.proxyStart]!
        let untilAppReady = mesh ? (hold ? proxy + app : max(proxy, app)) : app
        return p[.scheduling]! + imagePull + p[.sandboxCreation]! + p[.containerCreation]! + untilAppReady
            + p[.readinessProbe]! + p[.endpointPropagation]!
    }

    /// The latency of a request that finds the revision at zero: the pod is created
    /// the instant the request reaches the activator.
    func expectedColdLatency(imagePull: Double = 0) -> Double {
        Self.ingress + Self.activatorHop + expectedStartup(imagePull: imagePull) + warmPodHops
    }

    /// A request sent straight to a ready pod.
    var expectedDirectLatency: Double { Self.ingress + warmPodHops }

    private var warmPodHops: Double { (mesh ? Self.sidecarHop : 0) + Self.queueProxyHop + Self.service }

    static func phase(_ phase: StartupPhase, in report: RunReport) throws -> LatencyStatistics {
        try #require(report.coldStarts.phases.first { $0.name == phase.name }?.statistics)
    }

    static func breakdown(_ name: String, in report: RunReport) throws -> LatencyStatistics {
        try #require(report.breakdown.phases.first { $0.name == name }?.statistics)
    }
}

/// Every cold-start phase adds its own time to the first cold request, and the
/// cold-start summary records it under the phase's name.
@Suite struct KnativePhaseTimingTests {
    static let delta = 0.4
    /// The drawn phases (the image pull has its own suite).
    static let drawnPhases = StartupPhase.allCases.filter { $0 != .imagePull }

    /// One request at 300 s, after the initial pod (initial-scale 1) scaled away.
    static func coldRun(phases: [StartupPhase: Double], mesh: Bool, hold: Bool) -> ExactKnativeRun {
        var run = ExactKnativeRun(arrivals: [300])
        run.phases = phases
        run.mesh = mesh
        run.hold = hold
        return run
    }

    static func firstLatency(_ report: RunReport) throws -> Double {
        #expect(report.overall.completed == 1 && report.overall.failed == 0, "\(report.overall)")
        #expect(report.coldStarts.requests == 1)
        return try #require(report.overall.latency.max)
    }

    /// With the phases in series (mesh on and holdApplicationUntilProxyStarts, or no
    /// mesh) each phase is on the critical path: Δ on it is Δ on the cold request.
    /// Without the mesh the proxy start is not a phase at all: it adds nothing and is
    /// not recorded.
    @Test(arguments: drawnPhases, [true, false])
    func eachPhaseAddsItsTime(phase: StartupPhase, mesh: Bool) throws {
        let base = Self.coldRun(phases: ExactKnativeRun.basePhases, mesh: mesh, hold: true)
        var slower = base
        slower.phases[phase]! += Self.delta
        let baseReport = try base.run(), slowerReport = try slower.run()
        let baseLatency = try Self.firstLatency(baseReport), slowerLatency = try Self.firstLatency(slowerReport)
        #expect(abs(baseLatency - base.expectedColdLatency()) < 1e-9, "base \(baseLatency)")
        let expectedIncrease = !mesh && phase == .proxyStart ? 0 : Self.delta
        #expect(abs(slowerLatency - baseLatency - expectedIncrease) < 1e-9,
                "\(phase.name): \(baseLatency) → \(slowerLatency), expected +\(expectedIncrease)")

        // The summary's line for the phase shows the new constant for every pod that
        // went through it; every other line is unchanged.
        for other in Self.drawnPhases {
            let statistics = try ExactKnativeRun.phase(other, in: slowerReport)
            if !mesh && other == .proxyStart {
                #expect(statistics.count == 0, "proxy-start recorded without a mesh")
                continue
            }
            let expected = slower.phases[other]!
            #expect(statistics.count >= 1, "\(other.name) not recorded")
            #expect(abs((statistics.min ?? -1) - expected) < 1e-9 && abs((statistics.max ?? -1) - expected) < 1e-9,
                    "\(other.name): min \(String(describing: statistics.min)) max \(String(describing: statistics.max)), expected \(expected)")
        }
        // No image: the pull phase is recorded as zero for every bound pod.
        #expect(try ExactKnativeRun.phase(.imagePull, in: slowerReport).max == 0)
        // Creation to Kubernetes-ready is the startup without endpoint propagation.
        let ready = slower.expectedStartup() - slower.phases[.endpointPropagation]!
        #expect(abs((slowerReport.coldStarts.total.max ?? -1) - ready) < 1e-9
                && abs((slowerReport.coldStarts.total.min ?? -1) - ready) < 1e-9,
                "creation to ready \(String(describing: slowerReport.coldStarts.total.max)), expected \(ready)")
    }

    /// istio-proxy starts beside the user container: without
    /// holdApplicationUntilProxyStarts only the longer of proxy start and user
    /// container start + application init counts. Base here: application 0.3 s.
    /// Rows: proxy start, phase changed, Δ, increase of the cold latency.
    @Test(arguments: [
        (0.5, StartupPhase.proxyStart, 0.4, 0.4),          // proxy is the longer branch: all of Δ
        (0.5, StartupPhase.userContainerStart, 0.1, 0.0),  // app 0.4 s, still under the proxy's 0.5 s
        (0.5, StartupPhase.applicationInit, 0.2, 0.0),     // app 0.5 s = proxy: a tie, no change
        (0.5, StartupPhase.userContainerStart, 0.4, 0.2),  // app 0.7 s: only its excess over 0.5 s
        (0.5, StartupPhase.applicationInit, 0.4, 0.2),
        (0.1, StartupPhase.proxyStart, 0.1, 0.0),          // proxy 0.2 s, hidden behind the app's 0.3 s
        (0.1, StartupPhase.proxyStart, 0.4, 0.2),          // proxy 0.5 s: 0.2 s beyond the app
        (0.1, StartupPhase.userContainerStart, 0.4, 0.4),  // app is the longer branch: all of Δ
    ])
    func proxyStartOverlapsTheApplication(proxy: Double, phase: StartupPhase, delta: Double, increase: Double) throws {
        var phases = ExactKnativeRun.basePhases
        phases[.proxyStart] = proxy
        let base = Self.coldRun(phases: phases, mesh: true, hold: false)
        var slower = base
        slower.phases[phase]! += delta
        let baseLatency = try Self.firstLatency(try base.run())
        let slowerReport = try slower.run()
        let slowerLatency = try Self.firstLatency(slowerReport)
        #expect(abs(baseLatency - base.expectedColdLatency()) < 1e-9, "base \(baseLatency)")
        #expect(abs(slowerLatency - baseLatency - increase) < 1e-9,
                "\(phase.name) +\(delta) with proxy \(proxy): \(baseLatency) → \(slowerLatency), expected +\(increase)")
        // The phase's own line records its full duration even when it is hidden.
        let statistics = try ExactKnativeRun.phase(phase, in: slowerReport)
        #expect(abs((statistics.max ?? -1) - slower.phases[phase]!) < 1e-9)

        // Holding the application until the proxy is up puts the two in series.
        var held = slower
        held.hold = true
        let heldLatency = try Self.firstLatency(try held.run())
        let serial = slower.phases[.proxyStart]! + slower.phases[.userContainerStart]! + slower.phases[.applicationInit]!
        let overlapped = max(slower.phases[.proxyStart]!, slower.phases[.userContainerStart]! + slower.phases[.applicationInit]!)
        #expect(abs(heldLatency - slowerLatency - (serial - overlapped)) < 1e-9,
                "held \(heldLatency) vs overlapped \(slowerLatency)")
    }
}
