import Foundation
import Testing

/// The cold-start notebook runs headless (jupytext source → executed notebook) against
/// a small result and produces its figures, as scripts/notebooks.sh runs it.
@Suite struct NotebookTests {
    @Test func coldStartStudyRunsAgainstASmallResultAndDrawsItsFigures() throws {
        let python = try PythonTools.requirePython()
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("results")
        _ = try PythonTools.smallColdStartResult(in: results)
        let out = folder.appendingPathComponent("export")
        let environment = PythonTools.environment(home: folder.appendingPathComponent("home"),
                                                  extra: ["KNSIM_RESULTS": results.path])
        let outcome = try PythonTools.run(python, ["-m", "knsim_plots.notebooks", "notebooks/cold_start_study.py",
                                                   "--out", out.path, "--html"], environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Four figures: phases, cold starts over time, latency CDF, pods against load.
        #expect(outcome.stdout.contains("cold_start_study: 4 figures"), "\(outcome.stdout)")

        let notebook = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("cold_start_study.ipynb")))
        let cells = try #require((notebook as? [String: Any])?["cells"] as? [[String: Any]])
        let outputs = cells.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
        let images = outputs.filter { (($0["data"] as? [String: Any])?["image/png"]) != nil }
        #expect(images.count == 4)
        #expect(!outputs.contains { $0["output_type"] as? String == "error" })
        let html = try String(contentsOf: out.appendingPathComponent("cold_start_study.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "src=\"data:image/png;base64").count - 1 == 4)
        #expect(html.contains("scale-from-zero"))
    }
}
