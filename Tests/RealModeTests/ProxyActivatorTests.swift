import AsyncHTTPClient
import Engine
import Serving
import Testing
@testable import RealMode

@Suite struct ProxyActivatorTests {
    static let revision0 = [("X-Knsim-Revision", "0")]

    static func startActivator(_ settings: ActivatorRevisionSettings, client: HTTPClient) async throws -> ActivatorServer {
        try await ActivatorServer.start(revisions: [0: settings], streams: RandomStreams(seed: 7),
                                        clock: ProxyClock(), client: client)
    }

    @Test func buffersAtZeroPodsPokesAtOnceAndReleasesWhenAPodIsReady() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let queueProxy = try await QueueProxyServer.start(
                upstreamPort: upstream.port, containerConcurrency: 1, timeout: .seconds(10),
                clock: ProxyClock(), client: proxies)
            let activator = try await Self.startActivator(
                ActivatorRevisionSettings(containerConcurrency: 1, timeout: .seconds(10)), client: proxies)
            var pushes = activator.pushes.makeAsyncIterator()
            async let reply = send(tester, port: activator.port, headers: Self.revision0)

            // The scale-from-zero signal comes with the request, not at the next report.
            let poke = await pushes.next()
            #expect(poke == ActivatorPush(revision: 0, stat: ActivatorStat(concurrency: 1, requestCount: 1),
                                          isFirstSighting: true))
            #expect(await eventually { await activator.queued(revision: 0) == 1 })
            #expect(await upstream.state.served == 0)

            await activator.setEndpoints(revision: 0, [Endpoint(pod: 1, port: queueProxy.port)])
            let answer = try await reply
            #expect(answer.status == 200)
            #expect(answer.cold)
            #expect(await upstream.state.proxied == 1)
            #expect(await activator.queued(revision: 0) == 0)
            #expect(await activator.concurrency(revision: 0) == 0)
            // The report subtracts the first-sighting stat already pushed.
            let reports = await activator.report()
            #expect(reports.count == 1)
            #expect(reports.first?.stat.requestCount == 0)
            #expect(reports.first?.isFirstSighting == false)

            // A pod is ready now: the next request is not cold.
            let warm = try await send(tester, port: activator.port, headers: Self.revision0)
            #expect(warm.status == 200 && !warm.cold)
            await activator.stop()
            await queueProxy.stop()
            await upstream.stop()
        }
    }

    @Test func aRequestWaitingPastTheTimeoutAnswers504() async throws {
        try await withClients { proxies, tester in
            let activator = try await Self.startActivator(
                ActivatorRevisionSettings(containerConcurrency: 1, timeout: .milliseconds(200)), client: proxies)
            let reply = try await send(tester, port: activator.port, headers: Self.revision0)
            #expect(reply.status == 504)
            #expect(reply.failure == FailureReason.activatorTimeout)
            #expect(reply.cold)
            #expect(await activator.queued(revision: 0) == 0)
            #expect(await activator.concurrency(revision: 0) == 0)
            await activator.stop()
        }
    }

    @Test func aFullBufferAnswers503() async throws {
        try await withClients { proxies, tester in
            let activator = try await Self.startActivator(
                ActivatorRevisionSettings(containerConcurrency: 0, timeout: .milliseconds(300), maxBuffered: 1), client: proxies)
            async let waiting = send(tester, port: activator.port, headers: Self.revision0)
            #expect(await eventually { await activator.queued(revision: 0) == 1 })
            let refused = try await send(tester, port: activator.port, headers: Self.revision0)
            #expect(refused.status == 503)
            #expect(refused.failure == FailureReason.activatorOverflow)
            let waited = try await waiting
            #expect(waited.status == 504)
            await activator.stop()
        }
    }

    /// Two pods with CC 1 behind the activator: at most one request at each, the rest
    /// wait in the activator, and all are served.
    @Test func throttlesToContainerConcurrencyPerPod() async throws {
        try await withClients { proxies, tester in
            let upstreams = [try await TestUpstream.start(), try await TestUpstream.start()]
            let activator = try await Self.startActivator(
                ActivatorRevisionSettings(containerConcurrency: 1, timeout: .seconds(10)), client: proxies)
            await activator.setEndpoints(revision: 0, upstreams.enumerated().map { Endpoint(pod: $0, port: $1.port) })
            let requests = Task {
                try await withThrowingTaskGroup(of: TestReply.self) { group in
                    for _ in 0..<5 {
                        group.addTask {
                            try await send(tester, port: activator.port, headers: Self.revision0 + [("X-Test-Hold", "1")])
                        }
                    }
                    return try await group.reduce(into: [TestReply]()) { $0.append($1) }
                }
            }
            #expect(await eventually { await activator.queued(revision: 0) == 3 })
            #expect(await eventually {
                let first = await upstreams[0].state.current
                let second = await upstreams[1].state.current
                return first == 1 && second == 1
            })
            #expect(await eventually {
                for upstream in upstreams { await upstream.state.releaseAll() }
                return await upstreams[0].state.served + upstreams[1].state.served == 5
            })
            let replies = try await requests.value
            #expect(replies.allSatisfy { $0.status == 200 })
            #expect(await upstreams[0].state.maximum == 1)
            #expect(await upstreams[1].state.maximum == 1)
            await activator.stop()
            for upstream in upstreams { await upstream.stop() }
        }
    }
}
