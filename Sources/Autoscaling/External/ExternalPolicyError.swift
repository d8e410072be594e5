/// Why an external policy program could not be used. `description` is one line naming
/// the program, the exchange and the problem, e.g.
/// `policy program "python3 p.py": exited with status 1 while knsim waited for the answer to decide at t=4s`.
public struct ExternalPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The program could not be started (not found, not executable, …).
        case cannotStart(String)
        /// The program ended (or closed its stdout) before answering.
        case exited(ProcessTermination?)
        /// No answer within the timeout (seconds).
        case timeout(Double)
        /// The answer is not one JSON object on one line; carries the line (shortened).
        case notJSONObject(String)
        case missingField(String)
        case invalidField(String, expected: String)
        /// The hello answer named another protocol version (as written).
        case unsupportedProtocol(String)
        /// An answer longer than `PolicyProcess.maximumLineLength`.
        case lineTooLong
        /// A system call failed while talking to the program.
        case system(String)
    }

    /// The command as the user wrote it (argv joined by spaces).
    public var command: String
    /// Which exchange failed: "hello", "observation at t=3s", "decide at t=4s", …
    public var exchange: String
    public var reason: Reason

    public init(command: String, exchange: String, reason: Reason) {
        self.command = command
        self.exchange = exchange
        self.reason = reason
    }

    public var description: String {
        let program = "policy program \"\(command)\""
        switch reason {
        case let .cannotStart(why):
            return "\(program): cannot start: \(why)"
        case let .exited(termination):
            let how = termination?.description ?? "closed its stdout"
            return "\(program): \(how) while knsim waited for the answer to \(exchange)"
        case let .timeout(seconds):
            return "\(program): no answer to \(exchange) within \(CSVNumber.format(seconds)) s "
                + "(does it write one line per message and flush stdout?)"
        case let .notJSONObject(line):
            return "\(program): the answer to \(exchange) is not a JSON object on one line: \(line) "
                + "(stdout is for answers only; write logs to stderr)"
        case let .missingField(name):
            return "\(program): the answer to \(exchange) lacks \"\(name)\""
        case let .invalidField(name, expected):
            return "\(program): in the answer to \(exchange), \"\(name)\" must be \(expected)"
        case let .unsupportedProtocol(version):
            return "\(program): answered protocol \(version); knsim speaks protocol \(ExternalPolicyMessages.protocolVersion)"
        case .lineTooLong:
            return "\(program): the answer to \(exchange) is longer than \(PolicyProcess.maximumLineLength) bytes"
        case let .system(what):
            return "\(program): \(what) while talking to it about \(exchange)"
        }
    }
}
