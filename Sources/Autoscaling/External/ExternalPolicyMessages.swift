import Foundation

/// The lines of the external policy protocol, version 1 (docs/policies.md).
///
/// knsim writes one JSON object per line; the program answers every line with exactly
/// one JSON object on one line, in order. Keeping every exchange a lock-step
/// request/answer pair makes the protocol deterministic (no races between the two
/// streams) and a program a plain read-answer loop.
///
///     → {"type":"hello","protocol":1,"decision_interval":2}
///     ← {"protocol":1}
///     → {"type":"observation","time":3,"concurrency":4.5,"rps":9,"source":"push","cpu_utilization":null}
///     ← {"poke":false}                       (or {}: no immediate decision)
///     → {"type":"decide","time":4,"ready_pods":2}
///     ← {"desired_pods":3,"excess_burst_capacity":0,"panic":false,"stable_value":4.5,"panic_value":0}
///
/// Numbers are written positionally (never with an exponent) as the shortest decimal that
/// reads back as the same double, so equal runs send equal bytes. Times are seconds since
/// the start. In answers, unknown keys are ignored (room for later versions).
public enum ExternalPolicyMessages {
    public static let protocolVersion = 1

    public static func hello(decisionInterval: Int64) -> String {
        "{\"type\":\"hello\",\"protocol\":\(protocolVersion),\"decision_interval\":\(seconds(decisionInterval))}"
    }

    public static func observation(_ sample: MetricSample, at now: Int64) -> String {
        let source = sample.source == .push ? "push" : "scrape"
        return "{\"type\":\"observation\",\"time\":\(seconds(now)),\"concurrency\":\(number(sample.concurrency)),"
            + "\"rps\":\(number(sample.rps)),\"source\":\"\(source)\","
            + "\"cpu_utilization\":\(sample.cpuUtilization.map(number) ?? "null")}"
    }

    public static func decide(at now: Int64, readyPods: Int) -> String {
        "{\"type\":\"decide\",\"time\":\(seconds(now)),\"ready_pods\":\(readyPods)}"
    }

    /// What is wrong with an answer line.
    public enum AnswerProblem: Error, Sendable, Equatable {
        case notJSONObject
        case missingField(String)
        case invalidField(String, expected: String)
        case unsupportedProtocol(String)
    }

    /// The hello answer must be `{"protocol":1}`.
    public static func parseHelloAnswer(_ line: String) throws(AnswerProblem) {
        let object = try parseObject(line)
        guard let value = object["protocol"] else { throw .missingField("protocol") }
        guard case let .number(version) = value, version == Double(protocolVersion) else {
            throw .unsupportedProtocol(value.text)
        }
    }

    /// An observation answer: `{"poke":true}` asks for a decision now; `{}` or
    /// `{"poke":false}` does not.
    public static func parseObservationAnswer(_ line: String) throws(AnswerProblem) -> Bool {
        let object = try parseObject(line)
        return try bool(object, "poke") ?? false
    }

    /// A decide answer. `desired_pods` is required (a whole number ≥ 0); the rest default
    /// to 0 / false.
    public static func parseDecideAnswer(_ line: String) throws(AnswerProblem) -> ScalingDecision {
        let object = try parseObject(line)
        guard let desired = try int32(object, "desired_pods", minimum: 0) else { throw .missingField("desired_pods") }
        let excess = try int32(object, "excess_burst_capacity", minimum: Int32.min) ?? 0
        return ScalingDecision(desiredScale: desired, excessBurstCapacity: excess, valid: true,
                               inPanic: try bool(object, "panic") ?? false,
                               stableValue: try double(object, "stable_value") ?? 0,
                               panicValue: try double(object, "panic_value") ?? 0)
    }

    // MARK: - Reading

    static func parseObject(_ line: String) throws(AnswerProblem) -> [String: JSONValue] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)),
              case let .object(object) = value
        else { throw .notJSONObject }
        return object
    }

    private static func bool(_ object: [String: JSONValue], _ key: String) throws(AnswerProblem) -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        guard case let .bool(b) = value else { throw .invalidField(key, expected: "true or false") }
        return b
    }

    private static func double(_ object: [String: JSONValue], _ key: String) throws(AnswerProblem) -> Double? {
        guard let value = object[key], value != .null else { return nil }
        guard case let .number(d) = value, d.isFinite else { throw .invalidField(key, expected: "a number") }
        return d
    }

    private static func int32(_ object: [String: JSONValue], _ key: String, minimum: Int32) throws(AnswerProblem) -> Int32? {
        guard let value = object[key], value != .null else { return nil }
        guard case let .number(d) = value, d.rounded() == d, d >= Double(minimum), d <= Double(Int32.max) else {
            throw .invalidField(key, expected: "a whole number from \(minimum) to \(Int32.max)")
        }
        return Int32(d)
    }

    // MARK: - Writing

    private static func number(_ value: Double) -> String {
        value.isFinite ? CSVNumber.format(value) : "null"
    }

    private static func seconds(_ nanoseconds: Int64) -> String {
        let second = KPATiming.nanosecondsPerSecond
        if nanoseconds % second == 0 { return String(nanoseconds / second) }
        return CSVNumber.format(Double(nanoseconds) / Double(second))
    }
}

/// A parsed JSON value (what an answer line may contain).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// A short rendering for error messages.
    var text: String {
        switch self {
        case .null: "null"
        case let .bool(b): String(b)
        case let .number(d): CSVNumber.format(d)
        case let .string(s): "\"\(s)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
