import Engine

/// Something that happens at a set time during the run: a step of a canary
/// rollout, or a fault.
public struct ScenarioEvent: Sendable, Equatable {
    /// Since the start of the run; before its end.
    public var at: SimDuration
    public var action: Action
    /// Where the event is written, for messages about it at run time.
    public var location: FilePosition
    /// e.g. `events[2]`.
    public var path: String

    public enum Action: Sendable, Equatable {
        /// The service's traffic split changes to `split`: one share per revision of
        /// the service, in the service's order, revisions not written getting 0.
        case traffic(service: String, split: [TrafficShare])
        /// `count` pods of the revision are killed (as by a crash or an eviction);
        /// Kubernetes replaces them if the revision still wants them.
        case killPod(revision: String, count: Int)
        /// Node `index` (from 0, in the pool's order) of the pool fails: its pods are
        /// lost and it does not come back.
        case killNode(pool: String, index: Int)
    }

    public init(at: SimDuration, action: Action, location: FilePosition, path: String) {
        self.at = at
        self.action = action
        self.location = location
        self.path = path
    }

    static let keys = ["at", "traffic", "kill-pod", "kill-node"]
    static let actions = ["traffic", "kill-pod", "kill-node"]
    static let trafficKeys = ["service", "split"]
    static let killPodKeys = ["revision", "count"]
    static let killNodeKeys = ["pool", "index"]

    init(decoding reader: NodeReader, services: [ServiceConfig], cluster: ClusterConfig,
         duration: SimDuration) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        at = try fields.required("at").duration("must be before the end of the run (\(DurationSyntax.format(duration)))") { $0 < duration }
        location = reader.location
        path = reader.path.description
        let written = Self.actions.filter(fields.contains)
        fields.considered(Self.actions)
        guard let first = written.first else {
            throw reader.error("needs one action: \(Self.actions.joined(separator: ", "))")
        }
        if written.count > 1 {
            throw ScenarioError(at: fields.keyLocation(written[1]) ?? reader.location, path: reader.path.appending(key: written[1]).description,
                                message: "cannot be combined with \(first): an event does one thing (write two events at the same time)")
        }
        let field = try fields.required(first)
        switch first {
        case "traffic": action = try Self.traffic(field, services: services)
        case "kill-pod": action = try Self.killPod(field, services: services)
        default: action = try Self.killNode(field, cluster: cluster)
        }
        fields.finish()
    }

    private static func traffic(_ reader: NodeReader, services: [ServiceConfig]) throws(ScenarioError) -> Action {
        var fields = try reader.mapping(keys: trafficKeys)
        let serviceField = try fields.required("service")
        let name = try serviceField.string()
        guard let service = services.first(where: { $0.name == name }) else {
            throw serviceField.error(notFound("service", name, among: services.map(\.name)))
        }
        let splitField = try fields.required("split")
        guard case .mapping(let mapping) = splitField.node else {
            throw splitField.error("must be a mapping of revision names to percents, such as {\(service.revisions[0].name): 100}, got \(splitField.described)")
        }
        let names = service.revisions.map(\.name)
        var percents: [(String, Double)] = []
        for (keyNode, valueNode) in mapping {
            let keyReader = splitField.child(keyNode, path: splitField.path)
            let revision = try keyReader.scalarText("revision names must be strings")
            let keyAt = splitField.child(keyNode, path: splitField.path.appending(key: revision))
            guard names.contains(revision) else {
                throw keyAt.error(notFound("revision of service \(quoted(name))", revision, among: names))
            }
            let value = splitField.child(valueNode, path: splitField.path.appending(key: revision))
            percents.append((revision, try value.number("must be a number from 0 to 100") { (0...100).contains($0) }))
        }
        let sum = percents.reduce(0) { $0 + $1.1 }
        guard abs(sum - 100) < 1e-9 else {
            throw splitField.error("must add up to 100 percent, got \(ScenarioWriter.number(sum))")
        }
        fields.finish()
        return .traffic(service: name, split: names.map { revision in
            TrafficShare(revision: revision, percent: percents.first { $0.0 == revision }?.1 ?? 0)
        })
    }

    private static func killPod(_ reader: NodeReader, services: [ServiceConfig]) throws(ScenarioError) -> Action {
        var fields = try reader.mapping(keys: killPodKeys)
        let revisionField = try fields.required("revision")
        let revision = try revisionField.string()
        let all = services.flatMap { $0.revisions.map(\.name) }
        guard all.contains(revision) else { throw revisionField.error(notFound("revision", revision, among: all)) }
        let count = try fields.optional("count")?.integer("must be a whole number of pods, at least 1") { $0 >= 1 } ?? 1
        fields.finish()
        return .killPod(revision: revision, count: count)
    }

    private static func killNode(_ reader: NodeReader, cluster: ClusterConfig) throws(ScenarioError) -> Action {
        var fields = try reader.mapping(keys: killNodeKeys)
        let poolField = try fields.required("pool")
        let name = try poolField.string()
        guard let pool = cluster.nodePools.first(where: { $0.name == name }) else {
            throw poolField.error(notFound("node pool", name, among: cluster.nodePools.map(\.name)))
        }
        // Nodes the cluster autoscaler adds are numbered after the first `count`.
        let nodes = max(pool.count, pool.maxCount)
        let index = try fields.required("index")
            .integer("must be a node number from 0 to \(nodes - 1) (pool \(quoted(name)) has at most \(nodes) nodes)") { (0..<nodes).contains($0) }
        fields.finish()
        return .killNode(pool: name, index: index)
    }

    private static func notFound(_ what: String, _ name: String, among names: [String]) -> String {
        if let guess = KeySuggestion.closest(to: name, among: names) {
            return "no \(what) named \(quoted(name)); did you mean \(quoted(guess))?"
        }
        return "no \(what) named \(quoted(name)) (\(names.joined(separator: ", ")))"
    }

    /// The list, sorted by time; events at the same time keep the file's order.
    static func decodeList(_ reader: NodeReader, services: [ServiceConfig], cluster: ClusterConfig,
                           duration: SimDuration) throws(ScenarioError) -> [ScenarioEvent] {
        var events: [ScenarioEvent] = []
        for item in try reader.sequence("must be a list of events such as {at: 10m, kill-pod: {revision: web-1}}") {
            events.append(try ScenarioEvent(decoding: item, services: services, cluster: cluster, duration: duration))
        }
        return events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}

/// One revision's share of its service's traffic.
public struct TrafficShare: Sendable, Equatable {
    public var revision: String
    /// Percent, 0 to 100.
    public var percent: Double

    public init(revision: String, percent: Double) {
        self.revision = revision
        self.percent = percent
    }
}
