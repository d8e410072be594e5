import Foundation
import Testing

/// `knsim plot` draws a run's figures through python/knsim_plots, and says clearly
/// (exit 2) when it cannot.
@Suite struct PlotCommandTests {
    static let figures = ["pods", "latency-cdf", "cold-start-phases"]

    @Test(arguments: ["png", "svg"])
    func writesEveryFigureOfARun(format: String) throws {
        _ = try PythonTools.requirePython()
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PythonTools.smallColdStartResult(in: folder)
        let plots = folder.appendingPathComponent("plots")
        let outcome = try PythonTools.run(KnsimProcess.executable, ["plot", result.path, "--format", format, "--out", plots.path],
                                          environment: PythonTools.environment(home: folder.appendingPathComponent("home")))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for name in Self.figures {
            let file = plots.appendingPathComponent("\(name).\(format)")
            let data = try Data(contentsOf: file)
            #expect(data.count > 5_000, "\(file.lastPathComponent) is \(data.count) bytes")
            let magic = format == "png" ? Data([0x89, 0x50, 0x4E, 0x47]) : Data("<?xml".utf8)
            #expect(data.prefix(magic.count) == magic, "\(file.lastPathComponent) is not a \(format)")
            #expect(outcome.stdout.contains(file.lastPathComponent))
        }
    }

    @Test func defaultsToAPlotsFolderInsideTheResult() throws {
        _ = try PythonTools.requirePython()
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PythonTools.smallColdStartResult(in: folder)
        let outcome = try PythonTools.run(KnsimProcess.executable, ["plot", result.path],
                                          environment: PythonTools.environment(home: folder.appendingPathComponent("home")))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: result.appendingPathComponent("plots/pods.png").path))
    }

    @Test func aPythonWithoutMatplotlibIsBadInputWithAClearMessage() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PythonTools.smallColdStartResult(in: folder)
        // An "interpreter" that finds no module: what a Python without matplotlib answers.
        let fake = folder.appendingPathComponent("python")
        try "#!/bin/sh\necho pandas matplotlib\nexit 1\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        for (python, message) in [(fake.path, "lacks pandas matplotlib"), (folder.appendingPathComponent("none").path, "cannot run Python")] {
            let outcome = try PythonTools.run(KnsimProcess.executable, ["plot", result.path],
                                              environment: PythonTools.environment(home: folder, extra: ["KNSIM_PYTHON": python]))
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func aFolderWithoutResultsIsBadInput() throws {
        let outcome = try KnsimProcess.run(["plot", "no/such/folder"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("not a knsim results folder"))
    }
}
