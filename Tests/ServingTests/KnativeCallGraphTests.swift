import Autoscaling
import Engine
import Serving
import Testing
import Workload

/// Calls between services: the to-do topology (myapp → user, todo) with constant
/// distributions, so that latencies are sums of the model's own numbers.
@Suite struct KnativeCallGraphTests {
    static let ingress = 0.002, activatorHop = 0.003, sidecarHop = 0.001, queueProxyHop = 0.0005
    static let myappWork = 0.1, userWork = 0.04, todoWork = 0.02
    static let phases = PodStartupSpec(
        scheduling: .constant(0.05), sandboxCreation: .constant(0.25), containerCreation: .constant(0.15),
        proxyStart: .constant(0.5), userContainerStart: .constant(0.2), applicationInit: .constant(0.1),
        readinessProbe: .constant(0.1), endpointPropagation: .constant(0.15))
    /// Creation to routable with the phases above (the app and the proxy start together).
    static let startup = 0.05 + 0.25 + 0.15 + max(0.5, 0.2 + 0.1) + 0.1 + 0.15
    static let warm: [(key: String, value: String)] = [(key: "min-scale", value: "1"), (key: "target-burst-capacity", value: "0")]

    static func revision(_ name: String, work: Double, traffic: Double = 100, pairs: [(key: String, value: String)],
                         calls: [CallStep] = [], concurrency: Int = 1) throws -> RevisionSpec {
        let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: String(concurrency))] + pairs)
        var spec = RevisionSpec(name: name, trafficPercent: traffic, containerConcurrency: concurrency, autoscaling: settings,
                                startup: phases, serviceTime: .constant(work))
        spec.calls = calls
        return spec
    }

    static func configuration(arrivals: AnyArrivalProcess, duration: Double = 400, userPairs: [(key: String, value: String)] = [],
                              calls: [CallStep], userWork: Double = userWork, myappConcurrency: Int = 1,
                              userConcurrency: Int = 1) throws -> KnativeModelConfiguration {
        KnativeModelConfiguration(
            duration: .seconds(duration), seed: 1,
            mesh: MeshSpec(hopLatency: .constant(sidecarHop)),
            activator: ActivatorSpec(hopLatency: .constant(activatorHop)),
            ingress: IngressSpec(hopLatency: .constant(ingress)),
            queueProxy: QueueProxySpec(hopLatency: .constant(queueProxyHop)),
            services: [
                ServiceSpec(name: "myapp", revisions: [try revision("myapp-1", work: myappWork, pairs: warm, calls: calls,
                                                                    concurrency: myappConcurrency)]),
                ServiceSpec(name: "user", revisions: [try revision("user-1", work: userWork, pairs: userPairs,
                                                                   concurrency: userConcurrency)]),
                ServiceSpec(name: "todo", revisions: [try revision("todo-1", work: todoWork, pairs: warm)]),
            ],
            workloads: [WorkloadSpec(service: "myapp", arrivals: arrivals)])
    }

    static func once(at seconds: Double) -> AnyArrivalProcess {
        .trace(TraceArrivals(trace: RecordedTrace(arrivals: [SimTime.seconds(seconds)])))
    }

    /// One warm hop into a pod: its istio-proxy and queue-proxy.
    static let intoPod = sidecarHop + queueProxyHop
    static let myappOwn = ingress + intoPod + myappWork

    @Test func coldCalleeAddsItsColdStartToTheEntryLatency() throws {
        // user's initial pod scales away long before 300 s: the call waits in the
        // activator while a user pod starts.
        let calls = [CallStep(at: 0.5, calls: [CallSpec(service: "user")])]
        var simulation = KnativeSimulation(try Self.configuration(arrivals: Self.once(at: 300), calls: calls))
        let report = simulation.run()
        #expect(report.overall.arrived == 1 && report.overall.completed == 1, "\(report.overall)")
        let callLatency = Self.sidecarHop + Self.activatorHop + Self.startup + Self.intoPod + Self.userWork
        let expected = Self.myappOwn + callLatency
        let latency = try #require(report.overall.latency.max)
        #expect(abs(latency - expected) < 1e-9, "latency \(latency) expected \(expected)")
        let edge = try #require(report.edges.first { $0.calleeRevision == "user-1" })
        #expect(edge.caller == "myapp" && edge.sent == 1 && edge.completed == 1 && edge.cold == 1)
        #expect(abs((edge.latency.max ?? 0) - callLatency) < 1e-9)
        #expect(report.entryPaths?.coldByService == ["myapp": 0, "user": 1, "todo": 0])
        #expect(report.entryPaths?.triggeredByService["user"] == 1)
        // The callee's revision counts the call; the overall totals only the entry.
        #expect(report.revisions.first { $0.name == "user-1" }?.totals.completed == 1)
    }

    @Test func warmCalleeHasNoColdStart() throws {
        let calls = [CallStep(at: 0.5, calls: [CallSpec(service: "user")])]
        var simulation = KnativeSimulation(try Self.configuration(arrivals: Self.once(at: 300), userPairs: Self.warm, calls: calls))
        let report = simulation.run()
        let expected = Self.myappOwn + Self.sidecarHop + Self.intoPod + Self.userWork
        let latency = try #require(report.overall.latency.max)
        #expect(abs(latency - expected) < 1e-9, "latency \(latency) expected \(expected)")
        #expect(report.edges.first?.cold == 0)
        #expect(report.entryPaths?.coldByService["user"] == 0)
    }

    @Test func parallelCallsWaitForTheSlowestAndSequentialOnesAdd() throws {
        let user = CallSpec(service: "user"), todo = CallSpec(service: "todo")
        let call = { (work: Double) in Self.sidecarHop + Self.intoPod + work }
        let cases: [(steps: [CallStep], calls: Double)] = [
            ([CallStep(at: 0.2, calls: [user, todo], parallel: true)], max(call(Self.userWork), call(Self.todoWork))),
            ([CallStep(at: 0.2, calls: [user]), CallStep(at: 0.7, calls: [todo])], call(Self.userWork) + call(Self.todoWork)),
            ([CallStep(at: 1.0, calls: [CallSpec(service: "todo", count: 3)])], 3 * call(Self.todoWork)),
            ([CallStep(at: 0.0, calls: [CallSpec(service: "todo", probability: 0)])], 0),
        ]
        for c in cases {
            var simulation = KnativeSimulation(try Self.configuration(arrivals: Self.once(at: 300), userPairs: Self.warm, calls: c.steps))
            let report = simulation.run()
            let latency = try #require(report.overall.latency.max)
            #expect(abs(latency - (Self.myappOwn + c.calls)) < 1e-9, "\(c.steps): latency \(latency)")
        }
    }

    @Test func callTimeoutFailsTheCallerWithItsReason() throws {
        // The cold start takes ~1.2 s; the caller gives up after 0.5 s.
        let calls = [CallStep(at: 0.5, calls: [CallSpec(service: "user", timeout: .seconds(0.5))])]
        var simulation = KnativeSimulation(try Self.configuration(arrivals: Self.once(at: 300), calls: calls))
        let report = simulation.run()
        #expect(report.overall.failed == 1 && report.overall.failuresByReason == ["call-timeout": 1])
        let edge = try #require(report.edges.first { $0.calleeRevision == "user-1" })
        #expect(edge.failed == 1 && edge.failuresByReason == ["call-timeout": 1] && edge.cold == 1)
        // The callee still served the request it was sent (an orphan now).
        #expect(report.revisions.first { $0.name == "user-1" }?.totals.completed == 1)
    }

    @Test func calleeFailurePropagatesAsCallFailed() throws {
        // user's own timeout (0.3 s, shorter than its cold start) fails the call in the
        // activator; myapp's request fails with call-failed.
        let calls = [CallStep(at: 0.5, calls: [CallSpec(service: "user")])]
        var configuration = try Self.configuration(arrivals: Self.once(at: 300), calls: calls)
        configuration.services[1].revisions[0].timeout = .seconds(0.3)
        var simulation = KnativeSimulation(configuration)
        let report = simulation.run()
        #expect(report.overall.failuresByReason == ["call-failed": 1])
        #expect(report.edges.first?.failuresByReason == ["activator-timeout": 1])
    }

    @Test func conservationHoldsForEntriesAndEveryEdge() throws {
        let calls = [CallStep(at: 0.3, calls: [CallSpec(service: "user", probability: 0.7, timeout: .seconds(2)),
                                               CallSpec(service: "todo", count: 2)], parallel: true),
                     CallStep(at: 0.8, calls: [CallSpec(service: "todo", probability: 0.5)])]
        var configuration = try Self.configuration(arrivals: .poisson(try PoissonArrivals(rate: 30)), duration: 120,
                                                   calls: calls, myappConcurrency: 0)
        configuration.warmup = .seconds(10)
        configuration.services[1].revisions[0].serviceTime = try .exponential(rate: 10)
        var simulation = KnativeSimulation(configuration)
        let report = simulation.run()
        let o = report.overall
        #expect(o.arrived > 3000 && o.arrived == o.completed + o.failed + o.inFlight, "\(o)")
        #expect(report.edges.count == 2)
        for edge in report.edges {
            #expect(edge.sent > 0 && edge.sent == edge.completed + edge.failed + edge.inFlight, "\(edge)")
            #expect(edge.failed == edge.failuresByReason.values.reduce(0, +))
        }
        for revision in report.revisions {
            let t = revision.totals
            #expect(t.arrived == t.completed + t.failed + t.inFlight, "\(revision.name)")
        }
        // Calls reach user and todo only through edges: their revisions' arrivals are
        // the edges' calls.
        let todo = try #require(report.revisions.first { $0.name == "todo-1" })
        #expect(todo.totals.arrived == report.edges.first { $0.calleeService == "todo" }!.sent)
    }

    @Test func slowCalleeRaisesTheCallersConcurrencyAndDesiredPods() throws {
        // user is held at 4 unlimited-concurrency pods, so only myapp's pods follow the
        // call's duration: 20 requests/s each holding a slot 0.1 s + the call.
        func desiredPods(userWork: Double) throws -> Int {
            let calls = [CallStep(at: 0.5, calls: [CallSpec(service: "user")])]
            var configuration = try Self.configuration(
                arrivals: .deterministic(try DeterministicArrivals(rate: 20)), duration: 180,
                userPairs: [(key: "min-scale", value: "4"), (key: "max-scale", value: "4")],
                calls: calls, userWork: userWork, userConcurrency: 0)
            configuration.services[1].revisions[0].autoscaling = try AutoscalingSettings(
                pairs: [(key: "min-scale", value: "4"), (key: "max-scale", value: "4"), (key: "initial-scale", value: "4")])
            var simulation = KnativeSimulation(configuration)
            let report = simulation.run()
            // Pods other than user's 4 and todo's 1.
            let late = report.timeSeries.filter { $0.time >= 120 }
            return late.map(\.desiredPods).max()! - 5
        }
        let fast = try desiredPods(userWork: 0.01), slow = try desiredPods(userWork: 0.5)
        // Concurrency 20 × (0.1 + call): ~2.2 and ~12 against a target of 0.7 per pod.
        #expect(fast <= 5, "fast callee: \(fast) pods")
        #expect(slow >= 15, "slow callee: \(slow) pods")
    }

    @Test func waitingOnACallUsesNoCPUSoTheHPADoesNotScaleForIt() throws {
        // myapp under the HPA (CPU): 20 requests/s of 10 ms work keep 0.2 cores busy,
        // below 80 % of its pod's 0.525 requested cores, however long user takes; were
        // the waiting counted as busy, 20 × 0.5 s would keep 10 cores busy.
        let settings = try AutoscalingSettings(pairs: [(key: "class", value: "hpa.autoscaling.knative.dev")])
        var configuration = try Self.configuration(
            arrivals: .deterministic(try DeterministicArrivals(rate: 20)), duration: 180,
            calls: [CallStep(at: 0.5, calls: [CallSpec(service: "user")])], userWork: 0.5, myappConcurrency: 0,
            userConcurrency: 0)
        configuration.services[0].revisions[0].serviceTime = .constant(0.01)
        configuration.services[0].revisions[0].autoscaling = settings
        configuration.services[0].revisions[0].policy = .hpa(try HPASpec(settings: settings))
        configuration.services[1].revisions[0].autoscaling = try AutoscalingSettings(
            pairs: [(key: "min-scale", value: "4"), (key: "max-scale", value: "4"), (key: "initial-scale", value: "4")])
        var simulation = KnativeSimulation(configuration)
        let report = simulation.run()
        #expect(report.overall.completed > 3000)
        let myapp = report.timeSeries.map { $0.desiredPods - 5 }.max()!
        #expect(myapp == 1, "myapp desired \(myapp) pods")
    }

    @Test func cyclesAreFoundAndNamed() {
        let names = ["myapp", "user", "todo", "audit"]
        #expect(ServiceCallGraph.cycle(names: names, calls: [[1, 2], [3], [], []]) == nil)
        #expect(ServiceCallGraph.cycle(names: names, calls: [[1, 2], [3], [], [1]]) == ["user", "audit", "user"])
        #expect(ServiceCallGraph.cycle(names: names, calls: [[0], [], [], []]) == ["myapp", "myapp"])
    }
}
