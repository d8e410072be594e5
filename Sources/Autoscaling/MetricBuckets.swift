/// How a window of buckets is averaged (annotation
/// `autoscaling.knative.dev/metric-aggregation-algorithm`).
public enum AggregationAlgorithm: String, Sendable, Equatable, CaseIterable {
    /// The default: the mean over the seconds that have data (`TimedFloat64Buckets`).
    case linear
    /// Exponentially decaying weights, newest first (`WeightedFloat64Buckets`).
    case weightedExponential = "weighted-exponential"
}

/// One time series of a revision's metric: a fixed ring of buckets over a window, with
/// Knative's recording and averaging rules (pkg/autoscaler/aggregation/bucketing.go).
///
/// Behaviour that decisions depend on, all reproduced:
/// * Values recorded in the same bucket are added (scraper + activator).
/// * A record after a window with no write clears every bucket and restarts the
///   partial-window count (`firstWrite`); otherwise the buckets skipped since the last
///   write are zeroed. A record a full window older than the last write is dropped; a
///   late one inside the window is added to its bucket.
/// * The running total is maintained incrementally (added to, subtracted from), as in
///   Knative, because the rounding of that running sum is part of the result.
/// * Linear: sum / number of buckets since the first write, excluding stale slots after
///   the last write; rounded to 6 decimals, half away from zero.
/// * Weighted: Σ bucket·α(1−α)^age with no normalisation, α from `WeightedExponentialAlpha`.
///
/// Storage is allocated once, in `init`; recording and averaging never allocate.
public struct MetricBuckets: Sendable {
    public let algorithm: AggregationAlgorithm
    /// The window length, in nanoseconds.
    public let window: Int64
    /// The bucket width, in nanoseconds (a whole number of seconds, as Knative's
    /// second-based bucket index requires).
    public let granularity: Int64
    /// α of the weighted algorithm (unused by the linear one).
    public let smoothingCoefficient: Double

    private var buckets: [Double]
    /// Start of the first bucket of the current run of data (Go: `firstWrite`,
    /// zero time = nil).
    private var firstWrite: Int64?
    /// Start of the newest bucket written (Go: `lastWrite`, zero time = nil).
    private var lastWrite: Int64?
    /// Running sum of all buckets, stale ones included (Go: `windowTotal`).
    private var windowTotal: Double = 0

    /// - Parameters:
    ///   - window: window length in nanoseconds (> 0).
    ///   - granularity: bucket width in nanoseconds, a positive whole number of seconds;
    ///     Knative always uses 1 s (`KPATiming.bucketSize`).
    public init(window: Int64, granularity: Int64 = KPATiming.bucketSize,
                algorithm: AggregationAlgorithm = .linear) {
        precondition(window > 0, "a metric window must be positive")
        precondition(granularity > 0 && granularity % KPATiming.nanosecondsPerSecond == 0,
                     "Knative's bucket index works in whole seconds")
        // Number of buckets is ceil(window / granularity), computed in float64 as Go does.
        let count = Int((Double(window) / Double(granularity)).rounded(.up))
        self.window = window
        self.granularity = granularity
        self.algorithm = algorithm
        self.buckets = [Double](repeating: 0, count: count)
        self.smoothingCoefficient = WeightedExponentialAlpha.alpha(buckets: count)
    }

    /// The number of buckets in the ring.
    public var bucketCount: Int { buckets.count }

    /// The start of the most recent bucket written, if any.
    public var lastWriteTime: Int64? { lastWrite }

    /// The start of the first bucket of the current run of data, if any.
    public var firstWriteTime: Int64? { firstWrite }

    // MARK: - Time to bucket

    @inline(__always)
    private func truncate(_ t: Int64) -> Int64 {
        GoNumerics.floorDiv(t, granularity) * granularity
    }

    /// Go's `timeToIndex`: whole seconds divided by the granularity in seconds.
    @inline(__always)
    private func index(_ t: Int64) -> Int64 {
        GoNumerics.floorDiv(GoNumerics.floorDiv(t, KPATiming.nanosecondsPerSecond),
                            granularity / KPATiming.nanosecondsPerSecond)
    }

    // MARK: - Recording

