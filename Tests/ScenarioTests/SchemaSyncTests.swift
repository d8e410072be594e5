import Foundation
import Testing
@testable import Scenario

/// docs/scenario.schema.json must describe exactly what the decoder accepts: the
/// same keys in every mapping (the schema's closed objects mirror unknown-key
/// errors) and the same names for generators, distributions, processes, pool kinds
/// and annotations.
struct SchemaSyncTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs")
    static let schemaPath = docs.appendingPathComponent("scenario.schema.json").path

    let schema: [String: Any]
    let defs: [String: [String: Any]]

    init() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.schemaPath))
        schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "schema is not a JSON object")
        defs = try #require(schema["$defs"] as? [String: [String: Any]], "schema has no $defs")
    }

    func properties(_ definition: String) -> [String: Any] {
        defs[definition]?["properties"] as? [String: Any] ?? [:]
    }

    @Test func isDraft2020_12RootedAtTheScenario() {
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["$ref"] as? String == "#/$defs/scenario")
    }

    @Test func closedMappingsHaveTheDecodersKeys() {
        let closed = defs.filter { $0.value["additionalProperties"] as? Bool == false }
        let sections = ScenarioFormat.sections
        #expect(Set(closed.keys) == Set(sections.map(\.definition)),
                "schema's closed objects and the decoder's sections differ")
        for section in sections {
            #expect(Set(properties(section.definition).keys) == Set(section.keys),
                    "keys of \(section.definition) differ from the decoder's")
        }
    }

    @Test func namesMatchTheDecoder() throws {
        func enumeration(_ definition: String, _ key: String) -> [String] {
            (properties(definition)[key] as? [String: Any])?["enum"] as? [String] ?? []
        }
        #expect(enumeration("scenario", "generator") == ScenarioFormat.generators)
        #expect(enumeration("distribution-mapping", "distribution") == ScenarioFormat.distributions)
        #expect(enumeration("arrivals", "process") == ScenarioFormat.arrivalProcesses)
        #expect(enumeration("pool", "kind") == ScenarioFormat.poolKinds)
        #expect(enumeration("policy", "kind") == ScenarioFormat.policyKinds)
        #expect(enumeration("arrivals-trace", "format") == ScenarioFormat.traceFormats)
        #expect(enumeration("cluster", "scheduler") == ScenarioFormat.schedulerScorings)
        #expect(enumeration("revision", "cpu-model") == ScenarioFormat.cpuModels)
        for kind in ScenarioFormat.policyKinds {
            #expect((properties("policy-\(kind)")["kind"] as? [String: Any])?["const"] as? String == kind)
        }
        for process in ScenarioFormat.arrivalProcesses {
            #expect((properties("arrivals-\(process)")["process"] as? [String: Any])?["const"] as? String == process)
        }
        let eventChoices = try #require(defs["event"]?["oneOf"] as? [[String: Any]])
        #expect(eventChoices.compactMap { ($0["required"] as? [String])?.first } == ScenarioFormat.eventActions)
        for name in ScenarioFormat.distributions {
            #expect((properties("distribution-\(name)")["distribution"] as? [String: Any])?["const"] as? String == name)
        }
        let names = try #require(defs["annotations"]?["propertyNames"] as? [String: Any])
        let alternatives = try #require(names["anyOf"] as? [[String: Any]])
        #expect(alternatives.first?["enum"] as? [String] == ScenarioFormat.autoscalingAnnotations)
    }

    @Test func everyReferenceResolves() throws {
        let text = try String(contentsOfFile: Self.schemaPath, encoding: .utf8)
        let references = text.split(separator: "\"").filter { $0.hasPrefix("#/$defs/") }.map { String($0.dropFirst(8)) }
        #expect(!references.isEmpty)
        for reference in references { #expect(defs[reference] != nil, "dangling $ref to \(reference)") }
    }
}

/// Validates example scenarios against the schema with Python's jsonschema, when
/// python3 has jsonschema and PyYAML; skipped otherwise.
struct SchemaValidationTests {
    /// Whichever python3 is first on PATH (through env, as a shell would find it).
    static let pythonAvailable: Bool = (try? run(["-c", "import jsonschema, yaml"]))?.status == 0

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let script = """
        import json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            errors = list(validator.iter_errors(yaml.safe_load(open(path))))
            print(path.rsplit('/', 1)[-1], 'valid' if not errors else 'invalid')
        """

