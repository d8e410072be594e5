import Engine
import Foundation
import Results
import Testing

/// latency.csv: the fixed quantile grid, one column per class, empty cells for a class
/// without requests; and the summary's latency_cold / latency_warm metric paths.
@Suite struct LatencyFileTests {
    static func statistics(_ seconds: [Double]) -> LatencyStatistics {
        var statistics = LatencyStatistics()
        for value in seconds { statistics.record(seconds: value) }
        return statistics
    }

    @Test func everyGridQuantileIsARowAndAnEmptyClassLeavesItsCellsEmpty() throws {
        let warm = Self.statistics([0.1, 0.2, 0.3, 0.4])
        let text = String(decoding: ResultFiles.latencyCSV(all: warm, warm: warm, cold: LatencyStatistics()), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "quantile,all,warm,cold")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == ResultFiles.latencyQuantileGrid.count)
        #expect(rows.allSatisfy { $0.count == 4 && $0[3].isEmpty && $0[1] == $0[2] })
        // The grid's ends are the exact minimum and maximum.
        #expect(rows.first == ["0", "0.1", "0.1", ""])
        #expect(rows.last == ["1", "0.4", "0.4", ""])
        #expect(rows.map { Double($0[0])! } == ResultFiles.latencyQuantileGrid)
    }

    @Test func quantilesRiseAlongTheGrid() throws {
        let cold = Self.statistics((1...1000).map { Double($0) / 100 })
        let text = String(decoding: ResultFiles.latencyCSV(all: cold, warm: LatencyStatistics(), cold: cold), as: UTF8.self)
        let values = text.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[3])! }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        let median = try #require(values[ResultFiles.latencyQuantileGrid.firstIndex(of: 0.5)!])
        #expect(abs(median - 5.0) / 5.0 < 0.01)
    }

    @Test(arguments: ["latency_cold.p99", "latency_cold.count", "latency_warm.p50", "latency_warm.mean"])
    func coldAndWarmLatencyAreMetrics(path: String) {
        let catalog = MetricCatalog(revisions: ["hello-v1"])
        #expect(catalog.entry(for: path) != nil, "\(path) is not a metric")
        #expect(catalog.entry(for: path)?.isSeconds == !path.hasSuffix(".count"))
    }
}
