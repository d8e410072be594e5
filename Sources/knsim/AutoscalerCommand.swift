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

/// `knsim autoscaler replay --policy kpa --config CONFIG.json --input OBS.csv [--output OUT.csv]`
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
            CONFIG is a flat JSON object of Knative key names, each value a number or a string, \
            for example {"target": 10, "stable-window": "60s", "max-scale": 5}. Accepted keys: \
            config-autoscaler keys (stable-window, max-scale-up-rate, …), autoscaling annotation \
            names with or without the autoscaling.knative.dev/ prefix (target, \
            target-utilization-percentage, metric, activation-scale, …) and container-concurrency. \
            Absent keys take Knative's defaults; unknown keys are errors.

            OBS.csv has the header time,ready_pods,concurrency,rps and one row per second \
            (whole seconds from 0, increasing). The output has the header \
            time,desired_pods,panic,excess_burst_capacity,stable_value,panic_value, one row \
            per decision (every 2 s, plus immediate decisions on load while scaled to zero).
            """)

    enum Policy: String, ExpressibleByArgument, CaseIterable {
        case kpa
    }

    @Option(help: "The autoscaling policy.")
    var policy: Policy

    @Option(name: .customLong("config"), help: ArgumentHelp("Flat JSON object of Knative settings.", valueName: "CONFIG.json"))
    var configPath: String

    @Option(name: .customLong("input"), help: ArgumentHelp("Observations, one row per second.", valueName: "OBS.csv"))
    var inputPath: String

    @Option(name: .customLong("output"),
            help: ArgumentHelp("Where to write the decisions (written atomically); stdout if absent.", valueName: "OUT.csv"))
    var outputPath: String?

    func validate() throws {
        if configPath.isEmpty { throw ValidationError("--config must name a file") }
        if inputPath.isEmpty { throw ValidationError("--input must name a file") }
        if let outputPath {
            if outputPath.isEmpty { throw ValidationError("--output must name a file") }
            if outputPath == inputPath || outputPath == configPath {
                throw ValidationError("--output must not overwrite the --input or --config file")
            }
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
        let configText = try Self.read(configPath)
        let entries: [FlatJSONConfig.Entry]
        do {
            entries = try FlatJSONConfig.parse(configText, fileName: configPath)
        } catch {
            throw BadInput(message: error.description)
        }
        let settings: AutoscalingSettings
        do {
            settings = try AutoscalingSettings(pairs: entries.map { (key: $0.key, value: $0.value) })
        } catch {
            let line = entries.first(where: { $0.key == error.key })?.line
            throw BadInput(message: "\(configPath)\(line.map { ":\($0)" } ?? ""): \(error.description)")
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
