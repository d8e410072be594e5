import Foundation

/// What a pod runs: knsim-fn, or the scenario's own command. The port is always in
/// the environment as `PORT`, as Knative gives it to the user container.
public struct PodCommand: Sendable, Equatable {
    /// A path, or a name looked up in `PATH`.
    public var executable: String
    public var arguments: [String]
    /// Added to (and overriding) the supervisor's environment; `PORT` is set last.
    public var environment: [String: String]
    /// Where the child's standard output and error go; nil discards them.
    public var logFile: String?

    public init(executable: String, arguments: [String] = [], environment: [String: String] = [:], logFile: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logFile = logFile
    }

    /// knsim-fn with the given initialisation delay. It exits when its standard input
    /// (a pipe from the supervisor) closes, so it dies with the supervisor even when
    /// that is SIGKILLed. `ingress` is where its requests' downstream calls go.
    public static func knsimFn(executable: String, initDelay: Double = 0, work: String? = nil,
                               ingress: String? = nil) -> PodCommand {
        var arguments = ["--init-delay", String(initDelay), "--exit-on-stdin-eof"]
        if let work { arguments += ["--work", work] }
        if let ingress { arguments += ["--ingress", ingress] }
        return PodCommand(executable: executable, arguments: arguments)
    }

    /// The knsim-fn binary next to the running executable (SwiftPM puts products side
    /// by side), or nil.
    public static func locateKnsimFn(near executable: String = CommandLine.arguments[0]) -> String? {
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while !folder.path.isEmpty && folder.path != "/" {
            let candidate = folder.appendingPathComponent("knsim-fn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    var displayName: String { URL(fileURLWithPath: executable).lastPathComponent }
}
