/// Why a value's text is not what its field takes. The message is the part after
/// `path: `, e.g. `must be a duration such as 250ms, 30s or 1m30s, got "abc"`.
public struct ValueSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The value as it is quoted back in messages.
func quoted(_ text: String) -> String {
    var out = "\""
    for ch in text {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\r\n": out += "\\r\\n"
        case "\t": out += "\\t"
        default:
            if ch.unicodeScalars.count == 1, let scalar = ch.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.append(ch)
            }
        }
    }
    return out + "\""
}
