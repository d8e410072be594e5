import Engine
import Foundation
import Scenario
import Serving
import Testing
@testable import RealMode

/// The to-do topology for real: myapp's knsim-fn calls user and todo through the
/// ingress, both started from zero. In `RealRunProcessTests` (serialized) because it
/// checks that no knsim-fn child is left.
extension RealRunProcessTests {
    static let todolistPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/validation/todolist.yaml").path

    @Test func theTodolistRunsItsCallsThroughTheProxiesAndAccountsForEveryRequest() async throws {
        let scenario = try ScenarioLoader.load(path: Self.todolistPath)
        var configuration = try scenario.knativeConfiguration(file: Self.todolistPath)
        // Requests from 5 s at 2 per second: 20 s hold the callees' scale from zero and
        // about thirty entry requests.
        configuration.duration = .seconds(20.0)
        let plan = LoadPlan(configuration)
        let result = try await RealRunner.run(configuration, options: Self.options)

        #expect(result.outcomes.count == plan.requests.count)
        let overall = result.report.overall
        #expect(overall.arrived == plan.requests.count)
        #expect(overall.completed + overall.failed + overall.inFlight == overall.arrived)
        #expect(overall.completed > 0)
        // Every completed entry reports its two calls, user's then todo's, both answered.
        let end = configuration.duration.nanoseconds
        for outcome in result.outcomes where outcome.failure == nil && outcome.finishedAt <= end {
            #expect(outcome.calls.map(\.callee) == ["user", "todo"])
            #expect(outcome.calls.allSatisfy { $0.caller == "myapp" && $0.failure == nil })
        }
        // Per edge, as the simulation reports them: myapp → user-v1, user-v2, todo-00001.
        let edges = result.report.edges
        #expect(edges.map(\.calleeRevision) == ["user-v1", "user-v2", "todo-00001"])
        #expect(edges.allSatisfy { $0.sent == $0.completed + $0.failed + $0.inFlight })
        // Every call a function reported as sent within the run is on its edge.
        let reported = result.outcomes.filter { $0.arrivedAt <= end }.reduce(0) { total, outcome in
            total + outcome.calls.filter { outcome.arrivedAt + $0.offset <= end }.count
        }
        #expect(reported > 0)
        #expect(edges.reduce(0) { $0 + $1.sent } == reported)
        #expect(edges.filter { $0.calleeRevision.hasPrefix("user") }.reduce(0) { $0 + $1.completed } > 0)
        #expect(edges.first { $0.calleeRevision == "todo-00001" }!.completed > 0)
        // The callees started from zero: their first calls met cold starts, on the edges
        // and on the entry requests' paths.
        let names = plan.revisionNames
        let started = Set(result.pods.filter { $0.readyAt != nil }.map { names[$0.revision] })
        #expect(started.isSuperset(of: ["todo-00001"]))
        #expect(started.contains("user-v1") || started.contains("user-v2"))
        #expect(edges.reduce(0) { $0 + $1.cold } >= 2)
        #expect((result.report.entryPaths?.coldByService["todo"] ?? 0) >= 1)
        #expect((result.report.entryPaths?.coldByService["user"] ?? 0) >= 1)
        #expect(result.report.coldStarts.requests >= 2)
        #expect(Self.childFunctionProcesses().isEmpty)
    }
}
