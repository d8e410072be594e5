import Foundation

/// A JUnit XML report, the format CI systems (GitHub Actions reporters, GitLab,
/// Jenkins) display: one `<testsuite>` per scenario, one `<testcase>` per expectation.
///
/// No `time` or `timestamp` attributes: the report is deterministic like every other
/// knsim output.
public struct JUnitReport: Sendable, Equatable {
    public struct TestCase: Sendable, Equatable {
        public var name: String
        public var className: String
        /// nil when it passed.
        public var failure: String?
        /// Printed in `<system-out>`: the observed values.
        public var output: String

        public init(name: String, className: String, failure: String?, output: String) {
            self.name = name
            self.className = className
            self.failure = failure
            self.output = output
        }
    }

    public struct Suite: Sendable, Equatable {
        public var name: String
        public var file: String
        public var cases: [TestCase]

        public init(name: String, file: String, cases: [TestCase]) {
            self.name = name
            self.file = file
            self.cases = cases
        }

        public var failures: Int { cases.filter { $0.failure != nil }.count }
    }

    public var name: String
    public var suites: [Suite]

    public init(name: String = "knsim check", suites: [Suite] = []) {
        self.name = name
        self.suites = suites
    }

    public var tests: Int { suites.reduce(0) { $0 + $1.cases.count } }
    public var failures: Int { suites.reduce(0) { $0 + $1.failures } }

    public var xml: String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites name=\"\(Self.escape(name))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for suite in suites {
            text += "  <testsuite name=\"\(Self.escape(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\" errors=\"0\" skipped=\"0\" file=\"\(Self.escape(suite.file))\">\n"
            for test in suite.cases {
                text += "    <testcase classname=\"\(Self.escape(test.className))\" name=\"\(Self.escape(test.name))\">\n"
                if let failure = test.failure {
                    text += "      <failure message=\"\(Self.escape(failure))\" type=\"ExpectationFailed\">\(Self.escape(failure))</failure>\n"
                }
                text += "      <system-out>\(Self.escape(test.output))</system-out>\n"
                text += "    </testcase>\n"
            }
            text += "  </testsuite>\n"
        }
        text += "</testsuites>\n"
        return text
    }

    /// Writes the report by rename, so a reader never sees half a file.
    public func write(to url: URL) throws {
        try Data(xml.utf8).write(to: url, options: .atomic)
    }

    /// XML text and attribute escaping; control characters XML 1.0 forbids are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
