import Engine

/// The Azure Functions 2021 invocation trace
/// ("AzureFunctionsInvocationTraceForTwoWeeksJan2021.txt"): one row per invocation,
///
///     app,func,end_timestamp,duration
///
/// with times in seconds from the trace's start. An invocation arrived at
/// end_timestamp − duration and ran for duration: the loader returns those arrivals,
/// sorted (the file is ordered by end time, which is not arrival order), each with
/// its duration as the recorded service time.
public enum Azure2021Trace {
    /// Where trace time zero goes.
    public enum Origin: Sendable, Equatable {
        /// Trace time 0 is time 0: an invocation that arrived before the trace
        /// started (end − duration < 0) is an error naming its line.
        case traceStart
        /// The earliest arrival is time 0.
        case firstArrival
    }

    /// - Parameters:
    ///   - app, function: keep only rows with this app / func hash (nil: all).
    ///   - maxRows: rows kept in memory at most (16 bytes each plus 4 while sorting).
    public static func load(file path: String, app: String? = nil, function: String? = nil,
                            origin: Origin = .traceStart, maxRows: Int = TraceLimits.defaultMaxRows) throws -> RecordedTrace {
        let wantedApp = app.map { Array($0.utf8) }
        let wantedFunction = function.map { Array($0.utf8) }
        var fields = CSVFields()
        var columns: (app: Int, function: Int, end: Int, duration: Int)? = nil
        var arrivalSeconds: [Double] = []
        var durations: [SimDuration] = []

        try LineReader(path: path).forEachLine { number, line in
            if CSVFields.isBlank(line) { return true }
            fields.split(line)
            guard let c = columns else {
                let names = fields.header()
                func column(_ name: String) throws -> Int {
                    guard let i = names[name] else {
                        throw TraceError(file: path, line: number, field: name, message: "header has no '\(name)' column (expected app,func,end_timestamp,duration)")
                    }
                    return i
                }
                columns = (try column("app"), try column("func"), try column("end_timestamp"), try column("duration"))
                return true
            }
            let needed = max(c.app, c.function, c.end, c.duration) + 1
            guard fields.count >= needed else {
                throw TraceError(file: path, line: number, column: fields.count + 1, message: "expected \(needed) fields, got \(fields.count)")
            }
            if let wantedApp, !fields.equals(c.app, wantedApp) { return true }
            if let wantedFunction, !fields.equals(c.function, wantedFunction) { return true }
            guard let end = fields.double(c.end) else {
                throw TraceError(file: path, line: number, column: c.end + 1, field: "end_timestamp", message: "not a number: '\(fields.string(c.end))'")
            }
            guard let duration = fields.double(c.duration), duration >= 0 else {
                throw TraceError(file: path, line: number, column: c.duration + 1, field: "duration",
                                 message: "not a duration in seconds (a number, 0 or more): '\(fields.string(c.duration))'")
            }
            let arrival = end - duration
            if origin == .traceStart && arrival < 0 {
                throw TraceError(file: path, line: number, column: c.end + 1, field: "end_timestamp",
                                 message: "the invocation arrived before the trace started (end \(end) − duration \(duration) < 0); use origin firstArrival")
            }
            guard arrivalSeconds.count < maxRows else {
                throw TraceError(file: path, line: number, message: "more than \(maxRows) rows; raise maxRows if memory allows (about 20 bytes a row)")
            }
            arrivalSeconds.append(arrival)
            durations.append(.seconds(duration))
            return true
        }
        if columns == nil { throw TraceError(file: path, message: "empty file: expected the header app,func,end_timestamp,duration") }

        // Sort by arrival; ties keep file order, so the result never depends on the sort algorithm.
        var order = [Int32](0..<Int32(arrivalSeconds.count))
        order.sort { a, b in
            let x = arrivalSeconds[Int(a)], y = arrivalSeconds[Int(b)]
            return x < y || (x == y && a < b)
        }
        let base = origin == .firstArrival ? (order.first.map { arrivalSeconds[Int($0)] } ?? 0) : 0
        return RecordedTrace(arrivals: order.map { SimTime.seconds(arrivalSeconds[Int($0)] - base) },
                             serviceTimes: order.map { durations[Int($0)] })
    }
}
