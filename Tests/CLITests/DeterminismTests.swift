import Foundation
import Testing

/// Same scenario and seed → byte-identical files; another seed → different ones.
@Suite struct DeterminismTests {
    func run(seed: UInt64?, into folder: URL) throws -> (summary: Data, series: Data) {
        var arguments = ["run", "scenarios/hello.yaml", "--out", folder.path]
        if let seed { arguments += ["--seed", String(seed)] }
        let outcome = try KnsimProcess.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return (try Data(contentsOf: folder.appendingPathComponent("summary.json")),
                try Data(contentsOf: folder.appendingPathComponent("timeseries.csv")))
    }

    @Test func sameSeedGivesByteIdenticalResults() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try run(seed: nil, into: root.appendingPathComponent("a"))
        let second = try run(seed: nil, into: root.appendingPathComponent("b"))
        #expect(first.summary == second.summary)
        #expect(first.series == second.series)
        #expect(first.summary.count > 500)
    }

    @Test func anotherSeedGivesDifferentResults() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try run(seed: 42, into: root.appendingPathComponent("a"))
        let second = try run(seed: 43, into: root.appendingPathComponent("b"))
        #expect(first.summary != second.summary)
        #expect(first.series != second.series)
        let summary = try JSONSerialization.jsonObject(with: second.summary) as? [String: Any]
        #expect(summary?["seed"] as? Int == 43)
    }

    @Test func rerunReplacesTheResultsFolderWhole() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("r")
        _ = try run(seed: 1, into: folder)
        try Data("stale".utf8).write(to: folder.appendingPathComponent("stale.txt"))
        _ = try run(seed: 2, into: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["latency.csv", "summary.json", "timeseries.csv"])
        // No temporary or moved-aside folders remain beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["r"])
    }
}
