/// The hybrid histogram policy of "Serverless in the Wild" (Shahrad et al., USENIX ATC
/// 2020, section 4.2), for one application: it learns the application's idle times (from
/// the end of an execution to the next invocation) and chooses the pre-warm and keep-alive
/// windows (`IdleWindows`) from them.
///
/// `idleWindows()` decides, in this order:
/// 1. **Out of bounds**: when at least `outOfRangeThreshold` of the idle times fell beyond
///    the histogram's range, the paper forecasts the next idle time with ARIMA. knsim does
///    not fit ARIMA models; it applies `outOfRangeFallback` instead (see there).
/// 2. **Not representative**: fewer than `minimumSamples` in-range idle times, or a
///    coefficient of variation of the bin counts below `cvThreshold` (2 in the paper) →
///    the standard keep-alive: no pre-warm, keep alive for `fallbackKeepAlive` (the paper's
///    conservative choice is the histogram's whole range, 4 h).
/// 3. **Histogram**: pre-warm = lower edge of the bin holding the `headPercentile` (5th)
///    × (1 − margin); keep-alive = upper edge of the bin holding the `tailPercentile`
///    (99th) × (1 + margin); margin 10 %.
///
/// Plugging it into `KeepAliveInstancePool`: pass `idleWindows()` to
/// `requestCompleted(_:at:windows:)`. With a pre-warm window of 0 the instance stays
/// loaded for the keep-alive window; otherwise it is unloaded right after the execution,
/// loaded again at the end of the pre-warm window (`prewarm(at:keepAlive:)`) and kept
/// alive for the keep-alive window from then on. Feed the idle times with
/// `observeIdleTime(_:)`, e.g. from `ApplicationIdleTracker`.
public struct HybridHistogramPolicy: IdleInstancePolicy, Equatable {
    /// What to do when most idle times are beyond the histogram's range.
    public enum OutOfRangeFallback: Sendable, Equatable {
        /// The standard keep-alive (`fallbackKeepAlive`, no pre-warm).
        case fixedKeepAlive
        /// A naive forecast in place of the paper's ARIMA model: the next idle time equals
        /// the last one (which is exactly what an ARIMA(0,1,0) model predicts). Pre-warm at
        /// forecast × (1 − margin), keep alive for forecast × 2 × margin, so the instance is
        /// loaded around the forecast; margin 15 % as the ATC'20 authors' simulator uses.
        case lastIdleTimeForecast(margin: Double)
    }

    /// The policy's parameters; the defaults are the paper's, except where noted.
    public struct Configuration: Sendable, Equatable {
        /// Bin width: 1 minute.
        public var binWidth: Int64 = KPATiming.seconds(60)
        /// Number of bins: 240 (a 4-hour range).
        public var binCount = 240
        /// The head percentile giving the pre-warm window: 5.
        public var headPercentile = 5.0
        /// The tail percentile giving the keep-alive window: 99.
        public var tailPercentile = 99.0
        /// The safety margin on both windows: 10 %.
        public var margin = 0.10
        /// A histogram with a lower coefficient of variation is not representative: 2.
        public var cvThreshold = 2.0
        /// In-range idle times needed before the histogram is trusted. The paper gives no
        /// number (a single observation already has a CV of about 15.5 with 240 bins);
        /// knsim's default is 10.
        public var minimumSamples = 10
        /// The share of out-of-range idle times that switches to `outOfRangeFallback`: 0.5.
        public var outOfRangeThreshold = 0.5
        /// The standard keep-alive when the histogram is not representative: the range, 4 h.
        public var fallbackKeepAlive: Int64 = KPATiming.seconds(4 * 3600)
        /// knsim's stand-in for the paper's ARIMA forecast.
        public var outOfRangeFallback = OutOfRangeFallback.fixedKeepAlive

        public init() {}
    }

    /// Which rule `idleWindows()` uses.
    public enum Mode: Sendable, Equatable {
        case histogram
        case notRepresentative
        case outOfRange
    }

    public let configuration: Configuration
    public private(set) var histogram: IdleTimeHistogram
    /// The last idle time observed (in range or not), for the out-of-range forecast.
    public private(set) var lastIdleTime: Int64?

    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.margin >= 0 && configuration.margin < 1)
        precondition((0...100).contains(configuration.headPercentile) && (0...100).contains(configuration.tailPercentile))
        self.configuration = configuration
        self.histogram = IdleTimeHistogram(binWidth: configuration.binWidth, binCount: configuration.binCount)
    }

    /// Learns one idle time (nanoseconds).
    public mutating func observeIdleTime(_ idleTime: Int64) {
        histogram.record(idleTime)
        lastIdleTime = max(0, idleTime)
    }

    public var mode: Mode {
        if histogram.totalCount > 0 && histogram.outOfRangeFraction >= configuration.outOfRangeThreshold {
            return .outOfRange
        }
        if histogram.inRangeCount < configuration.minimumSamples
            || histogram.coefficientOfVariation < configuration.cvThreshold {
            return .notRepresentative
        }
        return .histogram
    }

    /// The pre-warm and keep-alive windows for the application's next idle period.
    public func windows() -> IdleWindows {
        let standard = IdleWindows(prewarm: 0, keepAlive: configuration.fallbackKeepAlive)
        switch mode {
        case .notRepresentative:
            return standard
        case .outOfRange:
            switch configuration.outOfRangeFallback {
            case .fixedKeepAlive:
                return standard
            case let .lastIdleTimeForecast(margin):
                let forecast = Double(lastIdleTime ?? 0)
                return IdleWindows(prewarm: Int64((forecast * (1 - margin)).rounded()),
                                   keepAlive: Int64((forecast * 2 * margin).rounded()))
            }
        case .histogram:
            // Non-nil unless the thresholds admit an empty histogram (bin 0 then).
            let head = histogram.binIndex(atPercentile: configuration.headPercentile) ?? 0
            let tail = histogram.binIndex(atPercentile: configuration.tailPercentile) ?? 0
            let width = Double(configuration.binWidth)
            return IdleWindows(
                prewarm: Int64((Double(head) * width * (1 - configuration.margin)).rounded()),
                keepAlive: Int64((Double(tail + 1) * width * (1 + configuration.margin)).rounded()))
        }
    }

    public func idleWindows() -> IdleWindows { windows() }
}

/// An application's idle periods as the hybrid histogram policy defines them: from the end
/// of its last execution (when no request is left in flight) to the next invocation.
/// Overlapping requests make no idle period.
public struct ApplicationIdleTracker: Sendable, Equatable {
    public private(set) var inFlight = 0
    /// When the application last became idle; nil before its first execution ended or while busy.
    public private(set) var idleSince: Int64?

    public init() {}

    /// A request arrives; returns the idle time that just ended, if the application was idle.
    public mutating func requestArrived(at now: Int64) -> Int64? {
        defer {
            inFlight += 1
            idleSince = nil
        }
        guard inFlight == 0, let since = idleSince else { return nil }
        return now - since
    }

    /// A request ends.
    public mutating func requestCompleted(at now: Int64) {
        precondition(inFlight > 0, "no request in flight")
        inFlight -= 1
        if inFlight == 0 { idleSince = now }
    }
}