    @Test(.enabled(if: pythonAvailable, "python3 with jsonschema and PyYAML is not installed"))
    func examplesValidateAndMistakesDoNot() throws {
        let folder = NSTemporaryDirectory() + "knsim-schema-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = ExampleScenarios.minimal
        let files: [(name: String, yaml: String, valid: Bool)] = [
            ("minimal.yaml", base, true),
            ("canary.yaml", ExampleScenarios.canary, true),
            ("distributions.yaml", ExampleScenarios.distributions, true),
            ("unknown-key.yaml", base + "\nwarmpu: 1m\n", false),
            ("unknown-annotation.yaml", base.replacingOccurrences(
                of: "- service-time: 50ms",
                with: "- service-time: 50ms\n        annotations: {autoscaling.knative.dev/minscale: \"1\"}"), false),
            ("other-annotation.yaml", base.replacingOccurrences(
                of: "- service-time: 50ms",
                with: "- service-time: 50ms\n        annotations: {example.com/team: shop}"), true),
            ("bad-quantity.yaml", base + "\ncluster:\n  node-pools: [{name: a, count: 1, cpu: 4 cores, memory: 1Gi}]\n", false),
            ("missing-duration.yaml", base.replacingOccurrences(of: "duration: 10m\n", with: ""), false),
            ("wrong-parameter.yaml", base.replacingOccurrences(
                of: "service-time: 50ms", with: "service-time: {distribution: uniform, min: 1ms, mean: 2ms}"), false),
            ("two-forms.yaml", base.replacingOccurrences(
                of: "service-time: 50ms", with: "service-time: {distribution: exponential, mean: 1s, rate: 2}"), false),
            ("bad-duration.yaml", base.replacingOccurrences(of: "duration: 10m", with: "duration: 10 minutes"), false),
            ("data-path.yaml", ExampleScenarios.dataPath, true),
            ("manifest.yaml", """
                name: m
                duration: 1m
                services:
                  - manifest: hello-manifest.yaml
                    revisions: [{name: hello-00001, service-time: 10ms, image: {size: 5Mi}}]
                workload: [{service: hello, arrivals: {process: poisson, rate: 1}}]
                """, true),
            ("manifest-without-revision-name.yaml", """
                name: m
                duration: 1m
                services:
                  - manifest: hello-manifest.yaml
                    revisions: [{service-time: 10ms}]
                workload: [{service: hello, arrivals: {process: poisson, rate: 1}}]
                """, false),
            ("mesh-under-cluster.yaml", base + "\ncluster:\n  mesh: {enabled: false}\n", false),
            ("hybrid-key-on-keep-alive.yaml", base.replacingOccurrences(
                of: "- service-time: 50ms", with: "- service-time: 50ms\n        policy: {kind: keep-alive, range: 4h}"), false),
            ("unknown-phase.yaml", base.replacingOccurrences(
                of: "- service-time: 50ms", with: "- service-time: 50ms\n        startup: {pull: 1s}"), false),
            ("event-with-two-actions.yaml", base + "\nevents:\n  - {at: 1m, kill-pod: {revision: hello-00001}, kill-node: {pool: default, index: 0}}\n", false),
            ("event.yaml", base + "\nevents:\n  - {at: 1m, kill-pod: {revision: hello-00001}}\n", true),
            ("step-and-ramp.yaml", base.replacingOccurrences(
                of: "{process: poisson, rate: 20}", with: "{process: schedule, segments: [{at: 0s, rate: 1, to: 2, over: 1m}]}"), false),
            ("amplitude-above-one.yaml", base.replacingOccurrences(
                of: "{process: poisson, rate: 20}", with: "{process: diurnal, mean: 5, amplitude: 2}"), false),
        ]
        try """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: {name: hello}
            spec: {template: {spec: {containers: [{image: hello}]}}}
            """.write(toFile: folder + "/hello-manifest.yaml", atomically: true, encoding: .utf8)
        var arguments = ["-c", Self.script, SchemaSyncTests.schemaPath]
        for file in files {
            let path = folder + "/" + file.name
            try file.yaml.write(toFile: path, atomically: true, encoding: .utf8)
            arguments.append(path)
            // The decoder agrees with the schema on every file.
            let decodes = (try? ScenarioLoader.parse(yaml: file.yaml, file: file.name, baseDirectory: folder)) != nil
            #expect(decodes == file.valid, "decoder and schema disagree on \(file.name)")
        }
        let result = try Self.run(arguments)
        #expect(result.status == 0, "\(result.output)")
        let expected = files.map { "\($0.name) \($0.valid ? "valid" : "invalid")" }
        #expect(result.output.split(separator: "\n").map(String.init) == expected)
    }
}

/// The format document's opening example must be a valid scenario.
struct FormatDocumentTests {
    @Test func openingExampleDecodes() throws {
        let path = SchemaSyncTests.docs.appendingPathComponent("scenario-format.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let yaml = String(text[start.upperBound..<end.lowerBound])
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "scenario-format.md", baseDirectory: "/nowhere")
        #expect(scenario.name == "checkout-canary")
        #expect(scenario.services[0].revisions.map(\.trafficPercent) == [90, 10])
    }

    @Test func documentsEveryKey() throws {
        let path = SchemaSyncTests.docs.appendingPathComponent("scenario-format.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for section in ScenarioFormat.sections {
            for key in section.keys {
                #expect(text.contains("`\(key)`"), "docs/scenario-format.md does not mention `\(key)` (\(section.definition))")
            }
        }
        let names = ScenarioFormat.distributions + ScenarioFormat.arrivalProcesses + ScenarioFormat.generators
            + ScenarioFormat.policyKinds + ScenarioFormat.traceFormats + ScenarioFormat.schedulerScorings + ScenarioFormat.cpuModels
        for name in names {
            #expect(text.contains("`\(name)`"), "docs/scenario-format.md does not mention `\(name)`")
        }
    }
}
