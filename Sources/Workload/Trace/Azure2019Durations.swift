import Engine

/// One function's execution-time summary from the Azure Functions 2019 trace
/// ("function_durations_percentiles.anon.dNN.csv"), in milliseconds:
///
///     HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
///     percentile_Average_0,percentile_Average_1,percentile_Average_25,
///     percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100
///
/// `serviceTime` turns the seven percentiles into a distribution whose inverse CDF
/// is linear between them (seconds). Columns are found by header name.
public struct Azure2019Durations: Sendable, Equatable {
    public let hashOwner: String
    public let hashApp: String
    public let hashFunction: String
    /// Milliseconds, as in the file.
    public let averageMilliseconds: Double
    public let count: UInt64
    public let minimumMilliseconds: Double
    public let maximumMilliseconds: Double
    /// Quantiles in seconds at probabilities 0, .01, .25, .5, .75, .99, 1.
    public let quantiles: PiecewiseLinearQuantiles

    public var serviceTime: ServiceTimeModel { .percentiles(quantiles) }

    static let percentileColumns: [(name: String, probability: Double)] = [
        ("percentile_Average_0", 0), ("percentile_Average_1", 0.01), ("percentile_Average_25", 0.25),
        ("percentile_Average_50", 0.5), ("percentile_Average_75", 0.75), ("percentile_Average_99", 0.99),
        ("percentile_Average_100", 1),
    ]

    /// - Parameter function: the HashFunction to read; nil takes the first data row.
    public static func load(file path: String, function: String? = nil) throws -> Azure2019Durations {
        var fields = CSVFields()
        var header: [String: Int]? = nil
        var headerLine = 1
        let wanted = function.map { Array($0.utf8) }
        var result: Azure2019Durations? = nil
        try LineReader(path: path).forEachLine { number, line in
            if CSVFields.isBlank(line) { return true }
            fields.split(line)
            guard let names = header else {
                header = fields.header()
                headerLine = number
                return true
            }
            func column(_ name: String) throws -> Int {
                guard let i = names[name] else {
                    throw TraceError(file: path, line: headerLine, field: name, message: "header has no '\(name)' column")
                }
                return i
            }
            let functionColumn = try column("HashFunction")
            if let wanted, fields.count <= functionColumn || !fields.equals(functionColumn, wanted) { return true }
            func value(_ name: String) throws -> Double {
                let i = try column(name)
                guard i < fields.count else {
                    throw TraceError(file: path, line: number, column: i + 1, field: name, message: "missing field")
                }
                guard let v = fields.double(i), v >= 0 else {
                    throw TraceError(file: path, line: number, column: i + 1, field: name,
                                     message: "not a duration in ms (a number, 0 or more): '\(fields.string(i))'")
                }
                return v
            }
            var points: [(probability: Double, value: Double)] = []
            var previousMilliseconds = 0.0
            for (name, p) in percentileColumns {
                let v = try value(name)
                if !points.isEmpty && v < previousMilliseconds {
                    throw TraceError(file: path, line: number, column: try column(name) + 1, field: name,
                                     message: "percentiles must not decrease: \(v) ms is below the previous one (\(previousMilliseconds) ms)")
                }
                previousMilliseconds = v
                points.append((p, v / 1000))
            }
            let countValue = try value("Count")
            result = Azure2019Durations(
                hashOwner: fields.string(try column("HashOwner")), hashApp: fields.string(try column("HashApp")),
                hashFunction: fields.string(functionColumn), averageMilliseconds: try value("Average"),
                count: UInt64(countValue), minimumMilliseconds: try value("Minimum"),
                maximumMilliseconds: try value("Maximum"), quantiles: try PiecewiseLinearQuantiles(points))
            return false
        }
        guard let result else {
            throw TraceError(file: path, field: "HashFunction",
                             message: header == nil ? "empty file: expected a header row"
                                 : function.map { "no row for function '\($0)'" } ?? "no data rows")
        }
        return result
    }
}
