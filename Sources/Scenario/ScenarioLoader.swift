import Foundation
import Yams

/// Reads scenario files.
///
/// Every failure is a `ScenarioError` whose description is one line,
/// `FILE:LINE:COLUMN: FIELD.PATH: message`. The first problem found is reported.
public enum ScenarioLoader {
    /// Reads and decodes the scenario at `path`. Relative paths inside the scenario
    /// (e.g. empirical data files) are resolved against the file's folder.
    /// `overrides` (`--set`) change the YAML tree before it is decoded.
    public static func load(path: String, overrides: [ScenarioOverride] = []) throws(ScenarioError) -> Scenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ScenarioError(file: path, message: "is a folder, not a scenario file")
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, message: "is not UTF-8 text")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, file: path, baseDirectory: folder, overrides: overrides)
    }

    /// Decodes scenario YAML already in memory; `file` is the name messages start
    /// with, `baseDirectory` the folder relative paths are resolved against.
    public static func parse(yaml: String, file: String, baseDirectory: String,
                             overrides: [ScenarioOverride] = []) throws(ScenarioError) -> Scenario {
        let context = DecodingContext(file: file, baseDirectory: baseDirectory)
        let root: Node?
        do {
            // UTF-8 explicitly: Yams' default encoding consults (and prints about) an
            // environment variable.
            root = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            throw Self.error(from: error, file: file, yaml: yaml)
        } catch {
            throw ScenarioError(file: file, message: "invalid YAML: \(error)")
        }
        guard let root else {
            throw ScenarioError(file: file, line: 1, column: 1, message: "the file is empty (it holds no YAML, only blanks or comments)")
        }
        if NodeReader(node: root, path: .root, context: context).isNull {
            throw ScenarioError(file: file, line: 1, column: 1, message: "the file is empty (it holds no YAML, only blanks or comments)")
        }
        var applier = OverrideApplier(file: file)
        let reader = NodeReader(node: try applier.apply(overrides, to: root), path: .root, context: context)
        do { return try Scenario(decoding: reader) } catch { throw applier.attribute(error) }
    }

    /// Yams' errors, turned into one line that points where libyaml stopped.
    /// `document` names the kind of file in the "one document" message.
    static func error(from error: YamlError, file: String, yaml: String, document: String = "a scenario file") -> ScenarioError {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> ScenarioError {
            var message = "invalid YAML: \(problem)"
            if character(atLine: mark.line, column: mark.column, in: yaml) == "\t" {
                message += ", a tab (YAML indents with spaces only)"
            }
            if let context {
                message += " (\(context.text)"
                if context.mark.line != mark.line { message += " at line \(context.mark.line)" }
                message += ")"
            }
            return ScenarioError(file: file, line: mark.line, column: mark.column, message: message)
        }
        switch error {
        case let .composer(_, problem, mark, _) where problem == "but found another document":
            return ScenarioError(file: file, line: mark.line, column: mark.column,
                                 message: "a second YAML document starts here; \(document) holds one document")
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return located(problem, context, mark)
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { position(ofCharacter: $0, in: yaml) } ?? (nil, nil)
            return ScenarioError(file: file, line: line, column: column, message: "invalid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map(quoted).joined(separator: ", ")
            let first = context.mark
            // Yams points at the first occurrence; the second is the one to remove,
            // so look for it: the same key at the same indentation further down.
            if duplicates.count == 1, let again = repeatedKey(duplicates[0], after: first, in: yaml) {
                return ScenarioError(file: file, line: again.line, column: again.column,
                                     message: "duplicate key \(keys) (also at line \(first.line)); a key may appear once in a mapping")
            }
            return ScenarioError(file: file, line: first.line, column: first.column,
                                 message: "duplicate key \(keys) in one mapping; a key may appear once in a mapping")
        default:
            return ScenarioError(file: file, message: "invalid YAML: \(error)")
        }
    }

    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    private static func character(atLine line: Int, column: Int, in text: String) -> Character? {
        let all = lines(of: text)
        guard all.indices.contains(line - 1) else { return nil }
        let scalars = Array(all[line - 1].unicodeScalars)
        guard scalars.indices.contains(column - 1) else { return nil }
        return Character(scalars[column - 1])
    }

    /// Where `key` is written again after `first`, in block style at the same
    /// column or in the same flow mapping's line; nil if it cannot be told.
    private static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let all = lines(of: text)
        let spellings = [key + ":", "\"" + key + "\":", "'" + key + "':"]
        guard all.indices.contains(first.line - 1) else { return nil }
        // The same line (a flow mapping such as {a: 1, a: 2}).
        let firstLine = Array(all[first.line - 1].unicodeScalars)
        if first.column < firstLine.count {
            let rest = String(String.UnicodeScalarView(firstLine[first.column...]))
            for spelling in spellings {
                for separator in [", ", ","] {
                    if let range = rest.range(of: separator + spelling) {
                        let offset = rest.unicodeScalars.distance(from: rest.startIndex, to: range.lowerBound)
                        return (first.line, first.column + 1 + offset + separator.count)
                    }
                }
            }
        }
        // Later lines, at the same column with only indentation (or "- ") before.
        for index in first.line..<all.count {
            let scalars = Array(all[index].unicodeScalars)
            guard scalars.count >= first.column else { continue }
            let before = String(String.UnicodeScalarView(scalars[..<(first.column - 1)]))
            let after = String(String.UnicodeScalarView(scalars[(first.column - 1)...]))
            guard before.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            if spellings.contains(where: { after.hasPrefix($0) }) {
                return (index + 1, first.column)
            }
        }
        return nil
    }

    /// 1-based line and column of the `offset`-th character.
    private static func position(ofCharacter offset: Int, in text: String) -> (Int?, Int?) {
        var line = 1
        var column = 1
        for (i, ch) in text.enumerated() {
            if i == offset { break }
            if ch.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
