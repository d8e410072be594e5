import Engine
import Results
import Scenario
import Serving
import Testing

/// The cost block, mesh.memory in the pods' requests, and pods by node — on a scenario
/// whose resource figures can be worked out by hand: two pods always bound (min-scale =
/// max-scale = 2) on three nodes, measured over the 600 s after a 60 s warm-up.
@Suite struct KnativeCostAndNodesTests {
    static func yaml(prices: String?, meshMemory: String = "384Mi") -> String {
        """
        name: priced
        duration: 660s
        warmup: 60s
        mesh: {memory: \(meshMemory)}
        services:
          - name: web
            revisions:
              - name: web-1
                service-time: 50ms
                resources: {requests: {cpu: 500m, memory: 256Mi}}
                annotations: {autoscaling.knative.dev/min-scale: "2", autoscaling.knative.dev/max-scale: "2"}
        workload:
          - service: web
            arrivals: {process: deterministic, interval: 700ms}
        \(prices.map { "prices: \($0)" } ?? "")

        """
    }

    static func summary(prices: String?, meshMemory: String = "384Mi") throws -> (Summary, RunReport) {
        let scenario = try ScenarioLoader.parse(yaml: yaml(prices: prices, meshMemory: meshMemory), file: "p.yaml",
                                                baseDirectory: ".")
        let (report, model) = try ScenarioSimulation.run(scenario, file: "p.yaml", progress: nil)
        var summary = Summary(report: report, scenario: scenario.name, seed: scenario.seed, model: model)
        summary.price(with: scenario.prices)
        return (summary, report)
    }

    @Test func costIsEachResourceTimesItsPrice() throws {
        let (summary, _) = try Self.summary(
            prices: "{vcpu-second: 0.00002, gib-second: 0.000004, million-requests: 0.5, node-hour: 0.2}")
        // By hand: a pod requests 500m + 25m (queue-proxy) + 100m (istio-proxy) = 0.625
        // vCPU and 256Mi + 384Mi (mesh.memory) = 0.625 GiB; two pods for 600 s.
        #expect(abs(summary.resources.vcpuSeconds - 750) < 1e-6)
        #expect(abs(summary.resources.memoryGibSeconds - 750) < 1e-6)
        #expect(abs(summary.resources.nodeSeconds - 1800) < 1e-6)
        // Requests at 0.7 s × k: k = 86 (60.2 s) … 942 (659.4 s).
        #expect(summary.requests.arrived == 857)
        let cost = try #require(summary.cost)
        #expect(abs(cost.vcpu - 0.015) < 1e-12)
        #expect(abs(cost.memory - 0.003) < 1e-12)
        #expect(abs(cost.requests - 0.0004285) < 1e-12)
        #expect(abs(cost.nodes - 0.1) < 1e-12)
        #expect(abs(cost.total - 0.1184285) < 1e-12)
        // A metric like any other.
        #expect(abs((SummaryMetrics(summary)["cost.total"]?.value ?? -1) - 0.1184285) < 1e-12)
        #expect(abs(ComparisonMetric.cost.read(summary) - 0.1184285) < 1e-12)
    }

    @Test func aResourceWithoutAPriceCostsNothing() throws {
        let (summary, _) = try Self.summary(prices: "{node-hour: 0.2}")
        let cost = try #require(summary.cost)
        #expect(cost.vcpu == 0 && cost.memory == 0 && cost.requests == 0)
        #expect(abs(cost.total - 0.1) < 1e-12)
    }

    @Test func noPricesNoCostBlock() throws {
        let (summary, _) = try Self.summary(prices: nil)
        #expect(summary.cost == nil)
        let json = String(decoding: try ResultFiles.summaryJSON(summary), as: UTF8.self)
        #expect(!json.contains("\"cost\""))
        #expect(SummaryMetrics(summary)["cost.total"] == nil)
        #expect(ComparisonMetric.defaults(priced: false).allSatisfy { $0.name != "cost.total" })
        #expect(ComparisonMetric.defaults(priced: true).contains { $0.name == "cost.total" })
    }

    @Test func costIsAnExpectationMetricOnlyWithPrices() throws {
        let priced = try ScenarioLoader.parse(yaml: Self.yaml(prices: "{node-hour: 1}"), file: "p.yaml", baseDirectory: ".")
        #expect(MetricCatalog(scenario: priced).entry(for: "cost.total") != nil)
        let unpriced = try ScenarioLoader.parse(yaml: Self.yaml(prices: nil), file: "p.yaml", baseDirectory: ".")
        #expect(MetricCatalog(scenario: unpriced).entry(for: "cost.total") == nil)
    }

    @Test func meshMemoryIsInEveryPodsRequest() throws {
        // 128Mi (the default) instead of 384Mi: 256Mi less per pod, for two pods and 600 s.
        let (withDefault, _) = try Self.summary(prices: nil, meshMemory: "128Mi")
        let (withLarger, _) = try Self.summary(prices: nil)
        #expect(abs(withLarger.resources.memoryGibSeconds - withDefault.resources.memoryGibSeconds - 2 * 0.25 * 600) < 1e-6)
    }

    @Test func podsByNodeAddUpToTheBoundPods() throws {
        let (_, report) = try Self.summary(prices: nil)
        let rows = try #require(report.podsByNode)
        #expect(Set(rows.map(\.node)) == ["default-0", "default-1", "default-2"])
        // One row per node per second, in time order.
        #expect(rows.count == 3 * report.timeSeries.count)
        var byTime: [Double: (pods: Int, ready: Int)] = [:]
        for row in rows {
            #expect(row.ready <= row.pods)
            byTime[row.time, default: (0, 0)].pods += row.pods
            byTime[row.time, default: (0, 0)].ready += row.ready
        }
        for second in report.timeSeries {
            let sums = try #require(byTime[second.time])
            #expect(sums.pods == second.podsStarting + second.podsReady + second.podsTerminating, "at \(second.time)")
            #expect(sums.ready == second.podsReady, "at \(second.time)")
        }
        // Least-allocated scoring spreads the two pods over two nodes.
        let last = rows.suffix(3)
        #expect(last.map(\.pods).sorted() == [0, 1, 1])
        let csv = String(decoding: ResultFiles.podsByNodeCSV(Array(rows.prefix(3))), as: UTF8.self)
        #expect(csv.hasPrefix("time,node,pods,ready\n1,default-0,"))
    }
}
