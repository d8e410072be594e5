import Foundation
import Testing

/// Malformed scenarios through the real binary: each must exit 2 with exactly one line
/// on stderr naming the file, the line and the field, and never crash.
@Suite struct BadInputTests {
    static let valid = """
        name: t
        duration: 10s
        services:
          - name: a
            revisions:
              - name: a-1
                container-concurrency: 1
                service-time: 100ms
                pool: {kind: fixed, pods: 2}
        workload:
          - service: a
            arrivals: {process: poisson, rate: 5}
        """

    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var yaml: String
        /// What the one-line message must contain: "file:line:" and the field path.
        var expected: String
        var testDescription: String { label }
    }

    static func replacing(_ old: String, _ new: String) -> String {
        precondition(valid.contains(old), "fixture does not contain \(old)")
        return valid.replacingOccurrences(of: old, with: new)
    }

    static let cases: [Case] = [
        Case(label: "wrong type", yaml: replacing("duration: 10s", "duration: [1, 2]"), expected: ":2:11: duration:"),
        Case(label: "unknown top-level key", yaml: valid + "\nservces: []\n", expected: ":13:1: servces:"),
        Case(label: "unknown revision key", yaml: replacing("        container-concurrency: 1", "        container-concurency: 1"),
             expected: ":7:9: services[0].revisions[0].container-concurency:"),
        Case(label: "negative duration", yaml: replacing("duration: 10s", "duration: -5s"), expected: ":2:11: duration:"),
        Case(label: "garbage duration", yaml: replacing("duration: 10s", "duration: soon"), expected: ":2:11: duration:"),
        Case(label: "bad quantity", yaml: valid + "\ncluster:\n  node-pools:\n    - {name: p, count: 1, cpu: 2x, memory: 1Gi}\n",
             expected: ":15:32: cluster.node-pools[0].cpu:"),
        Case(label: "empty file", yaml: "", expected: ": "),
        Case(label: "invalid YAML", yaml: "name: [unclosed\nduration: 1s\n", expected: ":"),
        Case(label: "traffic not summing to 100", yaml: replacing("""
                  - name: a-1
                    container-concurrency: 1
            """, """
                  - name: a-0
                    traffic: 50
                    service-time: 1s
                    pool: {kind: fixed, pods: 1}
                  - name: a-1
                    traffic: 30
                    container-concurrency: 1
            """), expected: "services[0].revisions:"),
        Case(label: "zero pods", yaml: replacing("pods: 2", "pods: 0"), expected: ":9:"),
        Case(label: "negative rate", yaml: replacing("rate: 5", "rate: -5"), expected: ":12:"),
        Case(label: "missing required name", yaml: replacing("name: t\n", ""), expected: "name:"),
        Case(label: "warm-up longer than the run", yaml: valid + "\nwarmup: 20s\n", expected: ":13:9: warmup:"),
        Case(label: "unknown distribution", yaml: replacing("service-time: 100ms", "service-time: {distribution: zipf, mean: 1}"),
             expected: ":8:"),
        Case(label: "bad distribution parameter", yaml: replacing("service-time: 100ms", "service-time: {distribution: exponential, mean: 0}"),
             expected: "services[0].revisions[0].service-time.mean:"),
        Case(label: "workload names a missing service", yaml: replacing("  - service: a", "  - service: b"),
             expected: ":11:14: workload[0].service:"),
        Case(label: "unknown annotation", yaml: replacing("        container-concurrency: 1", """
                    container-concurrency: 1
                    annotations: {autoscaling.knative.dev/min-scal: "1"}
            """), expected: "autoscaling.knative.dev/min-scal"),
        Case(label: "unknown generator", yaml: valid + "\ngenerator: dice\n", expected: ":13:12: generator:"),
        Case(label: "empirical file missing", yaml: replacing("service-time: 100ms", "service-time: {distribution: empirical, file: nowhere.csv}"),
             expected: "service-time.file:"),
    ]

    @Test(arguments: cases)
    func malformedScenarioExitsTwoWithOneLine(_ c: Case) throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.yaml")
        try c.yaml.write(to: file, atomically: true, encoding: .utf8)
        for command in [["run", file.path, "--out", folder.appendingPathComponent("out").path], ["lint", file.path]] {
            let outcome = try KnsimProcess.run(command)
            #expect(outcome.status == 2, "\(c.label): \(command[0]) exited \(outcome.status): \(outcome.stderr)")
            let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1, "\(c.label): expected one line, got \(outcome.stderr)")
            #expect(outcome.stderr.contains(file.path + c.expected) || outcome.stderr.contains(c.expected),
                    "\(c.label): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("error: " + file.path), "\(c.label): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func missingFileExitsTwo() throws {
        let outcome = try KnsimProcess.run(["run", "/nonexistent/scenario.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("/nonexistent/scenario.yaml"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownOptionExitsTwo() throws {
        let outcome = try KnsimProcess.run(["run", "scenarios/hello.yaml", "--sede", "3"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--sede"))
    }

    @Test func lintAcceptsTheShippedScenarios() throws {
        let folder = KnsimProcess.packageRoot.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
        #expect(!files.isEmpty)
        let outcome = try KnsimProcess.run(["lint"] + files)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.split(separator: "\n").count == files.count)
    }
}
