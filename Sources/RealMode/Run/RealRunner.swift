import Engine
import Foundation
import Serving

/// What a real run produced.
public struct RealRunResult: Sendable {
    /// Built by the simulation's recorders; written as the same results files.
    public var report: RunReport
    /// Every pod the run created, and every request's outcome (for tests and analysis).
    public var pods: [RealPodRecord]
    public var outcomes: [RealRequestOutcome]
    /// Things that went wrong without stopping the run (a pod that did not start, the
    /// process cap reached).
    public var warnings: [String]
}

/// Why a real run could not run.
public enum RealRunError: Error, CustomStringConvertible, Sendable {
    case tooLong(seconds: Double, bound: Double)
    case functionNotFound(String)
    case setupFailed(String)

    /// Errors caused by the scenario or the options rather than by the machine.
    public var isBadInput: Bool {
        switch self {
        case .tooLong, .functionNotFound: return true
        case .setupFailed: return false
        }
    }

    public var description: String {
        switch self {
        case .tooLong(let seconds, let bound):
            return "duration: real mode runs in real time and refuses scenarios longer than \(NumberFormat.seconds(bound)) (this one lasts \(NumberFormat.seconds(seconds))); shorten it or raise --max-duration"
        case .functionNotFound(let path):
            return "the function server \(path) is not an executable file (build knsim-fn, or pass --function)"
        case .setupFailed(let reason):
            return "real mode could not start: \(reason)"
        }
    }
}

enum NumberFormat {
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int64(value))s" : "\(value)s"
    }
}

/// Runs a Knative model configuration for real: starts the data plane, the control
/// loop and the load, waits for the scenario's duration and the last response, stops
/// every process (whatever happened, cancellation included) and builds the report.
public enum RealRunner {
    public static func run(_ configuration: KnativeModelConfiguration, options: RealRunOptions) async throws -> RealRunResult {
        let seconds = configuration.duration.seconds
        guard seconds <= options.maxDurationSeconds else {
            throw RealRunError.tooLong(seconds: seconds, bound: options.maxDurationSeconds)
        }
        let parts = try await RealRunParts.start(configuration, options: options)
        let clock = parts.clock
        let run = RealRun(configuration: configuration, options: options, clock: clock,
                          dataPlane: parts.dataPlane, runtime: parts.runtime)
        let pokes = Task { await parts.forwardPokes(to: run) }
        let end = configuration.duration.nanoseconds
        let control = Task { await run.control(until: end) }
        let outcomes = await withTaskCancellationHandler {
            await parts.load.run(ingressPort: parts.dataPlane.ingressPort, clock: clock)
        } onCancel: {
            control.cancel()
        }
        // The control loop runs to the scenario's end even when the load finished early
        // (the scale-down after the last request is part of what the run shows).
        await control.value
        pokes.cancel()
        await run.shutdown()
        await parts.close()
        try Task.checkCancellation()

        let builder = RealReportBuilder(revisionNames: await run.revisionNames,
                                        revisionServices: configuration.services.flatMap { s in s.revisions.map { _ in s.name } },
                                        duration: configuration.duration, warmup: configuration.warmup,
                                        services: configuration.services)
        let pods = await run.podRecords
        let report = builder.report(outcomes: outcomes, pods: pods, seconds: await run.secondSamples)
        return RealRunResult(report: report, pods: pods, outcomes: outcomes, warnings: await run.warnings)
    }
}
