import Foundation

/// One numeric field of summary.json.
public struct MetricReading: Sendable, Equatable {
    /// Dotted path, e.g. `revisions.hello-v1.latency.p95`.
    public var path: String
    public var value: Double
    /// Whether the value is a time in seconds (quantile fields, `*_seconds`, `mean_time_in_system`),
    /// which decides the units an expectation may compare it with and how it prints.
    public var isSeconds: Bool
}

/// The numeric fields of a summary, flattened to dotted paths by walking its JSON.
///
/// Walking the encoded JSON rather than listing fields by hand means the metric
/// paths users write are exactly summary.json's field names and cannot drift from it.
public struct SummaryMetrics: Sendable, Equatable {
    /// Sorted by path.
    public let readings: [MetricReading]

    public init(_ summary: Summary) {
        // Encoding our own value cannot fail: Summary holds only strings and finite numbers.
        let data = (try? ResultFiles.summaryJSON(summary)) ?? Data("{}".utf8)
        try! self.init(json: data)
    }

    /// A summary.json file's bytes (possibly written by another knsim version).
    public init(json: Data) throws {
        let root = try JSONDecoder().decode(JSONValue.self, from: json)
        var readings: [MetricReading] = []
        Self.walk(root, prefix: "", parentIsQuantiles: false, into: &readings)
        self.readings = readings.sorted { $0.path < $1.path }
    }

    public var paths: [String] { readings.map(\.path) }

    public subscript(path: String) -> MetricReading? {
        // Binary search: readings are sorted.
        var low = 0, high = readings.count
        while low < high {
            let mid = (low + high) / 2
            if readings[mid].path < path { low = mid + 1 } else { high = mid }
        }
        return low < readings.count && readings[low].path == path ? readings[low] : nil
    }

    private static func walk(_ value: JSONValue, prefix: String, parentIsQuantiles: Bool, into readings: inout [MetricReading]) {
        switch value {
        case .number(let number):
            let leaf = prefix.split(separator: ".").last.map(String.init) ?? prefix
            let seconds = (parentIsQuantiles && leaf != "count") || leaf.hasSuffix("_seconds") || leaf == "mean_time_in_system"
            readings.append(MetricReading(path: prefix, value: number, isSeconds: seconds))
        case .object(let members):
            // A quantiles object is recognised by its shape (it has a p99).
            let isQuantiles = members.contains { $0.key == "p99" }
            for member in members {
                walk(member.value, prefix: prefix.isEmpty ? member.key : prefix + "." + member.key,
                     parentIsQuantiles: isQuantiles, into: &readings)
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                walk(item, prefix: prefix + ".\(index)", parentIsQuantiles: false, into: &readings)
            }
        case .string, .bool, .null:
            break
        }
    }
}
