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

    /// The call-graph notebook on the to-do app: the service graph (Graphviz's SVG from
    /// `knsim graph` when it wrote one, else the matplotlib drawing from edges.csv), the
    /// per-edge cold calls and latency, and the entry latency CDF.
    @Test(arguments: [true, false])
    func callGraphNotebookDrawsTheServiceGraph(afterKnsimGraph: Bool) throws {
        let python = try PythonTools.requirePython()
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = folder.appendingPathComponent("todolist")
        let run = try KnsimProcess.run(["run", "scenarios/todolist.yaml", "--out", result.path])
        try #require(run.status == 0, "\(run.stderr)")
        if afterKnsimGraph {
            let graph = try KnsimProcess.run(["graph", result.path])
            try #require(graph.status == 0, "\(graph.stderr)")
        }
        let graphviz = FileManager.default.fileExists(atPath: result.appendingPathComponent("graph.svg").path)
        #expect(graphviz == (afterKnsimGraph && GraphCommandTests.hasDot))

        let out = folder.appendingPathComponent("export")
        let environment = PythonTools.environment(home: folder.appendingPathComponent("home"),
                                                  extra: ["KNSIM_GRAPH_RUN": result.path])
        let outcome = try PythonTools.run(python, ["-m", "knsim_plots.notebooks", "notebooks/call_graph.py",
                                                   "--out", out.path], environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("call_graph: 3 figures"), "\(outcome.stdout)")

        let notebook = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("call_graph.ipynb")))
        let cells = try #require((notebook as? [String: Any])?["cells"] as? [[String: Any]])
        let outputs = cells.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
        #expect(!outputs.contains { $0["output_type"] as? String == "error" })
        let svgs = outputs.compactMap { ($0["data"] as? [String: Any])?["image/svg+xml"] }
        let pngs = outputs.filter { (($0["data"] as? [String: Any])?["image/png"]) != nil }
        let text = outputs.map { (($0["text"] as? [String]) ?? []).joined() + "\((($0["data"] as? [String: Any])?["text/plain"]) ?? "")" }.joined()
        if graphviz {
            #expect(svgs.count == 1 && pngs.count == 2)
            #expect(text.contains("drawn by knsim graph (Graphviz)"))
        } else {
            #expect(svgs.isEmpty && pngs.count == 3)
            #expect(text.contains("drawn with matplotlib"))
        }
        // The per-edge table names every edge of the to-do app.
        for edge in ["myapp → todo-00001", "myapp → user-v1", "myapp → user-v2"] {
            #expect(text.contains(edge), "\(edge)")
        }
    }

    /// The policy-comparison notebook on scenarios/policy-comparison.yaml with the KPA
    /// (the baseline, shown as "kpa") and the hybrid histogram policy, two replications:
    /// the metrics with their intervals, pods per policy over the run and over four
    /// bursts, and the latency CDFs.
    @Test func policyComparisonShowsEachPolicy() throws {
        let python = try PythonTools.requirePython()
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = "scenarios/policy-comparison.yaml"
        let hybrid = "services[0].revisions[0].policy={kind: hybrid-histogram}"
        let compare = try KnsimProcess.run(["compare", scenario, "--variant", "hybrid:\(hybrid)", "--replications", "2",
                                            "--out", folder.appendingPathComponent("compare").path])
        try #require(compare.status == 0, "\(compare.stderr)")
        let policies = folder.appendingPathComponent("policies")
        for (name, overrides) in [("baseline", [String]()), ("hybrid", ["--set", hybrid])] {
            let run = try KnsimProcess.run(["run", scenario] + overrides + ["--out", policies.appendingPathComponent(name).path])
            try #require(run.status == 0, "\(run.stderr)")
        }
        let out = folder.appendingPathComponent("export")
        let environment = PythonTools.environment(home: folder.appendingPathComponent("home"), extra: [
            "KNSIM_COMPARISON": folder.appendingPathComponent("compare").path, "KNSIM_POLICY_RUNS": policies.path,
        ])
        let outcome = try PythonTools.run(python, ["-m", "knsim_plots.notebooks", "notebooks/policy_comparison.py",
                                                   "--out", out.path], environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Metrics with intervals, pods per policy (whole run, four bursts), latency CDFs.
        #expect(outcome.stdout.contains("policy_comparison: 4 figures"), "\(outcome.stdout)")
        let notebook = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("policy_comparison.ipynb")))
        let cells = try #require((notebook as? [String: Any])?["cells"] as? [[String: Any]])
        let outputs = cells.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
        #expect(!outputs.contains { $0["output_type"] as? String == "error" })
        let text = outputs.map { (($0["text"] as? [String]) ?? []).joined() + "\((($0["data"] as? [String: Any])?["text/plain"]) ?? "")" }.joined()
        #expect(text.contains("2 variants × 2 replications; runs of kpa, hybrid"), "\(text)")
        #expect(!text.contains("baseline"))
    }
}
