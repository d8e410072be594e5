/// A Knative Service: a name and the revisions its traffic is split between.
public struct ServiceConfig: Sendable, Equatable {
    /// A DNS-1123 label, unique in the scenario.
    public var name: String
    /// At least one; their traffic adds up to 100 percent.
    public var revisions: [RevisionConfig]

    public init(name: String, revisions: [RevisionConfig]) {
        self.name = name
        self.revisions = revisions
    }

    static let keys = ["name", "revisions"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        name = try fields.required("name").dnsLabel()
        let revisionsField = try fields.required("revisions")
        let items = try revisionsField.sequence("must be a list of revisions")
        guard !items.isEmpty else { throw revisionsField.error("must hold at least one revision") }
        var revisions: [RevisionConfig] = []
        for (index, item) in items.enumerated() {
            let revision = try RevisionConfig(decoding: item, service: name, index: index, isOnly: items.count == 1)
            if revisions.contains(where: { $0.name == revision.name }) {
                throw (item.peek("name") ?? item).error("duplicate revision name \(quoted(revision.name))")
            }
            revisions.append(revision)
        }
        // Knative rejects a traffic block whose percents do not add up to 100.
        let sum = revisions.reduce(0) { $0 + $1.trafficPercent }
        guard abs(sum - 100) < 1e-9 else {
            let parts = revisions.map { "\($0.name) \(Self.format($0.trafficPercent))" }.joined(separator: " + ")
            throw revisionsField.error("traffic must add up to 100 percent, got \(Self.format(sum)) (\(parts))")
        }
        self.revisions = revisions
        fields.finish()
    }

    private static func format(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }

    static func decodeList(_ reader: NodeReader) throws(ScenarioError) -> [ServiceConfig] {
        let items = try reader.sequence("must be a list of services")
        guard !items.isEmpty else { throw reader.error("must hold at least one service") }
        var services: [ServiceConfig] = []
        for item in items {
            let service = try ServiceConfig(decoding: item)
            if services.contains(where: { $0.name == service.name }) {
                throw (item.peek("name") ?? item).error("duplicate service name \(quoted(service.name))")
            }
            // Revisions are cluster-wide objects in one namespace, so their names
            // are unique across services too.
            for (index, revision) in service.revisions.enumerated() {
                if let other = services.first(where: { $0.revisions.contains { $0.name == revision.name } }) {
                    let revisionItem = item.peek("revisions")?.sequenceItem(index)
                    throw (revisionItem?.peek("name") ?? revisionItem ?? item)
                        .error("revision name \(quoted(revision.name)) is already used by service \(quoted(other.name))")
                }
            }
            services.append(service)
        }
        return services
    }
}

extension NodeReader {
    /// The reader of the list element at `index`, if this is a list that long.
    func sequenceItem(_ index: Int) -> NodeReader? {
        guard case .sequence(let list) = node, list.indices.contains(index) else { return nil }
        return child(list[index], path: path.appending(index: index))
    }
}
