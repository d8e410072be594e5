#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
public enum ProcessTermination: Sendable, Equatable, CustomStringConvertible {
    case exited(status: Int32)
    case signaled(signal: Int32)

    public var description: String {
        switch self {
        case let .exited(status): "exited with status \(status)"
        case let .signaled(signal): "was killed by signal \(signal)"
        }
    }

    /// Decodes a `waitpid` status (the POSIX W* macros are not visible from Swift).
    init(waitStatus: Int32) {
        let signal = waitStatus & 0x7f
        self = signal == 0 ? .exited(status: (waitStatus >> 8) & 0xff) : .signaled(signal: signal)
    }
}

/// A child process that talks in lines: its stdin and stdout are both the far end of
/// one Unix socket pair, its stderr is ours (or a given descriptor).
///
/// Why a socket pair rather than two pipes: writing to a pipe whose reader has exited
/// raises SIGPIPE, which would kill knsim unless SIGPIPE were ignored process-wide;
/// `send` on a socket can refuse the signal per call (`MSG_NOSIGNAL`, Darwin:
/// `SO_NOSIGPIPE`). Our end is non-blocking and every wait goes through `poll` with a
/// deadline, so a silent or stuck program cannot hang the host.
///
/// The process is started with `posix_spawnp` (argv, PATH lookup, no shell). Not
/// thread-safe: `ExternalPolicy` serialises access.
final class PolicyProcess {
    enum Failure: Error, Equatable {
        /// The program closed its stdout (usually: it exited).
        case endOfOutput
        case timeout
        case lineTooLong
        case system(call: String, errno: Int32)
    }

    /// Longest accepted answer line, so a runaway program cannot exhaust memory.
    static let maximumLineLength = 1 << 20

    let processIdentifier: pid_t
    private var socket: Int32
    private var buffer: [UInt8] = []
    private var reaped: ProcessTermination?

    /// Starts `arguments` (argv; `arguments[0]` is looked up in PATH unless it has a
    /// slash). Throws a one-line reason.
    init(arguments: [String], standardError: Int32?) throws(Failure) {
        precondition(!arguments.isEmpty, "empty argv")
        var pair: [Int32] = [-1, -1]
        #if os(Linux)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &pair) == 0 else { throw .system(call: "socketpair", errno: errno) }
        let (mine, theirs) = (pair[0], pair[1])
        #if !os(Linux)
        // No SOCK_CLOEXEC: set it now (a spawn racing in another thread may inherit them).
        _ = fcntl(mine, F_SETFD, FD_CLOEXEC)
        _ = fcntl(theirs, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(mine, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        _ = fcntl(mine, F_SETFL, fcntl(mine, F_GETFL) | O_NONBLOCK)

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies, so the child keeps exactly 0, 1, 2.
        posix_spawn_file_actions_adddup2(&actions, theirs, 0)
        posix_spawn_file_actions_adddup2(&actions, theirs, 1)
        if let standardError { posix_spawn_file_actions_adddup2(&actions, standardError, 2) }

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        #if canImport(Darwin)
        let environment = _NSGetEnviron().pointee
        #else
        let environment = environ
        #endif
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environment)
        close(theirs)
        guard result == 0 else {
            close(mine)
            throw .system(call: "spawn", errno: result)
        }
        self.processIdentifier = pid
        self.socket = mine
    }

    deinit {
        terminate(grace: 0)
    }

    /// Sends `line` and a newline, waiting until `deadline` for room in the socket.
    func write(line: String, deadline: ContinuousClock.Instant) throws(Failure) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        var offset = 0
        while offset < bytes.count {
            #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let sent = bytes.withUnsafeBytes { raw in
                send(socket, raw.baseAddress! + offset, raw.count - offset, flags)
            }
            if sent >= 0 {
                offset += sent
                continue
            }
            let error = errno
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLOUT), until: deadline)
            case EPIPE, ECONNRESET: throw .endOfOutput
            default: throw .system(call: "send", errno: error)
            }
        }
    }

    /// The next line the program writes (without its newline), waiting until `deadline`.
    func readLine(deadline: ContinuousClock.Instant) throws(Failure) -> String {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                var line = buffer[..<newline]
                if line.last == 13 { line = line.dropLast() }   // tolerate CRLF
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeSubrange(...newline)
                return text
            }
            if buffer.count > Self.maximumLineLength { throw .lineTooLong }
            let count = chunk.withUnsafeMutableBytes { raw in read(socket, raw.baseAddress!, raw.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                throw .endOfOutput
            } else {
                let error = errno
                switch error {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLIN), until: deadline)
                case ECONNRESET: throw .endOfOutput
                default: throw .system(call: "read", errno: error)
                }
            }
        }
    }

    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { throw .timeout }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .system(call: "poll", errno: errno) }
        }
    }

    /// How the process ended, waiting at most `grace` nanoseconds; nil if still running.
    func termination(waitingAtMost grace: Int64) -> ProcessTermination? {
        if let reaped { return reaped }
        let deadline = ContinuousClock.now + .nanoseconds(grace)
        while true {
            var status: Int32 = 0
            let result = waitpid(processIdentifier, &status, WNOHANG)
            if result == processIdentifier {
                reaped = ProcessTermination(waitStatus: status)
                return reaped
            }
            if result < 0 && errno != EINTR { return nil }   // not our child any more
            if ContinuousClock.now >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Ends the program: closes its input (a well-behaved program exits on EOF), waits
    /// up to `grace` nanoseconds, then kills it, and reaps it so no zombie remains.
    /// Idempotent.
    func terminate(grace: Int64) {
        if socket >= 0 {
            #if os(Linux)
            _ = shutdown(socket, Int32(SHUT_WR))
            #else
            _ = shutdown(socket, SHUT_WR)
            #endif
        }
        if termination(waitingAtMost: grace) == nil {
            kill(processIdentifier, SIGKILL)
            var status: Int32 = 0
            while true {
                let result = waitpid(processIdentifier, &status, 0)
                if result == processIdentifier { reaped = ProcessTermination(waitStatus: status); break }
                if result < 0 && errno != EINTR { break }
            }
        }
        if socket >= 0 {
            close(socket)
            socket = -1
        }
    }
}

extension PolicyProcess.Failure {
    /// A one-line reason for a system call failure.
    static func text(call: String, errno code: Int32) -> String {
        "\(call): \(String(cString: strerror(code)))"
    }
}
