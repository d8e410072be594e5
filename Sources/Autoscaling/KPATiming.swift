/// Times in the Autoscaling layer are `Int64` nanoseconds since the run started (the
/// same unit as Engine's `SimTime.nanoseconds`, without depending on Engine), so the
/// policies run unchanged on simulated and on wall-clock time.
public enum KPATiming {
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// `tickInterval`, pkg/autoscaler/scaling/multiscaler.go: the decider runs every 2 s.
    public static let tickInterval: Int64 = 2 * nanosecondsPerSecond

    /// `BucketSize`, pkg/autoscaler/config/config.go: metric buckets are 1 s wide.
    public static let bucketSize: Int64 = nanosecondsPerSecond

    /// `scrapeTickInterval`, pkg/autoscaler/metrics/collector.go: one scrape per second.
    public static let scrapeInterval: Int64 = nanosecondsPerSecond

    /// Whole seconds to nanoseconds.
    @inlinable public static func seconds(_ s: Int64) -> Int64 { s * nanosecondsPerSecond }
}
