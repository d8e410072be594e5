import Autoscaling
import Engine
import Serving
import Testing

/// Ports of `TestStats`, `TestConcurrencyReporterRun` and `TestConcurrencyReporterHandler`
/// (knative/serving `pkg/activator/handler/concurrency_reporter_test.go`), one reporter
/// value per revision, times in milliseconds as in the Go test.
@Suite struct ControlActivatorReporterTests {
    enum Op: Sendable {
        case requestIn(Int64)
        case requestOut(Int64)
        case tick(Int64)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var ops: [Op]
        /// Every stat pushed, immediate or on a tick, in order: (concurrency, count).
        var want: [ActivatorStat]
        var trackingAtEnd: Bool
        var description: String { name }
    }

    static func stat(_ concurrency: Double, _ count: Double) -> ActivatorStat {
        ActivatorStat(concurrency: concurrency, requestCount: count)
    }

    static let cases: [Case] = [
        Case(name: "scale-from-zero sends stat", ops: [.requestIn(0)],
             want: [stat(1, 1)], trackingAtEnd: true),
        Case(name: "in'n out", ops: [.requestIn(0), .requestOut(1), .requestIn(1), .requestOut(2), .tick(2)],
             want: [stat(1, 1), stat(0, 1)], trackingAtEnd: true),
        Case(name: "scale to two", ops: [.requestIn(0), .requestIn(0), .tick(1), .tick(2)],
             want: [stat(1, 1), stat(1, 1), stat(2, 0)], trackingAtEnd: true),
        Case(name: "scale-from-zero after tick sends stat",
             ops: [.requestIn(0), .requestOut(1), .tick(1), .tick(2), .requestIn(3)],
             want: [stat(1, 1), stat(0, 0), stat(0, 0), stat(1, 1)], trackingAtEnd: true),
        // "multiple revisions tick": each revision behaves alike.
        Case(name: "tick at the first request's instant", ops: [.requestIn(0), .tick(0)],
             want: [stat(1, 1), stat(0, 0)], trackingAtEnd: true),
        // The Go test ticks at time 0 after events at 1 and 2 ms: the late tick adds no time.
        Case(name: "interleaved requests",
             ops: [.requestIn(0), .requestIn(0), .requestOut(1), .requestOut(2), .tick(0)],
             want: [stat(1, 1), stat(0.5, 1)], trackingAtEnd: true),
        // TestConcurrencyReporterRun: three requests, report 1 ns later.
        Case(name: "run", ops: [.requestIn(0), .requestIn(0), .requestIn(0), .tick(0)],
             want: [stat(1, 1), stat(0, 2)], trackingAtEnd: true),
        // TestConcurrencyReporterHandler: three instant requests, report at that instant;
        // the revision is dropped after it and nothing more is sent.
        Case(name: "handler", ops: [.requestIn(0), .requestOut(0), .requestIn(0), .requestOut(0),
                                    .requestIn(0), .requestOut(0), .tick(0), .tick(1000)],
             want: [stat(1, 1), stat(0, 2)], trackingAtEnd: false),
        Case(name: "untracked revision sends nothing", ops: [.tick(1000), .tick(2000)],
             want: [], trackingAtEnd: false),
    ]

    @Test(arguments: cases)
    func reportSequence(_ testCase: Case) {
        var reporter = ActivatorConcurrencyReporter()
        var pushed: [ActivatorStat] = []
        for op in testCase.ops {
            switch op {
            case let .requestIn(t):
                if let stat = reporter.requestIn(at: SimTime(nanoseconds: t * 1_000_000)) { pushed.append(stat) }
            case let .requestOut(t):
                reporter.requestOut(at: SimTime(nanoseconds: t * 1_000_000))
            case let .tick(t):
                if let stat = reporter.report(at: SimTime(nanoseconds: t * 1_000_000)) { pushed.append(stat) }
            }
        }
        #expect(pushed == testCase.want)
        #expect(reporter.isTracking == testCase.trackingAtEnd)
    }

    @Test func runReportOneNanosecondLater() {
        var reporter = ActivatorConcurrencyReporter()
        _ = reporter.requestIn(at: .zero)
        _ = reporter.requestIn(at: .zero)
        _ = reporter.requestIn(at: .zero)
        #expect(reporter.report(at: SimTime(nanoseconds: 1)) == Self.stat(2, 2))
    }

    /// Scale from zero end to end: a request reaches the activator at 0.3 s, waits for a
    /// pod until 2.5 s, and its response leaves at 2.6 s; reports every second.
    @Test func scaleFromZeroReportSequence() {
        var reporter = ActivatorConcurrencyReporter()
        var pushed: [(at: Double, stat: ActivatorStat)] = []
        func tick(_ seconds: Int64) {
            if let stat = reporter.report(at: SimTime(nanoseconds: seconds * 1_000_000_000)) {
                pushed.append((Double(seconds), stat))
            }
        }
        let signal = reporter.requestIn(at: .seconds(0.3))
        #expect(signal == Self.stat(1, 1))
        #expect(signal?.metricSample == MetricSample(concurrency: 1, rps: 1, source: .push))
        tick(1)
        tick(2)
        reporter.requestOut(at: .seconds(2.6))
        tick(3)
        tick(4)
        tick(5)
        #expect(pushed.map(\.at) == [1, 2, 3, 4])
        #expect(pushed.map(\.stat) == [
            Self.stat(0, 0),    // avg 1 over [0.3, 1] less the signal's 1; count 1 − 1
            Self.stat(1, 0),    // waiting in the activator the whole second
            Self.stat(0.6, 0),  // until 2.6
            Self.stat(0, 0),    // idle period: sent, then the revision is dropped
        ])
        #expect(!reporter.isTracking)
        // The next request signals again.
        #expect(reporter.requestIn(at: .seconds(7)) == Self.stat(1, 1))
    }

    @Test func anIdleReportDoesNotDropWhileARequestIsInFlight() {
        // A request arriving exactly at the report instant adds no time to the period:
        // the average is 0, but the revision stays tracked (Knative's reference count).
        var reporter = ActivatorConcurrencyReporter()
        _ = reporter.requestIn(at: .seconds(1))
        #expect(reporter.report(at: .seconds(1)) == Self.stat(0, 0))
        #expect(reporter.isTracking)
        #expect(reporter.report(at: .seconds(2)) == Self.stat(1, 0))
    }
}
