import Engine

/// One edge of the call graph (caller service → callee revision) over the statistics
/// period. Conservation: `sent == completed + failed + inFlight`.
public struct EdgeReport: Sendable {
    public var caller: String
    public var calleeService: String
    public var calleeRevision: String
    /// Calls sent after the warm-up.
    public var sent = 0
    public var completed = 0
    public var failed = 0
    public var inFlight = 0
    /// Calls sent during the warm-up (simulated, kept out of the statistics).
    public var warmupSent = 0
    /// Calls that met a cold start (the callee revision had no pod to serve them).
    public var cold = 0
    /// From the call leaving the caller to its answer, completed calls, in seconds.
    public var latency = LatencyStatistics()
    public var failuresByReason: [String: Int] = [:]
}

/// What entry requests (those a workload sent) met on their path through the call
/// graph, by service name.
public struct EntryPathReport: Sendable, Equatable {
    /// Entry requests that met a cold start at the service (their own or a call's).
    public var coldByService: [String: Int] = [:]
    /// Entry requests whose path triggered a scale from zero of the service: a request
    /// of theirs reached the activator when the service's revision had no pod at all.
    public var triggeredByService: [String: Int] = [:]
    public init() {}
}

/// Counts calls by edge, with fixed memory per edge.
struct EdgeRecorder {
    private var edges: [EdgeReport]
    private var failureCounts: [[Int]]
    private var cold: [Int]
    private var triggered: [Int]
    private let serviceNames: [String]

    init(edges: [(caller: String, calleeService: String, calleeRevision: String)], serviceNames: [String]) {
        self.edges = edges.map { EdgeReport(caller: $0.caller, calleeService: $0.calleeService, calleeRevision: $0.calleeRevision) }
        failureCounts = Array(repeating: Array(repeating: 0, count: FailureReason.allCases.count), count: edges.count)
        self.serviceNames = serviceNames
        cold = Array(repeating: 0, count: serviceNames.count)
        triggered = Array(repeating: 0, count: serviceNames.count)
    }

    mutating func sent(edge: Int32, counted: Bool) {
        if counted { edges[Int(edge)].sent += 1 } else { edges[Int(edge)].warmupSent += 1 }
    }

    mutating func completed(edge: Int32, latency: SimDuration, cold: Bool, counted: Bool) {
        guard counted else { return }
        edges[Int(edge)].completed += 1
        edges[Int(edge)].latency.record(latency)
        if cold { edges[Int(edge)].cold += 1 }
    }

    mutating func failed(edge: Int32, reason: FailureReason, cold: Bool, counted: Bool) {
        guard counted else { return }
        edges[Int(edge)].failed += 1
        failureCounts[Int(edge)][reason.rawValue] += 1
        if cold { edges[Int(edge)].cold += 1 }
    }

    /// An entry request left the system; `coldServices` and `triggeredServices` are
    /// bit sets of service indices.
    mutating func entryFinished(coldServices: UInt64, triggeredServices: UInt64) {
        for s in serviceNames.indices where s < 64 {
            if coldServices & (1 << UInt64(s)) != 0 { cold[s] += 1 }
            if triggeredServices & (1 << UInt64(s)) != 0 { triggered[s] += 1 }
        }
    }

    func report() -> (edges: [EdgeReport], entry: EntryPathReport) {
        var result = edges
        for i in result.indices {
            result[i].inFlight = result[i].sent - result[i].completed - result[i].failed
            for reason in FailureReason.allCases where failureCounts[i][reason.rawValue] > 0 {
                result[i].failuresByReason[reason.name] = failureCounts[i][reason.rawValue]
            }
        }
        var entry = EntryPathReport()
        for s in serviceNames.indices {
            entry.coldByService[serviceNames[s]] = cold[s]
            entry.triggeredByService[serviceNames[s]] = triggered[s]
        }
        return (result, entry)
    }
}
