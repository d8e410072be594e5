import Foundation
import Serving

/// Renders the files of a run. Pure: bytes in, so that tests can compare them and
/// determinism is a property of these functions alone.
public enum ResultFiles {
    public static func summaryJSON(_ summary: Summary) throws -> Data {
        let encoder = JSONEncoder()
        // Sorted keys: dictionary order must never depend on hashing.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(summary)
        data.append(0x0A)
        return data
    }

    public static let timeSeriesHeader =
        "time,arrivals,completions,failures,in_flight,queued,pods_pending,pods_starting,pods_ready,pods_terminating,desired_pods,pods_created,cold_requests"

    public static func timeSeriesCSV(_ rows: [TimeSeriesRow]) -> Data {
        var text = timeSeriesHeader + "\n"
        text.reserveCapacity(rows.count * 32)
        for row in rows {
            text += NumberText.format(row.time)
            for value in [row.arrivals, row.completions, row.failures, row.inFlight, row.queued, row.podsPending,
                          row.podsStarting, row.podsReady, row.podsTerminating, row.desiredPods,
                          row.podsCreated, row.coldRequests] {
                text += ","
                text += String(value)
            }
            text += "\n"
        }
        return Data(text.utf8)
    }

    /// The files a run writes, in order: summary.json, timeseries.csv, latency.csv, and
    /// pods_by_node.csv for a model with nodes. Real mode writes the same list.
    public static func runFiles(summary: Summary, report: RunReport) throws -> [(name: String, contents: Data)] {
        var files: [(name: String, contents: Data)] = [
            ("summary.json", try summaryJSON(summary)),
            ("timeseries.csv", timeSeriesCSV(report.timeSeries)),
            (latencyFileName, latencyCSV(report)),
        ]
        if let nodes = report.podsByNode { files.append(("pods_by_node.csv", podsByNodeCSV(nodes))) }
        if let edges = edgesCSV(summary) { files.append(("edges.csv", edges)) }
        return files
    }
}
