import ArgumentParser
import Foundation

/// The root command. `main()` is ours rather than ArgumentParser's so that every
/// failure maps to knsim's documented exit codes (see `ExitStatus`), and bad input is
/// one line on stderr, never a stack trace.
@main
struct Knsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knsim",
        abstract: "A deterministic discrete-event simulator of Knative Serving on Istio.",
        discussion: """
            Exit codes: 0 success; 1 expectations failed; 2 bad input (scenario, \
            options, files); 3 internal error.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, LintCommand.self, CheckCommand.self, CompareCommand.self, MergeCommand.self,
                      ValidateModelCommand.self, BenchCommand.self, GraphCommand.self, PlotCommand.self,
                      RealCommand.self, ValidateCommand.self, CalibrateCommand.self, AutoscalerCommand.self]
    )

    static func main() {
        let status: ExitStatus
        do {
            var command = try parseAsRoot()
            try command.run()
            status = .success
        } catch {
            status = report(error)
        }
        Foundation.exit(status.rawValue)
    }

    /// Prints what went wrong for people and returns the exit status it maps to.
    static func report(_ error: Error) -> ExitStatus {
        switch error {
        case let failure as KnsimFailure:
            printError(failure.message)
            return failure.status
        case let exitCode as ExitCode:
            // Thrown by subcommands that printed their own message.
            return exitCode == .success ? .success : ExitStatus(rawValue: exitCode.rawValue) ?? .internalError
        default:
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's message goes to stdout.
                print(fullMessage(for: error))
                return .success
            }
            if error is ValidationError || code == .validationFailure {
                printError(fullMessage(for: error))
                return .badInput
            }
            printError("internal error: \(error)")
            return .internalError
        }
    }
}

/// knsim's exit codes, documented in `knsim --help` and the README.
enum ExitStatus: Int32 {
    case success = 0
    case expectationsFailed = 1
    case badInput = 2
    case internalError = 3
}

/// An error with a message for people and the exit status it deserves.
struct KnsimFailure: Error {
    var status: ExitStatus
    var message: String

    static func badInput(_ message: String) -> KnsimFailure { KnsimFailure(status: .badInput, message: message) }
    static func internalError(_ message: String) -> KnsimFailure { KnsimFailure(status: .internalError, message: message) }
}

func printError(_ message: String) {
    var text = message
    if !text.hasPrefix("error:") && !text.hasPrefix("Error:") { text = "error: " + text }
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
