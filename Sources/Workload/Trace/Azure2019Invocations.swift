import Engine

/// One function's invocation counts per minute from the Azure Functions 2019 trace
/// ("invocations_per_function_md.anon.dNN.csv", one file per day):
///
///     HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440
///
/// Each file is streamed: only the chosen function's row is parsed in full, so a
/// day file of tens of thousands of functions costs one line buffer of memory.
public struct Azure2019Invocations: Sendable, Equatable {
    public static let minutesPerDay = 1440

    public let hashOwner: String
    public let hashApp: String
    public let hashFunction: String
    public let trigger: String
    /// 1440 counts per day, the days in the order the files were given. A day file
    /// without the function contributes 1440 zeros.
    public let countsPerMinute: [UInt32]

    public init(hashOwner: String = "", hashApp: String = "", hashFunction: String, trigger: String = "",
                countsPerMinute: [UInt32]) {
        self.hashOwner = hashOwner
        self.hashApp = hashApp
        self.hashFunction = hashFunction
        self.trigger = trigger
        self.countsPerMinute = countsPerMinute
    }

    public var days: Int { countsPerMinute.count / Self.minutesPerDay }
    public var totalInvocations: UInt64 { countsPerMinute.reduce(0) { $0 + UInt64($1) } }

    /// Loads one function over the given day files.
    /// - Parameter function: its HashFunction; nil takes the first data row of the
    ///   first file (and that function in the later files).
    public static func load(files: [String], function: String? = nil) throws -> Azure2019Invocations {
        guard !files.isEmpty else { throw WorkloadError(parameter: "files", message: "needs at least one day file") }
        var chosen = function
        var meta: (owner: String, app: String, trigger: String)? = nil
        var counts: [UInt32] = []
        counts.reserveCapacity(files.count * minutesPerDay)
        for (day, path) in files.enumerated() {
            let row = try readRow(file: path, function: chosen)
            if let row {
                chosen = row.function
                if meta == nil { meta = (row.owner, row.app, row.trigger) }
                counts += row.counts
            } else if day == 0 || chosen == nil {
                throw TraceError(file: path, field: "HashFunction",
                                 message: chosen.map { "no row for function '\($0)'" } ?? "no data rows")
            } else {
                counts += repeatElement(0, count: minutesPerDay)
            }
        }
        return Azure2019Invocations(hashOwner: meta?.owner ?? "", hashApp: meta?.app ?? "", hashFunction: chosen ?? "",
                                    trigger: meta?.trigger ?? "", countsPerMinute: counts)
    }

    private struct Row { var owner, app, function, trigger: String; var counts: [UInt32] }

    private static func readRow(file path: String, function: String?) throws -> Row? {
        var fields = CSVFields()
        var columns: (owner: Int, app: Int, function: Int, trigger: Int, firstMinute: Int)? = nil
        let wanted = function.map { Array($0.utf8) }
        var found: Row? = nil
        try LineReader(path: path).forEachLine { number, line in
            if CSVFields.isBlank(line) { return true }
            guard let c = columns else {
                fields.split(line)
                columns = try headerColumns(fields, file: path, line: number)
                return true
            }
            let keyFields = max(c.owner, c.app, c.function, c.trigger) + 1
            fields.splitPrefix(line, fields: keyFields)
            if let wanted, fields.count <= c.function || !fields.equals(c.function, wanted) { return true }
            fields.split(line)
            let expected = c.firstMinute + minutesPerDay
            guard fields.count == expected else {
                throw TraceError(file: path, line: number, column: min(fields.count, expected) + 1,
                                 message: "expected \(expected) fields (4 keys and 1440 minutes), got \(fields.count)")
            }
            var counts = [UInt32](repeating: 0, count: minutesPerDay)
            for m in 0..<minutesPerDay {
                guard let n = fields.unsignedInteger(c.firstMinute + m), n <= UInt64(UInt32.max) else {
                    throw TraceError(file: path, line: number, column: c.firstMinute + m + 1, field: "\(m + 1)",
                                     message: "not an invocation count: '\(fields.string(c.firstMinute + m))'")
                }
                counts[m] = UInt32(n)
            }
            found = Row(owner: fields.string(c.owner), app: fields.string(c.app), function: fields.string(c.function),
                        trigger: fields.string(c.trigger), counts: counts)
            return false
        }
        if columns == nil { throw TraceError(file: path, message: "empty file: expected a header row") }
        return found
    }

    private static func headerColumns(_ fields: CSVFields, file: String, line: Int)
        throws -> (owner: Int, app: Int, function: Int, trigger: Int, firstMinute: Int) {
        let names = fields.header()
        func column(_ name: String) throws -> Int {
            guard let i = names[name] else {
                throw TraceError(file: file, line: line, field: name, message: "header has no '\(name)' column")
            }
            return i
        }
        let first = try column("1")
        for m in 1...minutesPerDay {
            guard first + m - 1 < fields.count, fields.string(first + m - 1) == String(m) else {
                throw TraceError(file: file, line: line, column: first + m, field: String(m),
                                 message: "expected minute columns 1...1440 in order after '1'")
            }
        }
        return (try column("HashOwner"), try column("HashApp"), try column("HashFunction"), try column("Trigger"), first)
    }
}
