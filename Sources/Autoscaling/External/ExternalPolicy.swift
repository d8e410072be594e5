import Foundation

/// How to run an external policy program.
public struct ExternalPolicyConfiguration: Sendable, Equatable {
    /// The program and its arguments (argv; `arguments[0]` is looked up in PATH unless it
    /// contains a slash). No shell is involved.
    public var arguments: [String]
    /// How often the host asks for a decision, in nanoseconds; sent in the hello line.
    public var decisionInterval: Int64
    /// How long to wait for each answer (and for room to write a message), in nanoseconds.
    public var answerTimeout: Int64
    /// How long to wait for the answer to the hello, which includes the program's
    /// start-up (an interpreter or a JVM on a busy machine can take seconds); the
    /// larger of this and `answerTimeout` applies.
    public var startupTimeout: Int64
    /// After closing the program's input, how long to let it exit before killing it.
    public var terminationGrace: Int64
    /// A file descriptor for the program's stderr; nil passes knsim's stderr through.
    public var standardError: Int32?

    public static let defaultDecisionInterval = KPATiming.seconds(2)
    public static let defaultAnswerTimeout = KPATiming.seconds(5)
    public static let defaultStartupTimeout = KPATiming.seconds(10)
    public static let defaultTerminationGrace = KPATiming.seconds(1)

    public init(arguments: [String], decisionInterval: Int64 = Self.defaultDecisionInterval,
                answerTimeout: Int64 = Self.defaultAnswerTimeout, startupTimeout: Int64 = Self.defaultStartupTimeout,
                terminationGrace: Int64 = Self.defaultTerminationGrace, standardError: Int32? = nil) {
        self.arguments = arguments
        self.decisionInterval = decisionInterval
        self.answerTimeout = answerTimeout
        self.startupTimeout = startupTimeout
        self.terminationGrace = terminationGrace
        self.standardError = standardError
    }

