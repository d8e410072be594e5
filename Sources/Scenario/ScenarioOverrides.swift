/// One `--set PATH=VALUE`: a change to a scenario made on its YAML tree before the
/// tree is decoded, so that the scenario's own checks (and their located messages)
/// apply to overridden values exactly as to written ones.
///
/// Path syntax (documented in the README, "Comparing policies"):
/// - `a.b.c` — mapping keys, separated by dots;
/// - `[N]` — the N-th element (from 0) of a list: `services[0].revisions[1]`;
/// - a key on a list selects the element whose `name:` is that key (or, for
///   `workload:` entries, whose `service:` is): `services.hello.revisions.hello-v1`;
/// - `["key"]` (or `['key']`) — a key holding dots, slashes or brackets, as error
///   messages print it: `annotations["autoscaling.knative.dev/target"]`; a backslash
///   also escapes the next character in a bare key: `autoscaling\.knative\.dev/target`.
///
/// The value is YAML: `30s`, `10`, `"quoted"`, or a flow collection such as
/// `{kind: fixed, pods: 8}`. A missing key in a mapping is created (its validity
/// is the decoder's to judge, which names it if it is unknown); a name or index
/// that selects nothing is an error naming the path.
public struct ScenarioOverride: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        /// A mapping key, or on a list the element with that name.
        case key(String)
        /// A list index, from 0.
        case index(Int)
    }

    public let components: [Component]
    /// The value, as YAML text.
    public let value: String
    /// The override as the user wrote it, for messages.
    public let text: String

    public var description: String { text }

    /// Parses `PATH=VALUE`; the first `=` outside brackets, quotes and escapes
    /// separates them.
    public init(parsing text: String) throws(ScenarioOverrideSyntaxError) {
        let scalars = Array(text.unicodeScalars)
        var split: Int?
        var depth = 0
        var quote: Unicode.Scalar?
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if let open = quote {
                if s == open { quote = nil }
            } else if s == "\\" {
                i += 1
            } else if s == "[" {
                depth += 1
            } else if s == "]" {
                depth -= 1
            } else if (s == "\"" || s == "'") && depth > 0 {
                quote = s
            } else if s == "=" && depth == 0 {
                split = i
                break
            }
            i += 1
        }
        guard let split else {
            if depth > 0 || quote != nil {
                throw ScenarioOverrideSyntaxError(text: text, message: "unclosed \"[\" in the path")
            }
            throw ScenarioOverrideSyntaxError(text: text, message: "expected PATH=VALUE, e.g. autoscaler.stable-window=30s")
        }
        let path = String(String.UnicodeScalarView(scalars[..<split]))
        let value = String(String.UnicodeScalarView(scalars[(split + 1)...]))
        try self.init(path: path, value: value, text: text)
    }

    public init(path: String, value: String) throws(ScenarioOverrideSyntaxError) {
        try self.init(path: path, value: value, text: path + "=" + value)
    }

    private init(path: String, value: String, text: String) throws(ScenarioOverrideSyntaxError) {
        do {
            components = try OverridePathSyntax.parse(path)
        } catch {
            throw ScenarioOverrideSyntaxError(text: text, message: error.message)
        }
        self.value = value
        self.text = text
    }
}

/// A `--set` that cannot be read at all (no `=`, an unclosed bracket, ...).
public struct ScenarioOverrideSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let message: String
    public var description: String { "--set \(text): \(message)" }
}
