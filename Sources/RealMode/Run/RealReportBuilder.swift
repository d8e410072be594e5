import CallPlanWire
import Engine
import Serving

/// Builds a real run's `RunReport` with the recorders the simulation uses
/// (`RequestRecorder`, `StartupRecorder`, `TimeSeriesBuilder`), so both modes' results
/// are computed by the same code and written in the same files.
///
/// The run collects what happened (request outcomes, pod records, a sample of pod
/// counts each second) while it runs; this replays it afterwards in time order, because
/// the recorders' time-weighted levels need their changes in order and the outcomes come
/// back from many concurrent requests. Replaying keeps the run's hot path to appending
/// to arrays.
///
/// A request still unanswered at the run's end counts as in flight, as in a simulation
/// that stops at its duration.
struct RealReportBuilder {
    var revisionNames: [String]
    var revisionServices: [String]
    var duration: SimDuration
    var warmup: SimDuration
    /// The scenario's services, for the call graph's edges (none: no edges reported).
    var services: [ServiceSpec] = []

    private enum Change {
        case arrival(Int)
        case finish(Int)
        /// A downstream call (outcome, record) sent, and answered.
        case callSent(Int, Int)
        case callAnswered(Int, Int)
        case readyPods(Int)
        case podCreated
        case second(Int)
        case warmupEnds
    }

    func report(outcomes: [RealRequestOutcome], pods: [RealPodRecord], seconds: [RealSecondSample]) -> RunReport {
        let end = duration.nanoseconds
        let warmupEnd = warmup.nanoseconds
        // (time, rank, change): at one instant requests come and go before the second
        // closes, so a second's row counts what happened up to and including its end.
        var changes: [(time: Int64, rank: Int, change: Change)] = []
        changes.reserveCapacity(outcomes.count * 2 + pods.count * 2 + seconds.count + 1)
        for (i, outcome) in outcomes.enumerated() where outcome.arrivedAt <= end {
            changes.append((outcome.arrivedAt, 1, .arrival(i)))
            if outcome.finishedAt <= end { changes.append((outcome.finishedAt, 2, .finish(i))) }
            for (j, call) in outcome.calls.enumerated() {
                let sent = Self.sentAt(call, of: outcome)
                guard sent <= end else { continue }
                changes.append((sent, 1, .callSent(i, j)))
                if let answered = Self.answeredAt(call, of: outcome), answered <= end {
                    changes.append((answered, 2, .callAnswered(i, j)))
                }
            }
        }
        for pod in pods where pod.createdAt <= end {
            changes.append((pod.createdAt, 3, .podCreated))
        }
        for pod in pods {
            guard let ready = pod.readyAt, ready <= end else { continue }
            changes.append((ready, 3, .readyPods(1)))
            if let gone = pod.withdrawnAt, gone <= end { changes.append((max(gone, ready), 3, .readyPods(-1))) }
        }
        for (i, sample) in seconds.enumerated() where sample.time <= end {
            changes.append((sample.time, 4, .second(i)))
        }
        if warmupEnd > 0 { changes.append((warmupEnd, 0, .warmupEnds)) }
        // A stable sort on (time, rank) keeps the input order among equals: deterministic.
        changes = changes.enumerated().sorted {
            ($0.element.time, $0.element.rank, $0.offset) < ($1.element.time, $1.element.rank, $1.offset)
        }.map(\.element)

        var recorder = RequestRecorder(revisionNames: revisionNames, revisionServices: revisionServices,
                                       statisticsStart: .zero + warmup, readyPods: 0)
        var series = TimeSeriesBuilder()
        var ready = 0
        var lastCounts = PodCounts()
        for (time, _, change) in changes {
            let now = SimTime(nanoseconds: time)
            switch change {
            case .warmupEnds:
                recorder.beginStatistics(at: now)
            case .arrival(let i):
                let outcome = outcomes[i]
                recorder.arrived(revision: outcome.revision, at: now, counted: outcome.arrivedAt >= warmupEnd)
                series.arrivals += 1
                if outcome.cold { series.coldRequests += 1 }
            case .finish(let i):
                let outcome = outcomes[i]
                let counted = outcome.arrivedAt >= warmupEnd
                let arrived = SimTime(nanoseconds: outcome.arrivedAt)
                if let reason = outcome.failure {
                    recorder.failed(revision: outcome.revision, reason: reason, at: now, arrivedAt: arrived, counted: counted)
                    series.failures += 1
                } else {
                    // The time before service is what the latency holds beyond the work asked for.
                    let waited = max(0, outcome.finishedAt - outcome.arrivedAt - outcome.serviceTime)
                    recorder.started(revision: outcome.revision, waited: SimDuration(nanoseconds: waited), counted: counted)
                    // Cold when its path met a cold start anywhere, its calls' included,
                    // as the simulation splits latency.
                    recorder.completed(revision: outcome.revision, at: now, arrivedAt: arrived, counted: counted,
                                       cold: outcome.cold || outcome.calls.contains { $0.cold })
                    series.completions += 1
                }
            case .callSent(let i, let j):
                let outcome = outcomes[i], call = outcome.calls[j]
                recorder.arrived(revision: call.revision, at: now, counted: time >= warmupEnd, call: true)
                if call.cold { series.coldRequests += 1 }
            case .callAnswered(let i, let j):
                let outcome = outcomes[i], call = outcome.calls[j]
                let sent = Self.sentAt(call, of: outcome)
                let arrived = SimTime(nanoseconds: sent)
                if let reason = call.failure.flatMap(FailureReason.init(name:)) {
                    recorder.failed(revision: call.revision, reason: reason, at: now, arrivedAt: arrived,
                                    counted: sent >= warmupEnd, call: true)
                } else {
                    recorder.completed(revision: call.revision, at: now, arrivedAt: arrived, counted: sent >= warmupEnd,
                                       call: true)
                }
            case .podCreated:
                series.podsCreated += 1
            case .readyPods(let delta):
                ready += delta
                recorder.readyPodsChanged(to: ready, at: now)
            case .second(let i):
                lastCounts = Self.counts(seconds[i])
                series.closeSecond(at: now, inFlight: recorder.inSystem, queued: seconds[i].queued, pods: lastCounts)
            }
        }
        let endTime = SimTime(nanoseconds: end)
        series.closePartialSecond(at: endTime, inFlight: recorder.inSystem, queued: seconds.last?.queued ?? 0,
                                  pods: lastCounts)
        var report = recorder.report(at: endTime, eventsProcessed: changes.count, timeSeries: series.rows)
        report.coldStarts = coldStarts(outcomes: outcomes, pods: pods)
        addEdges(outcomes: outcomes, to: &report)
        return report
    }

