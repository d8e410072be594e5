import Foundation
import Testing
@testable import Autoscaling

@Suite("External policy: protocol lines, errors, process lifetime")
struct ExternalProtocolTests {
    // MARK: Lines knsim writes

    @Test func messagesAreExactBytes() {
        #expect(ExternalPolicyMessages.hello(decisionInterval: 2_000_000_000)
                == #"{"type":"hello","protocol":1,"decision_interval":2}"#)
        #expect(ExternalPolicyMessages.observation(MetricSample(concurrency: 4.5, rps: 0.00001, source: .push), at: 3_000_000_000)
                == #"{"type":"observation","time":3,"concurrency":4.5,"rps":0.00001,"source":"push","cpu_utilization":null}"#)
        #expect(ExternalPolicyMessages.observation(MetricSample(concurrency: 0, rps: 1e20, cpuUtilization: 55.25), at: 1_500_000_000)
                == #"{"type":"observation","time":1.5,"concurrency":0,"rps":100000000000000000000,"source":"scrape","cpu_utilization":55.25}"#)
        #expect(ExternalPolicyMessages.decide(at: 4_000_000_000, readyPods: 7)
                == #"{"type":"decide","time":4,"ready_pods":7}"#)
    }

    // MARK: Answers

    typealias Problem = ExternalPolicyMessages.AnswerProblem

