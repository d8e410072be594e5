/// The path half of `--set PATH=VALUE` (see `ScenarioOverride` for the syntax).
enum OverridePathSyntax {
    struct Problem: Error { let message: String }

    static func parse(_ path: String) throws(Problem) -> [ScenarioOverride.Component] {
        let scalars = Array(path.unicodeScalars)
        guard !scalars.isEmpty else { throw Problem(message: "the path is empty") }
        var components: [ScenarioOverride.Component] = []
        var i = 0
        // After a component, only `.`, `[` or the end may follow.
        var expectSeparator = false
        while i < scalars.count {
            let s = scalars[i]
            if s == "[" {
                let (component, next) = try bracket(scalars, from: i)
                components.append(component)
                i = next
                expectSeparator = true
                continue
            }
            if expectSeparator {
                guard s == "." else {
                    throw Problem(message: "expected \".\" or \"[\" at character \(i + 1) of the path")
                }
                i += 1
                guard i < scalars.count else { throw Problem(message: "the path ends with \".\"") }
            }
            var key = ""
            while i < scalars.count, scalars[i] != ".", scalars[i] != "[" {
                if scalars[i] == "\\" {
                    i += 1
                    guard i < scalars.count else { throw Problem(message: "the path ends with a lone \"\\\"") }
                }
                key.unicodeScalars.append(scalars[i])
                i += 1
            }
            guard !key.isEmpty else { throw Problem(message: "empty key at character \(i + 1) of the path") }
            components.append(.key(key))
            expectSeparator = true
        }
        return components
    }

    /// `[N]`, `["key"]` or `['key']` starting at `start`; returns the index after `]`.
    private static func bracket(_ s: [Unicode.Scalar], from start: Int) throws(Problem) -> (ScenarioOverride.Component, Int) {
        var i = start + 1
        guard i < s.count else { throw Problem(message: "unclosed \"[\" at character \(start + 1) of the path") }
        if s[i] == "\"" || s[i] == "'" {
            let quote = s[i]
            i += 1
            var key = ""
            while i < s.count, s[i] != quote {
                if s[i] == "\\", quote == "\"", i + 1 < s.count { i += 1 }
                key.unicodeScalars.append(s[i])
                i += 1
            }
            guard i + 1 < s.count, s[i] == quote, s[i + 1] == "]" else {
                throw Problem(message: "unclosed [\(quote)...\(quote)] at character \(start + 1) of the path")
            }
            return (.key(key), i + 2)
        }
        var digits = ""
        while i < s.count, s[i] != "]" {
            digits.unicodeScalars.append(s[i])
            i += 1
        }
        guard i < s.count else { throw Problem(message: "unclosed \"[\" at character \(start + 1) of the path") }
        guard let index = Int(digits), index >= 0, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw Problem(message: "[\(digits)] is not a list index (a whole number from 0) nor a quoted key like [\"a.b\"]")
        }
        return (.index(index), i + 1)
    }
}
