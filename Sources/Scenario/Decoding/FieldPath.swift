/// The path of a field from the top of the scenario, rendered the way a user would
/// point at it: `services[0].revisions[1].traffic`, or
/// `annotations["autoscaling.knative.dev/min-scale"]` for keys that are not plain words.
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component]

    init(_ components: [Component] = []) { self.components = components }

    static let root = FieldPath()

    func appending(key: String) -> FieldPath { FieldPath(components + [.key(key)]) }
    func appending(index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let key) where Self.isPlainWord(key):
                text += text.isEmpty ? key : "." + key
            case .key(let key):
                text += "[\"\(key)\"]"
            }
        }
        return text
    }

    private static func isPlainWord(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { s in
            ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "-" || s == "_"
        }
    }
}
