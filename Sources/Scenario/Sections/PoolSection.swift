import Engine

/// How a revision's pods are provided, instead of by the autoscaler.
///
/// Chosen by `kind`; each kind has its own keys, so later kinds add cases here and
/// a key list in `keys(of:)`.
public enum PoolConfig: Sendable, Equatable {
    /// A fixed number of always-ready pods (no autoscaling, no cold starts): the
    /// simplest model, and a baseline for the autoscaled ones.
    case fixed(pods: Int)
    /// A scale-per-request platform (AWS Lambda style, SimFaaS's model): one request
    /// per instance, a request takes the most recently created idle instance or starts
    /// a new one (whose whole response is a draw of `coldServiceTime`), and an instance
    /// expires `expiration` after its last request ended. Warm requests take the
    /// revision's `service-time`.
    case keepAlive(expiration: SimDuration, coldServiceTime: Distribution)

    static let kinds = ["fixed", "keep-alive"]
    static let kindKey = "kind"
    /// AWS Lambda's keep-alive and SimFaaS's default expiration threshold, 10 minutes
    /// (shared/reference/platform-figures.md, "Serverless in the Wild").
    public static let defaultExpiration = SimDuration.wholeSeconds(600)

    static func keys(of kind: String) -> [String] {
        switch kind {
        case "fixed": return [kindKey, "pods"]
        case "keep-alive": return [kindKey, "expiration", "cold-service-time"]
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
        case "keep-alive":
            let expiration = try fields.optional("expiration")?.duration("must be longer than 0") { $0 > .zero }
                ?? Self.defaultExpiration
            let cold = try DistributionDecoder.decode(fields.required("cold-service-time"))
            self = .keepAlive(expiration: expiration, coldServiceTime: cold)
        default:
            self = .fixed(pods: try fields.required("pods").integer("must be a whole number of pods, at least 1") { $0 >= 1 })
        }
        fields.finish()
    }
}
