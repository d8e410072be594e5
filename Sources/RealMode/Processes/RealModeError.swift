import Foundation

/// Failures of real mode's process and network plumbing, each a one-line message.
public enum RealModeError: Error, CustomStringConvertible, Sendable, Equatable {
    case noFreePort
    case system(String, Int32)
    case spawnFailed(command: String, errno: Int32)
    /// The pod's process ended before it became ready.
    case exitedBeforeReady(command: String, status: ProcessExit)
    /// The readiness probe did not succeed within the startup timeout.
    case notReady(command: String, seconds: Double)

    public var description: String {
        switch self {
        case .noFreePort: return "no free port on 127.0.0.1"
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
        case .spawnFailed(let command, let code): return "cannot start \(command): \(String(cString: strerror(code)))"
        case .exitedBeforeReady(let command, let status): return "\(command) \(status) before it became ready"
        case .notReady(let command, let seconds): return "\(command) was not ready after \(seconds)s"
        }
    }
}
