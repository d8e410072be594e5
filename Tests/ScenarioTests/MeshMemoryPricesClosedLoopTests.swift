import Engine
import Foundation
import Serving
import Testing
@testable import Scenario

/// mesh.memory (the sidecar's memory request), the prices section, and closed-loop
/// workloads as the Knative model receives them.
@Suite struct MeshMemoryPricesClosedLoopTests {
    static let mib = 1_048_576.0

    static func parse(_ text: String) throws -> Scenario {
        try ScenarioLoader.parse(yaml: text, file: "t.yaml", baseDirectory: BuildingKnativeTests.scenarios)
    }

    static func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func meshMemoryIsTheSidecarsMemoryRequest() throws {
        let scenario = try Self.parse(BuildingKnativeTests.yaml(top: "mesh: {memory: 300Mi}"))
        #expect(scenario.mesh.memory == 300 * Self.mib)
        #expect(scenario.mesh.resources == ResourceList(cpu: 0.1, memory: 300 * Self.mib))
        let model = try scenario.knativeConfiguration(file: "t.yaml")
        #expect(model.mesh.sidecarRequests.memoryBytes == 300 << 20)
        #expect(model.mesh.sidecarRequests.milliCPU == 100)
        // Given as resources.memory it is the same value.
        let viaResources = try Self.parse(BuildingKnativeTests.yaml(top: "mesh: {resources: {memory: 300Mi}}"))
        #expect(viaResources.mesh.memory == 300 * Self.mib)
        // The same value twice is fine; two different ones are an error at the second.
        #expect(Self.error(BuildingKnativeTests.yaml(top: "mesh: {memory: 300Mi, resources: {memory: 300Mi}}")) == "no error")
        let conflict = Self.error(BuildingKnativeTests.yaml(top: "mesh: {memory: 300Mi, resources: {memory: 200Mi}}"))
        #expect(conflict.contains("mesh.resources.memory"), "\(conflict)")
        #expect(conflict.contains("also set at mesh.memory (line 3)"), "\(conflict)")
        // Istio's default sidecar request.
        #expect(MeshConfig().memory == 128 * Self.mib)
    }

    @Test func meshMemoryCountsWhenAPodMustFitANode() {
        let text = BuildingKnativeTests.yaml(
            top: "mesh: {memory: 3Gi}\ncluster: {node-pools: [{name: small, count: 1, cpu: 4, memory: 2Gi}]}")
        #expect(Self.error(text).contains("more than a node of any pool has"), "\(Self.error(text))")
    }

    @Test func pricesDecode() throws {
        let scenario = try Self.parse(BuildingKnativeTests.yaml(
            top: "prices: {vcpu-second: 0.000024, gib-second: 2.5e-6, million-requests: 0.4, node-hour: 0}"))
        #expect(scenario.prices == PricesConfig(vcpuSecond: 0.000024, gibSecond: 2.5e-6, millionRequests: 0.4, nodeHour: 0))
        #expect(try Self.parse(BuildingKnativeTests.yaml()).prices == nil)
        #expect(try Self.parse(BuildingKnativeTests.yaml(top: "prices: {}")).prices == PricesConfig())
        // Written back and read again, the prices are the same.
        let reread = try Self.parse(ScenarioWriter.yaml(for: scenario))
        #expect(reread.prices == scenario.prices)
    }

    @Test(arguments: [
        ("prices: {vcpu-second: -1}", "t.yaml:3:23: prices.vcpu-second: must be a price, 0 or more, got \"-1\""),
        ("prices: {node-hours: 1}", "t.yaml:3:10: prices.node-hours: unknown key \"node-hours\"; did you mean \"node-hour\"?"),
        ("prices: {gib-second: cheap}", "prices.gib-second: must be a price, 0 or more"),
    ])
    func badPricesAreLocatedErrors(top: String, expected: String) {
        let message = Self.error(BuildingKnativeTests.yaml(top: top))
        #expect(message.contains(expected), "\(message)")
    }

    @Test func closedLoopReachesTheModelAsClients() throws {
        let model = try BuildingKnativeTests.build(BuildingKnativeTests.yaml(
            workload: "arrivals: {process: closed-loop, clients: 12, think-time: 2s}"))
        let clients = try #require(model.workloads[0].clients)
        #expect(clients.clientCount == 12)
        #expect(clients.thinkTime == .constant(2))
        #expect(clients.start == .afterThinkTime)
    }
}
