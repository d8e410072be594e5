import Autoscaling
import Engine
import Foundation
import Serving
import Testing
@testable import Scenario

/// What the Knative model cannot do yet is an error at the field that asks for it,
/// never silently ignored: FILE:LINE:COLUMN, the field's path, and a message.
@Suite struct BuildingUnsupportedTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var yaml: String
        /// The text the error must point at (its first occurrence in `yaml`).
        var at: String
        var path: String
        var message: String
    }

    static func yaml(top: String = "", revision: String = "",
                     workload: String = "arrivals: {process: poisson, rate: 5}") -> String {
        BuildingKnativeTests.yaml(top: top, revision: revision, workload: workload)
    }

    static let cases: [Case] = [
        Case(description: "activator replicas", yaml: yaml(top: "activator: {replicas: 2}"),
             at: "2}", path: "activator.replicas", message: "a fixed number of activators is not supported"),
        Case(description: "workload service time",
             yaml: yaml(workload: "arrivals: {process: poisson, rate: 5}\nservice-time: 20ms"),
             at: "20ms", path: "workload[0].service-time", message: "a workload's own service time is not supported"),
        Case(description: "workload start", yaml: yaml(workload: "arrivals: {process: poisson, rate: 5}\nstart: 1m"),
             at: "1m", path: "workload[0].start", message: "a workload that starts late is not supported"),
        Case(description: "workload end", yaml: yaml(workload: "arrivals: {process: poisson, rate: 5}\nend: 9m"),
             at: "9m", path: "workload[0].end", message: "a workload that ends early is not supported"),
        Case(description: "second entry for a service",
             yaml: yaml() + "  - {service: web, arrivals: {process: poisson, rate: 1}}\n",
             at: "{service: web, arrivals", path: "workload[1]",
             message: "a second workload entry for service \"web\" is not supported"),
        Case(description: "durations file",
             yaml: yaml(workload: "arrivals: {process: trace, format: azure-2019, file: SCENARIOS/traces/azure2019_invocations.d01.csv, durations-file: SCENARIOS/traces/azure2019_durations.d01.csv}"),
             at: "SCENARIOS/traces/azure2019_durations", path: "workload[0].arrivals.durations-file",
             message: "service times from a durations file is not supported"),
        Case(description: "azure-2019 offset not in minutes",
             yaml: yaml(workload: "arrivals: {process: trace, format: azure-2019, file: SCENARIOS/traces/azure2019_invocations.d01.csv, offset: 90s}"),
             at: "90s", path: "workload[0].arrivals.offset", message: "must be a whole number of minutes"),
        Case(description: "one image, two sizes",
             yaml: """
                name: t
                duration: 10m
                services:
                  - name: a
                    revisions: [{name: a-1, service-time: 10ms, image: {name: app:1, size: 10Mi}}]
                  - name: b
                    revisions: [{name: b-1, service-time: 10ms, image: {name: app:1, size: 20Mi}}]
                workload:
                  - {service: a, arrivals: {process: poisson, rate: 5}}
                """,
             at: "20Mi", path: "services[1].revisions[0].image.size",
             message: "image \"app:1\" is 20Mi here but 10Mi at services[0].revisions[0].image.size; one image has one size"),
        Case(description: "default user-container requests fit no node",
              // resources is not written: the error points at the revision.
             yaml: yaml(top: "cluster: {node-pools: [{name: small, count: 1, cpu: 400m, memory: 1Gi}]}"),
             at: "name: web-1", path: "services[0].revisions[0].resources",
             message: "a pod of this revision requests 525m CPU and 234217728 bytes of memory, more than a node of any pool has (the user container has no requests"),
        Case(description: "fixed pool among autoscaled revisions",
             yaml: """
                name: t
                duration: 10m
                services:
                  - name: web
                    revisions:
                      - {name: a, traffic: 50, service-time: 10ms, pool: {kind: fixed, pods: 2}}
                      - {name: b, traffic: 50, service-time: 10ms}
                workload:
                  - {service: web, arrivals: {process: poisson, rate: 5}}
                """,
             at: "{kind: fixed", path: "services[0].revisions[0].pool",
             message: "every revision must use the same model: revision \"b\" has no pool"),
    ]

    static func position(of text: String, in yaml: String) -> (line: Int, column: Int) {
        let range = yaml.range(of: text)!
        let before = yaml[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return (line, before[lineStart...].unicodeScalars.count + 1)
    }

    @Test(arguments: cases)
    func unsupportedFieldIsALocatedError(_ row: Case) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = row.yaml.replacingOccurrences(of: "SCENARIOS", with: BuildingKnativeTests.scenarios)
        let file = folder.appendingPathComponent("s.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: file)
        let error = try #require(throws: ScenarioError.self) {
            _ = try ScenarioSimulation.validate(scenario, file: file)
        }
        let expected = Self.position(of: row.at.replacingOccurrences(of: "SCENARIOS", with: BuildingKnativeTests.scenarios),
                                     in: yaml)
        #expect(error.file == file)
        #expect(error.line == expected.line && error.column == expected.column, "\(error)")
        #expect(error.path == row.path, "\(error)")
        #expect(error.message.hasPrefix(row.message), "\(error)")
    }

    /// A scenario read from memory (no file to look the field up in) still names the
    /// field by its path.
    @Test func withoutAFileTheErrorHasThePath() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml(workload: "arrivals: {process: poisson, rate: 5}\nservice-time: 20ms"), file: "nowhere.yaml",
                                                baseDirectory: ".")
        let error = try #require(throws: ScenarioError.self) { _ = try scenario.knativeConfiguration(file: "nowhere.yaml") }
        #expect(error.description.hasPrefix("nowhere.yaml: workload[0].service-time: a workload's own service time is not supported by the Knative model yet"))
    }

    /// Knative's own rules on autoscaling values, reported at the value's line.
    @Test func autoscalingConfigErrorIsReportedAtTheAnnotation() throws {
        let at = FilePosition(file: "x.yaml", line: 7, column: 9)
        let revision = RevisionConfig(name: "web-1", autoscalingAnnotations: [
            ConfigEntry(key: "min-scale", value: "-1", location: at,
                        path: "services[0].revisions[0].annotations[\"autoscaling.knative.dev/min-scale\"]"),
        ], serviceTime: .constant(0.1))
        let scenario = Scenario(name: "t", duration: .wholeSeconds(60),
                                services: [ServiceConfig(name: "web", revisions: [revision])],
                                workload: [WorkloadEntry(service: "web", arrivals: .poisson(ratePerSecond: 1))])
        let error = try #require(throws: ScenarioError.self) { _ = try scenario.knativeConfiguration(file: "x.yaml") }
        #expect(error.location == at)
        #expect(error.path.hasSuffix("min-scale\"]"))
    }

    /// A bad row in a trace is reported at the workload's file field, naming the
    /// trace file and its line.
    @Test func traceErrorNamesTheTraceFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = folder.appendingPathComponent("t.csv").path
        try "0.5\n0.25\n".write(toFile: trace, atomically: true, encoding: .utf8)
        let yaml = Self.yaml(workload: "arrivals: {process: trace, format: timestamps, file: t.csv}")
        let file = folder.appendingPathComponent("s.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: file)
        let error = try #require(throws: ScenarioError.self) { _ = try scenario.knativeConfiguration(file: file) }
        #expect(error.path == "workload[0].arrivals.file")
        #expect(error.line == Self.position(of: "t.csv", in: yaml).line)
        #expect(error.message.contains(trace + ":2"), "\(error)")
        #expect(error.message.contains("sorted"), "\(error)")
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knsim-building-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
