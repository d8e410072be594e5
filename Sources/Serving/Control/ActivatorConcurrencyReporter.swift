import Autoscaling
import Engine

/// A statistic the activator pushes to the autoscaler for one revision.
public struct ActivatorStat: Sendable, Equatable {
    /// Average requests in flight in the activator (including those waiting in its
    /// throttler) over the period, less the scale-from-zero adjustment.
    public var concurrency: Double
    /// Requests that arrived in the period, less the adjustment. The activator sends the
    /// raw count (it does not divide by the 1 s period) and the autoscaler uses it as a rate.
    public var requestCount: Double

    public init(concurrency: Double, requestCount: Double) {
        self.concurrency = concurrency
        self.requestCount = requestCount
    }

    /// The sample the autoscaler records for it; pushed samples can poke the decider.
    public var metricSample: MetricSample {
        MetricSample(concurrency: concurrency, rps: requestCount, source: .push)
    }
}

/// One activator's concurrency reporting for one revision
/// (`ConcurrencyReporter`, `pkg/activator/handler/concurrency_reporter.go`).
///
/// - The first request for a revision the activator is not tracking produces an
///   immediate stat (concurrency 1, count 1): the scale-from-zero signal.
/// - Every report (1 s) sends the period's stat; the first one after that signal
///   subtracts it again: concurrency max(avg − 1, 0), count − 1.
/// - A report whose period had average concurrency 0, with no request in flight, ends
///   the tracking: that report is still sent, later ones are not, and the next request
///   produces a new scale-from-zero stat.
///
/// The reporter wraps the whole activator handler, so a request counts from its arrival
/// at the activator (including its wait in the throttler queue) to its response.
/// In Knative one reporter serves all revisions on one activator pod; here there is one
/// value per (activator, revision), and the caller fires all of an activator's reports
/// on the same 1 s tick.
public struct ActivatorConcurrencyReporter: Sendable, Equatable {
    /// Knative's `reportInterval`: 1 s.
    public static let knativeReportInterval = SimDuration.wholeSeconds(1)

    /// nil while the revision is not tracked.
    private var window: RequestStatsWindow?
    /// 1 until the first report after the scale-from-zero stat, then 0.
    private var firstRequestAdjustment: Double = 0

    public init() {}

    /// Whether the revision is tracked (a stat will be sent at the next report).
    public var isTracking: Bool { window != nil }
    /// Requests for the revision in the activator now.
    public var concurrency: Int { window?.concurrency ?? 0 }

    /// A request for the revision reached the activator. Returns the scale-from-zero
    /// stat to push now when the revision was not tracked.
    public mutating func requestIn(at now: SimTime) -> ActivatorStat? {
        if window != nil {
            window!.requestIn(at: now)
            return nil
        }
        var fresh = RequestStatsWindow(startedAt: now)
        fresh.requestIn(at: now)
        window = fresh
        firstRequestAdjustment = 1
        return ActivatorStat(concurrency: 1, requestCount: 1)
    }

    /// The request's response left the activator (or it failed or timed out).
    public mutating func requestOut(at now: SimTime) {
        // Tracking cannot end while a request is in flight, so `window` is set
        // whenever in/out calls are paired.
        window?.requestOut(at: now)
    }

    /// The 1 s report: the stat to push, or nil when the revision is not tracked.
    public mutating func report(at now: SimTime) -> ActivatorStat? {
        guard var current = window else { return nil }
        let period = current.report(at: now)
        let adjustment = firstRequestAdjustment
        firstRequestAdjustment = 0
        // Knative drops the entry only if no request holds a reference to it.
        window = (period.averageConcurrency == 0 && current.concurrency == 0) ? nil : current
        return ActivatorStat(concurrency: Swift.max(period.averageConcurrency - adjustment, 0),
                             requestCount: Double(period.requestCount) - adjustment)
    }
}