    /// The command as shown in messages: argv joined by spaces, control characters
    /// escaped so that a message stays on one line.
    public var commandText: String {
        var text = ""
        for scalar in arguments.joined(separator: " ").unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: text += "\\u{\(String(scalar.value, radix: 16))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}

/// A `ScalingPolicy` implemented by another program, in any language, speaking the
/// line protocol of `ExternalPolicyMessages` (docs/policies.md) on its stdin and stdout.
///
/// `init` starts the program and exchanges the hello; each `record` and `decide` is one
/// message and one answer. The program is ended when the policy is released: its input
/// is closed, it gets `terminationGrace` to exit, then it is killed and reaped.
///
/// This policy is a class, not a value: it owns a running process, and a copy of a
/// struct could not duplicate the program's state. It is deterministic exactly when the
/// program is (the exchange itself is lock-step).
///
/// `ScalingPolicy`'s methods cannot throw, so the first error is kept in `failure`; from
/// then on `record` returns false and `decide` an invalid decision (status unchanged),
/// and the program is killed. Hosts check `failure` after a run, or call the throwing
/// `recordChecked` / `decideChecked` directly.
public final class ExternalPolicy: ScalingPolicy, @unchecked Sendable {
    // @unchecked: all mutable state is behind `lock`.
    public let configuration: ExternalPolicyConfiguration
    private let lock = NSLock()
    private let process: PolicyProcess
    private var currentStatus = ScalingDecision(desiredScale: -1, excessBurstCapacity: 0, valid: false)
    private var firstFailure: ExternalPolicyError?

    public var decisionInterval: Int64 { configuration.decisionInterval }
    public var status: ScalingDecision { locked { currentStatus } }
    /// The first error, if any exchange failed.
    public var failure: ExternalPolicyError? { locked { firstFailure } }
    /// The program's process id (for tests and diagnostics).
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Starts the program and checks that it speaks protocol 1.
    public init(_ configuration: ExternalPolicyConfiguration) throws(ExternalPolicyError) {
        self.configuration = configuration
        guard !configuration.arguments.isEmpty, !configuration.arguments[0].isEmpty else {
            throw ExternalPolicyError(command: configuration.commandText, exchange: "hello",
                                      reason: .cannotStart("no command given"))
        }
        do {
            process = try PolicyProcess(arguments: configuration.arguments,
                                        standardError: configuration.standardError)
        } catch {
            let why: String
            switch error {
            case let .system(call: "spawn", errno: code) where code == ENOENT: why = "command not found"
            case let .system(call, code): why = PolicyProcess.Failure.text(call: call, errno: code)
            default: why = "\(error)"
            }
            throw ExternalPolicyError(command: configuration.commandText, exchange: "hello", reason: .cannotStart(why))
        }
        let line = try exchange(ExternalPolicyMessages.hello(decisionInterval: configuration.decisionInterval),
                                named: "hello",
                                timeout: max(configuration.answerTimeout, configuration.startupTimeout))
        do {
            try ExternalPolicyMessages.parseHelloAnswer(line)
        } catch {
            throw fail(error, line: line, exchange: "hello")
        }
    }

    deinit {
        process.terminate(grace: configuration.terminationGrace)
    }

    // MARK: ScalingPolicy

    public func record(_ sample: MetricSample, at now: Int64) -> Bool {
        (try? recordChecked(sample, at: now)) ?? false
    }

    public func decide(at now: Int64, readyPods: Int) -> ScalingDecision {
        do {
            return try decideChecked(at: now, readyPods: readyPods)
        } catch {
            var unchanged = status
            unchanged.valid = false
            unchanged.inPanic = false
            unchanged.stableValue = 0
            unchanged.panicValue = 0
            return unchanged
        }
    }

    // MARK: Throwing API

    /// Sends one observation; returns the program's `poke`.
    public func recordChecked(_ sample: MetricSample, at now: Int64) throws(ExternalPolicyError) -> Bool {
        let name = "observation at t=\(Self.secondsText(now))"
        let line = try exchange(ExternalPolicyMessages.observation(sample, at: now), named: name)
        do {
            return try ExternalPolicyMessages.parseObservationAnswer(line)
        } catch {
            throw fail(error, line: line, exchange: name)
        }
    }

    /// Asks for a decision; a valid answer becomes the status.
    public func decideChecked(at now: Int64, readyPods: Int) throws(ExternalPolicyError) -> ScalingDecision {
        let name = "decide at t=\(Self.secondsText(now))"
        let line = try exchange(ExternalPolicyMessages.decide(at: now, readyPods: readyPods), named: name)
        do {
            let decision = try ExternalPolicyMessages.parseDecideAnswer(line)
            locked { currentStatus = decision }
            return decision
        } catch {
            throw fail(error, line: line, exchange: name)
        }
    }

    // MARK: Exchange

    /// Writes `message` and reads one answer line, each within the answer timeout.
    private func exchange(_ message: String, named name: String, timeout: Int64? = nil) throws(ExternalPolicyError) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let firstFailure { throw firstFailure }
        let timeout = timeout ?? configuration.answerTimeout
        let deadline = ContinuousClock.now + .nanoseconds(timeout)
        do {
            try process.write(line: message, deadline: deadline)
            return try process.readLine(deadline: deadline)
        } catch {
            let reason: ExternalPolicyError.Reason
            switch error {
            case .endOfOutput:
                // The program usually exited; give it a moment to be reaped for its status.
                reason = .exited(process.termination(waitingAtMost: KPATiming.seconds(1)))
            case .timeout:
                reason = .timeout(Double(timeout) / Double(KPATiming.nanosecondsPerSecond))
            case .lineTooLong:
                reason = .lineTooLong
            case let .system(call, code):
                reason = .system(PolicyProcess.Failure.text(call: call, errno: code))
            }
            throw record(failure: ExternalPolicyError(command: configuration.commandText, exchange: name, reason: reason))
        }
    }

    private func fail(_ problem: ExternalPolicyMessages.AnswerProblem, line: String, exchange name: String) -> ExternalPolicyError {
        let reason: ExternalPolicyError.Reason
        switch problem {
        case .notJSONObject:
            let shown = line.count > 80 ? String(line.prefix(77)) + "..." : line
            reason = .notJSONObject(shown.debugDescription)
        case let .missingField(field): reason = .missingField(field)
        case let .invalidField(field, expected): reason = .invalidField(field, expected: expected)
        case let .unsupportedProtocol(version): reason = .unsupportedProtocol(version)
        }
        return locked { record(failure: ExternalPolicyError(command: configuration.commandText, exchange: name, reason: reason)) }
    }

    /// Keeps the first failure and stops the program (call with the lock held).
    private func record(failure: ExternalPolicyError) -> ExternalPolicyError {
        if firstFailure == nil {
            firstFailure = failure
            process.terminate(grace: 0)
        }
        return failure
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private static func secondsText(_ nanoseconds: Int64) -> String {
        CSVNumber.format(Double(nanoseconds) / Double(KPATiming.nanosecondsPerSecond)) + "s"
    }
}
