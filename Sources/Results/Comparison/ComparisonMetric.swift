/// A number read from each run's summary and compared across variants.
///
/// `name` is the summary.json path of the value (what expectations use), so the
/// CSV's metric column means the same as everywhere else; values stay in the
/// summary's units (seconds) in files, and are scaled only for the table.
public struct ComparisonMetric: Sendable {
    public let name: String
    /// How the table labels the row, unit included.
    public let label: String
    /// Table value = file value × `displayScale` (seconds → milliseconds).
    public let displayScale: Double
    public let displayDecimals: Int
    public let read: @Sendable (Summary) -> Double

    /// The metrics every comparison reports (`cost` joins them for a scenario with
    /// prices: see `defaults(priced:)`).
    public static let all: [ComparisonMetric] = [
        ComparisonMetric(name: "cold_starts", label: "cold starts", displayScale: 1, displayDecimals: 1) { Double($0.coldStarts) },
        ComparisonMetric(name: "latency.p50", label: "latency p50 (ms)", displayScale: 1000, displayDecimals: 2) { $0.latency.p50 },
        ComparisonMetric(name: "latency.p95", label: "latency p95 (ms)", displayScale: 1000, displayDecimals: 2) { $0.latency.p95 },
        ComparisonMetric(name: "latency.p99", label: "latency p99 (ms)", displayScale: 1000, displayDecimals: 2) { $0.latency.p99 },
        ComparisonMetric(name: "failures.total", label: "failures", displayScale: 1, displayDecimals: 1) { Double($0.failures.total) },
        ComparisonMetric(name: "pods.integral", label: "pod-seconds", displayScale: 1, displayDecimals: 1) { $0.pods.integral },
    ]

    /// The scenario's total cost at its prices (0 for a summary without a cost block).
    public static let cost = ComparisonMetric(name: "cost.total", label: "cost", displayScale: 1, displayDecimals: 4) {
        $0.cost?.total ?? 0
    }

    /// The table's rows: `all`, and the cost when the scenario gives prices.
    public static func defaults(priced: Bool) -> [ComparisonMetric] { priced ? all + [cost] : all }

    public static func named(_ name: String) -> ComparisonMetric? { (all + [cost]).first { $0.name == name } }
}
