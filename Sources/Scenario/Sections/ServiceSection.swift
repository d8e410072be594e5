import Serving

/// A Knative Service: a name and the revisions its traffic is split between,
/// written in the scenario or read from a Knative Service manifest.
public struct ServiceConfig: Sendable, Equatable {
    /// A DNS-1123 label, unique in the scenario.
    public var name: String
    /// At least one; their traffic adds up to 100 percent.
    public var revisions: [RevisionConfig]
    /// Downstream calls every request of the service makes (CallsSection). Default: none.
    public var calls: [CallStep]

    public init(name: String, revisions: [RevisionConfig], calls: [CallStep] = []) {
        self.name = name
        self.revisions = revisions
        self.calls = calls
    }

    static let keys = ["name", "manifest", "revisions", "calls"]

    init(decoding reader: NodeReader, context: RevisionContext, warnings: inout [ScenarioWarning]) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        calls = try fields.optional("calls").map { r throws(ScenarioError) in try CallStep.decodeList(r) } ?? []
        if let manifestField = fields.optional("manifest") {
            (name, revisions) = try Self.fromManifest(manifestField, fields: &fields, context: context, warnings: &warnings)
            fields.finish()
            return
        }
        let name = try fields.required("name").dnsLabel()
        self.name = name
        let revisionsField = try fields.required("revisions")
        let items = try revisionsField.sequence("must be a list of revisions")
        guard !items.isEmpty else { throw revisionsField.error("must hold at least one revision") }
        var revisions: [RevisionConfig] = []
        for (index, item) in items.enumerated() {
            let written = try RevisionFields(decoding: item, mesh: context.mesh, warnings: &warnings)
            let revision = try RevisionConfig(resolving: written, base: nil, service: name, index: index,
                                              isOnly: items.count == 1, context: context, at: item, warnings: &warnings)
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

    /// A service read from a Knative manifest; the scenario's `revisions:` entries,
    /// matched by name, add to the manifest's revisions what it cannot say.
    private static func fromManifest(_ manifestField: NodeReader, fields: inout MappingReader, context: RevisionContext,
                                     warnings: inout [ScenarioWarning]) throws(ScenarioError) -> (String, [RevisionConfig]) {
        let manifest = try KnativeServiceManifest.read(manifestField, warnings: &warnings)
        if let nameField = fields.optional("name") {
            let written = try nameField.dnsLabel()
            guard written == manifest.name else {
                throw nameField.error("is \(quoted(written)) but the manifest's metadata.name is \(quoted(manifest.name)) (\(RevisionConfig.position(of: manifest.nameReader, from: nameField))); leave name out or make them agree")
            }
        }
        let name = manifest.name
        let names = manifest.revisions.map(\.name)
        var additions: [(name: String, fields: RevisionFields)] = []
        if let revisionsField = fields.optional("revisions") {
            for item in try revisionsField.sequence("must be a list of revisions") {
                let written = try RevisionFields(decoding: item, mesh: context.mesh, warnings: &warnings)
                guard let nameField = written.name else {
                    throw ScenarioError(at: item.location, path: item.path.appending(key: "name").description,
                                        message: "is required: it names the manifest's revision this entry adds to (\(names.joined(separator: ", ")))")
                }
                let name = nameField.value
                guard names.contains(name) else {
                    var message = "no revision named \(quoted(name)) in the manifest"
                    if let guess = KeySuggestion.closest(to: name, among: names) { message += "; did you mean \(quoted(guess))?" }
                    throw nameField.reader.error(message + " (its revisions: \(names.joined(separator: ", ")))")
                }
                if additions.contains(where: { $0.name == name }) {
                    throw nameField.reader.error("duplicate revision name \(quoted(name))")
                }
                additions.append((name, written))
            }
        }
        // Revisions with a written entry are resolved first, so that a mistake in
        // what the user wrote is reported before what they have yet to add;
        // revisions and their warnings are kept in the manifest's order.
        let hasEntry = manifest.revisions.map { base in additions.contains { $0.name == base.name } }
        let order = manifest.revisions.indices.filter { hasEntry[$0] } + manifest.revisions.indices.filter { !hasEntry[$0] }
        var resolved: [(revision: RevisionConfig, warnings: [ScenarioWarning])?] = Array(repeating: nil, count: manifest.revisions.count)
        for index in order {
            let base = manifest.revisions[index]
            var revisionWarnings: [ScenarioWarning] = []
            let revision = try RevisionConfig(resolving: additions.first { $0.name == base.name }?.fields, base: base,
                                              service: name, index: index, isOnly: manifest.revisions.count == 1,
                                              context: context, at: manifestField, warnings: &revisionWarnings)
            resolved[index] = (revision, revisionWarnings)
        }
        warnings += resolved.flatMap { $0!.warnings }
        return (name, resolved.map { $0!.revision })
    }

    private static func format(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }

    static func decodeList(_ reader: NodeReader, context: RevisionContext,
                           warnings: inout [ScenarioWarning]) throws(ScenarioError) -> [ServiceConfig] {
        let items = try reader.sequence("must be a list of services")
        guard !items.isEmpty else { throw reader.error("must hold at least one service") }
        var services: [ServiceConfig] = []
        for item in items {
            let service = try ServiceConfig(decoding: item, context: context, warnings: &warnings)
            if services.contains(where: { $0.name == service.name }) {
                throw (item.peek("name") ?? item.peek("manifest") ?? item).error("duplicate service name \(quoted(service.name))")
            }
            // Revisions are cluster-wide objects in one namespace, so their names
            // are unique across services too.
            for (index, revision) in service.revisions.enumerated() {
                if let other = services.first(where: { $0.revisions.contains { $0.name == revision.name } }) {
                    let revisionItem = item.peek("manifest") == nil ? item.peek("revisions")?.sequenceItem(index) : nil
                    throw (revisionItem?.peek("name") ?? revisionItem ?? item.peek("manifest") ?? item)
                        .error("revision name \(quoted(revision.name)) is already used by service \(quoted(other.name))")
                }
            }
            services.append(service)
        }
        try checkCalls(services, items: items)
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
