import Yams

/// Reads the fields of one YAML mapping, knowing the keys it may hold.
///
/// The keys are declared up front (each section publishes its list, which is also
/// what the JSON Schema is checked against), so an unknown key is reported before
/// any other problem in the mapping: a misspelt `servces:` says "did you mean
/// services" rather than "services is required".
///
/// YAML merge keys (`<<: *defaults`) are honoured, as Kubernetes users expect from
/// their manifests; keys written in the mapping itself win over merged ones.
struct MappingReader {
    struct Entry {
        let key: String
        let keyNode: Node
        let value: NodeReader
    }

    /// The mapping itself.
    let reader: NodeReader
    /// The keys this mapping may hold, in documentation order.
    let keys: [String]
    private let entries: [Entry]
    private var asked: [String] = []

    /// Keys the mapping holds that are not in `keys`, in the file's order; always
    /// empty unless the reader was made with `unknownKeys: .collect`.
    private(set) var unknownEntries: [Entry] = []

    /// What to do with a key that is not in `keys`.
    enum UnknownKeys {
        /// An error with a suggestion: scenario files.
        case reject
        /// Keep them in `unknownEntries`: foreign files such as Knative manifests,
        /// whose unmodelled fields become warnings.
        case collect
    }

    init(_ reader: NodeReader, keys: [String], unknownKeys: UnknownKeys = .reject) throws(ScenarioError) {
        guard case .mapping(let mapping) = reader.node else {
            throw reader.error("must be a mapping with keys \(keys.joined(separator: ", ")), got \(reader.described)")
        }
        self.reader = reader
        self.keys = keys
        var entries: [Entry] = []
        try Self.collect(mapping, into: &entries, reader: reader)
        self.entries = entries
        if unknownKeys == .collect {
            unknownEntries = entries.filter { !keys.contains($0.key) }
            return
        }
        for entry in entries where !keys.contains(entry.key) {
            let at = NodeReader(node: entry.keyNode, path: reader.path.appending(key: entry.key), context: reader.context)
            if let guess = KeySuggestion.closest(to: entry.key, among: keys) {
                throw at.error("unknown key \(quoted(entry.key)); did you mean \(quoted(guess))?")
            }
            throw at.error("unknown key \(quoted(entry.key)) (known keys: \(keys.joined(separator: ", ")))")
        }
    }

    private static func collect(_ mapping: Node.Mapping, into entries: inout [Entry],
                                reader: NodeReader) throws(ScenarioError) {
        var merges: [Node] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else {
                throw reader.child(keyNode, path: reader.path).error("keys must be plain strings, got \(reader.child(keyNode, path: reader.path).described)")
            }
            if key.string == "<<", key.style == .plain {
                merges.append(valueNode)
                continue
            }
            // Keys written in the mapping itself come first and so win.
            guard !entries.contains(where: { $0.key == key.string }) else { continue }
            entries.append(Entry(key: key.string, keyNode: keyNode,
                                 value: reader.child(valueNode, path: reader.path.appending(key: key.string))))
        }
        for merge in merges {
            let sources: [Node]
            switch merge {
            case .mapping: sources = [merge]
            case .sequence(let list): sources = Array(list)
            default: sources = []
            }
            for source in sources {
                guard case .mapping(let inner) = source else {
                    throw reader.child(merge, path: reader.path.appending(key: "<<"))
                        .error("a merge key must refer to a mapping or a list of mappings")
                }
                try collect(inner, into: &entries, reader: reader)
            }
            if sources.isEmpty {
                throw reader.child(merge, path: reader.path.appending(key: "<<"))
                    .error("a merge key must refer to a mapping or a list of mappings")
            }
        }
    }

    private mutating func entry(_ key: String) -> Entry? {
        assert(keys.contains(key), "decoder reads \(key), which is not in its declared key list \(keys)")
        if !asked.contains(key) { asked.append(key) }
        return entries.first { $0.key == key }
    }

    /// Marks keys as looked at without reading them: alternatives a decoder chose
    /// between (e.g. a distribution's `mean` or `rate`).
    mutating func considered(_ keys: [String]) {
        for key in keys { _ = entry(key) }
    }

    /// Whether the key is written (even with an empty value).
    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value of an optional field; nil when it is absent or written empty, which
    /// Kubernetes also treats as unset.
    mutating func optional(_ key: String) -> NodeReader? {
        guard let value = entry(key)?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of a required field.
    mutating func required(_ key: String) throws(ScenarioError) -> NodeReader {
        guard let found = entry(key) else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: key).description,
                                message: "is required")
        }
        guard !found.value.isNull else { throw found.value.error("is required, but has no value") }
        return found.value
    }

    /// Where the key itself is written (for errors about the key, not its value).
    func keyLocation(_ key: String) -> FilePosition? {
        guard let entry = entries.first(where: { $0.key == key }), let mark = entry.keyNode.mark else { return nil }
        return FilePosition(file: reader.context.file, line: mark.line, column: mark.column)
    }

    /// The keys actually written, in the file's order.
    var writtenKeys: [String] { entries.map(\.key) }

    /// Checks, in debug builds, that the decoder looked at every key it declares, so
    /// a declared key (and the schema built from the list) cannot go unread.
    func finish() {
        assert(Set(asked) == Set(keys), "declared but never read: \(Set(keys).subtracting(asked).sorted())")
    }
}
