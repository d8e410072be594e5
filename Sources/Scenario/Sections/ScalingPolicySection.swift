import Autoscaling
import Engine

/// What scales a revision that has no fixed `pool`.
///
/// Knative chooses the autoscaler by class: the revision annotation
/// `autoscaling.knative.dev/class`, else config-autoscaler's `pod-autoscaler-class`,
/// else the KPA. knsim's own policies from the FaaS literature have no Knative
/// class; a revision selects them with `policy: {kind: ...}` instead, which then
/// must not be combined with a class annotation.
public enum ScalingPolicyConfig: Sendable, Equatable {
    /// The Knative Pod Autoscaler, `kpa.autoscaling.knative.dev` (Knative's default).
    case kpa
    /// Kubernetes' HorizontalPodAutoscaler through Knative, `hpa.autoscaling.knative.dev`
    /// (metric and target from the `autoscaling.knative.dev/metric` and `target`
    /// annotations, as in Knative).
    case hpa
    /// A fixed keep-alive: a pod is started for a request that finds none free, and
    /// removed once it has been idle for `keepAlive`.
    case keepAlive(keepAlive: SimDuration)
    /// The hybrid histogram policy of "Serverless in the Wild" (Shahrad et al., ATC 2020).
    case hybridHistogram(HybridHistogramPolicy)
    /// A program speaking knsim's external policy protocol (JSON lines on stdin/stdout).
    case external(ExternalPolicyConfig)

    /// `policy: {kind: ...}` kinds.
    static let kinds = ["keep-alive", "hybrid-histogram", "external"]
    static let kindKey = "kind"

    static func keys(of kind: String) -> [String] {
        switch kind {
        case "keep-alive": return [kindKey, "keep-alive"]
        case "hybrid-histogram": return [kindKey] + HybridHistogramPolicy.keys
        case "external": return [kindKey] + ExternalPolicyConfig.keys
        default: return [kindKey]
        }
    }

    /// Knative's classes knsim simulates.
    static let knativeClasses = [KnativeKeys.kpaClass, KnativeKeys.hpaClass]

    /// The policy for a Knative class name, or nil if knsim does not simulate it.
    static func knative(class name: String) -> ScalingPolicyConfig? {
        switch name {
        case KnativeKeys.kpaClass: return .kpa
        case KnativeKeys.hpaClass: return .hpa
        default: return nil
        }
    }

    /// The message for a class knsim cannot simulate.
    static func unknownClassMessage(_ name: String) -> String {
        var text = "autoscaler class \(quoted(name)) is not one knsim simulates"
        if let guess = KeySuggestion.closest(to: name, among: knativeClasses) { text += "; did you mean \(quoted(guess))?" }
        return text + " (knsim simulates \(knativeClasses.joined(separator: " and ")); its own policies are chosen with policy: {kind: keep-alive}, {kind: hybrid-histogram} or {kind: external, command: ...})"
    }

    /// Decodes `policy:`.
    init(decoding reader: NodeReader) throws(ScenarioError) {
        guard case .mapping = reader.node else {
            throw reader.error("must be a mapping such as {kind: keep-alive, keep-alive: 10m}, got \(reader.described)")
        }
        guard let kindField = reader.peek(Self.kindKey), !kindField.isNull else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: Self.kindKey).description,
                                message: "is required (one of \(Self.kinds.joined(separator: ", ")))")
        }
        let kind = try kindField.oneOf(Self.kinds, what: "policy kind")
        var fields = try reader.mapping(keys: Self.keys(of: kind))
        _ = fields.optional(Self.kindKey)
        switch kind {
        case "keep-alive":
            self = .keepAlive(keepAlive: try fields.optional("keep-alive")?.duration("must be longer than 0") { $0 > .zero }
                ?? Self.defaultKeepAlive)
        case "external":
            self = .external(try ExternalPolicyConfig(decoding: &fields, policy: reader))
        default:
            self = .hybridHistogram(try HybridHistogramPolicy(decoding: &fields))
        }
        fields.finish()
    }

    /// 10 minutes: the fixed keep-alive of AWS Lambda that "Serverless in the Wild"
    /// takes as its baseline (Azure's is 20 minutes).
    public static let defaultKeepAlive = SimDuration.wholeSeconds(600)
}

/// The hybrid histogram policy's parameters, defaults from "Serverless in the Wild"
/// (ATC 2020): a per-application histogram of idle times in 1-minute bins over 4
/// hours; after an invocation the pod is removed, pre-warmed again at the
/// histogram's 5th percentile of idle time and kept until its 99th; when the
/// histogram is not representative, a fixed keep-alive is used instead.
public struct HybridHistogramPolicy: Sendable, Equatable {
    /// The longest idle time the histogram records. Default: 4h.
    public var range: SimDuration
    /// The width of one bin. Default: 1m.
    public var bin: SimDuration
    /// Idle-time percentile at which a pod is pre-warmed. Default: 5.
    public var prewarmPercentile: Double
    /// Idle-time percentile until which a pod is kept. Default: 99.
    public var keepAlivePercentile: Double
    /// The fixed keep-alive used while the histogram is not representative. Default:
    /// the histogram's range, as the paper does.
    public var fallbackKeepAlive: SimDuration

