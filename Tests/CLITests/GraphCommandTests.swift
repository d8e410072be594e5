import Foundation
import Testing

/// `knsim graph`: the to-do app's service graph, checked against its summary.
@Suite struct GraphCommandTests {
    @Test func todolistGraphMatchesItsSummary() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("todolist")
        let run = try KnsimProcess.run(["run", "scenarios/todolist.yaml", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let dotFile = folder.appendingPathComponent("todo.dot")
        let graph = try KnsimProcess.run(["graph", out.path, "--out", dotFile.path])
        #expect(graph.status == 0, "\(graph.stderr)")
        let dot = try String(contentsOf: dotFile, encoding: .utf8)

        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
        let edges = try #require(summary["edges"] as? [String: [String: [String: Any]]])
        #expect(edges.keys.sorted() == ["myapp"])
        #expect(edges["myapp"]!.keys.sorted() == ["todo-00001", "user-v1", "user-v2"])
        // Services as boxes holding their revisions.
        for service in ["myapp", "user", "todo"] { #expect(dot.contains("subgraph \"cluster_\(service)\"")) }
        for revision in ["myapp-00001", "user-v1", "user-v2", "todo-00001"] { #expect(dot.contains("\"\(revision)\" [label=\"\(revision)\\n")) }
        #expect(dot.contains("clients -> \"myapp-00001\""))
        // Each edge's label carries the summary's rate, p95 and error share.
        for (revision, edge) in edges["myapp"]! {
            let rate = try #require(edge["rate"] as? Double)
            let p95 = try #require((edge["latency"] as? [String: Any])?["p95"] as? Double)
            let line = try #require(dot.split(separator: "\n").first { $0.contains("\"myapp-00001\" -> \"\(revision)\"") })
            #expect(line.contains(String(format: "%.2f rps", rate)), "\(line)")
            #expect(line.contains(String(format: "p95 %.1f ms", p95 * 1000)), "\(line)")
            #expect(line.contains("errors 0.0%"), "\(line)")
            // user and todo scale to zero between bursts: every edge met cold starts.
            let cold = try #require(edge["cold"] as? Int)
            #expect(cold > 0 && line.contains("penwidth=2.5") && line.contains("cold "), "\(line)")
        }
        // edges.csv: one row per edge, rates as in the summary.
        let csv = try String(contentsOf: out.appendingPathComponent("edges.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4)

        let svg = folder.appendingPathComponent("todo.svg")
        if Self.hasDot {
            let text = try String(contentsOf: svg, encoding: .utf8)
            #expect(text.contains("<svg") && text.contains("clients"))
        } else {
            #expect(!FileManager.default.fileExists(atPath: svg.path))
        }
    }

    @Test func expectationsNameEdgesAndEntryPaths() throws {
        let check = try KnsimProcess.run(["check", "scenarios/todolist.yaml"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("PASS  edges.myapp.user-v1.requests.sent"))
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: KnsimProcess.packageRoot.appendingPathComponent("scenarios/todolist.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "edges.myapp.todo-00001.latency.p50", with: "edges.myapp.todo-00002.latency.p50")
        let file = folder.appendingPathComponent("todolist.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lint = try KnsimProcess.run(["lint", file.path])
        #expect(lint.status == 2)
        #expect(lint.stderr.contains("edges.myapp.todo-00001.latency.p50"), "\(lint.stderr)")
    }

    @Test func aRunWithoutCallsHasNoGraph() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("hello")
        #expect(try KnsimProcess.run(["run", "scenarios/scale-from-zero.yaml", "--out", out.path]).status == 0)
        let outcome = try KnsimProcess.run(["graph", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("no calls between services"), "\(outcome.stderr)")
    }

    static var hasDot: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/dot")
        }
    }
}
