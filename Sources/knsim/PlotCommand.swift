import ArgumentParser
import Foundation

/// `knsim plot`: figures of one run, drawn by the same Python code as the notebooks
/// (python/knsim_plots), so that a user without Jupyter gets pictures too.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a run's figures: pods against load, latency CDF, cold-start phases.",
        discussion: """
            Writes pods, latency-cdf and cold-start-phases (.png or .svg) to RESULT_DIR/plots \
            (or --out). Needs Python with pandas and matplotlib: the project's .venv \
            (scripts/ensure-python.sh creates it) or the interpreter named by KNSIM_PYTHON.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case png, svg }

    @Argument(help: "A results folder written by knsim run (summary.json, timeseries.csv, latency.csv).")
    var resultDir: String

    @Option(help: "png or svg.")
    var format: Format = .png

    @Option(help: "Folder for the figures (default: RESULT_DIR/plots).")
    var out: String?

    func run() throws {
        let summary = URL(fileURLWithPath: resultDir).appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: summary.path) else {
            throw KnsimFailure.badInput("\(resultDir): not a knsim results folder (no summary.json)")
        }
        let python = try PlotPython.locate(environment: ProcessInfo.processInfo.environment)
        try python.requireModules(["pandas", "matplotlib"])
        var arguments = ["-m", "knsim_plots", resultDir, "--format", format.rawValue]
        if let out { arguments += ["--out", out] }
        let status = try python.run(arguments)
        switch status {
        case 0: return
        case 2: throw ExitCode(ExitStatus.badInput.rawValue)
        default: throw KnsimFailure.internalError("the plotting code (python -m knsim_plots) exited with status \(status)")
        }
    }
}

/// The Python that draws: an interpreter and the folder holding the knsim_plots package.
struct PlotPython {
    var interpreter: String
    /// The project's python/ folder, put on PYTHONPATH.
    var packageFolder: URL

    static let packagePath = "python/knsim_plots/__init__.py"

    /// KNSIM_PYTHON, else the project's .venv; the package is looked for above the
    /// executable (a build inside the project) and above the working directory.
    static func locate(environment: [String: String]) throws -> PlotPython {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
                          URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        guard let root = candidates.lazy.compactMap(projectRoot(above:)).first else {
            throw KnsimFailure.badInput("cannot find knsim's plotting code (\(packagePath)) above the knsim executable or the current folder")
        }
        let interpreter: String
        if let chosen = environment["KNSIM_PYTHON"], !chosen.isEmpty {
            interpreter = chosen
        } else {
            let venv = root.appendingPathComponent(".venv/bin/python").path
            guard FileManager.default.isExecutableFile(atPath: venv) else {
                throw KnsimFailure.badInput(
                    "no Python for plotting: run scripts/ensure-python.sh (creates \(venv)) or set KNSIM_PYTHON")
            }
            interpreter = venv
        }
        return PlotPython(interpreter: interpreter, packageFolder: root.appendingPathComponent("python"))
    }

    static func projectRoot(above start: URL) -> URL? {
        var folder = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(packagePath).path) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// Fails with one line naming the missing module (exit 2) rather than a traceback.
    func requireModules(_ modules: [String]) throws {
        let check = "import importlib.util, sys; missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]; "
            + "print(' '.join(missing)); sys.exit(1 if missing else 0)"
        let (status, output) = try capture(["-c", check] + modules)
        guard status != 0 else { return }
        let missing = output.trimmingCharacters(in: .whitespacesAndNewlines)
        throw KnsimFailure.badInput("\(interpreter) lacks \(missing.isEmpty ? modules.joined(separator: ", ") : missing): "
            + "run scripts/ensure-python.sh, or set KNSIM_PYTHON to a Python that has pandas and matplotlib")
    }

    /// Runs the interpreter with its output passed through; returns its exit status.
    func run(_ arguments: [String]) throws -> Int32 {
        let process = try makeProcess(arguments)
        try launch(process)
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func capture(_ arguments: [String]) throws -> (Int32, String) {
        let process = try makeProcess(arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try launch(process)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func makeProcess(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        let existing = environment["PYTHONPATH"].map { ":" + $0 } ?? ""
        environment["PYTHONPATH"] = packageFolder.path + existing
        environment["MPLBACKEND"] = "Agg"
        process.environment = environment
        return process
    }

    private func launch(_ process: Process) throws {
        do {
            try process.run()
        } catch {
            throw KnsimFailure.badInput("cannot run Python \(interpreter): \(error.localizedDescription)")
        }
    }
}
