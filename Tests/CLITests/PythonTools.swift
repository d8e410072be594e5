import Foundation
import Testing

/// The project's Python environment (.venv, made by scripts/ensure-python.sh, which
/// scripts/test.sh runs first) and a process runner that sets the environment.
enum PythonTools {
    static var venvPython: URL { KnsimProcess.packageRoot.appendingPathComponent(".venv/bin/python") }

    /// The venv's interpreter; a test that needs it fails — it does not skip — when
    /// it is missing, so CI cannot pass without running the notebook.
    static func requirePython() throws -> URL {
        try #require(FileManager.default.isExecutableFile(atPath: venvPython.path),
                     "no \(venvPython.path): run scripts/ensure-python.sh (scripts/test.sh does)")
        return venvPython
    }

    /// Jupyter, IPython and matplotlib keep their files in `home` (never in $HOME).
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, folder) in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                              ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                              ("MPLCONFIGDIR", "matplotlib")] {
            environment[key] = home.appendingPathComponent(folder).path
        }
        environment["JUPYTER_PLATFORM_DIRS"] = "1"
        environment["PYTHONPATH"] = KnsimProcess.packageRoot.appendingPathComponent("python").path
        environment["KNSIM_ROOT"] = KnsimProcess.packageRoot.path
        environment.merge(extra) { _, new in new }
        return environment
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> KnsimProcess.Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = KnsimProcess.packageRoot
        process.environment = environment
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Files, not pipes: a chatty child cannot block on a full pipe.
        let outFile = folder.appendingPathComponent("stdout"), errFile = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return KnsimProcess.Outcome(status: process.terminationStatus,
                                    stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                                    stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    /// A small run with cold starts (scale-from-zero: about 5,000 requests, four bursts
    /// each met by a cold start) in `folder`.
    static func smallColdStartResult(in folder: URL) throws -> URL {
        let out = folder.appendingPathComponent("scale-from-zero")
        let outcome = try KnsimProcess.run(["run", "scenarios/scale-from-zero.yaml", "--out", out.path])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        return out
    }
}
