import Foundation
import Yams

/// Errors raised after decoding, about fields the `Scenario` value no longer
/// carries positions for. The scenario file is read again (only when there is an
/// error to report) to find the field's line; a field a manifest supplies, or a
/// scenario parsed from memory, is reported at the closest written ancestor, or by
/// path alone.
struct LateFieldError {
    let file: String

    func error(_ path: FieldPath, _ message: String) -> ScenarioError {
        guard let position = position(of: path) else {
            return ScenarioError(file: file, path: path.description, message: message)
        }
        return ScenarioError(at: position, path: path.description, message: message)
    }

    /// "… is not supported by the Knative model yet", at the field.
    func unsupported(_ path: FieldPath, _ what: String, needs: String? = nil) -> ScenarioError {
        var message = "\(what) is not supported by the Knative model yet"
        if let needs { message += " (\(needs))" }
        return error(path, message)
    }

    /// The position of the deepest node on `path` that the file writes.
    func position(of path: FieldPath) -> FilePosition? {
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(data: data, encoding: .utf8),
              let root = try? Yams.compose(yaml: text, .default, .default, .utf8) else { return nil }
        var node = root
        for component in path.components {
            guard let next = Self.child(of: node, component) else { break }
            node = next
        }
        guard let mark = node.mark else { return nil }
        return FilePosition(file: file, line: mark.line, column: mark.column)
    }

    private static func child(of node: Node, _ component: FieldPath.Component) -> Node? {
        switch (component, node) {
        case (.key(let key), .mapping(let mapping)):
            return mapping.first { $0.key.scalar?.string == key }?.value
        case (.index(let index), .sequence(let sequence)):
            return sequence.indices.contains(index) ? sequence[index] : nil
        default:
            return nil
        }
    }
}

extension FieldPath {
    /// `FieldPath.root.key("services").index(0)`: a path built in code.
    func key(_ key: String) -> FieldPath { appending(key: key) }
    func index(_ index: Int) -> FieldPath { appending(index: index) }
}
