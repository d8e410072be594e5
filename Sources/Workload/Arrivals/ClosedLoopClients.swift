import Engine

/// How the clients of a closed loop send their first request.
public enum ClosedLoopStart: Sendable, Equatable {
    /// All clients send at the start time.
    case immediately
    /// Each client thinks once before its first request (the default: the loop
    /// starts in its steady state rather than with a synchronised burst).
    case afterThinkTime
    /// Each client's first request is uniform over [start, start + over).
    case spread(over: SimDuration)
}

/// A request of a closed-loop client.
public struct ClientRequest: Sendable, Equatable {
    /// Which client (0..<clientCount); hand it back on completion.
    public var client: Int
    public var time: SimTime
    public init(client: Int, time: SimTime) { self.client = client; self.time = time }
}

/// A closed loop of N clients: each sends a request, waits for the response, thinks
/// for a while (`thinkTime`, seconds), and sends the next one. The arrival rate is
/// therefore set by the system's response time — unlike the open processes, it
/// needs completion feedback, hence its own API:
///
///     var loop = try ClosedLoopClients(clients: 20, thinkTime: .exponential(mean: 1))
///     for r in loop.initialArrivals(at: .zero, using: stream) { schedule(r) }
///     // ...when client c's request completes (or fails) at time `now`:
///     if let t = loop.nextAfterCompletion(of: c, at: now, using: stream) {
///         schedule(ClientRequest(client: c, time: t))
///     }
///
/// With a constant service time S and think time Z, each client cycles every S + Z.
/// A failed request counts as a response: the client thinks, then sends again.
public struct ClosedLoopClients: Sendable, Equatable {
    public let clientCount: Int
    public let thinkTime: Distribution
    public let start: ClosedLoopStart
    /// Requests each client sends before it stops; nil = no limit.
    public let requestsPerClient: Int?
    /// Requests sent so far, per client.
    public private(set) var sent: [Int]

    public init(clients: Int, thinkTime: Distribution, start: ClosedLoopStart = .afterThinkTime,
                requestsPerClient: Int? = nil) throws {
        guard clients >= 1 else { throw WorkloadError(parameter: "clients", message: "must be at least 1, got \(clients)") }
        do { try thinkTime.validate() } catch let e as DistributionError {
            throw WorkloadError(parameter: "thinkTime.\(e.parameter)", message: e.message)
        }
        if let requestsPerClient, requestsPerClient < 1 {
            throw WorkloadError(parameter: "requestsPerClient", message: "must be at least 1, got \(requestsPerClient)")
        }
        if case .spread(let over) = start, over <= .zero {
            throw WorkloadError(parameter: "start.over", message: "must be greater than 0, got \(over)")
        }
        clientCount = clients
        self.thinkTime = thinkTime
        self.start = start
        self.requestsPerClient = requestsPerClient
        sent = [Int](repeating: 0, count: clients)
    }

    /// Each client's first request, in client order (not time order). Call once, at
    /// the start of the run. Allocates the array once; the per-request path doesn't.
    public mutating func initialArrivals(at time: SimTime, using random: RandomStream) -> [ClientRequest] {
        (0..<clientCount).map { client in
            sent[client] = 1
            switch start {
            case .immediately:
                return ClientRequest(client: client, time: time)
            case .afterThinkTime:
                return ClientRequest(client: client, time: time + thinkTime.sampleDuration(using: random))
            case .spread(let over):
                return ClientRequest(client: client, time: time + .seconds(random.uniform() * over.seconds))
            }
        }
    }

    /// The client's next request time after its previous one completed at
    /// `completion`: completion + one think time. nil once the client has sent
    /// `requestsPerClient` requests.
    public mutating func nextAfterCompletion(of client: Int, at completion: SimTime, using random: RandomStream) -> SimTime? {
        precondition((0..<clientCount).contains(client), "no such client: \(client)")
        if let limit = requestsPerClient, sent[client] >= limit { return nil }
        sent[client] += 1
        return completion + thinkTime.sampleDuration(using: random)
    }
}
