import CGSL

/// A Student-t confidence interval for a mean across independent replications:
/// `mean ± t((1 + level) / 2, n - 1) · s / √n`, with `s` the sample standard
/// deviation of the replications' results.
///
/// Each replication contributes one number (its mean latency, its pod-seconds, ...);
/// the runs are independent because each has its own scenario seed, which is what
/// makes the t interval valid (assuming roughly normal replication results).
public struct ConfidenceInterval: Sendable, Equatable {
    public let mean: Double
    public let halfWidth: Double
    /// The confidence level, e.g. 0.95.
    public let level: Double
    /// Number of replications.
    public let count: Int

    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }

    /// nil with fewer than two replications (no spread to estimate) or a level
    /// outside (0, 1).
    public init?(moments: StreamingMoments, level: Double = 0.95) {
        guard moments.count >= 2, level > 0, level < 1 else { return nil }
        let t = Self.studentTQuantile((1 + level) / 2, degreesOfFreedom: moments.count - 1)
        self.mean = moments.mean
        self.halfWidth = t * moments.standardDeviation / Double(moments.count).squareRoot()
        self.level = level
        self.count = moments.count
    }

    /// The interval for the given replication results.
    public init?<S: Sequence>(replications: S, level: Double = 0.95) where S.Element == Double {
        self.init(moments: StreamingMoments(replications), level: level)
    }

    /// The `p` quantile of Student's t distribution with `degreesOfFreedom` degrees
    /// of freedom (GSL's `gsl_cdf_tdist_Pinv`); e.g. p = 0.975, 4 d.o.f. -> 2.776.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom: Int) -> Double {
        gsl_cdf_tdist_Pinv(p, Double(degreesOfFreedom))
    }
}
