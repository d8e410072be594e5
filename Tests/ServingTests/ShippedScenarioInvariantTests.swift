import Foundation
import Scenario
import Serving
import Testing

/// Issue 3's invariants on every shipped Knative scenario, at its own seed and two
/// others: every request ends completed, failed with a reason, or in flight; no pod
/// serves more than container-concurrency; node allocations never exceed allocatable;
/// pods never exceed max-scale.
@Suite struct ShippedScenarioInvariantTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")

    static var knativeScenarios: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().filter { name in
            let path = folder.appendingPathComponent(name).path
            guard let scenario = try? ScenarioLoader.load(path: path) else { return false }
            return (try? ScenarioSimulation.model(for: scenario, file: path)) == .knative
        }
    }

    @Test func thereAreKnativeScenariosToCheck() {
        #expect(Self.knativeScenarios.count >= 8, "\(Self.knativeScenarios)")
    }

    @Test(arguments: knativeScenarios, [UInt64(0), 1, 2])
    func invariantsHold(_ name: String, seedOffset: UInt64) throws {
        let path = Self.folder.appendingPathComponent(name).path
        var configuration = try ScenarioLoader.load(path: path).knativeConfiguration(file: path)
        configuration.seed &+= seedOffset
        var simulation = KnativeSimulation(configuration)
        let report = simulation.run()
        let o = report.overall
        #expect(o.arrived > 0)
        #expect(o.arrived == o.completed + o.failed + o.inFlight, "\(o)")
        #expect(o.failed == o.failuresByReason.values.reduce(0, +))
        for edge in report.edges {  // calls between services, when the scenario has some
            #expect(edge.sent == edge.completed + edge.failed + edge.inFlight, "\(edge.caller) → \(edge.calleeRevision)")
        }
        let revisions = configuration.services.flatMap(\.revisions)
        for (revision, spec) in zip(report.revisions, revisions) where spec.containerConcurrency > 0 {
            #expect(revision.maxPodConcurrency <= spec.containerConcurrency, "\(revision.name)")
            #expect(revision.totals.arrived == revision.totals.completed + revision.totals.failed + revision.totals.inFlight)
        }
        let maxScales = revisions.map { Int($0.autoscaling.deciderSpec().maxScale) }
        if maxScales.allSatisfy({ $0 > 0 }) {
            let most = report.timeSeries.map { $0.podsPending + $0.podsStarting + $0.podsReady }.max() ?? 0
            #expect(most <= maxScales.reduce(0, +), "pods \(most) > max-scale \(maxScales)")
        }
        #expect(simulation.clusterInvariantViolations().isEmpty)
    }
}
