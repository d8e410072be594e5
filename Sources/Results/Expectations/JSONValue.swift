import Foundation

/// summary.json read back as plain JSON, so that metric paths are derived from the
/// file's own shape (never from a hand-kept list) and an older baseline file whose
/// fields differ still reads.
enum JSONValue: Decodable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Keys sorted, so walking an object never depends on hashing order.
    case object([(key: String, value: JSONValue)])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            var members: [(key: String, value: JSONValue)] = []
            for key in object.allKeys {
                members.append((key.stringValue, try object.decode(JSONValue.self, forKey: key)))
            }
            self = .object(members.sorted { $0.key < $1.key })
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            // Numbers before booleans: some decoders read 1 as true.
            else if let number = try? single.decode(Double.self) { self = .number(number) }
            else if let bool = try? single.decode(Bool.self) { self = .bool(bool) }
            else { self = .string(try single.decode(String.self)) }
        }
    }

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }
}
