import Yams

/// Where one override changed the tree, so that a decoding error about that part
/// can say it came from the command line.
struct AppliedOverride: Sendable {
    let override: ScenarioOverride
    /// The topmost node the override replaced or created, with list indices resolved.
    let changed: FieldPath
    /// True if the node did not exist in the file: it then has no line to point at.
    let created: Bool
}

/// Applies `ScenarioOverride`s to a composed YAML tree.
///
/// Replaced nodes keep the mark (line and column) of the value they replace, so the
/// decoder's messages point at the line being overridden; created nodes have none.
/// `attribute(_:to:)` then appends "(from --set ...)" to any error inside a changed
/// part and drops the line of a created one, which would otherwise read 1:1.
struct OverrideApplier {
    let file: String
    private(set) var applied: [AppliedOverride] = []

    init(file: String) { self.file = file }

    mutating func apply(_ overrides: [ScenarioOverride], to root: Node) throws(ScenarioError) -> Node {
        var root = root
        for override in overrides {
            let value = try valueNode(of: override)
            root = try set(value, in: root, at: override.components[...], path: .root, override: override)
        }
        return root
    }

    /// The decoding error, told where it came from if an override is to blame.
    func attribute(_ error: ScenarioError) -> ScenarioError {
        for change in applied.reversed() {
            let changed = change.changed.description
            guard error.path == changed || error.path.hasPrefix(changed + ".") || error.path.hasPrefix(changed + "[") else {
                continue
            }
            var located = error
            located.message += " (from --set \(change.override.text))"
            if change.created {
                located.line = nil
                located.column = nil
            }
            return located
        }
        return error
    }

    // MARK: Tree editing

