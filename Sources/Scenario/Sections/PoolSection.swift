/// How a revision's pods are provided, instead of by the autoscaler.
///
/// Chosen by `kind`; each kind has its own keys, so later kinds add cases here and
/// a key list in `keys(of:)`.
public enum PoolConfig: Sendable, Equatable {
    /// A fixed number of always-ready pods (no autoscaling, no cold starts): the
    /// simplest model, and a baseline for the autoscaled ones.
    case fixed(pods: Int)

    static let kinds = ["fixed"]
    static let kindKey = "kind"

    static func keys(of kind: String) -> [String] {
        switch kind {
        case "fixed": return [kindKey, "pods"]
        default: return [kindKey]
        }
    }

    init(decoding reader: NodeReader) throws(ScenarioError) {
        guard case .mapping = reader.node else {
            throw reader.error("must be a mapping such as {kind: fixed, pods: 3}, got \(reader.described)")
        }
        guard let kindField = reader.peek(Self.kindKey), !kindField.isNull else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: Self.kindKey).description,
                                message: "is required (one of \(Self.kinds.joined(separator: ", ")))")
        }
        let kind = try kindField.oneOf(Self.kinds, what: "pool kind")
        var fields = try reader.mapping(keys: Self.keys(of: kind))
        _ = fields.optional(Self.kindKey)
        switch kind {
        default:
            self = .fixed(pods: try fields.required("pods").integer("must be a whole number of pods, at least 1") { $0 >= 1 })
        }
        fields.finish()
    }
}
