import AsyncHTTPClient
import Serving
import Testing
@testable import RealMode

@Suite struct ProxyQueueProxyTests {
    static let hold = [("X-Test-Hold", "1")]

    @Test func containerConcurrencyOneHoldsTheSecondRequestUntilTheFirstFinishes() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let queueProxy = try await QueueProxyServer.start(
                upstreamPort: upstream.port, containerConcurrency: 1, timeout: .seconds(10),
                clock: ProxyClock(), client: proxies)
            async let first = send(tester, port: queueProxy.port, headers: Self.hold)
            async let second = send(tester, port: queueProxy.port, headers: Self.hold)
            #expect(await eventually { await queueProxy.concurrency() == 2 })
            #expect(await eventually { await upstream.state.heldCount == 1 })
            // The second waits in the breaker, not at the process.
            #expect(await upstream.state.current == 1)
            #expect(await queueProxy.inContainer() == 1)
            await upstream.state.releaseAll()
            #expect(await eventually { await upstream.state.heldCount == 1 })
            await upstream.state.releaseAll()
            let replies = try await [first, second]
            #expect(replies.map(\.status) == [200, 200])
            #expect(await upstream.state.maximum == 1)
            #expect(await upstream.state.served == 2)
            await queueProxy.stop()
            await upstream.stop()
        }
    }

    @Test func aFullQueueAnswers503WithTheOverflowReason() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            // CC 1: one slot and 10 queue places; the 12th pending request is refused.
            let queueProxy = try await QueueProxyServer.start(
                upstreamPort: upstream.port, containerConcurrency: 1, timeout: .seconds(10),
                clock: ProxyClock(), client: proxies)
            let pending = Task {
                try await withThrowingTaskGroup(of: TestReply.self) { group in
                    for _ in 0..<11 { group.addTask { try await send(tester, port: queueProxy.port, headers: Self.hold) } }
                    var replies: [TestReply] = []
                    for try await reply in group { replies.append(reply) }
                    return replies
                }
            }
            #expect(await eventually { await queueProxy.concurrency() == 11 })
            let refused = try await send(tester, port: queueProxy.port, headers: Self.hold)
            #expect(refused.status == 503)
            #expect(refused.failure == FailureReason.queueProxyOverflow)
            for _ in 0..<11 {
                #expect(await eventually { await upstream.state.heldCount == 1 })
                await upstream.state.releaseAll()
            }
            let replies = try await pending.value
            #expect(replies.allSatisfy { $0.status == 200 && $0.failure == nil })
            #expect(await upstream.state.maximum == 1)
            await queueProxy.stop()
            await upstream.stop()
        }
    }

    @Test func aRequestQueuedPastItsTimeoutAnswers504() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let queueProxy = try await QueueProxyServer.start(
                upstreamPort: upstream.port, containerConcurrency: 1, timeout: .milliseconds(300),
                clock: ProxyClock(), client: proxies)
            async let first = send(tester, port: queueProxy.port, headers: Self.hold)
            #expect(await eventually { await upstream.state.heldCount == 1 })
            let second = try await send(tester, port: queueProxy.port, headers: Self.hold)
            #expect(second.status == 504)
            #expect(second.failure == FailureReason.requestTimeout)
            // The first, in the process at its deadline, is answered 504 too.
            let answered = try await first
            #expect(answered.status == 504)
            #expect(answered.failure == FailureReason.requestTimeout)
            #expect(await queueProxy.concurrency() == 0)
            // (The second may have reached the process for its last milliseconds, when
            // the first's timeout freed the slot just before its own deadline.)
            #expect(await eventually {
                await upstream.state.releaseAll()
                return await upstream.state.current == 0
            })
            await queueProxy.stop()
            await upstream.stop()
        }
    }

    /// Three requests held (one in the process, two queued: CC 1) over a whole period:
    /// the report's average concurrency is exactly 3, and the period in which they
    /// arrived counts 3 requests per second.
    @Test func statsReportTheConcurrencyDriven() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let queueProxy = try await QueueProxyServer.start(
                upstreamPort: upstream.port, containerConcurrency: 1, timeout: .seconds(10),
                clock: ProxyClock(), client: proxies)
            let requests = Task {
                try await withThrowingTaskGroup(of: TestReply.self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            try await send(tester, port: queueProxy.port, headers: Self.hold + [("X-Knsim-Proxied", "1")])
                        }
                    }
                    return try await group.reduce(into: [TestReply]()) { $0.append($1) }
                }
            }
            #expect(await eventually { await queueProxy.concurrency() == 3 })
            let arrivals = await queueProxy.report()
            #expect(arrivals.requestsPerSecond == 3)
            #expect(arrivals.proxiedRequestsPerSecond == 3)
            try await Task.sleep(for: .milliseconds(100))
            let steady = await queueProxy.report()
            #expect(steady.averageConcurrency == 3)
            #expect(steady.averageProxiedConcurrency == 3)
            #expect(steady.requestsPerSecond == 0)
            #expect(steady.metricSample().concurrency == 0)  // all proxied: the activator counts them
            #expect(steady.processUptime > 0)
            for _ in 0..<3 {
                #expect(await eventually { await upstream.state.heldCount == 1 })
                await upstream.state.releaseAll()
            }
            _ = try await requests.value
            #expect(await eventually { await queueProxy.concurrency() == 0 })
            let draining = await queueProxy.report()
            #expect(draining.averageConcurrency > 0 && draining.averageConcurrency < 3)
            let idle = await queueProxy.report()
            #expect(idle.averageConcurrency == 0)
            await queueProxy.stop()
            await upstream.stop()
        }
    }

    @Test func theProcessGoneAnswers502PodKilled() async throws {
        try await withClients { proxies, tester in
            let upstream = try await TestUpstream.start()
            let deadPort = upstream.port
            await upstream.stop()
            let queueProxy = try await QueueProxyServer.start(
                upstreamPort: deadPort, containerConcurrency: 0, timeout: .seconds(5),
                clock: ProxyClock(), client: proxies)
            let reply = try await send(tester, port: queueProxy.port)
            #expect(reply.status == 502)
            #expect(reply.failure == FailureReason.podKilled)
            #expect(await queueProxy.concurrency() == 0)
            await queueProxy.stop()
        }
    }
}
