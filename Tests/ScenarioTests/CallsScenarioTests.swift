import Engine
import Foundation
import Serving
import Testing
@testable import Scenario

/// `calls:` under a service: decoding, the model's input, and mistakes (a located
/// line each), cycles among them.
struct CallsScenarioTests {
    /// myapp calls user; `calls` replaces myapp's calls list (written from line 7).
    static func scenario(calls: String = "    calls:\n      - {service: user, at: 50%, timeout: 10s}", userCalls: String = "") -> String {
        """
        name: todo
        duration: 10m
        services:
          - name: myapp
            revisions: [{service-time: 20ms}]
        \(calls)
          - name: user
            revisions:
              - {name: user-v1, traffic: 50, service-time: 10ms}
              - {name: user-v2, traffic: 50, service-time: 10ms}
        \(userCalls)
          - name: todo
            revisions: [{service-time: 10ms}]
        workload:
          - {service: myapp, arrivals: {process: poisson, rate: 5}}
        """
    }

    static func parse(_ yaml: String) throws -> Scenario {
        try ScenarioLoader.parse(yaml: yaml, file: "calls.yaml", baseDirectory: "/nowhere")
    }

    @Test func decodesCallsAndGroupsIntoTheModel() throws {
        let yaml = Self.scenario(calls: """
                calls:
                  - {service: user, at: 20%, timeout: 10s}
                  - at: 0.6
                    parallel:
                      - {service: todo, count: 2}
                      - {service: user, probability: 0.25}
            """)
        let scenario = try Self.parse(yaml)
        let calls = scenario.services[0].calls
        #expect(calls == [
            CallStep(at: 0.2, calls: [CallSpec(service: "user", timeout: .seconds(10.0))]),
            CallStep(at: 0.6, calls: [CallSpec(service: "todo", count: 2), CallSpec(service: "user", probability: 0.25)],
                           parallel: true),
        ])
        let model = try scenario.knativeConfiguration(file: "calls.yaml")
        #expect(model.services[0].revisions[0].calls.count == 2)
        #expect(model.services[0].revisions[0].calls[1].parallel)
        #expect(model.services[1].revisions.allSatisfy { $0.calls.isEmpty })
        // The resolved scenario writes calls back to an equal scenario.
        let again = try Self.parse(ScenarioWriter.yaml(for: scenario))
        #expect(again.services[0].calls == calls)
    }

    static let mistakes: [(label: String, calls: String, userCalls: String, expected: String)] = [
        ("unknown service", "    calls: [{service: usr}]", "",
         #"calls.yaml:6:23: services[0].calls[0].service: no service named "usr" in the scenario; did you mean "user"? (services: myapp, user, todo)"#),
        ("point out of range", "    calls: [{service: user, at: 150%}]", "",
         #"calls.yaml:6:33: services[0].calls[0].at: must be a share of the service time: a percentage (50%) or a fraction from 0 to 1, got "150%""#),
        ("at inside a group", "    calls:\n      - parallel: [{service: user, at: 0.5}]", "",
         #"calls.yaml:7:40: services[0].calls[0].parallel[0].at: calls of a parallel group are made together: set at on the group"#),
        ("probability above 1", "    calls: [{service: user, probability: 2}]", "",
         #"calls.yaml:6:42: services[0].calls[0].probability: must be a number from 0 to 1, got "2""#),
        ("unknown key", "    calls: [{service: user, timout: 1s}]", "",
         #"calls.yaml:6:29: services[0].calls[0].timout: unknown key "timout"; did you mean "timeout"?"#),
        ("a cycle", "    calls: [{service: user}]", "    calls: [{service: todo}, {service: myapp}]",
         #"calls.yaml:6:23: services[0].calls[0].service: calls form a cycle: myapp → user → myapp; a request would call for ever"#),
        ("a service calling itself", "    calls: [{service: myapp}]", "",
         #"calls.yaml:6:23: services[0].calls[0].service: calls form a cycle: myapp → myapp; a request would call for ever"#),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocated(index: Int) {
        let c = Self.mistakes[index]
        #expect {
            _ = try Self.parse(Self.scenario(calls: c.calls, userCalls: c.userCalls))
        } throws: { error in
            let description = (error as? ScenarioError)?.description ?? "\(error)"
            #expect(description == c.expected, "\(c.label)")
            return true
        }
    }

    @Test func processorSharingCallersAndOtherModelsAreRefused() throws {
        let yaml = Self.scenario().replacingOccurrences(
            of: "revisions: [{service-time: 20ms}]",
            with: "revisions: [{service-time: 20ms, cpu-model: processor-sharing, resources: {limits: {cpu: 1}}}]")
        let scenario = try Self.parse(yaml)
        #expect(throws: ScenarioError.self) { try scenario.knativeConfiguration(file: "calls.yaml") }
        let fixed = try Self.parse(Self.scenario().replacingOccurrences(
            of: "revisions: [{service-time: 20ms}]", with: "revisions: [{service-time: 20ms, pool: {kind: fixed, pods: 1}}]"))
        #expect(throws: ScenarioError.self) { try fixed.fixedPoolConfiguration(file: "calls.yaml") }
    }

    @Test func theShippedTodolistDecodes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for file in ["scenarios/todolist.yaml", "scenarios/validation/todolist.yaml"] {
            let scenario = try ScenarioLoader.load(path: root.appendingPathComponent(file).path)
            #expect(scenario.services.map(\.name) == ["myapp", "user", "todo"], "\(file)")
            #expect(scenario.services[0].calls.map { $0.calls[0].service } == ["user", "todo"], "\(file)")
            #expect(scenario.services[1].revisions.map(\.trafficPercent) == [50, 50])
            _ = try scenario.knativeConfiguration(file: file)
        }
    }
}
