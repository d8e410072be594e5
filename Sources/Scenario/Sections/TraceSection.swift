import Engine

/// The formats of recorded traces knsim replays.
public enum TraceFormat: String, Sendable, Equatable, CaseIterable {
    /// One arrival per line: a time since the trace's start, in seconds or as a
    /// duration (`1.5`, `1500ms`); several comma-separated columns with `column`
    /// choosing one; an optional header; `#` comments.
    case timestamps
    /// Azure Functions 2019 (`invocations_per_function_md.anon.d*.csv`): per
    /// function, invocation counts per minute in 1440 columns after HashOwner,
    /// HashApp, HashFunction and Trigger.
    case azure2019 = "azure-2019"
    /// Azure Functions 2021 (`AzureFunctionsInvocationTraceForTwoWeeksJan2021.txt`):
    /// one row per invocation with app, func, end_timestamp and duration (seconds).
    case azure2021 = "azure-2021"
}

/// Arrivals replayed from a trace file. The file is checked to exist; its contents
/// are read by the Workload layer.
public struct TraceConfig: Sendable, Equatable {
    public var format: TraceFormat
    /// Resolved path (relative paths are against the scenario's folder).
    public var file: String
    /// Azure traces: the function to replay, its HashFunction (2019) or func (2021)
    /// value. Default: nil, every function in the file together.
    public var function: String?
    /// azure-2019: the duration percentiles file (`function_durations_percentiles.anon.d*.csv`),
    /// whose row for the function gives the service time. Resolved path. Default:
    /// nil, the revision's service time. (azure-2021 traces carry each invocation's
    /// duration, which is its service time unless the entry sets `service-time`.)
    public var durationsFile: String?
    /// timestamps: which column holds the times. Default: the only one.
    public var column: ColumnSelector?
    /// The trace time replayed at the run's start: the trace is shifted so that
    /// `offset` into it is time 0 (e.g. `9h` to start an Azure day at 09:00).
    /// Default: 0.
    public var offset: SimDuration

    public init(format: TraceFormat, file: String, function: String? = nil, durationsFile: String? = nil,
                column: ColumnSelector? = nil, offset: SimDuration = .zero) {
        self.format = format
        self.file = file
        self.function = function
        self.durationsFile = durationsFile
        self.column = column
        self.offset = offset
    }

    static let keys = ["format", "file", "function", "durations-file", "column", "offset"]

    init(decoding fields: inout MappingReader) throws(ScenarioError) {
        let formatName = try fields.required("format").oneOf(TraceFormat.allCases.map(\.rawValue), what: "trace format")
        format = TraceFormat(rawValue: formatName)!
        file = try fields.required("file").existingFile("a trace file")
        let functionField = fields.optional("function")
        function = try functionField?.nonEmptyString("must be a function's hash as the trace writes it")
        if let functionField, format == .timestamps {
            throw functionField.error("only applies to the azure-2019 and azure-2021 formats")
        }
        let durationsField = fields.optional("durations-file")
        if let durationsField, format != .azure2019 {
            throw durationsField.error(format == .azure2021
                ? "only applies to the azure-2019 format (azure-2021 rows carry their own durations)"
                : "only applies to the azure-2019 format")
        }
        durationsFile = try durationsField?.existingFile("a durations file")
        let columnField = fields.optional("column")
        if let columnField, format != .timestamps {
            throw columnField.error("only applies to the timestamps format")
        }
        column = try columnField.map { r throws(ScenarioError) in try ColumnSelector(decoding: r) }
        offset = try fields.optional("offset")?.duration() ?? .zero
    }
}