    static let decideAnswers: [(String, Result<ScalingDecision, Problem>)] = [
        (#"{"desired_pods":3}"#, .success(ScalingDecision(desiredScale: 3, excessBurstCapacity: 0, valid: true))),
        (#"{"desired_pods":3.0,"excess_burst_capacity":-7,"panic":true,"stable_value":1.5,"panic_value":2,"note":"x"}"#,
         .success(ScalingDecision(desiredScale: 3, excessBurstCapacity: -7, valid: true, inPanic: true,
                                  stableValue: 1.5, panicValue: 2))),
        (#" {"desired_pods":0, "panic":null} "#, .success(ScalingDecision(desiredScale: 0, excessBurstCapacity: 0, valid: true))),
        (#"{}"#, .failure(.missingField("desired_pods"))),
        (#"{"desired_pods":null}"#, .failure(.missingField("desired_pods"))),
        (#"{"desired_pods":-1}"#, .failure(.invalidField("desired_pods", expected: "a whole number from 0 to 2147483647"))),
        (#"{"desired_pods":2.5}"#, .failure(.invalidField("desired_pods", expected: "a whole number from 0 to 2147483647"))),
        (#"{"desired_pods":"2"}"#, .failure(.invalidField("desired_pods", expected: "a whole number from 0 to 2147483647"))),
        (#"{"desired_pods":3e9}"#, .failure(.invalidField("desired_pods", expected: "a whole number from 0 to 2147483647"))),
        (#"{"desired_pods":true}"#, .failure(.invalidField("desired_pods", expected: "a whole number from 0 to 2147483647"))),
        (#"{"desired_pods":1,"panic":1}"#, .failure(.invalidField("panic", expected: "true or false"))),
        (#"{"desired_pods":1,"stable_value":"a"}"#, .failure(.invalidField("stable_value", expected: "a number"))),
        (#"[1]"#, .failure(.notJSONObject)),
        (#"desired 3"#, .failure(.notJSONObject)),
        (#"{"desired_pods":1} {"desired_pods":2}"#, .failure(.notJSONObject)),
        (#""#, .failure(.notJSONObject)),
    ]

    @Test func decideAnswers() {
        for (line, expected) in Self.decideAnswers {
            let got = Result { () throws(Problem) in try ExternalPolicyMessages.parseDecideAnswer(line) }
            #expect(got == expected, "\(line)")
        }
    }

    @Test func helloAndObservationAnswers() throws {
        #expect(throws: Never.self) { try ExternalPolicyMessages.parseHelloAnswer(#"{"protocol":1}"#) }
        #expect(throws: Problem.unsupportedProtocol("2")) { try ExternalPolicyMessages.parseHelloAnswer(#"{"protocol":2}"#) }
        #expect(throws: Problem.unsupportedProtocol("\"1\"")) { try ExternalPolicyMessages.parseHelloAnswer(#"{"protocol":"1"}"#) }
        #expect(throws: Problem.missingField("protocol")) { try ExternalPolicyMessages.parseHelloAnswer(#"{}"#) }
        #expect(try ExternalPolicyMessages.parseObservationAnswer(#"{"poke":true}"#) == true)
        #expect(try ExternalPolicyMessages.parseObservationAnswer(#"{"poke":false}"#) == false)
        #expect(try ExternalPolicyMessages.parseObservationAnswer(#"{}"#) == false)
        #expect(throws: Problem.invalidField("poke", expected: "true or false")) {
            try ExternalPolicyMessages.parseObservationAnswer(#"{"poke":1}"#)
        }
    }

    @Test func commandWords() throws {
        let cases: [(String, [String])] = [
            ("python3 examples/p.py --target 10", ["python3", "examples/p.py", "--target", "10"]),
            ("  a\t b  ", ["a", "b"]),
            (#"prog 'two words' "and \"three\" \n" x\ y"#, ["prog", "two words", #"and "three" \n"#, "x y"]),
            (#"a''b "" c"#, ["ab", "", "c"]),
            ("echo $HOME ~ *", ["echo", "$HOME", "~", "*"]),
        ]
        for (text, words) in cases { #expect(try CommandWords.split(text) == words, "\(text)") }
        for bad in ["", "   ", "a 'b", #"a "b"#, "a\\"] {
            #expect(throws: CommandWords.SplitError.self, "\(bad)") { try CommandWords.split(bad) }
        }
    }

    // MARK: Programs that misbehave

    /// A Python program: reads lines, answers hello with `hello`, observations with
    /// `{}`, and runs `onDecide` (Python statements) for a decide.
    static func program(hello: String = #"print('{"protocol":1}', flush=True)"#, onDecide: String) -> [String] {
        let source = """
            import sys, time, json
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    \(hello)
                elif m["type"] == "observation":
                    print("{}", flush=True)
                else:
                    \(onDecide)
            """
        return [ExternalFixture.python ?? "python3", "-c", source]
    }

    typealias Reason = ExternalPolicyError.Reason

    static let failures: [(label: String, arguments: [String], exchange: String, reason: Reason)] = [
        ("exits at once", [ExternalFixture.python ?? "python3", "-c", "import sys; sys.exit(3)"], "hello",
         .exited(.exited(status: 3))),
        ("not JSON", program(hello: #"print("ready!", flush=True)"#, onDecide: "pass"), "hello",
         .notJSONObject(#""ready!""#)),
        ("other protocol", program(hello: #"print('{"protocol":2}', flush=True)"#, onDecide: "pass"), "hello",
         .unsupportedProtocol("2")),
        ("no desired_pods", program(onDecide: #"print('{"pods":1}', flush=True)"#), "decide at t=4s",
         .missingField("desired_pods")),
        ("negative pods", program(onDecide: #"print('{"desired_pods":-2}', flush=True)"#), "decide at t=4s",
         .invalidField("desired_pods", expected: "a whole number from 0 to 2147483647")),
        ("exits on decide", program(onDecide: "sys.exit(0)"), "decide at t=4s", .exited(.exited(status: 0))),
        ("killed on decide", program(onDecide: "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"),
         "decide at t=4s", .exited(.signaled(signal: 9))),
        ("silent", program(onDecide: "time.sleep(30)"), "decide at t=4s", .timeout(0.5)),
        ("silent from the start", [ExternalFixture.python ?? "python3", "-c", "import time; time.sleep(30)"], "hello",
         .timeout(3)),
        ("not found", ["knsim-no-such-program-xyz"], "hello", .cannotStart("command not found")),
    ]

    @Test(.enabled(if: ExternalFixture.python != nil, "python3 not found in PATH"))
    func misbehavingProgramsGiveTypedErrors() throws {
        for c in Self.failures {
            let configuration = ExternalPolicyConfiguration(
                arguments: c.arguments, answerTimeout: 500_000_000, startupTimeout: 3_000_000_000, terminationGrace: 0,
                standardError: ExternalFixture.devNull)
            let error: ExternalPolicyError? = {
                do {
                    let policy = try ExternalPolicy(configuration)
                    #expect(policy.record(MetricSample(concurrency: 1, rps: 1), at: 3_000_000_000) == false, "\(c.label)")
                    _ = try policy.decideChecked(at: 4_000_000_000, readyPods: 1)
                    return nil
                } catch let error as ExternalPolicyError {
                    return error
                } catch {
                    return nil
                }
            }()
            #expect(error?.reason == c.reason, "\(c.label): \(error.map(\.description) ?? "no error")")
            #expect(error?.exchange == c.exchange, "\(c.label)")
            if let text = error?.description {
                #expect(!text.contains("\n") && text.hasPrefix("policy program \""), "\(c.label)")
            }
        }
    }

    @Test func messagesAreOneLineAndSayWhat() {
        let e = ExternalPolicyError(command: "python3 p.py", exchange: "decide at t=4s", reason: .exited(.exited(status: 1)))
        #expect(e.description == #"policy program "python3 p.py": exited with status 1 while knsim waited for the answer to decide at t=4s"#)
        let t = ExternalPolicyError(command: "p", exchange: "hello", reason: .timeout(5))
        #expect(t.description == #"policy program "p": no answer to hello within 5 s (does it write one line per message and flush stdout?)"#)
    }

    @Test(.enabled(if: ExternalFixture.python != nil, "python3 not found in PATH"))
    func afterAFailureThePolicyStaysInvalid() throws {
        let policy = try ExternalPolicy(ExternalPolicyConfiguration(
            arguments: Self.program(onDecide: #"print('{"desired_pods":-1}', flush=True)"#),
            terminationGrace: 0, standardError: ExternalFixture.devNull))
        let decision = policy.decide(at: 2_000_000_000, readyPods: 1)
        #expect(!decision.valid && decision.desiredScale == -1)
        #expect(policy.failure?.reason == .invalidField("desired_pods", expected: "a whole number from 0 to 2147483647"))
        // The program was stopped at the failure, not only when the policy goes.
        #expect(kill(policy.processIdentifier, 0) == -1 && errno == ESRCH)
        #expect(policy.record(MetricSample(concurrency: 1, rps: 1), at: 3_000_000_000) == false)
        #expect(!policy.decide(at: 4_000_000_000, readyPods: 1).valid)
    }

    // MARK: No process left behind

    @Test(.enabled(if: ExternalFixture.python != nil, "python3 not found in PATH"))
    func programIsGoneWhenThePolicyIsDropped() throws {
        // A well-behaved program exits on end of input; a stubborn one ignores it and
        // SIGTERM, and is killed after the grace period.
        let stubborn = [ExternalFixture.python!, "-c", """
            import signal, sys, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            sys.stdin.readline()
            print('{"protocol":1}', flush=True)
            while True: time.sleep(60)
            """]
        for arguments in [[ExternalFixture.python!, ExternalFixture.example], stubborn] {
            var policy: ExternalPolicy? = try ExternalPolicy(ExternalPolicyConfiguration(
                arguments: arguments, terminationGrace: 200_000_000))
            let pid = try #require(policy?.processIdentifier)
            #expect(kill(pid, 0) == 0, "running while the policy lives")
            policy = nil
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "\(arguments.last!): still running (or a zombie)")
        }
    }
}
