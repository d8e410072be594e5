import Engine

/// The call graph's edges numbered as the simulation numbers them, with the recorder
/// the simulation counts them in: real mode files the calls its functions report
/// here, so both modes' `edges` come out of the same code in the same order.
public struct CallEdgeTable {
    private let edgeIndex: [Int32]
    private let revisionCount: Int
    private let serviceNames: [String]
    private var recorder: EdgeRecorder
    /// Whether any revision makes calls (else there are no edges to report).
    public let isEnabled: Bool

    public init(services: [ServiceSpec]) {
        // The graph's streams are not drawn from: only its edge numbering is used.
        let graph = CallGraph(services: services, streams: RandomStreams(seed: 0))
        edgeIndex = graph.edgeIndex
        revisionCount = graph.revisionCount
        serviceNames = services.map(\.name)
        recorder = graph.edges
        isEnabled = graph.enabled
    }

    /// The edge from a caller service to a callee revision (global index), if the
    /// caller calls that revision's service.
    public func edge(callerService: String, calleeRevision: Int) -> Int32? {
        guard let s = serviceNames.firstIndex(of: callerService), (0..<revisionCount).contains(calleeRevision) else { return nil }
        let edge = edgeIndex[s * revisionCount + calleeRevision]
        return edge >= 0 ? edge : nil
    }

    public func serviceIndex(named name: String) -> Int? { serviceNames.firstIndex(of: name) }

    public mutating func sent(edge: Int32, counted: Bool) { recorder.sent(edge: edge, counted: counted) }

    public mutating func completed(edge: Int32, latency: SimDuration, cold: Bool, counted: Bool) {
        recorder.completed(edge: edge, latency: latency, cold: cold, counted: counted)
    }

    public mutating func failed(edge: Int32, reason: FailureReason, cold: Bool, counted: Bool) {
        recorder.failed(edge: edge, reason: reason, cold: cold, counted: counted)
    }

    /// An entry request left the system; bit sets of service indices (as `serviceIndex`).
    public mutating func entryFinished(coldServices: UInt64, triggeredServices: UInt64) {
        recorder.entryFinished(coldServices: coldServices, triggeredServices: triggeredServices)
    }

    /// The part of the report the simulation's `addCalls` fills.
    public func add(to report: inout RunReport) {
        guard isEnabled else { return }
        let (edges, entry) = recorder.report()
        report.edges = edges
        report.entryPaths = entry
    }
}