    private func valueNode(of override: ScenarioOverride) throws(ScenarioError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: override.value, .default, .default, .utf8)
        } catch {
            let problem: String
            if let yaml = error as? YamlError {
                problem = ScenarioLoader.error(from: yaml, file: "", yaml: override.value, document: "a value").message
            } else {
                problem = "\(error)"
            }
            throw ScenarioError(file: file, message: "--set \(override.text): the value is not valid YAML (\(problem))")
        }
        return node ?? .scalar(.init("", .implicit, .plain))
    }

    private mutating func set(_ value: Node, in node: Node, at components: ArraySlice<ScenarioOverride.Component>,
                              path: FieldPath, override: ScenarioOverride) throws(ScenarioError) -> Node {
        guard let first = components.first else {
            applied.append(AppliedOverride(override: override, changed: path, created: false))
            return Self.marking(value, with: node.mark)
        }
        let rest = components.dropFirst()
        let reader = NodeReader(node: node, path: path, context: DecodingContext(file: file, baseDirectory: ""))
        switch (node, first) {
        case (.mapping(var mapping), .key(let key)):
            if let index = mapping.firstIndex(where: { $0.key.scalar?.string == key }) {
                let child = try set(value, in: mapping[index].value, at: rest, path: path.appending(key: key), override: override)
                mapping[index] = (key: mapping[index].key, value: child)
                return .mapping(mapping)
            }
            let created = try nested(value, under: rest, path: path.appending(key: key), override: override)
            applied.append(AppliedOverride(override: override, changed: path.appending(key: key), created: true))
            var pairs = mapping.map { ($0.key, $0.value) }
            pairs.append((.scalar(.init(key, .implicit, .plain)), created))
            return .mapping(.init(pairs, mapping.tag, mapping.style, mapping.mark))
        case (.scalar, .key(let key)) where reader.isNull:
            // `autoscaler:` with nothing after it: an empty mapping, as the decoder reads it.
            let created = try nested(value, under: rest, path: path.appending(key: key), override: override)
            applied.append(AppliedOverride(override: override, changed: path.appending(key: key), created: true))
            return .mapping(.init([(.scalar(.init(key, .implicit, .plain)), created)], .implicit, .any, node.mark))
        case (.sequence(var list), .index(let index)):
            guard index < list.count else {
                throw problem(override, at: reader, "\(path) has \(list.count) element\(list.count == 1 ? "" : "s"), so [\(index)] selects nothing")
            }
            let position = list.index(list.startIndex, offsetBy: index)
            list[position] = try set(value, in: list[position], at: rest, path: path.appending(index: index), override: override)
            return .sequence(list)
        case (.sequence(var list), .key(let name)):
            let names = list.map(Self.elementName)
            let matches = names.indices.filter { names[$0] == name }
            guard matches.count == 1 else {
                let known = names.compactMap { $0 }.map(quoted).joined(separator: ", ")
                let what = matches.isEmpty ? "no element of \(path) is named \(quoted(name))" : "\(matches.count) elements of \(path) are named \(quoted(name)); select one by index, e.g. \(path)[\(matches[0])]"
                throw problem(override, at: reader, matches.isEmpty && !known.isEmpty ? "\(what) (names: \(known))" : what)
            }
            let position = list.index(list.startIndex, offsetBy: matches[0])
            list[position] = try set(value, in: list[position], at: rest, path: path.appending(index: matches[0]), override: override)
            return .sequence(list)
        case (.mapping, .index(let index)):
            throw problem(override, at: reader, "\(path.description.isEmpty ? "the scenario" : path.description) is a mapping, so [\(index)] selects nothing; use a key")
        default:
            let what = path.description.isEmpty ? "the scenario" : path.description
            throw problem(override, at: reader, "\(what) is \(reader.described), not a mapping or a list, so it has no \(Self.render(first))")
        }
    }

    /// `value` under keys that do not exist yet, e.g. `autoscaler:` then `stable-window:`.
    private func nested(_ value: Node, under components: ArraySlice<ScenarioOverride.Component>, path: FieldPath,
                        override: ScenarioOverride) throws(ScenarioError) -> Node {
        guard let first = components.first else { return Self.marking(value, with: nil) }
        guard case .key(let key) = first else {
            throw ScenarioError(file: file, path: path.description,
                                message: "--set \(override.text): \(path) is not in the scenario, so it has no \(Self.render(first)) (add the list to the file)")
        }
        let inner = try nested(value, under: components.dropFirst(), path: path.appending(key: key), override: override)
        return .mapping(.init([(.scalar(.init(key, .implicit, .plain)), inner)]))
    }

    private func problem(_ override: ScenarioOverride, at reader: NodeReader, _ message: String) -> ScenarioError {
        let mark = reader.node.mark
        return ScenarioError(file: file, line: mark?.line, column: mark?.column, path: reader.path.description,
                             message: "--set \(override.text): unknown path: \(message)")
    }

    /// An element's name for selection by key: its `name:`, else its `service:`
    /// (workload entries are named by the service they load).
    private static func elementName(_ node: Node) -> String? {
        guard case .mapping(let mapping) = node else { return nil }
        if let name = mapping.first(where: { $0.key.scalar?.string == "name" })?.value.scalar?.string { return name }
        return mapping.first(where: { $0.key.scalar?.string == "service" })?.value.scalar?.string
    }

    private static func render(_ component: ScenarioOverride.Component) -> String {
        switch component {
        case .index(let i): return "[\(i)]"
        case .key(let key): return "key \(quoted(key))"
        }
    }

    /// `node` with every mark in it set to `mark`: the value came from the command
    /// line, so its own marks (line 1 of the value text) would mislead.
    private static func marking(_ node: Node, with mark: Mark?) -> Node {
        switch node {
        case .scalar(var scalar):
            scalar.mark = mark
            return .scalar(scalar)
        case .mapping(let mapping):
            let pairs = mapping.map { (marking($0.key, with: mark), marking($0.value, with: mark)) }
            return .mapping(.init(pairs, mapping.tag, mapping.style, mark))
        case .sequence(let list):
            return .sequence(.init(list.map { marking($0, with: mark) }, list.tag, list.style, mark))
        case .alias:
            return node
        }
    }
}
