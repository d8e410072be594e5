import Engine
import Testing
import Workload

@Suite struct ClosedLoopTests {
    enum Event { case arrival(client: Int), completion(client: Int) }

    /// Drives the loop on the engine with a constant service time, as the cluster
    /// model would, and returns each client's request times.
    func run(_ loop: ClosedLoopClients, service: SimDuration, until end: SimTime, seed: UInt64 = 1) -> [[SimTime]] {
        var loop = loop
        let random = stream(seed, "arrivals/loop")
        var engine = Engine<Event>(endTime: end)
        var sent = [[SimTime]](repeating: [], count: loop.clientCount)
        for r in loop.initialArrivals(at: .zero, using: random) { engine.schedule(.arrival(client: r.client), at: r.time) }
        while let e = engine.next() {
            switch e {
            case .arrival(let c):
                sent[c].append(engine.now)
                engine.schedule(.completion(client: c), after: service)
            case .completion(let c):
                if let t = loop.nextAfterCompletion(of: c, at: engine.now, using: random) {
                    engine.schedule(.arrival(client: c), at: t)
                }
            }
        }
        return sent
    }

    @Test(arguments: [ClosedLoopStart.immediately, .afterThinkTime, .spread(over: .wholeSeconds(3))])
    func eachClientCyclesEveryServicePlusThink(start: ClosedLoopStart) throws {
        let loop = try ClosedLoopClients(clients: 5, thinkTime: .constant(0.8), start: start)
        let sent = run(loop, service: .milliseconds(200), until: .seconds(60))
        for (c, times) in sent.enumerated() {
            #expect(times.count >= 55, "client \(c) sent \(times.count)")
            for (a, b) in zip(times, times.dropFirst()) { #expect(b - a == .wholeSeconds(1), "client \(c)") }
        }
        switch start {
        case .immediately: #expect(sent.allSatisfy { $0.first == .zero })
        case .afterThinkTime: #expect(sent.allSatisfy { $0.first == .seconds(0.8) })
        case .spread(let over):
            #expect(sent.allSatisfy { $0.first! >= .zero && $0.first! < .zero + over })
            #expect(Set(sent.map { $0.first! }).count == 5)  // really spread
        }
    }

    @Test func requestLimitStopsEachClient() throws {
        let loop = try ClosedLoopClients(clients: 3, thinkTime: .exponential(mean: 0.5), requestsPerClient: 4)
        let sent = run(loop, service: .milliseconds(100), until: .seconds(1000))
        #expect(sent.map(\.count) == [4, 4, 4])
        for times in sent {
            for (a, b) in zip(times, times.dropFirst()) { #expect(b - a > .milliseconds(100)) }
        }
    }

    @Test func rejectsBadParameters() {
        #expect(throws: WorkloadError.self) { try ClosedLoopClients(clients: 0, thinkTime: .constant(1)) }
        #expect(throws: WorkloadError(parameter: "thinkTime.mean", message: "must be greater than 0, got -1.0")) {
            try ClosedLoopClients(clients: 1, thinkTime: .exponential(mean: -1))
        }
    }
}
