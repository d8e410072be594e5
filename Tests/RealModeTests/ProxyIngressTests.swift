import AsyncHTTPClient
import Engine
import Serving
import Testing
@testable import RealMode

@Suite struct ProxyIngressTests {
    /// Sequential requests through a 30/70 split reach the revisions in exactly the
    /// order the simulation's `TrafficSplit` draws from the same seeded stream.
    @Test func splitFollowsTheSimulationsChoiceSequence() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let streams = RandomStreams(seed: 42)
            let service = IngressService(name: "hello", revisions: [0, 1], percents: [30, 70])
            let ingress = try await IngressServer.start(
                services: [service], activatorPort: 1, streams: streams, leastRequest: false,
                timeout: .seconds(10), client: proxies)
            for revision in [0, 1] {
                await ingress.setEndpoints(revision: revision, [Endpoint(pod: revision, port: upstream.port)])
                await ingress.setMode(revision: revision, .serve)
            }
            let count = 200
            for _ in 0..<count {
                #expect(try await send(tester, port: ingress.port).status == 200)
            }
            let reference = TrafficSplit(revisions: [0, 1], percents: [30, 70])
            let stream = RandomStreams(seed: 42).stream(named: "routing/hello")
            let expected = (0..<count).map { _ in String(reference.choose(using: stream)) }
            let seen = await upstream.state.revisions
            #expect(seen == expected)
            let share = Double(seen.filter { $0 == "0" }.count) / Double(count)
            #expect(abs(share - 0.3) < 0.1)
            await ingress.stop()
            await upstream.stop()
        }
    }

    /// Proxy mode (the default) sends through the activator, Serve mode straight to a
    /// pod; with no ready pod the activator is used whatever the mode.
    @Test func pathModeChoosesActivatorOrPod() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let activator = try await ActivatorServer.start(
                revisions: [3: ActivatorRevisionSettings(containerConcurrency: 0, timeout: .seconds(5))],
                streams: RandomStreams(seed: 1), clock: ProxyClock(), client: proxies)
            let endpoint = Endpoint(pod: 1, port: upstream.port)
            await activator.setEndpoints(revision: 3, [endpoint])
            let ingress = try await IngressServer.start(
                services: [IngressService(name: "only", revisions: [3], percents: [100])],
                activatorPort: activator.port, streams: RandomStreams(seed: 1), leastRequest: true,
                timeout: .seconds(10), client: proxies)

            // Proxy mode by default (no pods known to the ingress either).
            #expect(try await send(tester, port: ingress.port).status == 200)
            #expect(await upstream.state.proxied == 1)
            await ingress.setMode(revision: 3, .serve)
            #expect(try await send(tester, port: ingress.port).status == 200)
            #expect(await upstream.state.proxied == 2)  // serve, but no ready pod known
            await ingress.setEndpoints(revision: 3, [endpoint])
            #expect(try await send(tester, port: ingress.port).status == 200)
            #expect(await upstream.state.proxied == 2)
            await ingress.setMode(revision: 3, .proxy)
            #expect(try await send(tester, port: ingress.port).status == 200)
            #expect(await upstream.state.proxied == 3)
            #expect(await upstream.state.revisions == ["3", "3", "3", "3"])

            // An unknown service is refused.
            let unknown = try await send(tester, port: ingress.port, headers: [("X-Knsim-Service", "nope")])
            #expect(unknown.status == 404)
            await ingress.stop()
            await activator.stop()
            await upstream.stop()
        }
    }

    @Test func sidecarPassesThroughAndAnswers502WhenQueueProxyIsGone() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let sidecar = try await SidecarHop.start(upstreamPort: upstream.port, timeout: .seconds(10), client: proxies)
            let reply = try await send(tester, port: sidecar.port, headers: [("X-Knsim-Request-Id", "r-17")])
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "X-Knsim-Request-Id") == "r-17")
            await upstream.stop()
            let gone = try await send(tester, port: sidecar.port)
            #expect(gone.status == 502)
            #expect(gone.failure == FailureReason.podGone)
            await sidecar.stop()
        }
    }
}

/// The load generator names each request's service, so a two-service ingress files
/// every request under its own service's revision (which the ingress reports back).
@Suite struct LoadThroughIngressTests {
    @Test func eachRequestReachesItsOwnServicesRevision() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let ingress = try await IngressServer.start(
                services: [IngressService(name: "a", revisions: [0], percents: [100]),
                           IngressService(name: "b", revisions: [1], percents: [100])],
                activatorPort: 1, streams: RandomStreams(seed: 3), leastRequest: false,
                timeout: .seconds(10), client: proxies)
            for revision in [0, 1] {
                await ingress.setEndpoints(revision: revision, [Endpoint(pod: revision, port: upstream.port)])
                await ingress.setMode(revision: revision, .serve)
            }
            var plan = LoadPlan(try knativeConfiguration(scenario(arrivals: "{process: deterministic, interval: 100ms}")))
            // Alternate services; the plan's revision is deliberately wrong, so only the
            // ingress's answer can file the request correctly.
            plan.requests = (0..<6).map { i in
                PlannedRequest(index: i, workload: 0, service: i % 2 == 0 ? "a" : "b", revision: 0,
                               arrival: .milliseconds(Int64(i) * 10), serviceTime: .milliseconds(1))
            }
            let result = await LoadGenerator(plan: plan, settings: LoadGeneratorSettings(target: "http://127.0.0.1:\(ingress.port)/"),
                                             client: tester).run()
            #expect(result.completed == 6)
            let outcomes = result.records.map(RealRequestOutcome.init)
            #expect(outcomes.map(\.revision) == [0, 1, 0, 1, 0, 1])
            let seen = await upstream.state.revisions
            #expect(seen.sorted() == ["0", "0", "0", "1", "1", "1"])
            await ingress.stop()
            await upstream.stop()
        }
    }
}
