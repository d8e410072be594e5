import Scenario

/// Reads back the fragment `knsim calibrate` writes (`Calibration.fragment`) as
/// scenario overrides, so that a run can use this machine's measured figures without
/// pasting them into the scenario: every leaf `a: {b: value}` becomes the override
/// `a.b=value`, as `--set` gives them, and the fragment's `startup` block (which is not
/// a top-level scenario key) becomes `services[i].revisions[j].startup.…` for every
/// revision of the scenario.
///
/// The reader accepts the block-style subset the calibrator writes: `key:` opening a
/// block, `key: value` with the value a scalar or a flow mapping on one line, comments
/// and blank lines.
public enum CalibrationFragment {
    public struct Setting: Sendable, Equatable {
        public var path: [String]
        /// YAML text, e.g. `{distribution: lognormal, mu: -6.2, sigma: 0.3}`.
        public var value: String
        public var line: Int
    }

    /// The fragment's leaves in file order.
    public static func settings(in text: String, file: String) throws(ScenarioError) -> [Setting] {
        var settings: [Setting] = []
        var open: [(indent: Int, key: String)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let content = raw.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard !raw.contains("\t") else {
                throw ScenarioError(file: file, line: line, column: 1, message: "tabs are not allowed in YAML indentation")
            }
            let indent = raw.count - content.count
            guard let colon = content.firstIndex(of: ":") else {
                throw ScenarioError(file: file, line: line, column: indent + 1,
                                    message: "expected `key: value` or `key:` (a calibration fragment from `knsim calibrate`)")
            }
            let key = String(content[..<colon]).trimmingSpaces
            let value = String(content[content.index(after: colon)...]).trimmingSpaces
            guard !key.isEmpty else {
                throw ScenarioError(file: file, line: line, column: indent + 1, message: "a key is missing before `:`")
            }
            while let last = open.last, last.indent >= indent { open.removeLast() }
            if value.isEmpty || value.hasPrefix("#") {
                open.append((indent, key))
            } else {
                settings.append(Setting(path: open.map(\.key) + [key], value: value, line: line))
            }
        }
        return settings
    }

    /// The fragment as overrides of `scenario`: `startup.*` for every revision, the
    /// rest as written.
    public static func overrides(in text: String, file: String, for scenario: Scenario) throws(ScenarioError) -> [ScenarioOverride] {
        var overrides: [ScenarioOverride] = []
        for setting in try settings(in: text, file: file) {
            var paths: [String] = []
            if setting.path.first == "startup" {
                let rest = setting.path.dropFirst().joined(separator: ".")
                guard scenario.services.contains(where: { !$0.revisions.isEmpty }) else {
                    throw ScenarioError(file: file, line: setting.line, column: 1,
                                        message: "startup: the scenario has no services[].revisions to apply it to")
                }
                for (i, service) in scenario.services.enumerated() {
                    for j in service.revisions.indices {
                        paths.append("services[\(i)].revisions[\(j)].startup.\(rest)")
                    }
                }
            } else {
                paths.append(setting.path.joined(separator: "."))
            }
            for path in paths {
                do {
                    overrides.append(try ScenarioOverride(path: path, value: setting.value))
                } catch {
                    throw ScenarioError(file: file, line: setting.line, column: 1, message: error.message)
                }
            }
        }
        return overrides
    }
}

private extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
