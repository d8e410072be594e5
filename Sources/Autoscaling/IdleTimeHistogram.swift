/// A fixed-range histogram of an application's idle times ("Serverless in the Wild",
/// section 4.2): `binCount` bins of `binWidth` (1 minute × 240 = 4 hours in the paper).
/// An idle time t falls in bin ⌊t / binWidth⌋; one at or beyond the range is only counted
/// as out of bounds. Constant memory; O(1) per observation.
public struct IdleTimeHistogram: Sendable, Equatable {
    public let binWidth: Int64
    public private(set) var counts: [Int]
    /// Observations inside the range.
    public private(set) var inRangeCount = 0
    /// Observations at or beyond the range.
    public private(set) var outOfRangeCount = 0
    /// Σ counts², kept so the coefficient of variation costs O(1).
    private var sumOfSquaredCounts = 0

    public init(binWidth: Int64, binCount: Int) {
        precondition(binWidth > 0 && binCount > 0)
        self.binWidth = binWidth
        self.counts = [Int](repeating: 0, count: binCount)
    }

    public var binCount: Int { counts.count }
    /// The histogram's range: binWidth × binCount.
    public var range: Int64 { binWidth * Int64(counts.count) }
    public var totalCount: Int { inRangeCount + outOfRangeCount }

    /// Adds one idle time (nanoseconds; a negative one counts as 0).
    public mutating func record(_ idleTime: Int64) {
        let bin = max(0, idleTime) / binWidth
        guard bin < Int64(counts.count) else {
            outOfRangeCount += 1
            return
        }
        let i = Int(bin)
        sumOfSquaredCounts += 2 * counts[i] + 1   // (c + 1)² − c²
        counts[i] += 1
        inRangeCount += 1
    }

    /// Share of the observations out of range (0 with none).
    public var outOfRangeFraction: Double {
        totalCount == 0 ? 0 : Double(outOfRangeCount) / Double(totalCount)
    }

    /// Coefficient of variation of the bin counts: the population standard deviation of
    /// the `binCount` counts over their mean (0 when empty). High when the observations
    /// concentrate in few bins, i.e. when the idle times follow a pattern.
    public var coefficientOfVariation: Double {
        guard inRangeCount > 0 else { return 0 }
        let n = Double(counts.count)
        let mean = Double(inRangeCount) / n
        let variance = max(0, Double(sumOfSquaredCounts) / n - mean * mean)
        return variance.squareRoot() / mean
    }

    /// The first bin at which the cumulative share of in-range observations reaches
    /// `percent` % (cumulative × 100 ≥ percent × total; exact for whole percents, as the
    /// counts are far below 2^53). nil when empty.
    public func binIndex(atPercentile percent: Double) -> Int? {
        guard inRangeCount > 0 else { return nil }
        var cumulative = 0
        let total = Double(inRangeCount)
        for (i, c) in counts.enumerated() {
            cumulative += c
            if Double(cumulative) * 100 >= percent * total { return i }
        }
        return counts.count - 1
    }
}
