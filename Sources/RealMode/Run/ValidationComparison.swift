import Foundation
import Results
import Serving

/// `knsim validate`'s comparison of a simulated run with a real run of one scenario:
/// metric by metric (the simulated value, the real value, real − simulated) and both
/// ready-pod series side by side.
public struct ValidationComparison: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var metric: String
        public var simulated: Double
        public var real: Double
        public var difference: Double { real - simulated }
    }

    public static let csvHeader = "metric,simulated,real,difference"
    public static let podsHeader = "time,simulated_pods,real_pods"

    public var rows: [Row]
    /// (time, simulated ready pods, real ready pods) per second; nil where one series
    /// has no row at that time.
    public var pods: [(time: Double, simulated: Int?, real: Int?)]

    public static func == (a: ValidationComparison, b: ValidationComparison) -> Bool {
        a.rows == b.rows && a.pods.map(\.time) == b.pods.map(\.time)
            && a.pods.map(\.simulated) == b.pods.map(\.simulated) && a.pods.map(\.real) == b.pods.map(\.real)
    }

    public init(simulated: Summary, real: Summary, simulatedSeries: [TimeSeriesRow], realSeries: [TimeSeriesRow]) {
        rows = [
            Row(metric: "cold_starts", simulated: Double(simulated.coldStarts), real: Double(real.coldStarts)),
            Row(metric: "cold_requests", simulated: Double(simulated.coldStart.requests),
                real: Double(real.coldStart.requests)),
            Row(metric: "latency_p50", simulated: simulated.latency.p50, real: real.latency.p50),
            Row(metric: "latency_p95", simulated: simulated.latency.p95, real: real.latency.p95),
            Row(metric: "latency_p99", simulated: simulated.latency.p99, real: real.latency.p99),
            // Requests that met a cold start (the summary's `latency_cold`).
            Row(metric: "latency_cold_p50", simulated: simulated.latencyCold.p50, real: real.latencyCold.p50),
            Row(metric: "latency_cold_p95", simulated: simulated.latencyCold.p95, real: real.latencyCold.p95),
            Row(metric: "latency_cold_p99", simulated: simulated.latencyCold.p99, real: real.latencyCold.p99),
            Row(metric: "failures_total", simulated: Double(simulated.failures.total), real: Double(real.failures.total)),
            Row(metric: "pods_mean", simulated: simulated.pods.mean, real: real.pods.mean),
            Row(metric: "pods_max", simulated: simulated.pods.max, real: real.pods.max),
        ]
        pods = Self.sideBySide(simulatedSeries, realSeries)
        let pairs = pods.compactMap { row in row.simulated.flatMap { s in row.real.map { (s, $0) } } }
        if !pairs.isEmpty {
            let error = pairs.reduce(0.0) { $0 + abs(Double($1.0 - $1.1)) } / Double(pairs.count)
            rows.append(Row(metric: "pods_ready_mean_abs_error", simulated: 0, real: error))
        }
    }

    /// Both ready-pod series, matched by time (each row's end of second).
    static func sideBySide(_ simulated: [TimeSeriesRow], _ real: [TimeSeriesRow]) -> [(time: Double, simulated: Int?, real: Int?)] {
        var result: [(time: Double, simulated: Int?, real: Int?)] = []
        var i = 0, j = 0
        while i < simulated.count || j < real.count {
            let s = i < simulated.count ? simulated[i].time : .infinity
            let r = j < real.count ? real[j].time : .infinity
            if s == r {
                result.append((s, simulated[i].podsReady, real[j].podsReady)); i += 1; j += 1
            } else if s < r {
                result.append((s, simulated[i].podsReady, nil)); i += 1
            } else {
                result.append((r, nil, real[j].podsReady)); j += 1
            }
        }
        return result
    }

    public var csv: Data {
        var text = Self.csvHeader + "\n"
        for row in rows {
            text += "\(row.metric),\(NumberText.format(row.simulated)),\(NumberText.format(row.real)),\(NumberText.format(row.difference))\n"
        }
        return Data(text.utf8)
    }

    public var podsCSV: Data {
        var text = Self.podsHeader + "\n"
        for row in pods {
            text += "\(NumberText.format(row.time)),\(row.simulated.map(String.init) ?? ""),\(row.real.map(String.init) ?? "")\n"
        }
        return Data(text.utf8)
    }

    /// The comparison as a table for the terminal.
    public var table: String {
        let header = ["metric", "simulated", "real", "difference"]
        let cells = rows.map { [$0.metric, Self.short($0.simulated), Self.short($0.real), Self.short($0.difference)] }
        let widths = header.indices.map { c in ([header] + cells).map { $0[c].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + cells.map(line)).joined(separator: "\n")
    }

    static func short(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return String(Int64(value)) }
        return String(format: "%.4f", value)
    }
}
