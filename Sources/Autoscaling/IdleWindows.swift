/// What happens to an instance after it finished a request, in the vocabulary of
/// "Serverless in the Wild" (Shahrad et al., USENIX ATC 2020): the *pre-warm window* is
/// how long after the execution the application is loaded again (0: it is never
/// unloaded), the *keep-alive window* how long it then stays loaded waiting for a request.
/// Nanoseconds.
public struct IdleWindows: Sendable, Equatable, CustomStringConvertible {
    public var prewarm: Int64
    public var keepAlive: Int64

    public init(prewarm: Int64, keepAlive: Int64) {
        precondition(prewarm >= 0 && keepAlive >= 0, "windows are durations")
        self.prewarm = prewarm
        self.keepAlive = keepAlive
    }

    public var description: String { "prewarm=\(prewarm)ns keepAlive=\(keepAlive)ns" }
}

/// A platform policy that decides the idle windows of scale-per-request instances
/// (`KeepAlivePolicy`, `HybridHistogramPolicy`). The cluster model asks it when an
/// instance finishes a request.
public protocol IdleInstancePolicy: Sendable {
    /// The windows to apply to an instance that has just finished a request.
    func idleWindows() -> IdleWindows
}
