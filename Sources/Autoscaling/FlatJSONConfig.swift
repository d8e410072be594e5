/// A problem in a flat JSON configuration file.
public struct FlatJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The key concerned, when there is one.
    public var key: String?
    public var message: String

    public var description: String {
        "\(file):\(line): " + (key.map { "\($0): " } ?? "") + message
    }
}

/// Reads a flat JSON object — `{"key": value, …}` with string, number or boolean
/// values — into entries in file order, keeping each number's text
/// exactly as written (so `70` stays "70" and `1.01` stays "1.01", to be parsed with
/// Knative's rules by `AutoscalingSettings`). Nested values, `null` and repeated keys
/// are errors. This is the format of the replay's CONFIG.json.
public enum FlatJSONConfig {
    /// One key of the object, its value as text, and the line the key is on.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public static func parse(_ text: String, fileName: String) throws(FlatJSONError) -> [Entry] {
        var parser = Parser(bytes: Array(text.utf8), file: fileName)
        return try parser.object()
    }

    private struct Parser {
        let bytes: [UInt8]
        let file: String
        var i = 0
        var line = 1

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        }

        func fail(_ message: String, key: String? = nil) -> FlatJSONError {
            FlatJSONError(file: file, line: line, key: key, message: message)
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A: i += 1; line += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(FlatJSONError) {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else { throw fail("expected \(what)") }
            i += 1
        }

        mutating func object() throws(FlatJSONError) -> [Entry] {
            var pairs: [Entry] = []
            var seen: Set<String> = []
            try expect(UInt8(ascii: "{"), "a JSON object starting with '{'")
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    skipSpace()
                    let keyLine = line
                    let key = try string()
                    guard seen.insert(key).inserted else {
                        throw FlatJSONError(file: file, line: keyLine, key: key, message: "key given twice")
                    }
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    let value = try scalar(key: key)
                    pairs.append(Entry(key: key, value: value, line: keyLine))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unterminated object: expected ',' or '}'") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    throw fail("expected ',' or '}'", key: key)
                }
            }
            skipSpace()
            guard i == bytes.count else { throw fail("unexpected text after the object") }
            return pairs
        }

        mutating func string() throws(FlatJSONError) -> String {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string in double quotes") }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i < bytes.count else { throw fail("unterminated string") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code)
                        else { throw fail("invalid \\u escape") }
                        i += 4
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        throw fail("invalid escape in string")
                    }
                case 0x0A:
                    throw fail("line break inside a string")
                default:
                    out.append(b)
                }
            }
            throw fail("unterminated string")
        }

        mutating func scalar(key: String) throws(FlatJSONError) -> String {
            skipSpace()
            guard i < bytes.count else { throw fail("missing value", key: key) }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                return try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                throw fail("value must be a number, string or boolean, not an object or array", key: key)
            default:
                // A bare token: a number or true/false.
                let start = i
                while i < bytes.count, !Self.isDelimiter(bytes[i]) { i += 1 }
                let token = String(decoding: bytes[start..<i], as: UTF8.self)
                if token == "true" || token == "false" { return token }
                if token == "null" { throw fail("value must not be null (leave the key out for the default)", key: key) }
                guard Self.isJSONNumber(token) else { throw fail("invalid value \(token)", key: key) }
                return token
            }
        }

        static func isDelimiter(_ b: UInt8) -> Bool {
            b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
        }

        /// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        static func isJSONNumber(_ s: String) -> Bool {
            let c = Array(s.utf8)
            var i = 0
            func digits() -> Int { let s = i; while i < c.count, c[i] >= 48, c[i] <= 57 { i += 1 }; return i - s }
            if i < c.count, c[i] == UInt8(ascii: "-") { i += 1 }
            guard i < c.count else { return false }
            if c[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return false }
            if i < c.count, c[i] == UInt8(ascii: ".") { i += 1; if digits() == 0 { return false } }
            if i < c.count, c[i] == UInt8(ascii: "e") || c[i] == UInt8(ascii: "E") {
                i += 1
                if i < c.count, c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") { i += 1 }
                if digits() == 0 { return false }
            }
            return i == c.count
        }
    }
}
