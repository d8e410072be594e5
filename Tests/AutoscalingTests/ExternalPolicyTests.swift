import Foundation
import Testing
@testable import Autoscaling

// The policy of docs/policies.md, word for word: if this stops compiling or behaving,
// the documentation is wrong.

/// Keeps `target` in-flight requests per pod, on the average over `window`.
struct TargetTracking: ScalingPolicy {
    let target: Double                                           // in-flight requests per pod
    let window: Int64                                            // nanoseconds
    var decisionInterval: Int64 { 2_000_000_000 }
    private(set) var status = ScalingDecision(desiredScale: -1, excessBurstCapacity: 0, valid: false)
    private var samples: [(time: Int64, concurrency: Double)] = []

    init(target: Double = 10, windowSeconds: Int64 = 60) {
        self.target = target
        self.window = windowSeconds * 1_000_000_000
    }

    mutating func record(_ sample: MetricSample, at now: Int64) -> Bool {
        samples.append((now, sample.concurrency))
        return status.desiredScale == 0 && sample.concurrency > 0   // wake from zero at once
    }

    mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
        samples.removeAll { $0.time <= now - window }
        var total = 0.0
        for sample in samples { total += sample.concurrency }
        let average = samples.isEmpty ? 0 : total / Double(samples.count)
        status = ScalingDecision(desiredScale: Int32((average / target).rounded(.up)),
                                 excessBurstCapacity: 0, valid: true, stableValue: average)
        return status
    }
}

/// Where the package is, and whether python3 can run the examples.
enum ExternalFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = packageRoot.appendingPathComponent("examples/policies/target_tracking.py").path

    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// A descriptor for /dev/null, so expected failures keep the test log clean.
    static let devNull: Int32 = open("/dev/null", O_WRONLY)

    /// A long irregular trace: fractional values, idle stretches (all-zero rows are not
    /// recorded, so the policy scales to zero and is poked back), missing seconds.
    static func irregularTrace(seconds: Int64) -> [ReplayObservation] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var rows: [ReplayObservation] = []
        var ready = 1
        for t in 0...seconds {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let r = Double(state >> 11) / Double(1 << 53)
            if t % 97 == 13 { continue }                          // a missing second
            let idle = ((t + 1) / 100) % 3 == 2                    // load resumes at odd seconds
            let concurrency = idle ? 0 : (r * 160).rounded(.down) / 4 + 0.1
            ready = idle ? 0 : max(1, Int(concurrency / 10) + (t % 7 == 0 ? 1 : 0))
            rows.append(ReplayObservation(time: t, readyPods: ready, concurrency: concurrency, rps: concurrency * 3))
        }
        return rows
    }
}

