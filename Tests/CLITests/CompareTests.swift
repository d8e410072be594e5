import Foundation
import Testing

/// `knsim compare` and `knsim merge`, run as a user would.
@Suite struct CompareTests {
    /// Short runs: the table's shape and the files' bytes are under test, not the figures.
    static let arguments = [
        "compare", "scenarios/hello.yaml", "--set", "duration=1m", "--set", "warmup=10s",
        "--variant", "more-pods:services.hello.revisions.hello-v1.pool.pods=6",
        "--variant", "cc2:services[0].revisions[0].container-concurrency=2",
        "--replications", "3",
    ]
    static let metrics = ["cold_starts", "latency.p50", "latency.p95", "latency.p99", "failures.total", "pods.integral"]

    func compare(_ extra: [String], out: URL) throws -> KnsimProcess.Outcome {
        let outcome = try KnsimProcess.run(Self.arguments + extra + ["--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome
    }

    func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    @Test func printsTheTableAndWritesOneCSVRowPerVariantAndMetric() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try compare([], out: root.appendingPathComponent("c"))
        let header = try #require(outcome.stdout.split(separator: "\n").dropFirst().first)
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == ["metric", "baseline", "more-pods", "cc2"])
        for label in ["cold starts", "latency p50 (ms)", "latency p99 (ms)", "failures", "pod-seconds"] {
            #expect(outcome.stdout.contains("\n" + label + " "), "\(label)")
        }
        #expect(outcome.stdout.contains(" ± "))

        let csv = String(decoding: try Data(contentsOf: root.appendingPathComponent("c/comparison.csv")), as: UTF8.self)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["variant", "metric", "mean", "half_width", "lower", "upper", "replications"])
        let body = rows.dropFirst()
        #expect(body.count == 3 * Self.metrics.count)
        var pairs: [String] = []
        for row in body {
            #expect(row.count == 7)
            #expect(row[6] == "3")
            let mean = try #require(Double(row[2])), half = try #require(Double(row[3]))
            #expect(try #require(Double(row[4])) == mean - half)
            #expect(try #require(Double(row[5])) == mean + half)
            pairs.append(row[0] + " " + row[1])
        }
        #expect(pairs == ["baseline", "more-pods", "cc2"].flatMap { v in Self.metrics.map { v + " " + $0 } })
        // 6 always-ready pods for the 50 s after the warm-up: 300 pod-seconds in every
        // replication, so no spread.
        #expect(body.contains(["more-pods", "pods.integral", "300", "0", "300", "300", "3"]))
        #expect(try files(in: root.appendingPathComponent("c")).keys.sorted() == ["comparison.csv", "comparison.md"])
    }

    @Test func sameCommandTwiceGivesIdenticalFiles() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try compare(["--jobs", "2"], out: root.appendingPathComponent("a"))
        let second = try compare(["--jobs", "1"], out: root.appendingPathComponent("b"))
        let a = try files(in: root.appendingPathComponent("a")), b = try files(in: root.appendingPathComponent("b"))
        #expect(a == b)
        #expect(a.count == 2)
        #expect(first.stdout.split(separator: "\n").dropLast() == second.stdout.split(separator: "\n").dropLast())
    }

    @Test func threeShardsMergedAreByteIdenticalToAnUnshardedRun() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try compare([], out: root.appendingPathComponent("full"))
        let parts = root.appendingPathComponent("parts")
        for i in 0..<3 { _ = try compare(["--shard", "\(i)/3"], out: parts) }
        let partials = (0..<3).map { parts.appendingPathComponent("shard-\($0)-of-3.json").path }
        // Given in another order: merging must not depend on it.
        let merge = try KnsimProcess.run(["merge"] + partials.reversed() + ["--out", root.appendingPathComponent("merged").path])
        #expect(merge.status == 0, "\(merge.stderr)")
        let full = try files(in: root.appendingPathComponent("full"))
        #expect(try files(in: root.appendingPathComponent("merged")) == full)
        #expect(full.count == 2)

        // A missing shard and a duplicated one are errors naming a shard file.
        let missing = try KnsimProcess.run(["merge", partials[0], partials[2], "--out", root.appendingPathComponent("m").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no file for shard 1/3 (expected shard-1-of-3.json)"), "\(missing.stderr)")
        let duplicate = try KnsimProcess.run(["merge"] + partials + [partials[1], "--out", root.appendingPathComponent("d").path])
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("\(partials[1]): run 1 (baseline, replication 1) is also in \(partials[1])"), "\(duplicate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("m").path))
    }

    @Test(arguments: [
        (["--variant", "x:services.helo.revisions.hello-v1.pool.pods=6"], "unknown path: no element of services is named \"helo\""),
        (["--variant", "x:autoscaler.stabel-window=30s"], "did you mean \"stable-window\"?"),
        (["--variant", "x:duration=soon"], "scenarios/hello.yaml:7:11: duration: must be a duration"),
        (["--variant", "baseline:seed=3"], "\"baseline\" is the unmodified scenario's name"),
        (["--variant", "x:seed=3", "--variant", "x:seed=4"], "another variant is already named \"x\""),
        (["--variant", "no-overrides"], "expected NAME:PATH=VALUE"),
        (["--set", "seed"], "--set seed: expected PATH=VALUE"),
        (["--shard", "3/3"], "--shard 3/3: needs 0 <= I < N"),
        (["--shard", "one"], "expected I/N"),
        (["--replications", "0"], "--replications must be at least 1"),
        (["--jobs", "0"], "--jobs must be at least 1"),
    ])
    func badInputExitsTwoWithOneLine(extra: [String], message: String) throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try KnsimProcess.run(["compare", "scenarios/hello.yaml"] + extra + ["--out", root.appendingPathComponent("o").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("o").path))
    }

    @Test func mergeOfANonPartialFileExitsTwo() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let bogus = root.appendingPathComponent("bogus.json")
        try Data("{\"format\": 1}".utf8).write(to: bogus)
        let outcome = try KnsimProcess.run(["merge", bogus.path, "--out", root.appendingPathComponent("o").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(bogus.path): not a knsim compare partial result"), "\(outcome.stderr)")
    }
}
