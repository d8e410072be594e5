import ArgumentParser
import Autoscaling
import Foundation

/// `knsim autoscaler …`: the autoscaling policies on their own, without a cluster.
struct AutoscalerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoscaler",
        abstract: "Run autoscaling policies on their own.",
        subcommands: [AutoscalerReplayCommand.self])
}

/// `knsim autoscaler replay --policy kpa|hpa|external [--config CONFIG.json] [--command CMD] --input OBS.csv [--output OUT.csv]`
///
/// Replays a per-second observation log through a policy and writes its decisions,
/// with the alignment of shared/reference/knative-kpa.md section 10 (see
/// `PolicyReplay`). Bad input gives one line on stderr naming the file and the key or
/// line, and exit code 2.
struct AutoscalerReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay observed load through an autoscaling policy and print its decisions.",
        discussion: """
            Policies: kpa (Knative's KPA, decisions every 2 s), hpa (Kubernetes' HPA as Knative's \
            HPA class configures it, every 15 s; needs metric concurrency or rps and a target, \
            since OBS.csv has no CPU column), external (a program speaking the line protocol of \
            docs/policies.md, given by --command, every --decision-interval seconds).

            CONFIG is a flat JSON object of Knative key names, each value a number or a string, \
            for example {"target": 10, "stable-window": "60s", "max-scale": 5}. Accepted keys: \
            config-autoscaler keys (stable-window, max-scale-up-rate, …), autoscaling annotation \
            names with or without the autoscaling.knative.dev/ prefix (target, \
            target-utilization-percentage, metric, activation-scale, …) and container-concurrency. \
            Absent keys (or no --config) take Knative's defaults; unknown keys are errors. For \
            external, only min-scale and max-scale matter (applied to its answers).

            OBS.csv has the header time,ready_pods,concurrency,rps and one row per second \
            (whole seconds from 0, increasing). The output has the header \
            time,desired_pods,panic,excess_burst_capacity,stable_value,panic_value, one row \
            per decision (every 2 s, plus immediate decisions on load while scaled to zero).
            """)

    enum Policy: String, ExpressibleByArgument, CaseIterable {
        case kpa
        case hpa
        case external
    }

    @Option(help: "The autoscaling policy.")
    var policy: Policy

    @Option(name: .customLong("config"),
            help: ArgumentHelp("Flat JSON object of Knative settings (Knative's defaults if absent).", valueName: "CONFIG.json"))
    var configPath: String?

    @Option(help: ArgumentHelp("For --policy external: the program and its arguments, split into words "
                               + "without a shell (quotes and backslashes group; nothing is expanded).",
                               valueName: "CMD"))
    var command: String?

    @Option(name: .customLong("decision-interval"),
            help: ArgumentHelp("For --policy external: seconds between decisions (whole, at least 1).", valueName: "SECONDS"))
    var decisionInterval: Int = 2

    @Option(help: ArgumentHelp("For --policy external: seconds to wait for each answer.", valueName: "SECONDS"))
    var timeout: Double = 5

    @Option(name: .customLong("input"), help: ArgumentHelp("Observations, one row per second.", valueName: "OBS.csv"))
    var inputPath: String

    @Option(name: .customLong("output"),
            help: ArgumentHelp("Where to write the decisions (written atomically); stdout if absent.", valueName: "OUT.csv"))
    var outputPath: String?

    func validate() throws {
        if configPath?.isEmpty == true { throw ValidationError("--config must name a file") }
        if inputPath.isEmpty { throw ValidationError("--input must name a file") }
        if let outputPath {
            if outputPath.isEmpty { throw ValidationError("--output must name a file") }
            if outputPath == inputPath || outputPath == configPath {
                throw ValidationError("--output must not overwrite the --input or --config file")
            }
        }
        if policy == .external {
            if command == nil { throw ValidationError("--policy external needs --command") }
            if decisionInterval < 1 || decisionInterval > 86_400 {
                throw ValidationError("--decision-interval must be a whole number of seconds from 1 to 86400")
            }
            if !(timeout > 0 && timeout <= 86_400) { throw ValidationError("--timeout must be a number of seconds in (0, 86400]") }
        } else if command != nil {
            throw ValidationError("--command is only for --policy external")
        }
    }

    func run() throws {
        do {
            let output = try replay()
            if let outputPath {
                try Self.writeAtomically(output, to: outputPath)
            } else {
                FileHandle.standardOutput.write(Data(output.utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("knsim: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// A problem with the user's files: reported in one line, exit code 2.
    struct BadInput: Error {
        var message: String
    }

    private func replay() throws(BadInput) -> String {
        var entries: [FlatJSONConfig.Entry] = []
        if let configPath {
            let configText = try Self.read(configPath)
            do {
                entries = try FlatJSONConfig.parse(configText, fileName: configPath)
            } catch {
                throw BadInput(message: error.description)
            }
        }
        func located(_ error: AutoscalingConfigError) -> BadInput {
            let line = entries.first(where: { $0.key == error.key })?.line
            return BadInput(message: "\(configPath ?? "--config")\(line.map { ":\($0)" } ?? ""): \(error.description)")
        }
        let settings: AutoscalingSettings
        do {
            settings = try AutoscalingSettings(pairs: entries.map { (key: $0.key, value: $0.value) })
        } catch {
            throw located(error)
        }

        let inputText = try Self.read(inputPath)
        let observations: [ReplayObservation]
        do {
            observations = try ReplayCSV.parseObservations(inputText, fileName: inputPath)
        } catch {
            throw BadInput(message: error.description)
        }

        switch policy {
        case .kpa:
            return ReplayCSV.format(KPAReplay.run(spec: settings.deciderSpec(), observations: observations))
        case .hpa:
            let spec: HPASpec
            do {
                spec = try HPASpec(settings: settings)
            } catch {
                throw located(error)
            }
            if case .cpuUtilization = spec.target {
                throw BadInput(message: "\(configPath ?? "--config"): the HPA replay needs \"metric\": \"concurrency\" or \"rps\" "
                               + "and a \"target\" (the input has no CPU column)")
            }
            let decisions = PolicyReplay.run(
                observations,
                makePolicy: { readyPods, _ in HPAPolicy(spec: spec, currentReplicas: Int32(clamping: readyPods)) },
                bounds: { $0 })
            return ReplayCSV.format(decisions)
        case .external:
            let arguments: [String]
            do {
                arguments = try CommandWords.split(command ?? "")
            } catch {
                throw BadInput(message: "--command: \(error.description)")
            }
            let configuration = ExternalPolicyConfiguration(
                arguments: arguments,
                decisionInterval: KPATiming.seconds(Int64(decisionInterval)),
                answerTimeout: Int64((timeout * Double(KPATiming.nanosecondsPerSecond)).rounded()))
            do {
                let decisions = try ExternalPolicyReplay.run(observations, configuration: configuration,
                                                             bounds: settings.deciderSpec().applyingBounds)
                return ReplayCSV.format(decisions)
            } catch {
                throw BadInput(message: error.description)
            }
        }
    }

    private static func read(_ path: String) throws(BadInput) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BadInput(message: "\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BadInput(message: "\(path): not UTF-8 text")
        }
        return text
    }

    /// Writes to a temporary file next to `path`, then renames it over `path`, so an
    /// interrupted run never leaves a half-written result.
    private static func writeAtomically(_ text: String, to path: String) throws(BadInput) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw BadInput(message: "\(path): cannot write in \(directory.path)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw BadInput(message: "\(path): cannot replace the file")
        }
    }
}
