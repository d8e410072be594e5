import ArgumentParser
import Dispatch
import Foundation
import RealMode
import Results
import Scenario
import Serving

struct RealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "real",
        abstract: "Run a scenario on real local processes and write its results.",
        discussion: """
            Real mode plays the scenario on 127.0.0.1: every pod is a knsim-fn process, the \
            ingress, activator and queue-proxies are real HTTP hops, and the revisions' \
            autoscalers (the same policies as in simulation) run on the wall clock. It takes \
            the scenario's duration in real time, so scenarios are bounded (--max-duration). \
            Writes the files `knsim run` writes (summary.json with mode: real, timeseries.csv, latency.csv) to results/<scenario name>-real/ \
            (or --out). Ctrl-C stops every process it started.
            """
    )

    @Argument(help: "The scenario file (YAML); it must use the Knative model.")
    var scenario: String

    @Option(help: "Seed for every random stream, instead of the scenario's `seed`.")
    var seed: UInt64?

    @Option(help: "Folder for the results (default: results/<scenario name>-real).")
    var out: String?

    @OptionGroup var realOptions: RealModeOptions

    func run() throws {
        var scenario = try realOptions.loadCalibratedScenario(self.scenario)
        if let seed { scenario.seed = seed }
        let configuration = try realConfiguration(scenario, file: self.scenario)
        let result = try runReal(configuration, options: realOptions.options)
        let summary = Summary(report: result.report, scenario: scenario.name, seed: scenario.seed,
                              model: ScenarioSimulation.Model.knative.rawValue, mode: "real")
        let destination = URL(fileURLWithPath: out ?? "results/\(scenario.name)-real")
        try writeResults(summary, result.report, to: destination)
        print(TerminalSummary.render(summary, writtenTo: destination.path))
    }
}

/// Real mode's options, shared by `knsim real` and `knsim validate`.
struct RealModeOptions: ParsableArguments {
    @Option(help: "Most pod processes at once.")
    var maxProcesses: Int = 32

    @Option(help: "Longest scenario accepted, in seconds (a real run takes its duration in real time).")
    var maxDuration: Double = 300

    @Option(help: "The function server every pod runs (default: knsim-fn next to knsim).")
    var function: String?

    @Option(help: "How the function does each request's work: sleep or cpu.")
    var work: String = "sleep"

    @Option(help: "A fragment written by `knsim calibrate`, applied to the scenario (hop latencies; startup phases of every revision).")
    var calibration: String?

    func validate() throws {
        guard maxProcesses >= 1 else { throw ValidationError("--max-processes must be at least 1, got \(maxProcesses)") }
        guard maxDuration > 0 else { throw ValidationError("--max-duration must be above 0, got \(maxDuration)") }
        guard work == "sleep" || work == "cpu" else { throw ValidationError("--work must be sleep or cpu, got \(work)") }
    }

    var options: RealRunOptions {
        RealRunOptions(maxProcesses: maxProcesses, maxDurationSeconds: maxDuration,
                       functionExecutable: function, work: work)
    }
}

/// The scenario's Knative model configuration; real mode runs no other model.
func realConfiguration(_ scenario: Scenario, file: String) throws -> KnativeModelConfiguration {
    do {
        let model = try ScenarioSimulation.model(for: scenario, file: file)
        guard model == .knative else {
            throw KnsimFailure.badInput("\(file): real mode runs the Knative model only; this scenario uses the \(model.rawValue) model")
        }
        return try scenario.knativeConfiguration(file: file)
    } catch let error as ScenarioError {
        throw KnsimFailure.badInput(error.description)
    }
}

/// Runs real mode to its end, stopping every process on Ctrl-C or SIGTERM.
func runReal(_ configuration: KnativeModelConfiguration, options: RealRunOptions) throws -> RealRunResult {
    let result: Result<RealRunResult, Error> = blockingWithSignals {
        try await RealRunner.run(configuration, options: options)
    }
    switch result {
    case .success(let value):
        for warning in value.warnings { printError("warning: \(warning)") }
        return value
    case .failure(let error as RealRunError):
        throw KnsimFailure(status: error.isBadInput ? .badInput : .internalError, message: error.description)
    case .failure(is CancellationError):
        throw KnsimFailure.internalError("interrupted: the run was stopped and every pod process it started has ended")
    case .failure(let error):
        throw KnsimFailure.internalError("real mode failed: \(error)")
    }
}

/// The files `knsim run` writes (summary.json, timeseries.csv, latency.csv, …).
func writeResults(_ summary: Summary, _ report: RunReport, to destination: URL) throws {
    do {
        try AtomicDirectory.write(try ResultFiles.runFiles(summary: summary, report: report), to: destination)
    } catch let error as AtomicDirectory.WriteError {
        throw KnsimFailure.badInput(error.description)
    }
}


/// Runs async work from a synchronous command and waits for it. SIGINT and SIGTERM
/// cancel the work instead of killing knsim, so real mode can stop the processes it
/// started before it exits (Foundation puts each child in its own process group, so
/// Ctrl-C does not reach them by itself).
func blockingWithSignals<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, Error> {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    let task = Task {
        do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        done.signal()
    }
    var sources: [DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        sources.append(source)
    }
    done.wait()
    for source in sources { source.cancel() }
    return box.get()!
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, Error>?
    func set(_ result: Result<T, Error>) { lock.withLock { value = result } }
    func get() -> Result<T, Error>? { lock.withLock { value } }
}
