import Engine
import Foundation
import Serving

/// latency.csv: the latency distribution of all completed requests, of those that met
/// no cold start and of those that did, read from their quantile sketches on one
/// fixed grid, so that a CDF can be drawn and two runs' files line up row by row.
extension ResultFiles {
    public static let latencyFileName = "latency.csv"
    public static let latencyHeader = "quantile,all,warm,cold"

    /// 0 and 1 are the exact minimum and maximum; between them the grid is dense
    /// where latency distributions are interesting, in the tails.
    public static let latencyQuantileGrid: [Double] =
        [0, 0.001, 0.005] + (1...99).map { Double($0) / 100 } + [0.995, 0.999, 0.9995, 0.9999, 1]

    /// Seconds; a cell is empty when its class has no completed request.
    public static func latencyCSV(all: LatencyStatistics, warm: LatencyStatistics, cold: LatencyStatistics) -> Data {
        var text = latencyHeader + "\n"
        for q in latencyQuantileGrid {
            text += NumberText.format(q)
            for statistics in [all, warm, cold] {
                text += ","
                if let value = statistics.quantile(q) { text += NumberText.format(value) }
            }
            text += "\n"
        }
        return Data(text.utf8)
    }

    public static func latencyCSV(_ report: RunReport) -> Data {
        latencyCSV(all: report.overall.latency, warm: report.warmLatency, cold: report.coldLatency)
    }
}