@Suite("External policy: the Swift seam and the Python example")
struct ExternalPolicyTests {
    @Test func swiftTargetTrackingBehaves() {
        var policy = TargetTracking(target: 10, windowSeconds: 6)
        #expect(policy.record(MetricSample(concurrency: 25, rps: 0), at: 1_000_000_000) == false)
        #expect(policy.decide(at: 2_000_000_000, readyPods: 1).desiredScale == 3)   // ceil(25/10)
        _ = policy.record(MetricSample(concurrency: 5, rps: 0), at: 3_000_000_000)
        let d = policy.decide(at: 4_000_000_000, readyPods: 3)
        #expect(d.stableValue == 15 && d.desiredScale == 2)
        // Both samples leave the window: zero pods, then load pokes.
        #expect(policy.decide(at: 10_000_000_000, readyPods: 2).desiredScale == 0)
        #expect(policy.record(MetricSample(concurrency: 1, rps: 0), at: 11_000_000_000) == true)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var arguments: [String]
        var target: Double
        var window: Int64
        var trace: [ReplayObservation]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "defaults, irregular 20 min trace", arguments: [], target: 10, window: 60,
             trace: ExternalFixture.irregularTrace(seconds: 1200)),
        Case(label: "target 3.5, window 7 s", arguments: ["--target", "3.5", "--window", "7"], target: 3.5, window: 7,
             trace: ExternalFixture.irregularTrace(seconds: 400)),
    ]

    /// End to end: the Python example through the replay gives exactly the decisions of
    /// the Swift twin (same algorithm, same float operations in the same order).
    @Test(.enabled(if: ExternalFixture.python != nil, "python3 not found in PATH: end-to-end test skipped"),
          arguments: cases)
    func pythonExampleMatchesSwiftTwin(_ c: Case) throws {
        let configuration = ExternalPolicyConfiguration(arguments: [ExternalFixture.python!, ExternalFixture.example] + c.arguments)
        let external = try ExternalPolicyReplay.run(c.trace, configuration: configuration)
        let swift = PolicyReplay.run(
            c.trace,
            makePolicy: { _, _ in TargetTracking(target: c.target, windowSeconds: c.window) },
            bounds: { $0 })
        #expect(external.count == swift.count)
        #expect(external.count > c.trace.count / 2)
        for (e, s) in zip(external, swift) { #expect(e == s, "t=\(s.time)") }
        // The trace exercises what matters: scale to zero, pokes at odd seconds, and up to several pods.
        #expect(swift.contains { $0.desiredPods == 0 })
        #expect(swift.contains { $0.time % 2 == 1 })
        #expect(swift.contains { $0.desiredPods >= 2 })
    }

    /// The hand-computed KPA fixture has the same stable window values as a 6 s
    /// target-tracking window (both average the recorded seconds of the last 6).
    @Test(.enabled(if: ExternalFixture.python != nil, "python3 not found in PATH: end-to-end test skipped"))
    func pythonExampleOnTheHandFixture() throws {
        let trace = try ReplayCSV.parseObservations(try Fixture.text("replay-hand.input.csv"), fileName: "input")
        let configuration = ExternalPolicyConfiguration(
            arguments: [ExternalFixture.python!, ExternalFixture.example, "--window", "6"])
        let decisions = try ExternalPolicyReplay.run(trace, configuration: configuration, bounds: { min($0, 5) })
        let expected: [(Int64, Int32, Double)] = [
            (2, 0, 0), (3, 1, 2), (4, 1, 2), (6, 1, 9.75), (8, 2, 16.5), (10, 3, 155.0 / 6), (12, 3, 140.0 / 6),
            (14, 2, 100.0 / 6), (16, 1, 40.0 / 6), (18, 1, 20.0 / 6), (20, 0, 0), (22, 0, 0), (24, 0, 0),
            (26, 0, 0), (28, 0, 0), (29, 1, 1), (30, 1, 1), (32, 5, 40.5),
        ]
        #expect(decisions.map(\.time) == expected.map(\.0))
        for (d, e) in zip(decisions, expected) {
            #expect(d.desiredPods == e.1 && abs(d.stableValue - e.2) < 1e-12, "t=\(e.0)")
        }
    }

    @Test func replayTicksAtThePolicysInterval() {
        struct Every5: ScalingPolicy {
            var decisionInterval: Int64 { 5_000_000_000 }
            var status = ScalingDecision(desiredScale: 1, excessBurstCapacity: 0, valid: true)
            mutating func record(_ sample: MetricSample, at now: Int64) -> Bool { false }
            mutating func decide(at now: Int64, readyPods: Int) -> ScalingDecision { status }
        }
        let trace = (0...17).map { ReplayObservation(time: Int64($0), readyPods: 1, concurrency: 1, rps: 1) }
        let times = PolicyReplay.run(trace, makePolicy: { _, _ in Every5() }, bounds: { $0 }).map(\.time)
        #expect(times == [5, 10, 15])
    }
}

@Suite("docs/policies.md")
struct PolicyDocsTests {
    /// The Swift example of docs/policies.md is the `TargetTracking` above, character for
    /// character, and the Python heart quoted there is in the example program.
    @Test func documentedExamplesAreTheTestedOnes() throws {
        let root = ExternalFixture.packageRoot
        let docs = try String(contentsOf: root.appendingPathComponent("docs/policies.md"), encoding: .utf8)
        let tests = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let start = try #require(docs.range(of: "/// Keeps `target` in-flight requests per pod"))
        let end = try #require(docs.range(of: "\n}\n", range: start.upperBound..<docs.endIndex))
        let swiftExample = String(docs[start.lowerBound..<end.upperBound])
        #expect(swiftExample.contains("mutating func decide"))
        #expect(tests.contains(swiftExample), "docs/policies.md's TargetTracking differs from the tested one")

        let python = try String(contentsOfFile: ExternalFixture.example, encoding: .utf8)
        for line in ["window.append((message[\"time\"], message[\"concurrency\"]))",
                     "answer = {\"poke\": desired == 0 and message[\"concurrency\"] > 0}",
                     "while window and window[0][0] <= now - args.window:",
                     "total += concurrency",
                     "average = total / len(window) if window else 0.0",
                     "desired = math.ceil(average / args.target)",
                     "answer = {\"desired_pods\": desired, \"stable_value\": average}",
                     "print(json.dumps(answer), flush=True)"] {
            #expect(docs.contains(line) && python.contains(line), "\(line)")
        }
    }
}