    public init(range: SimDuration = HybridHistogramPolicy.defaultRange, bin: SimDuration = HybridHistogramPolicy.defaultBin,
                prewarmPercentile: Double = 5, keepAlivePercentile: Double = 99, fallbackKeepAlive: SimDuration? = nil) {
        self.range = range
        self.bin = bin
        self.prewarmPercentile = prewarmPercentile
        self.keepAlivePercentile = keepAlivePercentile
        self.fallbackKeepAlive = fallbackKeepAlive ?? range
    }

    public static let defaultRange = SimDuration.wholeSeconds(4 * 3600)
    public static let defaultBin = SimDuration.wholeSeconds(60)

    static let keys = ["range", "bin", "prewarm-percentile", "keep-alive-percentile", "fallback-keep-alive"]

    init(decoding fields: inout MappingReader) throws(ScenarioError) {
        let range = try fields.optional("range")?.duration("must be longer than 0") { $0 > .zero } ?? Self.defaultRange
        let bin: SimDuration
        if let binField = fields.optional("bin") {
            bin = try binField.duration("must be longer than 0 and divide range (\(DurationSyntax.format(range))) into whole bins") {
                $0 > .zero && $0 <= range && range.nanoseconds % $0.nanoseconds == 0
            }
        } else {
            bin = Self.defaultBin
            if range.nanoseconds % bin.nanoseconds != 0, let rangeField = fields.optional("range") {
                throw rangeField.error("must be a whole number of bins (bin: \(DurationSyntax.format(bin))), got \(rangeField.described)")
            }
        }
        let prewarmField = fields.optional("prewarm-percentile")
        let prewarm = try prewarmField?.number("must be a percentile from 0 to 100") { (0...100).contains($0) } ?? 5
        let keepField = fields.optional("keep-alive-percentile")
        let keep = try keepField?.number("must be a percentile from 0 to 100") { (0...100).contains($0) } ?? 99
        if keep < prewarm {
            if let keepField {
                throw keepField.error("must be at least prewarm-percentile (\(ScenarioWriter.number(prewarm))), got \(keepField.described)")
            }
            if let prewarmField {
                throw prewarmField.error("must be at most keep-alive-percentile (\(ScenarioWriter.number(keep))), got \(prewarmField.described)")
            }
        }
        let fallback = try fields.optional("fallback-keep-alive")?.duration()
        self.init(range: range, bin: bin, prewarmPercentile: prewarm, keepAlivePercentile: keep, fallbackKeepAlive: fallback)
    }
}

/// `policy: {kind: external, command: ...}`: a program that reads observations as JSON
/// lines on stdin and answers decisions on stdout (docs/policies.md), started afresh for
/// every run, in the current directory, without a shell.
public struct ExternalPolicyConfig: Sendable, Equatable {
    /// The command as written, for messages.
    public var command: String
    /// The command split into argv words (`CommandWords`).
    public var arguments: [String]
    /// Time between decide messages, whole seconds. Default: 2s (the KPA's tick).
    public var decisionInterval: SimDuration
    /// How long knsim waits for each answer (wall-clock time). Default: 5s.
    public var timeout: SimDuration

    public init(command: String, arguments: [String], decisionInterval: SimDuration = .wholeSeconds(2),
                timeout: SimDuration = .wholeSeconds(5)) {
        self.command = command
        self.arguments = arguments
        self.decisionInterval = decisionInterval
        self.timeout = timeout
    }

    static let keys = ["command", "decision-interval", "timeout"]

    init(decoding fields: inout MappingReader, policy: NodeReader) throws(ScenarioError) {
        guard let commandField = fields.optional("command") else {
            throw ScenarioError(at: policy.location, path: policy.path.appending(key: "command").description,
                                message: "is required: the policy program and its arguments, e.g. \"python3 my_policy.py --target 10\"")
        }
        let command = try commandField.nonEmptyString("must be the program and its arguments")
        let arguments: [String]
        do { arguments = try CommandWords.split(command) } catch {
            throw commandField.error("\(error.message), got \(commandField.described)")
        }
        let interval = try fields.optional("decision-interval")?.duration("must be whole seconds, at least 1s") {
            $0 >= .wholeSeconds(1) && $0.nanoseconds % 1_000_000_000 == 0
        } ?? .wholeSeconds(2)
        let timeout = try fields.optional("timeout")?.duration("must be longer than 0") { $0 > .zero } ?? .wholeSeconds(5)
        self.init(command: command, arguments: arguments, decisionInterval: interval, timeout: timeout)
    }
}
