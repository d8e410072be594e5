import Foundation
import Testing

/// `knsim autoscaler replay --policy external|hpa|kpa` through the real binary.
@Suite struct ExternalPolicyCLITests {
    static let fixtures = "Tests/AutoscalingTests/Fixtures"
    static let handInput = "\(fixtures)/replay-hand.input.csv"

    static let pythonAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }()

    /// The Python example with a 6 s window on the hand-computed KPA fixture: its stable
    /// values are the KPA's stable-window values of ReplayTests' table (both average the
    /// recorded seconds of the last 6), desired = ceil(value / 10) capped by max-scale 5
    /// from --config; t = 3 is a poke (load while the last answer was 0 pods).
    @Test(.enabled(if: pythonAvailable, "python3 not found in PATH"))
    func pythonExampleReplay() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.json")
        try #"{"max-scale": 5}"#.write(to: config, atomically: true, encoding: .utf8)
        let outcome = try KnsimProcess.run([
            "autoscaler", "replay", "--policy", "external", "--config", config.path,
            "--command", "python3 examples/policies/target_tracking.py --window 6",
            "--input", Self.handInput,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout == """
            time,desired_pods,panic,excess_burst_capacity,stable_value,panic_value
            2,0,0,0,0,0
            3,1,0,0,2,0
            4,1,0,0,2,0
            6,1,0,0,9.75,0
            8,2,0,0,16.5,0
            10,3,0,0,25.833333333333332,0
            12,3,0,0,23.333333333333332,0
            14,2,0,0,16.666666666666668,0
            16,1,0,0,6.666666666666667,0
            18,1,0,0,3.3333333333333335,0
            20,0,0,0,0,0
            22,0,0,0,0,0
            24,0,0,0,0,0
            26,0,0,0,0,0
            28,0,0,0,0,0
            29,1,0,0,1,0
            30,1,0,0,1,0
            32,5,0,0,40.5,0

            """)
    }

    @Test(.enabled(if: pythonAvailable, "python3 not found in PATH"))
    func decisionIntervalAndStderrPassThrough() throws {
        let outcome = try KnsimProcess.run([
            "autoscaler", "replay", "--policy", "external", "--decision-interval", "10",
            "--command", #"python3 -c "import sys; print('policy log line', file=sys.stderr); exec(open('examples/policies/target_tracking.py').read())""#,
            "--input", Self.handInput,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "policy log line\n")
        let times = outcome.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }
        #expect(times == ["10", "20", "30"])
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var label: String
        var arguments: [String]
        var expected: String
        var testDescription: String { label }
    }

    static let failures: [Failure] = [
        Failure(label: "program exits", arguments: ["--policy", "external", "--command", "python3 -c 'import sys; sys.exit(4)'"],
                expected: #"knsim: error: policy program "python3 -c import sys; sys.exit(4)": exited with status 4 while knsim waited for the answer to hello"#),
        Failure(label: "bad answer", arguments: ["--policy", "external", "--command",
                                                 #"python3 -c "[print('{\"protocol\":1}' if 'hello' in l else '{}', flush=True) for l in __import__('sys').stdin]""#],
                expected: #"lacks "desired_pods""#),
        Failure(label: "not found", arguments: ["--policy", "external", "--command", "no-such-policy-program"],
                expected: #"knsim: error: policy program "no-such-policy-program": cannot start: command not found"#),
        Failure(label: "unbalanced quote", arguments: ["--policy", "external", "--command", "python3 'x"],
                expected: "knsim: error: --command: unterminated ' in the command"),
        Failure(label: "hpa without a pods metric", arguments: ["--policy", "hpa"],
                expected: #"the HPA replay needs "metric": "concurrency" or "rps""#),
        Failure(label: "external without command", arguments: ["--policy", "external"],
                expected: "--policy external needs --command"),
        Failure(label: "command with kpa", arguments: ["--policy", "kpa", "--command", "x"],
                expected: "--command is only for --policy external"),
        Failure(label: "zero interval", arguments: ["--policy", "external", "--command", "x", "--decision-interval", "0"],
                expected: "--decision-interval must be"),
    ]

    @Test(.enabled(if: pythonAvailable, "python3 not found in PATH"), arguments: failures)
    func failuresExitTwoWithAMessage(_ f: Failure) throws {
        let outcome = try KnsimProcess.run(["autoscaler", "replay"] + f.arguments + ["--input", Self.handInput])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains(f.expected), "\(outcome.stderr)")
        if outcome.stderr.hasPrefix("knsim: error: policy program") || outcome.stderr.hasPrefix("knsim: error: --command") {
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
        }
    }

    /// Knative's HPA class with a concurrency target of 10 per pod, on 2 ready pods
    /// carrying 60 in total: 30 per pod, ratio 3 → ceil(3 × 2) = 6 proposed, limited to
    /// max(2 × 2, 4) = 4 on the behavior-less path. One decision per 15 s sync.
    @Test func hpaReplay() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.json")
        try #"{"metric": "concurrency", "target": 10}"#.write(to: config, atomically: true, encoding: .utf8)
        let input = folder.appendingPathComponent("obs.csv")
        try ("time,ready_pods,concurrency,rps\n" + (0...20).map { "\($0),2,60,100\n" }.joined())
            .write(to: input, atomically: true, encoding: .utf8)
        let outcome = try KnsimProcess.run(["autoscaler", "replay", "--policy", "hpa", "--config", config.path,
                                            "--input", input.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "time,desired_pods,panic,excess_burst_capacity,stable_value,panic_value\n15,4,0,0,30,0\n")
    }

    /// The KPA replay is unchanged by the policy generalisation: byte-identical to the
    /// hand-computed fixture.
    @Test func kpaReplayIsUnchanged() throws {
        let outcome = try KnsimProcess.run(["autoscaler", "replay", "--policy", "kpa",
                                            "--config", "\(Self.fixtures)/replay-hand.config.json",
                                            "--input", Self.handInput])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let expected = try String(contentsOfFile: KnsimProcess.packageRoot.appendingPathComponent(
            "\(Self.fixtures)/replay-hand.expected.csv").path, encoding: .utf8)
        #expect(outcome.stdout == expected)
    }
}
