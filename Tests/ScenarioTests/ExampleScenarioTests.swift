import Testing
@testable import Scenario

@Test func scratch() throws {
    for y in [ExampleScenarios.minimal, ExampleScenarios.canary, ExampleScenarios.distributions] {
        do { let s = try ScenarioLoader.parse(yaml: y, file: "x.yaml", baseDirectory: "/tmp"); print(s) } catch { print(error) }
    }
}