    /// Adds `value` to the bucket holding `now` (nanoseconds).
    public mutating func record(at now: Int64, value: Double) {
        let bucketTime = truncate(now)
        let writeIndex = index(now)

        if lastWrite != bucketTime {
            // Go compares against the zero time, so "never written" is always in range.
            if let last = lastWrite, bucketTime + window <= last {
                return  // More than a window older than the newest data: dropped.
            }
            if firstWrite == nil || firstWrite! > bucketTime {
                firstWrite = bucketTime
            }
            if lastWrite == nil || bucketTime > lastWrite! {
                if let last = lastWrite, bucketTime - last < window {
                    // Zero the buckets skipped since the last write (seconds without data).
                    var i = index(last) + 1
                    while i <= writeIndex {
                        let slot = GoNumerics.slot(i, buckets.count)
                        windowTotal -= buckets[slot]
                        buckets[slot] = 0
                        i += 1
                    }
                } else {
                    // A whole window without writes: start over with a partial window.
                    firstWrite = bucketTime
                    for slot in buckets.indices { buckets[slot] = 0 }
                    windowTotal = 0
                }
                lastWrite = bucketTime
            }
        }
        buckets[GoNumerics.slot(writeIndex, buckets.count)] += value
        windowTotal += value
    }

    // MARK: - Reading

    /// True when nothing was written for more than a window before `now` (Go: `IsEmpty`).
    public func isEmpty(at now: Int64) -> Bool {
        guard let last = lastWrite else { return true }
        return truncate(now) - last > window
    }

    /// The window's value at `now` with this series' algorithm.
    public func average(at now: Int64) -> Double {
        switch algorithm {
        case .linear: return linearAverage(at: now)
        case .weightedExponential: return weightedAverage(at: now)
        }
    }

    /// Knative's `TimedFloat64Buckets.WindowAverage`.
    public func linearAverage(at now: Int64) -> Double {
        guard let last = lastWrite, let first = firstWrite else { return 0 }
        let now = truncate(now)
        let sinceLastWrite = now - last
        let bucketsWithData = Double((last - first) / granularity) + 1  // both ends inclusive
        if sinceLastWrite <= 0 {
            let divisor = min(bucketsWithData, Double(buckets.count))
            return GoNumerics.roundTo6Digits(windowTotal / divisor)
        }
        if sinceLastWrite < window {
            // Slots after the last write still hold values from a window ago: leave them
            // out of the sum and of the divisor.
            let lastIndex = index(last)
            let nowIndex = index(now)
            var total = windowTotal
            var i = lastIndex + 1
            while i <= nowIndex {
                total -= buckets[GoNumerics.slot(i, buckets.count)]
                i += 1
            }
            let divisor = min(bucketsWithData, Double(buckets.count - Int(nowIndex - lastIndex)))
            return GoNumerics.roundTo6Digits(total / divisor)
        }
        return 0
    }

    /// Knative's `WeightedFloat64Buckets.WindowAverage`.
    public func weightedAverage(at now: Int64) -> Double {
        if isEmpty(at: now) { return 0 }
        let last = lastWrite!
        let now = truncate(now)
        let alpha = smoothingCoefficient
        var multiplier = alpha
        var usable = buckets.count
        if now > last {
            // The seconds since the last write hold no data: skip straight to their weight.
            let skipped = Int((now - last) / granularity)
            multiplier *= GoNumerics.powWholeExponent(1 - alpha, skipped)
            usable -= skipped
        }
        let start = index(last) + Int64(buckets.count)
        var result = 0.0
        var i = 0
        while i < usable {
            result += buckets[GoNumerics.slot(start - Int64(i), buckets.count)] * multiplier
            multiplier *= (1 - alpha)
            i += 1
        }
        return result
    }

    /// The buckets from the newest back over the window as Knative's tests walk them
    /// (`forEachBucket` in bucketing_test.go): newest first, `(bucketStart, value)`.
    /// For tests and diagnostics; allocates.
    public func bucketsNewestFirst(at now: Int64) -> [(start: Int64, value: Double)] {
        guard let last = lastWrite else { return [] }
        let count = buckets.count - Int((truncate(now) - last) / granularity)
        guard count > 0 else { return [] }
        var result: [(start: Int64, value: Double)] = []
        result.reserveCapacity(count)
        var i = index(last)
        var start = last
        for _ in 0..<count {
            result.append((start, buckets[GoNumerics.slot(i, buckets.count)]))
            i -= 1
            start -= granularity
        }
        return result
    }
}
