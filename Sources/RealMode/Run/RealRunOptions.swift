/// Real mode's safety bounds and choices that a scenario does not carry.
public struct RealRunOptions: Sendable {
    /// Most pod processes alive at once (the default: 32). A pod the autoscaler
    /// asks for beyond it stays pending.
    public var maxProcesses: Int
    /// Longest scenario real mode accepts, in seconds: a real run takes its duration in
    /// wall-clock time.
    public var maxDurationSeconds: Double
    /// The function every pod runs: knsim-fn's path (nil: next to the running binary).
    public var functionExecutable: String?
    /// How the function does a request's work: `sleep` or `cpu`.
    public var work: String
    /// At the end, how long pods may drain before they are terminated, and how long
    /// after SIGTERM before SIGKILL.
    public var shutdownGraceSeconds: Double

    public init(maxProcesses: Int = 32, maxDurationSeconds: Double = 300, functionExecutable: String? = nil,
                work: String = "sleep", shutdownGraceSeconds: Double = 2) {
        self.maxProcesses = maxProcesses
        self.maxDurationSeconds = maxDurationSeconds
        self.functionExecutable = functionExecutable
        self.work = work
        self.shutdownGraceSeconds = shutdownGraceSeconds
    }
}
