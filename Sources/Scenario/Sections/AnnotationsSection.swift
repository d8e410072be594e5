import Autoscaling

/// A revision's `annotations:` mapping, as in a Knative Service's
/// `spec.template.metadata.annotations`.
///
/// `autoscaling.knative.dev/` keys must be ones Knative knows (so a typo is not
/// silently ignored, which is what makes it costly in a real cluster); other keys are
/// kept as ignored annotations, since real manifests carry many that do not concern
/// scaling.
enum AnnotationsDecoder {
    static func decode(_ reader: NodeReader) throws(ScenarioError) -> (autoscaling: [ConfigEntry], ignored: [ConfigEntry]) {
        guard case .mapping(let mapping) = reader.node else {
            throw reader.error("must be a mapping of annotation keys to values, got \(reader.described)")
        }
        var autoscaling: [ConfigEntry] = []
        var ignored: [ConfigEntry] = []
        let prefix = KnativeKeys.annotationPrefix
        for (keyNode, valueNode) in mapping {
            let keyReader = reader.child(keyNode, path: reader.path)
            let key = try keyReader.scalarText("annotation keys must be strings")
            let field = reader.child(valueNode, path: reader.path.appending(key: key))
            let keyAt = reader.child(keyNode, path: reader.path.appending(key: key))
            guard key.hasPrefix(prefix) else {
                ignored.append(try ConfigEntry(decodingScalar: field, key: key))
                continue
            }
            let name = String(key.dropFirst(prefix.count))
            guard KnativeKeys.annotationKeys.contains(name) else {
                if let guess = KeySuggestion.closest(to: name, among: KnativeKeys.annotationKeys) {
                    throw keyAt.error("unknown autoscaling annotation \(quoted(key)); did you mean \(quoted(prefix + guess))?")
                }
                throw keyAt.error("unknown autoscaling annotation \(quoted(key)) (Knative knows \(prefix)<name> for: \(KnativeKeys.annotationKeys.joined(separator: ", ")))")
            }
            if field.isNull { throw field.error("must be a string or number, got an empty value") }
            autoscaling.append(try ConfigEntry(decodingScalar: field, key: name))
        }
        return (autoscaling, ignored)
    }
}
