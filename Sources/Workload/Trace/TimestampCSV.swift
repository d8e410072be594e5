import Engine

/// A CSV of request timestamps: one request per line, its arrival time in seconds
/// from the trace's origin, optionally followed by its service time in seconds.
///
///     timestamp,service_time      <- optional header (first line, not a number)
///     0.0125,0.043
///     0.3310,0.051
///
/// Timestamps must be non-decreasing; blank lines are ignored. Either every row has
/// a service time or none does. The whole trace is loaded (see `TraceLimits`):
/// validating it up front means a bad row is reported before the run, never in it.
public enum TimestampCSV {
    public static func load(file path: String, maxRows: Int = TraceLimits.defaultMaxRows) throws -> RecordedTrace {
        var arrivals: [SimTime] = []
        var serviceTimes: [SimDuration] = []
        var fields = CSVFields()
        var columns: Int? = nil          // 1 or 2, fixed by the first data row
        var names = ["timestamp", "service_time"]
        var previous: (seconds: Double, line: Int)? = nil
        var seenFirstLine = false

        try LineReader(path: path).forEachLine { number, line in
            if CSVFields.isBlank(line) { return true }
            fields.split(line)
            defer { seenFirstLine = true }
            if !seenFirstLine && fields.double(0) == nil {
                // A header: keep its names for messages.
                for i in 0..<min(2, fields.count) where !fields.string(i).isEmpty { names[i] = fields.string(i) }
                return true
            }
            func fail(_ column: Int, _ message: String) -> TraceError {
                TraceError(file: path, line: number, column: column + 1, field: column < 2 ? names[column] : nil, message: message)
            }
            let expected = columns ?? min(fields.count, 2)
            if fields.count > 2 { throw fail(2, "unexpected field '\(fields.string(2))': expected a timestamp and an optional service time") }
            guard fields.count == expected else {
                throw fail(min(fields.count, expected), expected == 2
                           ? "missing service time: the first row has one, so every row needs one"
                           : "unexpected service time: the first row has none, so no row may have one")
            }
            columns = expected
            guard let seconds = fields.double(0) else { throw fail(0, "not a number: '\(fields.string(0))'") }
            guard seconds >= 0 else { throw fail(0, "must be 0 or more, got \(seconds)") }
            if let previous, seconds < previous.seconds {
                throw fail(0, "timestamps must be sorted: \(seconds) is earlier than \(previous.seconds) on line \(previous.line)")
            }
            previous = (seconds, number)
            if expected == 2 {
                guard let service = fields.double(1) else { throw fail(1, "not a number: '\(fields.string(1))'") }
                guard service >= 0 else { throw fail(1, "must be 0 or more, got \(service)") }
                serviceTimes.append(.seconds(service))
            }
            guard arrivals.count < maxRows else {
                throw TraceError(file: path, line: number, message: "more than \(maxRows) rows; raise maxRows if memory allows (16 bytes a row)")
            }
            arrivals.append(.seconds(seconds))
            return true
        }
        return RecordedTrace(arrivals: arrivals, serviceTimes: serviceTimes)
    }
}
