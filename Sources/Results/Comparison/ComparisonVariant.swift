/// One arm of a comparison: the scenario with some `--set` overrides.
public struct ComparisonVariant: Sendable, Hashable, Codable {
    /// The name in tables and files; `baseline` is the unmodified scenario.
    public var name: String
    /// The overrides as written (`PATH=VALUE`), applied in order.
    public var overrides: [String]
    /// The variant's scenario seed; replication r runs with `seed + r`.
    public var seed: UInt64

    public static let baselineName = "baseline"

    public init(name: String, overrides: [String], seed: UInt64 = 0) {
        self.name = name
        self.overrides = overrides
        self.seed = seed
    }

    /// Parses `NAME:PATH=VALUE[,PATH=VALUE…]`. Commas inside brackets, braces or
    /// quotes, or after a backslash, do not separate overrides, so flow values such as
    /// `pool={kind: fixed, pods: 8}` survive.
    public init(parsing spec: String) throws(ComparisonInputError) {
        guard let colon = spec.firstIndex(of: ":") else {
            throw ComparisonInputError("--variant \(spec): expected NAME:PATH=VALUE[,PATH=VALUE...]")
        }
        let name = String(spec[..<colon])
        guard Self.isValidName(name) else {
            throw ComparisonInputError("--variant \(spec): the name \"\(name)\" must be letters, digits, \"-\", \"_\" or \".\"")
        }
        guard name != Self.baselineName else {
            throw ComparisonInputError("--variant \(spec): \"baseline\" is the unmodified scenario's name; choose another")
        }
        let overrides = Self.splitOverrides(String(spec[spec.index(after: colon)...]))
        guard !overrides.isEmpty, overrides.allSatisfy({ !$0.isEmpty }) else {
            throw ComparisonInputError("--variant \(spec): expected at least one PATH=VALUE after \"\(name):\", separated by commas")
        }
        self.init(name: name, overrides: overrides)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "."
        }
    }

    static func splitOverrides(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var escaped = false
        for ch in text {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            if ch == "\\" {
                // Kept: the override's own parser reads the escape.
                escaped = true
                current.append(ch)
                continue
            }
            if let open = quote {
                if ch == open { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "[" || ch == "{" {
                depth += 1
            } else if ch == "]" || ch == "}" {
                depth -= 1
            } else if ch == ",", depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(ch)
        }
        parts.append(current)
        return parts
    }
}

/// Bad comparison input: a variant, a shard, a partial result file.
public struct ComparisonInputError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