    /// When a call left its caller: the entry's arrival plus the call's offset into the
    /// entry's work (the hops before the entry's pod are not in the offset).
    static func sentAt(_ call: CallRecord, of outcome: RealRequestOutcome) -> Int64 {
        outcome.arrivedAt + call.offset
    }

    /// When the callee's own request ended, as far as its revision's totals go: nil for
    /// a call its caller stopped waiting for (timed out, or left running when a sibling
    /// failed) — its callee's end was never seen, so it stays in flight there.
    static func answeredAt(_ call: CallRecord, of outcome: RealRequestOutcome) -> Int64? {
        guard call.latency >= 0, call.failure != CallPlanHeaders.unanswered,
              call.failure != CallPlanHeaders.callTimeout else { return nil }
        return sentAt(call, of: outcome) + call.latency
    }

    /// The call graph's edges and the entry requests' paths, as the simulation's
    /// `addCalls` reports them, from the calls each entry's functions reported.
    private func addEdges(outcomes: [RealRequestOutcome], to report: inout RunReport) {
        var table = CallEdgeTable(services: services)
        guard table.isEnabled else { return }
        let end = duration.nanoseconds, warmupEnd = warmup.nanoseconds
        for outcome in outcomes where outcome.arrivedAt <= end {
            var cold: UInt64 = 0
            func markCold(_ service: String) {
                if let s = table.serviceIndex(named: service), s < 64 { cold |= UInt64(1) << UInt64(s) }
            }
            if outcome.cold, revisionServices.indices.contains(outcome.revision) { markCold(revisionServices[outcome.revision]) }
            for call in outcome.calls {
                let sent = Self.sentAt(call, of: outcome)
                guard sent <= end, let edge = table.edge(callerService: call.caller, calleeRevision: call.revision) else { continue }
                let counted = sent >= warmupEnd
                table.sent(edge: edge, counted: counted)
                if call.cold { markCold(call.callee) }
                // Unanswered, or answered after the end: in flight on its edge.
                guard call.latency >= 0, call.failure != CallPlanHeaders.unanswered, sent + call.latency <= end else { continue }
                if let failure = call.failure {
                    table.failed(edge: edge, reason: FailureReason(name: failure) ?? .serverError, cold: call.cold, counted: counted)
                } else {
                    table.completed(edge: edge, latency: SimDuration(nanoseconds: call.latency), cold: call.cold, counted: counted)
                }
            }
            // Which services were cold on its path; which it triggered from zero is not
            // known in real mode (left 0).
            if outcome.finishedAt <= end && outcome.arrivedAt >= warmupEnd {
                table.entryFinished(coldServices: cold, triggeredServices: 0)
            }
        }
        table.add(to: &report)
    }

    private func coldStarts(outcomes: [RealRequestOutcome], pods: [RealPodRecord]) -> ColdStartSummary {
        var startup = StartupRecorder()
        let end = duration.nanoseconds, warmupEnd = warmup.nanoseconds
        for pod in pods where pod.createdAt >= warmupEnd {
            for (phase, nanoseconds) in pod.phases { startup.record(phase, SimDuration(nanoseconds: nanoseconds)) }
            if let ready = pod.readyAt, ready <= end { startup.podReady(after: ready - pod.createdAt) }
        }
        for outcome in outcomes where outcome.cold && outcome.arrivedAt >= warmupEnd && outcome.arrivedAt <= end {
            startup.coldRequest()
        }
        // Calls that met a cold start count as cold requests too, as in the simulation.
        for outcome in outcomes {
            for call in outcome.calls where call.cold {
                let sent = Self.sentAt(call, of: outcome)
                if sent >= warmupEnd && sent <= end { startup.coldRequest() }
            }
        }
        return startup.result
    }

    static func counts(_ sample: RealSecondSample) -> PodCounts {
        var counts = PodCounts()
        counts.pending = sample.pending
        counts.starting = sample.starting
        counts.ready = sample.ready
        counts.terminating = sample.terminating
        counts.desired = sample.desired
        return counts
    }
}
